"""English trigger forms from lemmas: every inflection of a verb (lemminflect's lookup tables, with
its rules for words the tables lack) and the singular and plural of a noun. (A light verb's object
is matched near it, not spelled out: see `streams.lexicon.build`.)

Multi-word verbs inflect their first word ("carry out" → "carried out"), multi-word nouns their last
("air strike" → "air strikes"). The output is sorted by first appearance, so a build is
deterministic for a given lemminflect version."""

from __future__ import annotations

from functools import lru_cache

VERB_TAGS = ("VB", "VBD", "VBN", "VBG", "VBZ", "VBP")


@lru_cache(maxsize=None)
def verb_forms(lemma: str) -> tuple[str, ...]:
    """"shell" → shell, shelled, shelling, shells; "carry out" → carry out, carried out, ..."""
    from lemminflect import getAllInflections, getAllInflectionsOOV

    head, _, rest = lemma.partition(" ")
    table = getAllInflections(head, upos="VERB") or getAllInflectionsOOV(head, upos="VERB")
    forms = [head]
    for tag in VERB_TAGS:
        forms.extend(table.get(tag, ()))
    return tuple(dict.fromkeys(f"{f} {rest}".strip() for f in forms))


@lru_cache(maxsize=None)
def noun_forms(noun: str) -> tuple[str, ...]:
    """"air strike" → air strike, air strikes; a word given in the plural stays as it is."""
    from lemminflect import getAllInflections, getAllInflectionsOOV

    *front, last = noun.split(" ")
    table = getAllInflections(last, upos="NOUN")
    if not table and not (last.endswith("s") and not last.endswith("ss")):
        table = getAllInflectionsOOV(last, upos="NOUN")  # a word the tables lack, unless already plural
    forms = [last, *table.get("NN", ()), *table.get("NNS", ())]
    return tuple(dict.fromkeys(" ".join([*front, f]) for f in forms))


def plural_of(noun: str) -> tuple[str, ...]:
    return tuple(f for f in noun_forms(noun) if f != noun) or (noun,)
