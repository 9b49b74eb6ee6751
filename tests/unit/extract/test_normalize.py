from streams.extract.normalize import arabic_matching_form, normalize


def test_matching_form_unifies_letters_and_drops_marks():
    assert arabic_matching_form("أكّد") == "اكد"
    assert arabic_matching_form("إردوغان") == arabic_matching_form("أردوغان") == "اردوغان"
    assert arabic_matching_form("مستشفى") == "مستشفي"
    assert arabic_matching_form("الروسية") == "الروسيه"
    assert arabic_matching_form("الـ٢٨") == "ال28"
    assert arabic_matching_form("Türkiye") == "türkiye"


def test_offsets_map_back_to_the_original_text():
    original = "وأكّد  الرئيسُ ــ التركيّ"
    norm = normalize(original)
    assert norm.text == "واكد الرييس التركي"
    start = norm.text.index("التركي")
    end = start + len("التركي")
    assert original[norm.to_original(start):norm.end_to_original(end)] == "التركيّ"
    start = norm.text.index("الرييس")
    assert original[norm.to_original(start):norm.end_to_original(start + 6)] == "الرئيسُ"


def test_bidi_marks_and_joiners_vanish():
    assert normalize("\u200fبوتين\u200e").text == "بوتين"


def test_plain_ascii_is_identity_apart_from_case():
    norm = normalize("Putin met Erdogan")
    assert norm.text == "putin met erdogan"
    assert norm.to_original(6) == 6
