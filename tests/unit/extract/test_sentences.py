from streams.extract.sentences import split


def _texts(text):
    return [text[s:e] for s, e in split(text)]


def test_arabic_sentences_and_question_marks():
    text = "وصل الوفد. هل يعقد الاجتماع؟ نعم؛ غداً"
    assert _texts(text) == ["وصل الوفد.", "هل يعقد الاجتماع؟", "نعم؛", "غداً"]


def test_quotes_stay_with_their_sentence_and_lines_split():
    text = 'قال إن "الوضع صعب." ثم غادر\nسطر جديد'
    assert _texts(text) == ['قال إن "الوضع صعب."', "ثم غادر", "سطر جديد"]


def test_english_abbreviations_do_not_split():
    assert _texts("The U.S. envoy met Mr. Smith. Talks ended.") == ["The U.S. envoy met Mr. Smith.", "Talks ended."]


def test_huge_sentence_is_cut_not_looped():
    spans = split("كلمة " * 5000)
    assert len(spans) > 5
    assert all(e - s <= 1500 for s, e in spans)
