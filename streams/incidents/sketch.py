"""Near-duplicate articles: a MinHash sketch of the normalized text and its comparison.

The text is cleaned the way the extractor cleans it (HTML and site furniture blanked,
streams/extract/clean.py), folded to the pipeline's Arabic matching form and lower case, and cut
into overlapping runs of `shingle_words` words. Two texts' MinHash signatures agree in a share of
their positions that estimates the Jaccard similarity of their shingle sets; pairs at or above the
threshold in rules.json are duplicates (how it was chosen: README.md#near-duplicate-articles).

The signature is datasketch's (`MinHash(scheme="affine32")` with its SHA-1 hash, its permutations
drawn from the seed), computed by the compiled engine (engine/src/minhash.rs) in one call per
article: the same bytes (tests/unit/incidents/test_sketch.py compares them with datasketch's),
without a Python-level hash call per shingle, which cost more than the rest of the sketch.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache

import numpy as np
from datasketch import LeanMinHash, MinHash

from streams.incidents.keys import rules

_WORD = re.compile(r"\w+", re.UNICODE)


def _params() -> dict:
    return rules()["duplicates"]


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch draws its permutations from the seed on every MinHash(); drawing them once saves
    a tenth of a millisecond per article."""
    params = _params()
    return MinHash(num_perm=params["num_perm"], seed=params["seed"], scheme=params["scheme"]).permutations


def words(text: str, title: str | None = None) -> list[str]:
    """The comparable words of an article: cleaned, Arabic-normalized, lower-cased."""
    from streams.extract.clean import drop_furniture, strip_html
    from streams.extract.normalize import arabic_matching_form

    cleaned = drop_furniture(strip_html(text), title)
    return _WORD.findall(arabic_matching_form(cleaned).lower())


def shingles(tokens: list[str], size: int | None = None) -> set[bytes]:
    size = size or _params()["shingle_words"]
    if len(tokens) < size:
        return {" ".join(tokens).encode("utf-8")} if tokens else set()
    return {" ".join(tokens[i : i + size]).encode("utf-8") for i in range(len(tokens) - size + 1)}


# hashlib lets go of the GIL while it hashes more than 2,047 bytes at once; an extraction thread
# then waits for another thread to hand the GIL back (up to the 5 ms switch interval) for a hash
# that takes 10 µs. Fed in smaller pieces, the same digest is computed without letting go.
_HASH_PIECE = 2000


def text_hash(tokens: list[str]) -> str:
    """`stable_id("text", " ".join(tokens), length=16)`, computed without releasing the GIL."""
    return joined_text_hash(" ".join(tokens))


def joined_text_hash(joined: str) -> str:
    """`text_hash` of the words already joined by single spaces."""
    digest = hashlib.blake2b(b"text\x1f", digest_size=8)
    data = joined.encode("utf-8", "surrogatepass")
    for start in range(0, len(data), _HASH_PIECE):
        digest.update(data[start : start + _HASH_PIECE])
    digest.update(b"\x1f")
    return digest.hexdigest()


@cache
def _hasher():  # the engine's MinHasher with rules.json's permutations and shingle size
    from streams import _engine

    a, b = _permutations()
    return _engine.MinHasher([int(x) for x in a], [int(x) for x in b], int(_params()["shingle_words"]))


def sketch(tokens: list[str]) -> str | None:
    """The MinHash signature of the text's shingles, base64 (None for a text without words)."""
    return joined_sketch(" ".join(tokens))


def joined_sketch(joined: str) -> str | None:
    """`sketch` of the words already joined by single spaces (the engine cuts the shingles)."""
    signature_bytes = _hasher().signature(joined)
    return base64.b64encode(signature_bytes).decode("ascii") if signature_bytes is not None else None


def reference_sketch(tokens: list[str]) -> str | None:
    """`sketch` computed by datasketch itself, a hash call per shingle (for the tests, and the
    definition of what the engine computes)."""
    grams = shingles(tokens)
    if not grams:
        return None
    params = _params()
    minhash = MinHash(
        num_perm=params["num_perm"], seed=params["seed"], permutations=_permutations(), scheme=params["scheme"]
    )
    minhash.update_batch(list(grams))
    return base64.b64encode(minhash.hashvalues.astype("<u4").tobytes()).decode("ascii")


def signature(encoded: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(encoded), dtype="<u4")


def similarity(a: str, b: str) -> float:
    """Estimated Jaccard similarity of two sketches (datasketch's own estimator)."""
    params = _params()
    first = LeanMinHash(seed=params["seed"], hashvalues=signature(a), scheme=params["scheme"])
    second = LeanMinHash(seed=params["seed"], hashvalues=signature(b), scheme=params["scheme"])
    return float(first.jaccard(second))


def threshold() -> float:
    return float(_params()["threshold"])
