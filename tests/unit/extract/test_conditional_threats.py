"""A coercive act a party says it will do if something happens is a threat made now (asserted
THREATEN with the act's 13x code); the condition's own act next to a threat is no event. Each case
is checked against the same text with the stage taken out of the registry."""

from __future__ import annotations

import pytest

from streams.extract import STAGES, load_pipeline
from streams.extract.pipeline import Pipeline

PUBLISHED = "2025-03-12T10:00:00+00:00"


def _kinds(run, text: str, lang: str) -> list[tuple[str, str, tuple[str, ...], list[str], list[str]]]:
    return [(e.event.plover, e.event.cameo, tuple(e.event.modality), [a.code for a in e.source_actor],
             [a.code for a in e.target_actor]) for e in run(text, lang=lang, published=PUBLISHED).events]


def _without_threats(text: str, lang: str):
    from streams.models import Article

    base = load_pipeline()
    bare = Pipeline(base.resources, [s for s in base.stages if s[0] != "threats"])
    article = Article(id="t1", text=text, lang=lang, published=PUBLISHED, title=None)
    return [(e.event.plover, tuple(e.event.modality)) for e in bare.run_strict(article).events]


def test_the_stage_is_in_the_registry_after_modality():
    names = [name for name, _ in STAGES]
    assert names.index("modality") < names.index("threats") < names.index("realis")


def test_a_strike_promised_on_a_condition_is_a_threat(run):
    text = "Israel will strike Hezbollah positions across Lebanon if the rocket fire continues, the defence minister said."
    events = _kinds(run, text, "en")
    assert [(p, c, m) for p, c, m, _, _ in events] == [("THREATEN", "138", ("asserted",))]
    assert events[0][3] == ["ISR"]


def test_sanctions_promised_on_a_condition_are_a_threat_of_sanctions(run):
    text = "أكد وزير الخارجية الفرنسي أن باريس ستفرض عقوبات على الشركات الروسية إذا لم تنسحب القوات من المنطقة."
    events = _kinds(run, text, "ar")
    assert [(p, c, m) for p, c, m, _, _ in events] == [("THREATEN", "1312", ("asserted",))]


def test_a_retaliation_promised_on_a_condition_is_a_threat_at_whom_it_answers(run):
    events = _kinds(run, "Russia will retaliate if Britain imposes new sanctions, the Kremlin warned on Monday.", "en")
    assert [(p, m, s, t) for p, _, m, s, t in events] == [("THREATEN", ("asserted",), ["RUS"], ["GBR"])]


def test_an_arabic_future_reply_is_a_threat_made_now(run):
    text = "قال وزير الخارجية الإيراني إن طهران سترد بقوة إذا فرض الاتحاد الأوروبي عقوبات جديدة على صادراتها النفطية."
    events = _kinds(run, text, "ar")
    assert [(p, m) for p, _, m, _, _ in events] == [("THREATEN", ("asserted",))]


@pytest.mark.parametrize("text", [
    "Russia retaliated on Friday by expelling 20 British diplomats.",
    "The minister said the two countries would sign a trade agreement if talks went well next week.",
])
def test_no_threat_without_a_promised_coercive_act(run, text):
    assert all(p != "THREATEN" for p, *_ in _kinds(run, text, "en"))


def test_a_deal_promised_on_a_condition_stays_a_conditional_plan(run):
    events = _kinds(run, "Hamas said it would hold talks with Israel if mediators guaranteed a full withdrawal.", "en")
    assert events and all(p != "THREATEN" and "conditional" in m for p, _, m, _, _ in events)


def test_without_the_stage_the_promised_strike_is_a_future_assault():
    text = "Israel will strike Hezbollah positions across Lebanon if the rocket fire continues, the defence minister said."
    assert _without_threats(text, "en") == [("ASSAULT", ("future", "conditional"))]


def test_a_blockade_promised_on_a_condition_is_a_threatened_blockade(run):
    text = "Iran would close the Strait of Hormuz if the United States attacked its nuclear sites, a commander said."
    events = _kinds(run, text, "en")
    assert [(p, c, m, s) for p, c, m, s, _ in events] == [("THREATEN", "1381", ("asserted",), ["IRN"])]
    assert _without_threats(text, "en") == [("COERCE", ("future", "conditional"))]


def test_without_the_stage_the_arabic_reply_is_a_future_threat():
    text = "قال وزير الخارجية الإيراني إن طهران سترد بقوة إذا فرض الاتحاد الأوروبي عقوبات جديدة على صادراتها النفطية."
    assert ("THREATEN", ("future",)) in _without_threats(text, "ar")


def test_the_act_the_condition_governs_is_not_the_threat(run):
    text = "The foreign ministry said Beijing would take countermeasures if Washington imposed sanctions on Chinese banks."
    events = _kinds(run, text, "en")
    threats = [e for e in events if e[0] == "THREATEN"]
    assert threats and all(s == ["CHN"] or s == ["CHNGOV"] for _, _, _, s, _ in threats)
    assert not any(p == "THREATEN" and s and s[0].startswith("USA") for p, _, _, s, _ in events)
