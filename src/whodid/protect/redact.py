"""Redaction per audience: what a partner may see of a record, its text and its listings.

A :class:`Profile` says what an audience gets. ``full`` is the record as
stored. ``partner`` (the partner role, and ``whodid export --profile
partner``) gets:

- every named victim, witness and informant replaced by a stable pseudonym
  ("Person 3F9A2C"), in the record, in the report text (the full name and each
  part of it, wherever it occurs) and in titles; the pseudonym is a keyed HMAC
  of the transliterated name, so one person keeps one pseudonym across reports
  and scripts, and nobody without the key can go back from it;
- e-mail addresses and telephone numbers in the text replaced by ``[e-mail]``
  and ``[phone]``;
- coordinates snapped to the centre of a 0.1° cell (about 11 km, a district),
  sites within a place ("the family's house") dropped;
- free-text notes about protected people dropped (descriptions of named
  people, affiliations), and origins (file names, URLs) withheld.

Perpetrators keep their names: naming who did it is the point of the record.
Every offset into the text (each value's provenance) is moved to the redacted
text, so highlights still land on the right words. The same functions serve
the web pages, the API and the exports, so no channel redacts differently.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from whodid.model import Document, Record, Role
from whodid.model.domain import Extracted, Place, Provenance

if TYPE_CHECKING:
    from whodid.model import EvidenceItem
    from whodid.store.custody import Entry
    from whodid.store.repository import Appearance, EventPoint
    from whodid.store.summaries import RecordSummary

PROTECTED_ROLES = frozenset({Role.VICTIM, Role.WITNESS, Role.SOURCE})
WITHHELD = "[withheld]"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# a run of 8 or more digits with the separators phone numbers are written with
PHONE = re.compile(r"(?<![\w.])\+?\d[\d ().-]{6,}\d(?![\w.])")
# name parts this short or this common are not replaced on their own
MIN_PART = 3
PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "van", "von", "der", "de", "del", "da", "la", "le"})


@dataclass(frozen=True, slots=True)
class Profile:
    """What one audience sees (see the module docstring)."""

    name: str
    pseudonyms: bool = False
    grid_degrees: float | None = None
    withhold_origins: bool = False

    @property
    def redacts(self) -> bool:
        return self.pseudonyms or self.grid_degrees is not None or self.withhold_origins


PROFILES = {
    "full": Profile("full"),
    "partner": Profile("partner", pseudonyms=True, grid_degrees=0.1, withhold_origins=True),
}
ROLE_PROFILES = {"partner": "partner"}


def profile_for_role(role: str) -> Profile:
    """The profile a web or API user of ``role`` is served."""
    return PROFILES[ROLE_PROFILES.get(role, "full")]


def coarsen(value: float | None, grid: float | None) -> float | None:
    """``value`` snapped to the centre of its cell of ``grid`` degrees."""
    if value is None or grid is None:
        return value
    return round((math.floor(value / grid) + 0.5) * grid, 6)


def protected_ids(record: Record) -> set[str]:
    """Actors who are a victim, witness or informant anywhere in the record."""
    ids = {inv.actor_id for e in record.events for inv in e.involvements if inv.role in PROTECTED_ROLES}
    ids |= {vid for e in record.events for act in e.acts for vid in act.victim_ids}
    ids |= {s.informant_id for s in record.sources if s.informant_id}
    return ids


class Redactor:
    """Applies one profile; ``pseudonym`` maps a name to its stable pseudonym (keyed)."""

    def __init__(self, profile: Profile, pseudonym: Callable[[str], str]) -> None:
        self.profile = profile
        self.pseudonym = pseudonym

    # --- names -----------------------------------------------------------------

    def replacements(self, names: Iterable[str]) -> dict[str, str]:
        """Each protected name, and each distinctive part of it, mapped to its pseudonym."""
        out: dict[str, str] = {}
        for name in names:
            alias = self.pseudonym(name)
            out.setdefault(name, alias)
            for part in re.findall(r"[^\W\d_]+", name):
                if len(part) >= MIN_PART and part.casefold() not in PARTICLES:
                    out.setdefault(part, alias)
        return out

    def scrub(self, text: str, names: dict[str, str]) -> tuple[str, list[tuple[int, int, int, int]]]:
        """``text`` with names, e-mail addresses and phone numbers replaced, and the
        replaced spans as (old start, old end, new start, new end)."""
        patterns = [EMAIL.pattern, PHONE.pattern]
        if names:
            alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            patterns.insert(0, rf"(?<!\w)(?:{alternatives})(?!\w)")
        found = re.compile("|".join(f"({p})" for p in patterns), re.IGNORECASE)
        folded = {n.casefold(): alias for n, alias in names.items()}
        pieces: list[str] = []
        spans: list[tuple[int, int, int, int]] = []
        at = shift = 0
        for m in found.finditer(text):
            if names and m.group(1):
                new = folded.get(m.group(0).casefold(), "[name]")
            else:
                new = "[e-mail]" if EMAIL.fullmatch(m.group(0)) else "[phone]"
            pieces.append(text[at : m.start()])
            pieces.append(new)
            spans.append((m.start(), m.end(), m.start() + shift, m.start() + shift + len(new)))
            shift += len(new) - (m.end() - m.start())
            at = m.end()
        pieces.append(text[at:])
        return "".join(pieces), spans

    # --- a whole record --------------------------------------------------------

    def document_and_record(
        self, document: Document, record: Record | None
    ) -> tuple[Document, Record | None]:
        """The document and record as this profile shows them."""
        if not self.profile.redacts:
            return document, record
        names: dict[str, str] = {}
        if record is not None and self.profile.pseudonyms:
            protected = protected_ids(record)
            names = self.replacements(a.name for a in record.actors if a.id in protected and a.name)
        text, spans = self.scrub(document.text, names) if self.profile.pseudonyms else (document.text, [])
        title = (
            self.scrub(document.title, names)[0]
            if document.title and self.profile.pseudonyms
            else document.title
        )
        shown = dataclasses.replace(
            document,
            text=text,
            title=title,
            origin=WITHHELD if self.profile.withhold_origins else document.origin,
            metadata={} if self.profile.withhold_origins else document.metadata,
            boilerplate=[] if self.profile.pseudonyms else document.boilerplate,
            segments=[] if spans else document.segments,
            pages=[] if spans else document.pages,
        )
        if record is None:
            return shown, None
        return shown, self._record(record, names, spans, text)

    def _record(
        self, record: Record, names: dict[str, str], spans: list[tuple[int, int, int, int]], text: str
    ) -> Record:
        copy = Record.from_dict(record.to_dict())
        protected = protected_ids(copy) if self.profile.pseudonyms else set()

        def moved(p: Provenance | None) -> Provenance | None:
            if p is None or not spans:
                return p
            start, end = _move(p.start, spans, start=True), _move(p.end, spans, start=False)
            return dataclasses.replace(
                p, start=start, end=max(start, end), text=text[start : max(start, end)]
            )

        def words(value: str | None) -> str | None:
            return self.scrub(value, names)[0] if value and self.profile.pseudonyms else value

        for value in _extracted(copy):
            value.provenance = moved(value.provenance)
            if isinstance(value, Place):
                value.lat = coarsen(value.lat, self.profile.grid_degrees)
                value.lon = coarsen(value.lon, self.profile.grid_degrees)
                if self.profile.grid_degrees is not None:
                    value.site = None
        for actor in copy.actors:
            if actor.id in protected:
                if actor.name:
                    actor.name = self.pseudonym(actor.name)
                    actor.description = None
                actor.affiliation = None
            actor.description = words(actor.description)
        for event in copy.events:
            event.title = words(event.title) or ""
        for source in copy.sources:
            source.by, source.where = words(source.by), words(source.where)
        for intervention in copy.interventions:
            intervention.content = words(intervention.content)
        return copy

    # --- listings ----------------------------------------------------------------

    def summary(self, row: RecordSummary) -> RecordSummary:
        """A listing line: victims pseudonymised (and scrubbed from the title), origin withheld."""
        if not self.profile.redacts:
            return row
        names = self.replacements(n for n in row.victim_names if n) if self.profile.pseudonyms else {}
        return dataclasses.replace(
            row,
            title=self.scrub(row.title, names)[0] if row.title and self.profile.pseudonyms else row.title,
            origin=WITHHELD if self.profile.withhold_origins else row.origin,
            victim_names=[names.get(n, n) for n in row.victim_names],
        )

    def point(self, point: EventPoint) -> EventPoint:
        """A map point: coordinates coarsened; the title (which may name people) replaced by place and day."""
        if not self.profile.redacts:
            return point
        where = point.location or point.country or "unknown place"
        return dataclasses.replace(
            point,
            lat=coarsen(point.lat, self.profile.grid_degrees) or point.lat,
            lon=coarsen(point.lon, self.profile.grid_degrees) or point.lon,
            title=f"{where}, {point.date.isoformat() if point.date else 'undated'}",
        )

    def appearances(self, rows: list[Appearance]) -> list[Appearance]:
        """A person page: protected people are not looked up by name at all."""
        if not self.profile.pseudonyms:
            return rows
        return [r for r in rows if r.role not in {role.value for role in PROTECTED_ROLES}]

    def evidence(self, items: list[EvidenceItem]) -> list[EvidenceItem]:
        """Evidence rows: origins (URLs, file names) and metadata (EXIF GPS, mail headers) withheld."""
        if not self.profile.withhold_origins:
            return items
        return [dataclasses.replace(i, origin=WITHHELD, metadata={}) for i in items]

    def custody(self, entries: list[Entry]) -> list[Entry]:
        """Custody entries: the hashes, times and actions stay; who and the details do not."""
        if not self.profile.withhold_origins:
            return entries
        return [dataclasses.replace(e, actor="staff", details={}) for e in entries]

    def hides_from_search(self, record: Record | None, words: Iterable[str]) -> bool:
        """Whether a search hit must be dropped because a query word is a protected name
        (or part of one) in it: a redacted search must not confirm who a record names."""
        if record is None or not self.profile.pseudonyms:
            return False
        from whodid.store.sealed import normal

        protected = protected_ids(record)
        names = self.replacements(a.name for a in record.actors if a.id in protected and a.name)
        return bool({normal(w) for w in words} & {normal(n) for n in names})


def _move(offset: int, spans: list[tuple[int, int, int, int]], *, start: bool) -> int:
    """``offset`` in the original text, as an offset in the scrubbed text (an offset
    inside a replaced span goes to the replacement's start or end)."""
    shift = 0
    for old_start, old_end, new_start, new_end in spans:
        if offset <= old_start:
            break
        if offset < old_end:
            return new_start if start else new_end
        shift = new_end - old_end
    return offset + shift


def _extracted(value: Any) -> Iterable[Extracted]:
    """Every :class:`Extracted` value inside ``value`` (a record), depth first."""
    if isinstance(value, Extracted):
        yield value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name != "provenance":
                yield from _extracted(getattr(value, f.name))
    elif isinstance(value, list):
        for item in value:
            yield from _extracted(item)
