"""English recall on wire copy, round 2 (issue 11, helper enrec2): a nationality on a group, weapon
or prison-service noun as the doer, a second act after "hours after"/"before" + its own subject,
"clashes were reported between X and Y", and "shelling by X". Sentences written for this test, in
the styles of real wire copy."""

from __future__ import annotations

from streams.extract import coding
from tests.unit.extract.event_helpers import of_type, only


def codes(actors) -> list[str]:
    return [a.code for a in actors]


# --- a demonym on a group, weapon or authority noun (role_nouns.jsonl data) -----------------------

def test_factions_with_a_nationality_fire_rockets(run):
    # Without "factions" as a role the source was the adjective alone (dropped: adjective-only-source).
    attack = only(run("Palestinian factions fired a volley of rockets at Israel on Saturday.").events, "ASSAULT")
    assert codes(attack.source_actor) == ["PSEREB"]


def test_armed_factions_are_rebels(run):
    attack = only(run("Iraqi armed factions attacked a convoy near the border on Sunday.").events, "ASSAULT")
    assert codes(attack.source_actor) == ["IRQREB"]


def test_a_missile_with_a_nationality_is_that_country_s_military(run):
    attack = only(run("A Russian missile destroyed a Ukrainian drone over the Black Sea on Tuesday.").events, "ASSAULT")
    assert codes(attack.source_actor) == ["RUSMIL"]
    assert codes(attack.target_actor) == ["UKRMIL"]


def test_prison_authorities_release_prisoners(run):
    release = only(run("Egyptian prison authorities were preparing to release 25 prisoners on Monday.").events, "CONCEDE")
    assert codes(release.source_actor) == ["EGYCOP"]


def test_prison_service_is_police(run):
    release = only(run("The Israeli prison service freed 30 detainees on Thursday.").events, "CONCEDE")
    assert codes(release.source_actor) == ["ISRCOP"]


def test_a_country_s_long_form_name_is_the_country(run):
    accuse = only(run("The Syrian Arab Republic condemns the attack on its embassy in Tripoli.").events, "ACCUSE")
    assert codes(accuse.source_actor) == ["SYR"]


# --- a second act after "hours after" + its own subject (coding's subordinate-second-act) ----------

_TRUCE_THEN_ROCKETS = "A truce held on Wednesday hours after Palestinian militants launched dozens of rockets into southern Israel."


def test_a_second_act_after_hours_after_is_a_candidate_of_its_own(run, monkeypatch):
    attack = only(run(_TRUCE_THEN_ROCKETS).events, "ASSAULT")
    assert "rule:subordinate-second-act" in attack.why
    assert attack.source_actor and attack.source_actor[0].country == "PSE"
    monkeypatch.setattr(coding, "_split_subordinate", lambda doc, text, spans, triggers, resources: spans)
    assert not of_type(run(_TRUCE_THEN_ROCKETS).events, "ASSAULT")


def test_the_act_before_after_keeps_its_own_event(run, monkeypatch):
    text = "Mexico recalled its envoy from Quito on Saturday after Ecuadorian police raided the Mexican embassy."
    events = run(text).events
    assert only(events, "ASSAULT").why.count("rule:subordinate-second-act") == 1
    assert codes(only(events, "SANCTION").source_actor) == ["MEX"]  # the recall stays
    monkeypatch.setattr(coding, "_split_subordinate", lambda doc, text, spans, triggers, resources: spans)
    assert not any("rule:subordinate-second-act" in e.why for e in run(text).events)


def test_as_does_not_split(run):
    # "as" tells the circumstance of the act: no second candidate.
    events = run("Government troops pulled out of the town overnight as rebel fighters advanced on the city.").events
    assert not any("rule:subordinate-second-act" in e.why for e in events)


def test_a_passive_toll_before_after_is_the_same_attack(run):
    # "were killed ... after aircraft struck ...": one attack, its victims kept.
    events = run("At least seven people were killed on Friday after Israeli aircraft struck a school in Gaza City.").events
    assert not any("rule:subordinate-second-act" in e.why for e in events)
    attack = only(events, "ASSAULT")
    assert attack.target_actor


def test_a_passive_after_after_gives_no_second_act(run):
    events = run("Thailand sent more troops to the border on Monday after a soldier was wounded by a landmine.").events
    assert not any("rule:subordinate-second-act" in e.why for e in events)


def test_victims_of_the_later_act_are_not_the_first_act_s(run):
    text = ("Russian jets bombed insurgent positions in Idlib province on Monday, "
            "days after the insurgents killed three soldiers near the front line.")
    first = next(e for e in of_type(run(text).events, "ASSAULT") if "rule:subordinate-second-act" not in e.why)
    assert not any(a.sector == "MIL" for a in first.target_actor)


# --- clashes reported between two sides; shelling by X --------------------------------------------

def test_clashes_were_reported_between_two_sides(run):
    # The passive "were reported" keeps both sides (main already read this; kept as a guard).
    for text in ("Fierce clashes were reported between the Sudanese army and the RSF in Khartoum on Tuesday.",
                 "Heavy clashes were reported between the Sudanese army and the RSF in Omdurman on Tuesday."):
        clash = only(run(text).events, "ASSAULT")
        assert clash.reciprocal
        assert {codes(clash.source_actor)[0], codes(clash.target_actor)[0]} == {"SDNMIL", "SDNREB"}


def test_shelling_by_a_named_party_is_its_attack(run, without):
    text = "Five people were killed by shelling by the Sudanese army in El Fasher on Friday."
    attack = only(run(text).events, "ASSAULT")
    assert codes(attack.source_actor) == ["SDNMIL"]
    assert "rule:attack-noun-agent-by" in attack.why
    without("attack-noun-agent-by")
    assert not only(run(text).events, "ASSAULT").source_actor


def test_rockets_fired_at_a_country_are_not_its_forces(run, monkeypatch):
    # "rockets" is a role of the armed forces that is never hit (victim false): the target is the
    # country fired at, not that country's military.
    from streams.extract import participants

    text = "Lebanese fighters fired a salvo of rockets at Israel on Sunday."
    assert codes(only(run(text).events, "ASSAULT").target_actor) == ["ISR"]
    monkeypatch.setattr(participants, "_never_hit", lambda c, a: False)
    assert codes(only(run(text).events, "ASSAULT").target_actor) == ["ISRMIL"]
