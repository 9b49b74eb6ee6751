"""English grammar for the participant rules (on the lower-cased matching form)."""

from __future__ import annotations

import re

# A preposition before a group makes it an object ("with Turkey", "against the rebels").
OBJECT_PREPOSITIONS = frozenset({"with", "to", "against", "on", "about", "for", "over"})
# What may join two actors into one group: a comma (Latin or Arabic), "and (his/her/its)", "with".
GROUP_GAP = re.compile(r"^\s*(?:[,،]\s*)?(?:and\s+(?:his\s+|her\s+|its\s+)?|with\s+)$|^\s*[,،]\s*$")
COUNTERPART = "counterpart"
# The passive auxiliary before a participle ("were arrested", "was reportedly killed").
_PASSIVE_AUX = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+\s+)?$")
_PASSIVE_REACH = 20  # characters before the trigger in which the auxiliary must end


def passive_before(text: str, floor: int, trigger_start: int) -> bool:
    """"were arrested", "was killed": a passive auxiliary right before the trigger."""
    return _PASSIVE_AUX.search(text, max(floor, trigger_start - _PASSIVE_REACH), trigger_start) is not None


def introduces_agent(gap: str) -> bool:
    """The words between a passive verb and a group end with "by" ("were killed by RSF fighters")."""
    return gap.strip().endswith("by")
