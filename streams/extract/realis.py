"""Stage 10 (after modality, before dates): the realised-event filter. Does the candidate's sentence
report a specific act that happened (or one planned, threatened or denied: modality already says
which), or no event at all?

A small multinomial logistic model scores each candidate that has parties, over binary features of
its sentence and of a window around the trigger: words (and word pairs at the trigger), character
n-grams of the trigger and its neighbours, the word classes of `dictionaries/realis/lexicon.json`
(sports, disasters, weapons, drills, metaphors, verbal criticism, casualties, history, habits...),
and a few structural facts (headline, actors before and after the trigger, modality, context and
date cues).
Each feature is a string hashed with CRC-32 into a fixed space; a score is the bias plus the sum of
the weights of the distinct hashed features (`dictionaries/realis/model.json`, `weights.tsv`; trained
by `training/realis/train.py`). The sentence view, the features, their hashes, the sums and `decide`
run in the compiled engine (`streams._engine.Realis`, engine/src/realis.rs), one call per article
without the GIL; this module loads the data for it and applies its answers to the candidates.
Training reads its features through the same engine call (`features`). The Python code the engine
replaced is kept as its reference in tests/reference/python_realis.py.

The labels: `event` (kept), `nonevent` (dropped: metaphor, sports, disaster, generic description,
drill, market, habit), `background` (a past act retold: the dates stage keeps it only with a date
of its own), `verbal` (a verbal attack coded with an attack verb: recoded as criticism, CAMEO 111).
A foiled act («أحبطت الشرطة هجوماً», "foiled an attack") is dropped by rule, or becomes the arrest
that comes with it. Only a confident `nonevent` with a non-event word near the trigger is dropped
(`decide`). Every decision is in
`why` (`realis:<label>=<probability>@<model version>`), dropped candidates included, so that
`eventwire extract --trace` shows why a candidate yielded nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from streams import _engine
from streams.extract.context import Candidate, Doc, has_parties, matches_of, replace, within
from streams.extract.lang import ar
from streams.extract.normalize import arabic_matching_form
from streams.packaged import packaged

MODEL_DIR = packaged("dictionaries", "realis")
LABELS = ("event", "nonevent", "background", "verbal")
VERBAL_ATTACK_CODE = "111"  # CAMEO: criticize or denounce
_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_DATE_KINDS = ("month", "weekday", "rel", "past", "futm")  # the engine's order (realis.rs DATE_KINDS)
# Candidates the implied stage derived from an act (streams/extract/implied.py's why labels).
_IMPLIED_TAGS = frozenset({"rule:implied-by-act", "rule:implied-object"})
_FILTER_REASONS = frozenset({"realis-nonevent", "foiled-act", "background-without-date"})
_INSTRUMENT_CLASSES = frozenset({"weapon"})  # word classes that, next to a past act, name what it was done with
FEATURE_DIM = 1 << 20  # size of the hashed feature space (model.json records the one its weights use)


@dataclass(frozen=True, slots=True)
class RealisModel:
    version: str
    mask: int  # hash space size - 1 (a power of two)
    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[int, tuple[float, ...]]
    drop_threshold: float  # probability of `nonevent` at or above which a candidate is dropped
    verbal_threshold: float
    drop_requires: frozenset[str]  # a candidate is dropped only with a word of one of these classes near its trigger
    drop_requires_anywhere: frozenset[str]  # ... or of one of these anywhere in its sentence (a scoreline, a drill)
    single: dict[str, tuple[str, ...]]  # token (matching form) -> word classes
    multi: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first token -> (token run, class)
    proclitics: tuple[str, ...]
    foil: frozenset[str]
    foil_multi: dict[str, tuple[tuple[str, ...], ...]]
    patterns: tuple[tuple[re.Pattern[str], str], ...] = ()  # a whole-token pattern and its class (scorelines)
    engine: Any = field(default=None, compare=False)  # streams._engine.Realis over this data


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(arabic_matching_form(text))


def load_model(directory: Path | Traversable = MODEL_DIR, weights: bool = True) -> RealisModel | None:
    """The model and its word classes; None when the data is absent (the stage then keeps every
    candidate). `weights=False`: the word classes only, with zero weights (for training)."""
    meta_path, weights_path, lexicon_path = directory / "model.json", directory / "weights.tsv", directory / "lexicon.json"
    if not lexicon_path.is_file() or (weights and not (meta_path.is_file() and weights_path.is_file())):
        return None
    if weights:
        meta = json.loads(meta_path.read_text("utf-8"))
        if tuple(meta["labels"]) != LABELS:
            raise ValueError(f"{meta_path}: labels {meta['labels']} are not {LABELS}")
        table = _read_weights(weights_path, len(LABELS))
    else:
        meta = {"version": "untrained", "dim": FEATURE_DIM, "bias": [0.0] * len(LABELS),
                "thresholds": {"drop_nonevent": 1.0, "verbal": 1.0, "drop_requires": []}}
        table = {}
    lexicon = json.loads(lexicon_path.read_text("utf-8"))
    single: dict[str, list[str]] = {}
    multi: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for cls, by_lang in lexicon["classes"].items():
        for forms in by_lang.values():
            for form in forms:
                toks = tuple(_tokens(form))
                if not toks:
                    continue
                if len(toks) == 1:
                    single.setdefault(toks[0], []).append(cls)
                else:
                    multi.setdefault(toks[0], []).append((toks, cls))
    foil: set[str] = set()
    foil_multi: dict[str, list[tuple[str, ...]]] = {}
    for lang in ("en", "ar"):
        for form in lexicon["foil_verbs"][lang]:
            toks = tuple(_tokens(form))
            if len(toks) == 1:
                foil.add(toks[0])
            elif toks:
                foil_multi.setdefault(toks[0], []).append(toks)
    proclitics = tuple(sorted({arabic_matching_form(p) for p in lexicon["ar_proclitics"]}, key=len, reverse=True))
    patterns = tuple((re.compile(rx), cls) for cls, rxs in lexicon.get("token_patterns", {}).items() if cls != "_doc"
                     for rx in rxs)
    model = RealisModel(
        version=str(meta["version"]),
        mask=int(meta["dim"]) - 1,
        labels=LABELS,
        bias=tuple(float(b) for b in meta["bias"]),
        weights=table,
        drop_threshold=float(meta["thresholds"]["drop_nonevent"]),
        verbal_threshold=float(meta["thresholds"]["verbal"]),
        drop_requires=frozenset(meta["thresholds"].get("drop_requires", ())),
        drop_requires_anywhere=frozenset(meta["thresholds"].get("drop_requires_anywhere", ())),
        single={k: tuple(dict.fromkeys(v)) for k, v in single.items()},
        multi={k: tuple(v) for k, v in multi.items()},
        proclitics=proclitics,
        foil=frozenset(foil),
        foil_multi={k: tuple(v) for k, v in foil_multi.items()},
        patterns=patterns,
    )
    engine = _engine.Realis({
        "mask": model.mask, "bias": list(model.bias), "weights": model.weights,
        "drop_threshold": model.drop_threshold, "verbal_threshold": model.verbal_threshold,
        "drop_requires": sorted(model.drop_requires), "drop_requires_anywhere": sorted(model.drop_requires_anywhere),
        "single": model.single, "multi": model.multi, "proclitics": list(model.proclitics),
        "foil": sorted(model.foil), "foil_multi": model.foil_multi, "patterns": list(model.patterns),
    })
    object.__setattr__(model, "engine", engine)
    return model


def _read_weights(path: Path | Traversable, width: int) -> dict[int, tuple[float, ...]]:
    """weights.tsv: `index<TAB>weight per label`; a malformed line is a load error."""
    table: dict[int, tuple[float, ...]] = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != width + 1:
            raise ValueError(f"{path}:{number}: expected {width + 1} columns, got {len(parts)}")
        try:
            table[int(parts[0])] = tuple(float(x) for x in parts[1:])
        except ValueError as exc:
            raise ValueError(f"{path}:{number}: {exc}") from exc
    return table


def article_inputs(doc: Doc) -> tuple:
    """What the engine reads of an article besides its candidates: the matching form, language,
    whether its first sentence is the headline, the published year, the starts of the date cues of
    each kind, the context and modality cues (starts, refs) and the actors (starts, ends, strong,
    kinds)."""
    index = doc.match_index

    def cues(kind: str) -> tuple[tuple[int, ...], list[str]]:
        found = index.get(kind)
        return (found[1], [f"{m.entry.ref}" for m in found[0]]) if found else ((), [])

    title = doc.article.title
    published = doc.published
    actors = doc.actors
    return (doc.norm.text, doc.lang,  # type: ignore[union-attr]
            bool(title) and doc.original.startswith(title.strip()),  # type: ignore[union-attr]
            published.year if published is not None else None,
            [index[k][1] if k in index else () for k in _DATE_KINDS],
            *cues("context"), *cues("mod"),
            doc.actor_starts, [a.end for a in actors], [a.strong for a in actors], [a.kind for a in actors])


def features(doc: Doc, model: RealisModel, triggers: list[tuple[int, int, int]]) -> list[tuple[list[str], list[int], list[str]]]:
    """For each (sentence, trigger start, trigger end) (normalized offsets): the trigger's feature
    strings, their distinct indices, and the guard classes `decide` reads: the engine's own
    functions, for training."""
    spans = doc.sentences
    return model.engine.features(article_inputs(doc), [(s, spans[s].start, spans[s].end, a, b) for s, a, b in triggers])


def hashed(features: list[str], mask: int) -> set[int]:
    """The distinct feature indices (CRC-32 of the UTF-8 feature string, masked)."""
    return _engine.realis_hashed(features, mask)


def probabilities(model: RealisModel, indices: set[int] | frozenset[int]) -> tuple[float, ...]:
    """Softmax of bias + the summed weights of the distinct indices (four labels), summed in index
    order (float sums depend on their order)."""
    return model.engine.probabilities(list(indices))


def guard_classes(features: list[str] | tuple[str, ...], anywhere: frozenset[str],
                  sentence_classes: set[str] | None = None) -> set[str]:
    """The word classes that may justify a drop, read back from feature strings (training sweeps
    its own `anywhere`): those of the trigger and of the words near it (the XT/XL/XR features), and
    those of `anywhere` found in the sentence (the X features, or `sentence_classes` when the
    features given are only the local ones)."""
    near = {f[3:] for f in features if f.startswith(("XT:", "XL:", "XR:"))}
    if sentence_classes is None:
        sentence_classes = {f[2:] for f in features if f.startswith("X:")}
    return near | (sentence_classes & anywhere)


def decide(probs: tuple[float, ...] | list[float], guard: set[str], drop_threshold: float,
           verbal_threshold: float, drop_requires: frozenset[str]) -> str:
    """The label from the probabilities: drop only what is surely no event — `nonevent` at or above
    the threshold, with a word of a non-event class (sports, disaster, weapon...) at or near the
    trigger ("sent aid to Syria to help earthquake victims" keeps its aid; `guard_classes`), and
    nothing done jointly by two sides (joint exercises are cooperation); otherwise the likeliest of
    the other labels (`verbal` only above its own threshold). The engine's rule, which `run` applies
    inside the engine."""
    return LABELS[_engine.realis_decide(list(probs), set(guard), drop_threshold, verbal_threshold, set(drop_requires))]


def _foiled_arrest(doc: Doc, cand: Candidate, foil_at: int, resources: Any) -> Candidate | None:
    """"Police foiled a bomb attack and arrested three men": the arrest (a CAMEO 17 trigger after the
    foiled one in its clause) is the event, done by the party named before the foil verb (which
    starts at `foil_at`)."""
    arrest = next((t for t in cand.also_triggers if t.start > cand.trigger.end
                   and resources.triggers[t.entry.ref].cameo[:2] in resources.groups.arrests), None)
    if arrest is None:
        return None
    source = cand.source
    if not source:
        before = [a for a in within(doc.actors, doc.actor_starts, cand.clause_start, foil_at) if a.strong or a.sector]
        if not before:
            return None
        source = (before[-1],)
    entry = resources.triggers[arrest.entry.ref]
    return replace(cand, trigger=arrest, also_triggers=(), source=source, target=(), reciprocal=False,
                   why=cand.why + (f"trigger:{entry.id}={entry.cameo}", "rule:foiled-act-is-the-arrest"))


def _past_act_with_instrument(doc: Doc, cand: Candidate, model: RealisModel, resources: Any) -> bool:
    """An Arabic perfect verb with a doer and something it was done to (a party or a place
    after the verb in its clause), whose only non-event evidence is a weapon word: «طائرات النظام
    وحليفها الروسي قصفت مناطق في ...» reports a strike, never a weapon's description."""
    if doc.lang != "ar" or cand.modality != ("asserted",) or not cand.source:
        return False
    trigger = cand.trigger
    if resources.triggers[trigger.entry.ref].kind != "verb" or not ar.perfect_verb(doc.norm.text[trigger.start:trigger.end]):  # type: ignore[union-attr]
        return False
    if not cand.target and not within(doc.place_mentions, doc.place_starts, trigger.end, cand.clause_end):
        return False
    guard = set(features(doc, model, [(cand.sentence, trigger.start, trigger.end)])[0][2])
    return bool(guard) and (guard & model.drop_requires) <= _INSTRUMENT_CLASSES


def _reported(doc: Doc, cand: Candidate) -> bool:
    """The trigger is in the clause a speech verb introduces ("the army said it had ...", «قالت إنها ...»)."""
    start = doc.sentences[cand.sentence].start
    return bool(matches_of(doc, "attr_verb", max(start, cand.trigger.start - 60), cand.trigger.start))


def classify(doc: Doc, cand: Candidate, model: RealisModel, root: str, resources: Any, answer: tuple) -> Candidate:
    """The filter's decision for one candidate with parties (see the module docstring), from the
    engine's answer for it: (foil verb, where it starts, label index, probabilities)."""
    foil, foil_at, label_index, probs = answer
    if foil is not None:
        # The arrest that follows a foiled act («أحبطت محاولة تهريب أسلحة وألقت القبض على أربعة») is what
        # those who foiled it did, not an act the foil verb governs (an arrest is never asked for one).
        tagged = replace(cand, why=cand.why + (f"realis:foiled:{foil}@{model.version}",))
        arrest = _foiled_arrest(doc, tagged, foil_at, resources)
        return arrest if arrest is not None else replace(tagged, dropped="foiled-act")
    label = LABELS[label_index]
    if label == "nonevent" and _past_act_with_instrument(doc, cand, model, resources):
        # «قصفت طائرات النظام مناطق في ريف إدلب»: the weapon word is what the named doer struck
        # with, not a description of the weapon; the likeliest other label stands.
        label = "event" if probs[model.labels.index("event")] >= probs[model.labels.index("background")] else "background"
    if label == "verbal" and root not in resources.groups.verbal_attack_readings:
        label = "event"  # criticism told with a verb of criticism is already coded as such
    elif label == "background" and (cand.modality != ("asserted",) or _reported(doc, cand)):
        # A denied, planned or possible act is news now, whatever its tense («نفى أن يكون قد ...»); so is
        # an act in reported speech, whose pluperfect is the report's ("said they had targeted a ship").
        label = "event"
    tag = f"realis:{label}={probs[model.labels.index(label)]:.2f}@{model.version}"
    why = cand.why + (tag,)
    if label == "nonevent":
        return replace(cand, dropped="realis-nonevent", why=why)
    if label == "verbal":
        return replace(cand, cameo=VERBAL_ATTACK_CODE, why=why + ("rule:verbal-attack-is-criticism",))
    return replace(cand, why=why)


def run(doc: Doc, resources: Any) -> Doc:
    model: RealisModel | None = getattr(resources, "realis", None)
    if model is None or not doc.candidates or doc.lang not in ("ar", "en"):
        return doc
    arrests = resources.groups.arrests
    triggers = resources.triggers
    # First what the engine is asked, in one call for the article: a foil verb for each candidate that
    # may yield an event (an arrest is never foiled), a score for each with parties.
    requests: list[tuple] = []
    asked: list[int | None] = []
    for cand in doc.candidates:
        parties = has_parties(cand)
        if _IMPLIED_TAGS.intersection(cand.why) or cand.dropped or (
                not parties and not any(triggers[t.entry.ref].cameo[:2] in arrests for t in cand.also_triggers)):
            asked.append(None)
            continue
        span = doc.sentences[cand.sentence]
        root = triggers[cand.trigger.entry.ref].cameo[:2]
        asked.append(len(requests))
        requests.append((cand.sentence, span.start, span.end, cand.trigger.start, cand.trigger.end, cand.clause_start,
                         not parties or root not in arrests, parties))
    answers = model.engine.classify(article_inputs(doc), requests) if requests else []
    out = []
    last_act: Candidate | None = None  # the latest candidate that is an act of its own
    for cand, slot in zip(doc.candidates, asked):
        if _IMPLIED_TAGS.intersection(cand.why):
            # An event implied by an act («فرقت الشرطة تظاهرة»: the protest) stands or falls with it.
            if last_act is not None and last_act.sentence == cand.sentence and not cand.dropped:
                if last_act.dropped in _FILTER_REASONS:
                    cand = replace(cand, dropped="realis-act-dropped", why=cand.why + (f"realis:act-dropped@{model.version}",))
                else:
                    cand = replace(cand, why=cand.why + (f"realis:follows-act@{model.version}",))
            out.append(cand)
            continue
        if cand.dropped:
            out.append(cand)
            last_act = cand
            continue
        if slot is None:
            out.append(cand)  # yields no event, and no arrest follows it that could be one
            continue
        answer = answers[slot]
        if not requests[slot][7]:
            # A foiled attack names no attacker; those who foiled it may have arrested someone.
            arrest = _foiled_arrest(doc, cand, answer[1], resources) if answer[0] else None
            out.append(arrest if arrest is not None else cand)
            last_act = out[-1]
            continue
        root = triggers[cand.trigger.entry.ref].cameo[:2]
        out.append(classify(doc, cand, model, root, resources, answer))
        last_act = out[-1]
    return replace(doc, candidates=tuple(out))
