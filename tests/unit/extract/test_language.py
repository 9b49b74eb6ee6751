from streams.extract.language import build_detector, detect


def test_message_lang_wins(run):
    assert run("Putin met Erdogan in Ankara.", lang="fr").article.lang == "fr"


def test_script_and_lingua_decide_otherwise():
    detector = build_detector()
    assert detect("بحث الرئيس الروسي مع نظيره التركي", detector) == "ar"
    assert detect("The foreign minister met his counterpart on Thursday in Ankara.", detector) == "en"
    assert detect("Le ministre des affaires étrangères a rencontré son homologue jeudi à Ankara.", detector) == "fr"
    assert detect("12345 !!!", detector) == "und"
