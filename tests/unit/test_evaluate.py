"""Scoring (streams/evaluate.py) on small hand-made gold/prediction pairs.

Every expected figure below was worked out by hand from the records in this file."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from evaluation import evaluate
from evaluation.evaluate import PRF, Ratio, match_events, score


def actor(code: str, country: str | None = "auto") -> dict:
    if country == "auto":
        country = None if code.startswith("IMG") else code[:3]
    return {"code": code, "country": country}


def event(plover, src=(), tgt=(), *, recip=False, date=None, location=None, places=(), claim=None,
          modality=("asserted",), timestamp=None):
    doc = {
        "event": {"plover": plover, "modality": list(modality)},
        "source_actor": [actor(c) for c in src],
        "target_actor": [actor(c) for c in tgt],
        "reciprocal": recip,
        "location": {"name": location[0], "country": location[1]} if location else None,
        "places": [{"name": n, "country": c} for n, c in places],
        "date": date,
        "claim_source": claim,
    }
    if timestamp:
        doc["@timestamp"] = timestamp
    return doc


def record(article_id, lang, *events, text="..."):
    return {"article": {"id": article_id, "lang": lang, "text": text, "published": "2024-03-14T10:00:00+00:00"},
            "events": list(events)}


GOLD = [
    record(
        "en-1", "en",
        event("CONSULT", ["RUSGOV"], ["TURGOV"], recip=True, date="2024-03-14", location=("Moscow", "RUS"),
              claim={"code": "RUSGOV"}),
        event("ASSAULT", ["ISRMIL"], ["LBNREB"], date="2024-03-13", places=[("Beirut", "LBN"), ("Tyre", "LBN")]),
    ),
    record("en-2", "en"),  # no event
    record("en-3", "en", event("REQUEST", ["UKRGOV"], ["USA"], date="2024-03-14", modality=("negated",))),
    record("ar-1", "ar", event("AGREE", ["SAU"], ["IRN"], recip=True, date="2023-03-10")),
]

PRED = [
    record(
        "en-1", "en",
        # Sides swapped and not marked reciprocal: still right, the gold event is reciprocal.
        event("CONSULT", ["TURGOV"], ["RUSGOV"], date="2024-03-14", location=("Moscow", "RUS"),
              claim={"code": "RUSGOV", "country": "RUS"}),
        # Wrong target country; no date, so the @timestamp (2024-03-14) stands in: wrong date.
        event("ASSAULT", ["ISRMIL"], ["SYRMIL"], places=[("Beirut", "LBN")], timestamp="2024-03-14T10:00:00+00:00"),
        event("PROTEST", ["TURCVL"]),  # spurious
    ),
    record("en-2", "en", event("THREATEN", ["IRNGOV"], ["ISR"])),  # false event
    # en-3 has no prediction at all: its REQUEST is missed.
    record("ar-1", "ar", event("AGREE", ["SAUGOV"], ["IRNGOV"], recip=True, date="2023-03-10")),
    record("zz-unknown", "en", event("ASSAULT", ["RUS"], ["UKR"])),  # not in gold: ignored
]


@pytest.fixture(scope="module")
def report():
    return score(GOLD, PRED)


def test_prf_and_ratio_arithmetic():
    prf = PRF(2, 2, 1)
    assert prf.precision == pytest.approx(0.5)
    assert prf.recall == pytest.approx(2 / 3)
    assert prf.f1 == pytest.approx(4 / 7)
    assert PRF().f1 == 0.0
    assert (Ratio(1, 2) + Ratio(2, 2)).value == pytest.approx(0.75)


def test_english_event_type_counts(report):
    en = report.languages["en"]
    assert (en.articles, en.gold_events, en.predicted_events) == (3, 3, 4)
    assert en.event_type == PRF(tp=2, fp=2, fn=1)
    assert en.event_type.f1 == pytest.approx(4 / 7)
    assert en.per_type["CONSULT"] == PRF(1, 0, 0)
    assert en.per_type["REQUEST"] == PRF(0, 0, 1)
    assert en.per_type["PROTEST"] == PRF(0, 1, 0)
    assert en.per_type["THREATEN"] == PRF(0, 1, 0)


def test_english_actors(report):
    en = report.languages["en"]
    assert en.source_country == Ratio(2, 2)
    assert en.target_country == Ratio(1, 2)
    assert en.both_countries == Ratio(1, 2)
    # Triples: only the CONSULT pair agrees; predicted 4 events, gold 3.
    assert en.actor_triples == PRF(tp=1, fp=3, fn=2)
    assert en.actor_triples.f1 == pytest.approx(2 / 7)


def test_english_places_dates_modality_claims(report):
    en = report.languages["en"]
    assert en.places == PRF(tp=2, fp=0, fn=1)
    assert en.places.f1 == pytest.approx(0.8)
    assert en.date == Ratio(1, 2)
    assert en.modality == Ratio(2, 2)
    assert en.claim_source == Ratio(2, 2)


def test_false_events_on_no_event_articles(report):
    en = report.languages["en"]
    assert (en.no_event_articles, en.false_event_articles, en.false_events) == (1, 1, 1)
    assert en.false_event_rate == 1.0


def test_languages_are_scored_apart_and_summed_overall(report):
    ar = report.languages["ar"]
    assert ar.event_type == PRF(1, 0, 0)
    assert ar.both_countries == Ratio(1, 1)
    assert ar.date == Ratio(1, 1)
    overall = report.overall
    assert overall.event_type == PRF(3, 2, 1)
    assert overall.both_countries == Ratio(2, 3)
    assert overall.articles == 4
    assert set(report.languages) == {"en", "ar"}


def test_disagreements_name_what_went_wrong(report):
    kinds = {(d.article_id, d.kind) for d in report.disagreements()}
    assert ("en-1", "spurious") in kinds
    assert ("en-1", "target") in kinds
    assert ("en-1", "date") in kinds
    assert ("en-1", "places") in kinds
    assert ("en-2", "false_event") in kinds
    assert ("en-3", "missed") in kinds
    assert not any(d.article_id.startswith("ar") for d in report.disagreements())


def test_matching_pairs_same_type_events_by_agreement_not_order():
    gold = [event("ASSAULT", ["ISRMIL"], ["LBNREB"]), event("ASSAULT", ["RUSMIL"], ["UKRMIL"])]
    pred = [event("ASSAULT", ["RUSMIL"], ["UKRMIL"]), event("ASSAULT", ["ISRMIL"], ["LBNREB"])]
    assert match_events(gold, pred) == [(0, 1), (1, 0)]
    r = score([record("x", "en", *gold)], [record("x", "en", *pred)]).overall
    assert r.both_countries == Ratio(2, 2)


def test_matching_never_pairs_different_types():
    gold = [event("CONSULT", ["RUS"], ["TUR"])]
    pred = [event("AGREE", ["RUS"], ["TUR"])]
    assert match_events(gold, pred) == []
    r = score([record("x", "en", *gold)], [record("x", "en", *pred)]).overall
    assert r.event_type == PRF(0, 1, 1)
    assert r.source_country == Ratio(0, 0)


def test_reciprocal_event_with_three_parties_compares_all_parties():
    gold = [event("CONSULT", ["RUSMIL"], ["SYRMIL", "TURMIL"], recip=True)]
    same_parties = [event("CONSULT", ["TURMIL", "RUSMIL", "SYRMIL"], [], recip=True)]
    missing_one = [event("CONSULT", ["RUSMIL"], ["TURMIL"], recip=True)]
    assert score([record("x", "en", *gold)], [record("x", "en", *same_parties)]).overall.both_countries == Ratio(1, 1)
    assert score([record("x", "en", *gold)], [record("x", "en", *missing_one)]).overall.both_countries == Ratio(0, 1)


def test_non_reciprocal_event_keeps_direction():
    gold = [event("ACCUSE", ["RUSGOV"], ["USA"])]
    swapped = [event("ACCUSE", ["USAGOV"], ["RUSGOV"])]
    r = score([record("x", "en", *gold)], [record("x", "en", *swapped)]).overall
    assert (r.source_country, r.target_country) == (Ratio(0, 1), Ratio(0, 1))
    assert r.actor_triples == PRF(0, 1, 1)


def test_actor_without_country_compares_by_code():
    gold = [event("ASSAULT", ["IMGREB"], ["IRQMIL"])]
    right = [event("ASSAULT", ["IMGREB"], ["IRQMIL"])]
    wrong = [event("ASSAULT", ["IRQREB"], ["IRQMIL"])]
    assert score([record("x", "en", *gold)], [record("x", "en", *right)]).overall.source_country == Ratio(1, 1)
    assert score([record("x", "en", *gold)], [record("x", "en", *wrong)]).overall.source_country == Ratio(0, 1)


def test_place_names_fold_case_accents_and_arabic_article():
    gold = [event("COOPERATE", ["TURMIL"], ["RUSMIL"], places=[("Al-Hasakah", "SYR"), ("Şanlıurfa", "TUR")])]
    pred = [event("COOPERATE", ["TURMIL"], ["RUSMIL"], places=[("Hasakah", "SYR"), ("sanliurfa", "TUR")])]
    assert score([record("x", "en", *gold)], [record("x", "en", *pred)]).overall.places == PRF(2, 0, 0)
    other_country = [event("COOPERATE", ["TURMIL"], ["RUSMIL"], places=[("Hasakah", "IRQ")])]
    assert score([record("x", "en", *gold)], [record("x", "en", *other_country)]).overall.places == PRF(0, 1, 2)


def test_gold_without_date_is_not_scored_for_date():
    gold = [event("AID", ["IGOWFP"], ["SDN"], modality=("future",))]
    pred = [event("AID", ["IGOWFP"], ["SDN"], date="2024-07-08", modality=("future",))]
    r = score([record("x", "en", *gold)], [record("x", "en", *pred)]).overall
    assert r.date == Ratio(0, 0)
    assert r.modality == Ratio(1, 1)


def test_modality_must_match_exactly():
    gold = [event("SANCTION", ["TUR"], ["RUS"], modality=("negated", "future"))]
    pred = [event("SANCTION", ["TUR"], ["RUS"], modality=("negated",))]
    assert score([record("x", "en", *gold)], [record("x", "en", *pred)]).overall.modality == Ratio(0, 1)


def test_report_serializes_to_json(report):
    payload = json.loads(json.dumps(report.to_dict()))
    assert payload["languages"]["en"]["event_type"]["f1"] == pytest.approx(0.5714, abs=1e-4)
    assert payload["overall"]["false_event_rate"] == 1.0


class _ReplayPipeline:
    """Answers each article with a prediction given up front (to exercise the command's wiring)."""

    def __init__(self, predictions: dict[str, dict]):
        self._predictions = predictions
        self.seen: list[str] = []

    def run(self, article):
        self.seen.append(article.id)
        prediction = self._predictions.get(article.id, {"article": {"id": article.id}, "events": []})

        class _Result:
            def to_record(self_inner):
                return prediction

        return _Result()


def test_eval_command_runs_the_pipeline_and_prints_json(tmp_path, monkeypatch):
    gold_file = tmp_path / "g.jsonl"
    gold_file.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in GOLD) + "\n", encoding="utf-8")
    pipeline = _ReplayPipeline({r["article"]["id"]: r for r in PRED})
    import streams.extract

    monkeypatch.setattr(streams.extract, "load_pipeline", lambda *a, **k: pipeline, raising=False)
    import typer

    app = typer.Typer()
    app.command()(evaluate.eval_command)
    result = CliRunner().invoke(app, [str(gold_file), "--json", "--show-errors", "3"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert pipeline.seen == ["en-1", "en-2", "en-3", "ar-1"]
    assert payload["languages"]["en"]["event_type"]["tp"] == 2
    assert payload["overall"]["event_type"]["fn"] == 1
    assert len(payload["disagreements"]) == 3

    table = CliRunner().invoke(app, [str(gold_file), "--show-errors", "2", "--by-type"])
    assert table.exit_code == 0, table.output
    assert "overall: type F1 0.667" in table.output


def test_gold_place_aliases_and_admin_suffixes_match():
    gold = [event("ASSAULT", ["ISRMIL"], ["PSECVL"], places=[("Khan Younis", "PSE"), ("Idlib", "SYR")])]
    gold[0]["places"][0]["aliases"] = ["Khan Yunis"]
    pred = [event("ASSAULT", ["ISRMIL"], ["PSECVL"], places=[("Khān Yūnis", "PSE"), ("Idlib Governorate", "SYR")])]
    assert score([record("x", "en", *gold)], [record("x", "en", *pred)]).overall.places == PRF(2, 0, 0)
    # Without the alias the transliteration differs: one miss and one spurious place.
    del gold[0]["places"][0]["aliases"]
    assert score([record("x", "en", *gold)], [record("x", "en", *pred)]).overall.places == PRF(1, 1, 1)


def test_venue_repeated_among_places_counts_once():
    gold = [event("CONSULT", ["RUS"], ["TUR"], recip=True, location=("Moscow", "RUS"))]
    pred = [event("CONSULT", ["RUS"], ["TUR"], recip=True, location=("Moscow", "RUS"), places=[("Moscow", "RUS")])]
    assert score([record("x", "en", *gold)], [record("x", "en", *pred)]).overall.places == PRF(1, 0, 0)


def test_eval_command_without_gold_articles_fails_instead_of_scoring_nothing(tmp_path, monkeypatch):
    import typer

    monkeypatch.setattr(evaluate, "DEFAULT_GOLD_DIR", tmp_path)
    app = typer.Typer()
    app.command()(evaluate.eval_command)
    result = CliRunner().invoke(app, [])
    assert result.exit_code == 2 and "no gold sets" in result.output
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    result = CliRunner().invoke(app, [])
    assert result.exit_code == 2 and "no gold articles" in result.output
