"""Which mentions are the scene: telling the incident's places from the others.

A report names many places that are not where it happened: where a victim lived
or was born, where someone fled or was deported to, a border, a photo caption's
place. Each mention gets a role: ``incident`` (the default), ``residence`` or
``other``; only incident places can become the main place, and the others weigh
less as country evidence.
"""

from __future__ import annotations

import re

from whodid.extract.places.mention import Mention

_RESIDENCE_AFTER = re.compile(
    r"^\W{0,3}(?:where|in which)\s+(?:he|she|they|we|i|the \w+)\s+(?:live|lives|lived|reside|resides)\b"
)
_RESIDENCE_BEFORE = re.compile(
    r"\b(?:resident of|residents of|native of|lives? in|living in|lived in|born in|hometown(?: of)?|"
    r"home town(?: of)?|based in|headquartered in|moved to|relocated to|fled to|fled from|flew to|"
    r"travel(?:led|ed)? back to|back to|returned to|return to|deported to|expelled to|"
    r"border with|embassy in|studying in|studied in|exile in|went to|go to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_OTHER_AFTER = re.compile(
    r"^\s*(?:-|–)?\s*(?:resident|residents|native|born|based|headquartered)\b", re.IGNORECASE
)
_CAPTION = re.compile(
    r"©|\bGetty\b|\(Photo|\bphoto:|\bAFP via\b|\bfile photo\b|/AFP\b|/Reuters\b|\bREUTERS/", re.IGNORECASE
)
_BORDER_BEFORE = re.compile(
    r"\b(?:borders?(?:ing)? (?:with|of)|bordering|frontier with|crossed (?:in)?to|cross (?:in)?to)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def assign_roles(text: str, mentions: list[Mention]) -> None:
    """Set each incident mention's role from the words around it (captions, residences, borders)."""
    for m in mentions:
        if m.role != "incident":
            continue
        line_start = text.rfind("\n", 0, m.start) + 1
        line_end = text.find("\n", m.end)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if _CAPTION.search(line):
            m.role = "other"
            continue
        before = text[max(0, m.start - 40) : m.start]
        after = text[m.end : m.end + 60]
        if _BORDER_BEFORE.search(before):
            m.role = "other"
            m.border = True
            continue
        if (
            _RESIDENCE_AFTER.search(after)
            or re.search(r"\b(?:lives?|living|resides?|residing|born) in (?:the )?$", before, re.I)
            or _OTHER_AFTER.search(after)
        ):
            m.role = "residence"
        elif _RESIDENCE_BEFORE.search(before):
            m.role = "other"
        elif re.search(r"(?:^|\W)(?:of|from)\s+$", before) and re.search(
            r"[A-Z][a-z]+,\s*(?:\d+,\s*)?of\s+$", before
        ):
            m.role = "residence"  # "Barnes, of Pasadena," / "Ali, 25, of Idlib"
