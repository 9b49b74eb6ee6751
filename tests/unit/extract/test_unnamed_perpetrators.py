"""Issue 11 item 2: events whose perpetrator the text does not name, or names only by description.

Each rule is tested twice: what it codes, and (`without`) that the same text codes something else
once the rule is taken out of the registry, so that no test passes by accident."""

from __future__ import annotations

from streams.extract import participants

PUBLISHED = "2025-03-12T10:00:00+03:00"


def _events(run, text: str, lang: str, plover: str = "ASSAULT"):
    return [e for e in run(text, lang=lang, published=PUBLISHED).events if e.event.plover == plover]


def _one(run, text: str, lang: str, plover: str = "ASSAULT"):
    found = _events(run, text, lang, plover)
    assert len(found) == 1, [(e.event.plover, [a.code for a in e.source_actor], [a.code for a in e.target_actor]) for e in found]
    return found[0]


def _codes(actors) -> list[str]:
    return [a.code for a in actors]


# --- perpetrators named only by description ----------------------------------------------------


def test_unknown_gunmen_are_an_actor_with_a_sector_and_no_country(run):
    e = _one(run, "اغتال مسلحون مجهولون مدنيا في مدينة درعا مساء أمس.", "ar")
    assert [(a.code, a.country, a.sector) for a in e.source_actor] == [("UAF", None, "UAF")]


def test_gunmen_with_a_nationality_take_its_country(run):
    e = _one(run, "هاجم مسلحون صوماليون قاعدة للجيش الكيني قرب الحدود.", "ar")
    assert _codes(e.source_actor) == ["SOMUAF"]


def test_gunmen_of_a_named_group_are_that_group(run):
    e = _one(run, "هاجم مسلحون من تنظيم داعش حاجزاً للجيش العراقي في كركوك.", "ar")
    assert _codes(e.source_actor) == ["IMGREB"]


def test_english_description_of_the_attackers(run):
    e = _one(run, "Unknown gunmen attacked a police checkpoint in Quetta on Sunday, killing two policemen.", "en")
    assert _codes(e.source_actor) == ["UAF"]
    assert _codes(e.target_actor) == ["PAKCOP"]


def test_a_suicide_bombing_names_its_unnamed_perpetrator(run, without):
    text = "مقتل عشرة أشخاص في تفجير انتحاري جنوبي بغداد."
    e = _one(run, text, "ar")
    assert _codes(e.source_actor) == ["UAF"]
    without("attacker-in-the-attack-noun")
    assert all(not ev.source_actor for ev in _events(run, text, "ar"))


# --- victims --------------------------------------------------------------------------------


def test_victims_named_by_a_bare_role_take_the_country_of_the_place_struck(run, without):
    text = "اغتال مسلحون مجهولون مدنيا في مدينة درعا مساء أمس."
    assert _codes(_one(run, text, "ar").target_actor) == ["SYRCVL"]
    without("victims-of-the-attack")
    assert _codes(_one(run, text, "ar").target_actor) != ["SYRCVL"]


def test_victims_with_no_place_keep_their_sector_alone(run):
    e = _one(run, "Gunmen opened fire on two policemen at a checkpoint, killing both of them.", "en")
    assert [(a.code, a.country) for a in e.target_actor] == [("COP", None)]


def test_a_target_without_a_country_takes_the_place_it_was_hit_in(run, without):
    text = "Pakistan's army said it killed eight militants in a raid on a hideout in North Waziristan."
    assert _codes(_one(run, text, "en").target_actor) == ["PAKUAF"]
    without("victim-country-of-the-place")
    assert _codes(_one(run, text, "en").target_actor) == ["UAF"]


def test_the_ones_a_casualty_word_names_are_never_the_attacker(run, without):
    text = "أصيب عنصران من الشرطة العراقية في انفجار عبوة ناسفة في بغداد."
    e = _one(run, text, "ar")
    assert e.source_actor == ()
    assert _codes(e.target_actor) == ["IRQCOP"]
    without("victims-of-the-attack")
    assert all(_codes(ev.source_actor) != ["IRQCOP"] for ev in _events(run, text, "ar")) or not _events(run, text, "ar")


# --- attacks that name no attacker -------------------------------------------------------------


def test_a_bomb_that_names_no_attacker_is_an_event_with_the_victims_as_target(run, without):
    text = "انفجرت عبوة ناسفة مستهدفة دورية للشرطة في بعقوبة، ما أسفر عن مقتل شرطيين."
    e = _one(run, text, "ar")
    assert e.source_actor == ()
    assert _codes(e.target_actor) == ["IRQCOP"]
    assert "rule:no-named-attacker" in e.why
    assert any(w.startswith("casualty:") for w in e.why)
    without("no-named-attacker", "unnamed-doer")
    assert _events(run, text, "ar") == []


def test_english_bomb_with_no_attacker(run):
    e = _one(run, "A bomb exploded at a checkpoint in Mosul on Tuesday, killing three policemen.", "en")
    assert e.source_actor == ()
    assert _codes(e.target_actor) == ["IRQCOP"]


def test_a_missing_or_unnamed_attacker_lowers_the_confidence(run):
    named = _one(run, "قتل الجيش السوري ثلاثة مدنيين بقصف مدفعي على مدينة إدلب.", "ar")
    unnamed = _one(run, "قتل مسلحون ثلاثة مدنيين بقصف مدفعي على مدينة إدلب.", "ar")
    nobody = _one(run, "قتل ثلاثة مدنيين بقصف مدفعي على مدينة إدلب.", "ar")
    assert named.confidence > unnamed.confidence > nobody.confidence


def test_a_casualty_word_with_no_attack_or_weapon_is_no_event(run, monkeypatch):
    text = "قتل خمسة أشخاص في حادث على طريق بغداد."
    assert _events(run, text, "ar") == []
    # The evidence check is what keeps it out: accept any evidence and the deaths become an attack.
    monkeypatch.setattr(participants, "_attack_evidence", lambda c: "weapon:test")
    assert _events(run, text, "ar") != []


def test_crime_and_accidents_by_unnamed_people_are_no_event(run, without):
    text = "اختطفت عصابة مسلحة طفلاً في مدينة حمص وطالبت ذويه بفدية مالية."
    assert run(text, lang="ar", published=PUBLISHED).events == ()
    without("crime-or-accident")
    assert run(text, lang="ar", published=PUBLISHED).events != ()


def test_a_group_that_claims_the_attack_is_its_source(run, without):
    text = "Gunmen attacked a concert hall near Moscow on Friday evening; the Islamic State group claimed responsibility."
    assert _codes(_one(run, text, "en").source_actor) == ["IMGREB"]
    without("claimed-responsibility")
    assert _codes(_one(run, text, "en").source_actor) == ["UAF"]


def test_no_claim_of_responsibility_leaves_the_gunmen_unnamed(run):
    e = _one(run, "Gunmen attacked a police station in Quetta. No group has claimed responsibility for the attack.", "en")
    assert _codes(e.source_actor) == ["UAF"]


def test_a_reporter_is_the_source_only_when_the_content_points_back_at_it(run, without):
    passive = "أفاد مصدر في الشرطة العراقية بأن مدنيين اثنين اغتيلا بهجوم في بغداد."
    assert all("IRQCOP" not in _codes(e.source_actor) for e in _events(run, passive, "ar"))
    own = "أعلنت وزارة الدفاع التركية أن طائراتها قصفت مواقع لحزب العمال الكردستاني شمالي العراق."
    assert _codes(_one(run, own, "ar").source_actor) == ["TURMIL"]
    without("reporter-is-source")
    assert all(_codes(e.source_actor) != ["TURMIL"] for e in _events(run, own, "ar"))


def test_headline_and_body_telling_one_attack_are_one_event(run, monkeypatch):
    from streams.extract import pipeline

    text = ("Israeli strike on south Lebanon\n\n"
            "An Israeli strike killed three civilians in the town of Khiam in southern Lebanon on Tuesday.")
    assert [_codes(e.target_actor) for e in _events(run, text, "en")] == [["LBNCVL"]]
    monkeypatch.setattr(pipeline, "_drop_covered_repeats", lambda items: items)
    assert len(_events(run, text, "en")) == 2


def test_the_subject_of_a_later_attack_verb_is_the_agent_of_a_passive(run, without):
    text = "Nine pilgrims were killed after suspected militants opened fire on their bus in Reasi, police said."
    e = _one(run, text, "en")
    assert _codes(e.source_actor) == ["UAF"]
    without("agent-of-attack-noun")
    assert all(_codes(ev.source_actor) != ["UAF"] for ev in _events(run, text, "en"))


def test_police_with_no_country_are_the_country_where_they_act(run, without):
    text = "أطلقت الشرطة الغاز المسيل للدموع لتفريق مئات المتظاهرين في القاهرة."
    e = _one(run, text, "ar", "COERCE")
    assert _codes(e.source_actor) == ["EGYCOP"]
    assert _codes(e.target_actor) == ["EGYCVL"]
    without("state-force-of-the-place", "bare-role-of-the-country")  # the second one also places bare roles
    assert _events(run, text, "ar", "COERCE") == []


def test_a_clash_has_two_sides_not_an_attacker_and_victims(run):
    text = "اشتبك متظاهرون مع قوات الأمن في مدينة البصرة احتجاجاً على انقطاع الكهرباء."
    # Never an attack on one side by nobody: both sides, or (when neither was resolved) neither.
    assert all(e.source_actor or not e.target_actor for e in _events(run, text, "ar"))


def test_an_event_that_names_no_perpetrator_keeps_its_dyad_with_an_unnamed_side(run):
    """«انفجرت عبوة ناسفة ...» has `source_actor: []`; gunmen are UAF with no country. Both still show in
    the dyad panel and `--agg dyad` (as `unnamed`), and the document is valid under the schema."""
    import json
    from pathlib import Path

    from jsonschema import Draft202012Validator

    from streams.sink.documents import prepare_event

    schema = json.loads((Path(__file__).resolve().parents[3] / "streams" / "schemas" / "event.schema.json").read_text("utf-8"))
    validator = Draft202012Validator(schema)
    bomb = run("انفجرت عبوة ناسفة مستهدفة دورية للشرطة في بعقوبة، ما أسفر عن مقتل شرطيين.", lang="ar").events[0]
    gunmen = run("Unknown gunmen attacked a police checkpoint in Mosul, killing two policemen.", lang="en").events[0]
    for event in (bomb, gunmen):
        validator.validate(event.to_doc())
    assert bomb.source_actor == ()
    assert prepare_event(bomb.to_doc(), "2025-01-01T00:00:00Z")["dyad"] == ["unnamed>IRQCOP"]
    doc = prepare_event(gunmen.to_doc(), "2025-01-01T00:00:00Z")
    assert (doc["dyad"], doc["dyad_countries"], doc["actor_countries"]) == (["UAF>IRQCOP"], ["unnamed>IRQ"], ["IRQ"])



# --- acts told without their doer (`unnamed-doer`) -------------------------------------------------


def test_a_ministry_of_no_named_country_that_condemned_is_an_accusation(run, without):
    text = "The Ministry of Social Affairs strongly condemned on Sunday the bombing of a wedding hall, which killed 14 guests."
    accuse = _events(run, text, "en", "ACCUSE")
    assert accuse and accuse[0].source_actor == () and "rule:unnamed-doer" in accuse[0].why
    without("unnamed-doer")
    assert not _events(run, text, "en", "ACCUSE")


def test_an_arabic_verb_that_opens_its_clause_keeps_its_act_without_a_doer(run, without):
    text = "رفضت الحكومة مشروع القانون الذي تقدمت به كتلة المعارضة في البرلمان أمس."
    reject = _events(run, text, "ar", "REJECT")
    assert reject and "rule:unnamed-doer" in reject[0].why
    without("unnamed-doer")
    assert not _events(run, text, "ar", "REJECT")


def test_a_masdar_in_a_purpose_phrase_is_no_act_without_a_doer(run):
    # «للمطالبة بـ» after the protesters' banners is what they demand, not a demand by nobody.
    text = "ورفع المحتجون لافتات للمطالبة برحيل الحكومة ومحاسبة الفاسدين."
    assert not [e for e in run(text, lang="ar", published=PUBLISHED).events if "rule:unnamed-doer" in e.why]


def test_an_act_by_a_company_or_a_team_is_not_kept_without_a_doer(run):
    for text, lang in (("Airbus cut its delivery target for the year, blaming shortages of engines and parts.", "en"),
                       ("The home side attacked relentlessly in the second half and scored twice.", "en")):
        assert not [e for e in run(text, lang=lang, published=PUBLISHED).events if "rule:unnamed-doer" in e.why], text


def test_an_attack_with_no_side_no_place_and_no_toll_is_no_report(run):
    assert not run("The military is yet to issue a statement on the attack.", lang="en", published=PUBLISHED).events
