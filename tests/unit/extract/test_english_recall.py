"""English recall on wire copy (issue 11, helper enrec): arrests named by their noun, the arrest a
condemnation is about, rights groups as speakers, accepted demands, and published statistics that
carry arrest words. Sentences written for this test, in the styles of real wire copy."""

from __future__ import annotations

from tests.unit.extract.event_helpers import of_type, only


def test_arrests_named_by_their_noun_are_coercion(run, without):
    text = "The unrest in the northern city has so far led to more than 150 arrests, according to a police spokesman."
    coerce = only(run(text).events, "COERCE")
    assert "rule:act-noun-without-agent" in coerce.why
    assert not coerce.source_actor
    without("act-noun-without-agent", "unnamed-doer")
    assert not of_type(run(text).events, "COERCE")


def test_detentions_after_a_raid_are_one_coercion(run, without):
    text = "The detentions followed a raid on the newspaper's offices in Istanbul on Monday."
    assert of_type(run(text).events, "COERCE")
    without("act-noun-without-agent")
    assert not of_type(run(text).events, "COERCE")


def test_a_verb_arrest_is_not_read_as_a_noun(run):
    # "arrest" as a verb keeps its subject: the noun rule does not fire.
    coerce = only(run("Kenyan police arrest dozens of protesters in Nairobi.").events, "COERCE")
    assert "rule:act-noun-without-agent" not in coerce.why


def test_the_arrest_a_condemnation_is_about_happened(run):
    events = run("Rights groups condemned the arrest of the opposition leader in Dar es Salaam on Monday.").events
    accuse = only(events, "ACCUSE")
    assert accuse.source_actor  # the rights groups
    coerce = only(events, "COERCE")
    assert not coerce.source_actor  # the arrester is not named; the rights groups did not arrest him
    assert coerce.target_actor


def test_rights_groups_are_a_speaker(run):
    request = only(run("Human rights groups urged the Kenyan government to free the detained activists.").events, "REQUEST")
    assert [a.sector for a in request.source_actor] == ["CVL"]
    assert {a.country for a in request.target_actor} == {"KEN"}


def test_accepting_the_demands_of_strikers_is_a_concession(run):
    concede = only(run("The Kenyan government accepted the demands of the striking doctors on Monday.").events, "CONCEDE")
    assert {a.country for a in concede.source_actor} == {"KEN"}


def test_published_arrest_statistics_are_no_event(run):
    text = "Police recorded 12,400 arrests for drug offences last year, down 8 percent from 2023, the ministry said."
    assert run(text).events == () or not [e for e in run(text).events if e.event.plover]


def test_clashes_between_two_sides_have_both_as_parties(run, without):
    text = "Clashes broke out between police and stone-throwing youths in Tunis on Tuesday."
    clash = only(run(text).events, "ASSAULT")
    assert clash.reciprocal
    assert {a.sector for a in (*clash.source_actor, *clash.target_actor)} == {"COP", "CVL"}
    assert "rule:clash-between-sides" in clash.why
    without("clash-between-sides", "unnamed-doer")
    assert not of_type(run(text).events, "ASSAULT")


def test_clashes_between_tribesmen_and_fighters(run):
    text = "Clashes broke out between Druze fighters and Bedouin tribesmen in Sweida province on Sunday."
    assert only(run(text).events, "ASSAULT").reciprocal


def test_shots_ringing_out_are_no_phone_call(run):
    # "rang" read as a phone call took the clause and hid the clashes.
    events = run("Sporadic shots rang out overnight amid clashes between police and youths in Tunis.").events
    assert not of_type(events, "CONSULT")
    assert of_type(events, "ASSAULT")


def test_an_attack_blamed_on_a_group_is_its_attack_and_an_accusation(run, without):
    text = "The bombing of a bus station in Quetta on Tuesday was blamed on separatist militants by provincial officials."
    events = run(text).events
    attack = only(events, "ASSAULT")
    assert [a.sector for a in attack.source_actor] == ["UAF"]  # the militants it is blamed on
    accuse = only(events, "ACCUSE")
    assert [a.sector for a in accuse.target_actor] == ["UAF"]
    assert [a.sector for a in accuse.source_actor] == ["GOV"]  # the officials, not the accused
    without("attack-blamed-on", "unnamed-doer")
    assert all("UAF" not in [a.sector for a in e.source_actor] for e in of_type(run(text).events, "ASSAULT"))
    without("blamed-on-parties")
    assert not of_type(run(text).events, "ACCUSE")


def test_blamed_on_with_no_accuser_keeps_the_attack(run):
    events = run("The bombing of a bus station in Quetta on Tuesday was blamed on the Balochistan Liberation Army.").events
    attack = only(events, "ASSAULT")
    assert {a.country for a in attack.source_actor} == {"PAK"}
    assert not of_type(events, "ACCUSE")  # no one named who blames
