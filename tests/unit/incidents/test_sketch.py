"""The near-duplicate sketch: cleaning and normalization before shingling, the estimator."""

from __future__ import annotations

from streams.incidents import sketch

STORY = ("Turkish President Recep Tayyip Erdogan and Russian President Vladimir Putin discussed the war in "
         "Ukraine, grain exports and the situation in Syria in a telephone call on Tuesday, Ankara said.")
OTHER = ("Israeli aircraft struck a building in the south of the Gaza Strip on Tuesday, killing five people, "
         "health officials said, as talks on a ceasefire continued in Cairo.")


def sk(text: str, title: str | None = None) -> str:
    return sketch.sketch(sketch.words(text, title))


def test_html_and_site_furniture_do_not_count():
    plain = sketch.words(STORY)
    assert sketch.words(f"<p>{STORY}</p>\nRead more: markets today\nSubscribe to our newsletter") == plain


def test_arabic_is_compared_in_its_matching_form():
    voweled = "بَحَثَ الرَّئِيسُ التُّرْكِيُّ رَجَبُ طَيِّبُ أَرْدُوغَانَ مَعَ نَظِيرِهِ الرُّوسِيِّ فلاديمير بوتين الوضع في سوريا"
    bare = "بحث الرئيس التركي رجب طيب اردوغان مع نظيره الروسي فلاديمير بوتين الوضع في سوريا"
    assert sketch.text_hash(sketch.words(voweled)) == sketch.text_hash(sketch.words(bare))


def test_similarity_separates_copies_from_other_stories():
    assert sketch.similarity(sk(STORY), sk(STORY)) == 1.0
    edited = STORY.replace("on Tuesday", "on Tuesday afternoon")
    assert sketch.similarity(sk(STORY), sk(edited)) >= sketch.threshold()
    assert sketch.similarity(sk(STORY), sk(OTHER)) < 0.2


def test_the_incidents_comparison_agrees_with_datasketch():
    from streams.incident_models import ArticleRef
    from streams.incidents.merge import duplicates

    edited = STORY.replace("Syria", "Libya and Syria")
    refs = [ArticleRef("a", "s", "en", "2025-01-01T00:00:00Z", "h1", sk(STORY)),
            ArticleRef("b", "s", "en", "2025-01-02T00:00:00Z", "h2", sk(edited))]
    assert duplicates(refs) == {"b": ("a", round(sketch.similarity(sk(STORY), sk(edited)), 3))}


def test_a_text_without_words_has_no_sketch():
    assert sketch.sketch(sketch.words("  \n ... ")) is None


def test_text_hash_is_the_stable_id_of_the_words_for_short_and_long_texts():
    from streams.ids import stable_id

    for tokens in ([], sketch.words(STORY), sketch.words(" ".join([STORY, OTHER] * 40)), ["نص"] * 3000):
        assert sketch.text_hash(tokens) == stable_id("text", " ".join(tokens), length=16)


def test_text_hash_feeds_the_digest_pieces_small_enough_to_keep_the_gil(monkeypatch):
    # hashlib releases the GIL for an update of 2,048 bytes or more: an extraction thread would
    # then wait for the GIL to come back, for a hash of microseconds.
    import hashlib

    sizes: list[int] = []
    real = hashlib.blake2b

    class Recording:
        def __init__(self, data: bytes = b"", **kwargs):
            self._digest = real(**kwargs)
            self.update(data)

        def update(self, data: bytes) -> None:
            sizes.append(len(data))
            self._digest.update(data)

        def hexdigest(self) -> str:
            return self._digest.hexdigest()

    monkeypatch.setattr(hashlib, "blake2b", Recording)
    sketch.text_hash(sketch.words(" ".join([STORY, OTHER] * 40)))
    assert sum(sizes) > 10_000 and max(sizes) < 2048


def test_the_engine_computes_datasketchs_signature_byte_for_byte():
    # The duplicate threshold was measured on datasketch's signatures: the compiled sketch must be
    # the same bytes. Short texts (fewer words than a shingle), shingles longer than one SHA-1
    # block (55, 56 and 64 bytes are the padding's edges), Arabic, and repeated shingles.
    long_word = "x" * 60
    texts = [
        STORY, OTHER, STORY + " " + OTHER, "one", "two words",
        "بحث الرئيس التركي رجب طيب اردوغان مع نظيره الروسي فلاديمير بوتين الوضع في سوريا",
        f"{long_word} {long_word} {long_word} tail", "a" * 51 + " b c", "a" * 52 + " b c", "a" * 60 + " b c",
        "the same the same the same the same", " ".join(f"w{n % 37}" for n in range(2000)),
    ]
    for text in texts:
        tokens = sketch.words(text)
        assert tokens
        assert sketch.sketch(tokens) == sketch.reference_sketch(tokens), text[:40]
    assert sketch.reference_sketch([]) is None and sketch.sketch([]) is None


def test_the_engine_shingles_the_words_as_the_reference_does():
    # A different shingle size or word split would give another signature: `reference_sketch`
    # with its own shingles, changed, no longer agrees.
    tokens = sketch.words(STORY)
    assert sketch.sketch(tokens) == sketch.reference_sketch(tokens)
    assert sketch.sketch(tokens) != sketch.reference_sketch(tokens[1:])
    assert sketch.sketch(tokens[::-1]) != sketch.sketch(tokens)
