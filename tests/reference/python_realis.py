"""The realised-event filter's Python code that the compiled engine replaced (streams/extract/realis.py
at commit 3c21396), kept as the reference it is tested against
(tests/unit/extract/test_realis_differential.py), never imported by the product.

Verbatim below the line, module docstring aside: the model loading, the sentence view, the feature
strings, CRC-32 hashing, the weight sums, `decide` and the stage's `run`. Its `load_model` builds
its own `RealisModel` (with the per-process memos it used), so a pipeline with `run` from here and
`realis=load_model()` in its resources runs this code end to end over the shipped data.
"""
# ---- streams/extract/realis.py @ 3c21396 ------------------------------------------------------------
from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from zlib import crc32

from streams.extract.context import Candidate, Doc, has_parties, matches_of, replace, within
from streams.extract.normalize import arabic_matching_form
from streams.packaged import packaged

MODEL_DIR = packaged("dictionaries", "realis")
LABELS = ("event", "nonevent", "background", "verbal")
VERBAL_ATTACK_CODE = "111"  # CAMEO: criticize or denounce
_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_WINDOW = 6  # tokens either side of the trigger for the window word classes
_STRUCTURAL_KINDS = ("month", "weekday", "rel", "past", "futm")
# Candidates the implied stage derived from an act (streams/extract/implied.py's why labels).
_IMPLIED_TAGS = frozenset({"rule:implied-by-act", "rule:implied-object"})
_FILTER_REASONS = frozenset({"realis-nonevent", "foiled-act", "background-without-date"})
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
    # Per-process memo of what depends on a token alone (its forms and classes, its character n-grams):
    # news repeats its words, and this is the stage's hot path.
    token_memo: dict[str, tuple[list[str], frozenset[str]]] = field(default_factory=dict)
    gram_memo: dict[str, list[str]] = field(default_factory=dict)
    gram_feature_memo: dict[tuple[str, str], list[str]] = field(default_factory=dict)


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
    return RealisModel(
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


def _variants(token: str, proclitics: tuple[str, ...]) -> list[str]:
    """The token and, for Arabic, the token without each proclitic run it starts with."""
    out = [token]
    if "\u0621" <= token[0] <= "\u064a":
        for p in proclitics:
            if token.startswith(p) and len(token) - len(p) >= 2:
                out.append(token[len(p):])
    return out


@dataclass(slots=True)
class SentenceView:
    """One sentence's tokens and word classes, shared by all the candidates in it."""

    tokens: list[str]
    starts: list[int]  # normalized offsets
    classes: list[tuple[str, ...]]  # word classes covering each token
    features: list[str]  # sentence-level features
    indices: set[int]  # the sentence-level features, hashed
    sentence_classes: set[str]  # the word classes found in the sentence


_MEMO_LIMIT = 200_000


def _token_info(token: str, model: RealisModel) -> tuple[list[str], frozenset[str]]:
    """A token's forms (itself and, for Arabic, without each proclitic) and the single-token classes
    and pattern classes they are in."""
    info = model.token_memo.get(token)
    if info is None:
        forms = _variants(token, model.proclitics)
        classes: set[str] = set()
        for form in forms:
            classes.update(model.single.get(form, ()))
        for rx, cls in model.patterns:
            if rx.match(token):
                classes.add(cls)
        if len(model.token_memo) > _MEMO_LIMIT:
            model.token_memo.clear()
        info = model.token_memo[token] = (forms, frozenset(classes))
    return info


def sentence_view(doc: Doc, index: int, model: RealisModel) -> SentenceView:
    text = doc.norm.text  # type: ignore[union-attr]
    span = doc.sentences[index]
    found_tokens = list(_TOKEN.finditer(text, span.start, span.end))
    tokens: list[str] = [m.group() for m in found_tokens]
    starts: list[int] = [m.start() for m in found_tokens]
    n = len(tokens)
    memo = model.token_memo  # looked up here first: a call per token was a hot spot
    infos = [memo.get(t) or _token_info(t, model) for t in tokens]
    variants = [forms for forms, _ in infos]
    covered: list[set[str]] = [set(classes) for _, classes in infos]
    multi = model.multi
    for i, forms in enumerate(variants):
        for form in forms:
            for run, cls in multi.get(form, ()):
                k = len(run)
                if i + k <= n:
                    # A plain loop: a generator in `all()` per run was a hot spot of this stage.
                    for j in range(1, k):
                        if run[j] not in variants[i + j]:
                            break
                    else:
                        for j in range(i, i + k):
                            covered[j].add(cls)
    lang = doc.lang
    feats = [f"u:{t}" for t in tokens]  # (word pairs across the sentence memorised the training style)
    found = set().union(*covered) if covered else set()
    feats += [f"X:{c}" for c in found]
    headline = index == 0 and bool(doc.article.title) and doc.original.startswith(doc.article.title.strip())
    structural = [f"pos:{min(index, 3)}", f"len:{min(n // 8, 6)}"]
    if headline:
        structural.append("hl")
    for kind in _STRUCTURAL_KINDS:
        if matches_of(doc, kind, span.start, span.end):
            structural.append(f"D:{kind}")
    for cue in matches_of(doc, "context", span.start, span.end):
        structural.append(f"K:{cue.entry.ref}")
    for cue in matches_of(doc, "mod", span.start, span.end):
        structural.append(f"M:{cue.entry.ref}")
    published: date | None = doc.published
    for y in _YEAR.findall(text, span.start, span.end):
        year = int(y)
        structural.append("Y")
        if published is not None:
            structural.append("Yold" if year <= published.year - 2 else "Yfut" if year > published.year else "Ycur")
    feats += [f"{lang}|{s}" for s in structural]
    return SentenceView(tokens, starts, [tuple(c) for c in covered], feats, hashed(feats, model.mask), found)


def _gram_features(prefix: str, token: str, model: RealisModel) -> list[str]:
    """`prefix` + each character n-gram of `token` (C:, CL:, CR:), memoised: rebuilt for every
    candidate, these strings were a hot spot."""
    key = (prefix, token)
    feats = model.gram_feature_memo.get(key)
    if feats is None:
        if len(model.gram_feature_memo) > _MEMO_LIMIT:
            model.gram_feature_memo.clear()
        feats = model.gram_feature_memo[key] = [prefix + g for g in _char_grams(token, model)]
    return feats


def _char_grams(token: str, model: RealisModel) -> list[str]:
    grams = model.gram_memo.get(token)
    if grams is None:
        padded = f"<{token}>"
        grams = [padded[i:i + k] for k in (3, 4) for i in range(len(padded) - k + 1)]
        if len(model.gram_memo) > _MEMO_LIMIT:
            model.gram_memo.clear()
        model.gram_memo[token] = grams
    return grams


def candidate_features(doc: Doc, view: SentenceView, sentence: int, trigger_start: int, trigger_end: int,
                       model: RealisModel) -> list[str]:
    """The features of a trigger at [trigger_start, trigger_end) (normalized offsets) in sentence
    `sentence`: the sentence's own and those of the trigger's place in it."""
    return view.features + local_features(doc, view, sentence, trigger_start, trigger_end, model)


def local_features(doc: Doc, view: SentenceView, sentence: int, trigger_start: int, trigger_end: int,
                   model: RealisModel) -> list[str]:
    """The features that depend on where the trigger is in its sentence."""
    return _local_features_and_near(doc, view, sentence, trigger_start, trigger_end, model)[0]


def _local_features_and_near(doc: Doc, view: SentenceView, sentence: int, trigger_start: int, trigger_end: int,
                             model: RealisModel) -> tuple[list[str], set[str]]:
    """`local_features` and the word classes at and near the trigger (its XT/XL/XR features, as
    `guard_classes` reads them), which `classify` then need not parse back out of the strings."""
    tokens, n = view.tokens, len(view.tokens)
    if not n:
        return [], set()
    i = max(0, bisect_right(view.starts, trigger_start) - 1)
    tok = tokens[i]
    feats = [f"T:{tok}"]
    feats += _gram_features("C:", tok, model)
    for d in (1, 2, 3):
        if i - d >= 0:
            feats.append(f"L{d}:{tokens[i - d]}")
            if d == 1:
                feats += _gram_features("CL:", tokens[i - 1], model)
        if i + d < n:
            feats.append(f"R{d}:{tokens[i + d]}")
            if d == 1:
                feats += _gram_features("CR:", tokens[i + 1], model)
    feats.append(f"T0:{tokens[i - 1] if i else '^'}_{tok}")
    feats.append(f"T2:{tok}_{tokens[i + 1] if i + 1 < n else '$'}")
    feats += [f"Lw:{t}" for t in tokens[max(0, i - 8):max(0, i - 3)]]
    feats += [f"Rw:{t}" for t in tokens[i + 4:i + 9]]
    classes = view.classes
    left = {c for cs in classes[max(0, i - _WINDOW):i] for c in cs}
    right = {c for cs in classes[i + 1:i + 1 + _WINDOW] for c in cs}
    feats += [f"XT:{c}" for c in classes[i]]
    feats += [f"XL:{c}" for c in left]
    feats += [f"XR:{c}" for c in right]
    near = left | right
    near.update(classes[i])
    lang = doc.lang
    span = doc.sentences[sentence]
    before = after = any_before = any_after = 0
    nearest_kind = "none"
    for a in within(doc.actors, doc.actor_starts, span.start, span.end):
        if a.end <= trigger_start:
            any_before += 1
            if a.strong:
                before += 1
                nearest_kind = a.kind
        elif a.start >= trigger_end:
            any_after += 1
            after += a.strong
    # Strong mentions (named actors, roles with a country), and any mention (bare countries too).
    structural = [f"A<:{min(before, 2)}", f"A>:{min(after, 2)}", f"Ak:{nearest_kind}",
                  f"a<:{min(any_before, 2)}", f"a>:{min(any_after, 2)}"]
    for cue in matches_of(doc, "mod", max(span.start, trigger_start - 60), trigger_start):
        structural.append(f"ML:{cue.entry.ref}")
    text = doc.norm.text  # type: ignore[union-attr]
    if text.count('"', span.start, trigger_start) % 2 == 1:
        structural.append("Q")
    feats += [f"{lang}|{s}" for s in structural]
    return feats, near


def hashed(features: list[str], mask: int) -> set[int]:
    """The distinct feature indices (CRC-32 of the UTF-8 feature string, masked)."""
    return {crc32(f.encode("utf-8")) & mask for f in features}


def probabilities(model: RealisModel, indices: set[int] | frozenset[int]) -> tuple[float, ...]:
    """Softmax of bias + the summed weights of the distinct indices (four labels)."""
    s0, s1, s2, s3 = model.bias
    get = model.weights.get
    # In index order: a set's iteration order follows its insertion history, which the hash of
    # class names changes from process to process, and float sums depend on their order.
    for w0, w1, w2, w3 in filter(None, map(get, sorted(indices))):  # unpacked: cheaper than indexing
        s0 += w0
        s1 += w1
        s2 += w2
        s3 += w3
    scores = (s0, s1, s2, s3)
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return tuple(e / total for e in exps)


def foiled_by(doc: Doc, view: SentenceView, cand: Candidate, model: RealisModel) -> str | None:
    """The foil verb that governs the trigger («أحبطت الأجهزة الأمنية مخططاً لاستهداف ...», "foiled a
    plot to attack ..."): one of the six tokens before it in its clause, with no "and"/«و» clause
    joint in between."""
    tokens, starts = view.tokens, view.starts
    i = max(0, bisect_right(starts, cand.trigger.start) - 1)
    lo = i
    while lo > 0 and i - lo < 6 and starts[lo - 1] >= cand.clause_start:
        lo -= 1
        tok = tokens[lo]
        if tok in ("and", "but", "while") or tok in ("ثم", "لكن", "بينما", "فيما"):
            return None
        forms = _variants(tok, model.proclitics)
        if any(f in model.foil for f in forms):
            return tok
        for f in forms:
            for run in model.foil_multi.get(f, ()):
                k = len(run)
                if lo + k <= len(tokens) and all(run[j] == tokens[lo + j] for j in range(1, k)):
                    return " ".join(run)
    return None


def _foiled_arrest(doc: Doc, cand: Candidate, foil_token: str, view: SentenceView, resources: Any) -> Candidate | None:
    """"Police foiled a bomb attack and arrested three men": the arrest (a CAMEO 17 trigger after the
    foiled one in its clause) is the event, done by the party named before the foil verb."""
    arrest = next((t for t in cand.also_triggers if t.start > cand.trigger.end
                   and resources.triggers[t.entry.ref].cameo[:2] in resources.groups.arrests), None)
    if arrest is None:
        return None
    source = cand.source
    if not source:
        i = max(0, bisect_right(view.starts, cand.trigger.start) - 1)
        foil_at = next((view.starts[j] for j in range(i, -1, -1) if view.tokens[j] == foil_token), cand.trigger.start)
        before = [a for a in within(doc.actors, doc.actor_starts, cand.clause_start, foil_at) if a.strong or a.sector]
        if not before:
            return None
        source = (before[-1],)
    entry = resources.triggers[arrest.entry.ref]
    return replace(cand, trigger=arrest, also_triggers=(), source=source, target=(), reciprocal=False,
                   why=cand.why + (f"trigger:{entry.id}={entry.cameo}", "rule:foiled-act-is-the-arrest"))


def _reported(doc: Doc, cand: Candidate) -> bool:
    """The trigger is in the clause a speech verb introduces ("the army said it had ...", «قالت إنها ...»)."""
    start = doc.sentences[cand.sentence].start
    return bool(matches_of(doc, "attr_verb", max(start, cand.trigger.start - 60), cand.trigger.start))


def guard_classes(features: list[str] | tuple[str, ...], anywhere: frozenset[str],
                  sentence_classes: set[str] | None = None) -> set[str]:
    """The word classes that may justify a drop: those of the trigger and of the words near it (the
    XT/XL/XR features), and those of `anywhere` found in the sentence (the X features, or
    `sentence_classes` when the features given are only the local ones)."""
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
    the other labels (`verbal` only above its own threshold)."""
    if probs[1] >= drop_threshold and "joint" not in guard \
            and (not drop_requires or guard & drop_requires):
        return "nonevent"
    kept = [k for k in range(len(LABELS)) if LABELS[k] != "nonevent"]
    best = LABELS[max(kept, key=probs.__getitem__)]
    if best == "verbal" and probs[3] < verbal_threshold:
        best = "event" if probs[0] >= probs[2] else "background"
    return best


def _past_act_with_instrument(doc: Doc, cand: Candidate, guard: set[str], model: RealisModel, resources: Any) -> bool:
    """An Arabic perfect verb with a doer and a party or place after it in its clause, whose only
    non-event evidence is a weapon word (the production stage's rule, on this reference's guard)."""
    from streams.extract.lang import ar

    if doc.lang != "ar" or cand.modality != ("asserted",) or not cand.source:
        return False
    trigger = cand.trigger
    if resources.triggers[trigger.entry.ref].kind != "verb" or not ar.perfect_verb(doc.norm.text[trigger.start:trigger.end]):
        return False
    if not cand.target and not within(doc.place_mentions, doc.place_starts, trigger.end, cand.clause_end):
        return False
    return bool(guard) and (guard & model.drop_requires) <= {"weapon"}


def classify(doc: Doc, cand: Candidate, model: RealisModel, view: SentenceView, root: str, resources: Any) -> Candidate:
    """The filter's decision for one candidate with parties (see the module docstring)."""
    # The arrest that follows a foiled act («أحبطت محاولة تهريب أسلحة وألقت القبض على أربعة») is what
    # those who foiled it did, not an act the foil verb governs.
    foil = None if root in resources.groups.arrests else foiled_by(doc, view, cand, model)
    if foil is not None:
        tagged = replace(cand, why=cand.why + (f"realis:foiled:{foil}@{model.version}",))
        arrest = _foiled_arrest(doc, tagged, foil.split()[0], view, resources)
        return arrest if arrest is not None else replace(tagged, dropped="foiled-act")
    local, near = _local_features_and_near(doc, view, cand.sentence, cand.trigger.start, cand.trigger.end, model)
    probs = probabilities(model, view.indices | hashed(local, model.mask))
    guard = near | (view.sentence_classes & model.drop_requires_anywhere)  # = guard_classes(local, ...)
    label = decide(probs, guard, model.drop_threshold, model.verbal_threshold, model.drop_requires)
    if label == "nonevent" and _past_act_with_instrument(doc, cand, guard, model, resources):
        # The stage's Python rule after the engine's decision (streams/extract/realis.py, same name):
        # a past strike whose only non-event word is its weapon keeps the likeliest other label.
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
    views: dict[int, SentenceView] = {}
    out = []
    arrests = resources.groups.arrests
    last_act: Candidate | None = None  # the latest candidate that is an act of its own
    for cand in doc.candidates:
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
        parties = has_parties(cand)
        if not parties and not any(resources.triggers[t.entry.ref].cameo[:2] in arrests for t in cand.also_triggers):
            out.append(cand)  # yields no event, and no arrest follows it that could be one
            continue
        view = views.get(cand.sentence)
        if view is None:
            view = views[cand.sentence] = sentence_view(doc, cand.sentence, model)
        if not parties:
            # A foiled attack names no attacker; those who foiled it may have arrested someone.
            foil = foiled_by(doc, view, cand, model)
            arrest = _foiled_arrest(doc, cand, foil.split()[0], view, resources) if foil else None
            out.append(arrest if arrest is not None else cand)
            last_act = out[-1]
            continue
        root = resources.triggers[cand.trigger.entry.ref].cameo[:2]
        out.append(classify(doc, cand, model, view, root, resources))
        last_act = out[-1]
    return replace(doc, candidates=tuple(out))
