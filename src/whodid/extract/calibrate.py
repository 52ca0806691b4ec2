"""The ``calibrate`` stage: rewrite each value's confidence so that it means what it says.

The stages score their findings with hand-set confidences (0.75 for an act with
its arguments, 0.5 for an actor, ...). Those are rankings, not probabilities.
This stage maps each raw confidence through a monotone map learned on the
development cases (``whodid calibrate``, see :mod:`whodid.eval.calibration`),
so that over all values with confidence near p, about p of them are right.

The maps are data, shipped in ``calibration.json`` next to this module, one per
kind of value (its *key*): ``date`` for a date, ``place:<feature>`` for a place,
``event`` for an event, ``perpetrator:<type>`` or
``victim:<type>`` for an involvement (an actor's part in the event), ``victim
named`` for a named victim, ``act:<type>`` for an act.
A key with a detail falls back to its kind (``act:torture`` -> ``act``) when
that detail had too few judgements to fit its own map. A value with no key, or
whose key has no map, keeps its confidence.

The same raw confidence means different things in a short log entry and in a
long report (a long report names more people, and more of them in passing), so
maps are also fitted per *document kind* (:func:`document_kind`: ``short`` or
``long``, by the length of the document's text) under keys ``<key>@<kind>``.
A value of a long document looks up ``act:killing@long``, then ``act@long``,
then the pooled ``act:killing``, then ``act`` (see :meth:`Calibration.lookup`);
a kind whose family had too few judgements has no ``@kind`` maps for it, so its
values go through the pooled maps.

The maps must be refitted whenever extraction changes what the raw confidences
mean or how often values are right (``whodid calibrate CASES.jsonl ... --out
src/whodid/extract/calibration.json``).
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from whodid.extract.pipeline import Analysis, stage
from whodid.model import Actor, Event, Extracted, Involvement, Place, Record, Role

DEFAULT_PATH = Path(__file__).with_name("calibration.json")
# /2 added the per-kind maps (keys ``<key>@<kind>``); a /1 file still loads (pooled maps only).
FORMAT = "whodid-calibration/2"
READABLE_FORMATS = ("whodid-calibration/1", FORMAT)
# Calibrated confidences stay off 0 and 1: a few hundred judgements cannot
# justify certainty, and the review UI should still be able to ask.
FLOOR, CEILING = 0.02, 0.98


# A document whose text has at least this many characters is "long". The development
# cases fall in two groups with a wide gap between them: short log entries (the
# longest 621 characters, three quarters under 260) and reports of one incident
# (the shortest about 900, most 1,700-2,200). 750 sits in the gap, near the
# geometric middle of its ends, and is about a paragraph of news prose (120-130
# words): a text longer than a paragraph has the structure of a report (boilerplate,
# background, several people named). Text extraction trims a few per cent of
# whitespace and boilerplate, far from moving a text across the gap.
LONG_TEXT = 750
KINDS = ("short", "long")
KIND_SEPARATOR = "@"


def document_kind(text: str) -> str:
    """``long`` for a text of at least :data:`LONG_TEXT` characters (stripped), else ``short``.

    The calibrate stage calls it on ``analysis.document.text`` and the fitting
    (:func:`whodid.eval.calibration.judge`) on each case's text, so a value is
    put through the maps of the kind it was fitted as.
    """
    return "long" if len(text.strip()) >= LONG_TEXT else "short"


def kind_key(key: str, kind: str) -> str:
    """The key of ``key``'s map for documents of ``kind`` (``act:killing@long``)."""
    return f"{key}{KIND_SEPARATOR}{kind}"


def _clip(p: float) -> float:
    return min(CEILING, max(FLOOR, p))


@dataclass(frozen=True)
class FieldMap:
    """A monotone map from raw to calibrated confidence for one field.

    ``isotonic``: piecewise linear through the points ``(x[i], y[i])``, flat
    beyond the ends. ``platt``: ``sigmoid(a * logit(raw) + b)``.
    """

    kind: str
    n: int
    x: tuple[float, ...] = ()
    y: tuple[float, ...] = ()
    a: float = 1.0
    b: float = 0.0

    def __call__(self, raw: float) -> float:
        if self.kind == "isotonic":
            return _clip(_interpolate(raw, self.x, self.y))
        if self.kind == "platt":
            z = math.log(_clip(raw) / (1 - _clip(raw)))
            return _clip(1 / (1 + math.exp(-(self.a * z + self.b))))
        raise ValueError(f"unknown calibration map kind {self.kind!r}")

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "n": self.n}
        if self.kind == "isotonic":
            data.update(x=list(self.x), y=list(self.y))
        else:
            data.update(a=self.a, b=self.b)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FieldMap:
        kind = str(data["kind"])
        if kind == "isotonic":
            x = tuple(float(v) for v in data["x"])
            y = tuple(float(v) for v in data["y"])
            if not x or len(x) != len(y) or list(x) != sorted(x) or list(y) != sorted(y):
                raise ValueError("an isotonic map needs matching, non-decreasing x and y")
            return cls(kind=kind, n=int(data["n"]), x=x, y=y)
        if kind == "platt":
            a = float(data["a"])
            if a < 0:
                raise ValueError("a Platt map with a < 0 would not be monotone")
            return cls(kind=kind, n=int(data["n"]), a=a, b=float(data["b"]))
        raise ValueError(f"unknown calibration map kind {kind!r}")


def _interpolate(p: float, xs: tuple[float, ...], ys: tuple[float, ...]) -> float:
    if p <= xs[0]:
        return ys[0]
    if p >= xs[-1]:
        return ys[-1]
    i = bisect.bisect_right(xs, p)
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (p - x0) / (x1 - x0)


@dataclass
class Calibration:
    """The maps of all fields, plus what they were fitted on."""

    maps: dict[str, FieldMap] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def lookup(self, key: str, kind: str | None = None) -> FieldMap | None:
        """The map for ``key`` in a document of ``kind``: the first that exists of
        ``key@kind``, ``family@kind``, ``key``, ``family`` (``act:killing@long``,
        ``act@long``, ``act:killing``, ``act``).

        The kind's own maps come first: a family with ``@kind`` maps was fitted on
        enough judgements of that kind, and a detail it did not see is better served
        by the kind's family map than by the pooled one, which mostly follows the
        other kind. Without ``kind`` (or without maps for it) the pooled maps.
        """
        family = key.split(":", 1)[0]
        candidates = [key, family]
        if kind is not None:
            candidates = [kind_key(key, kind), kind_key(family, kind), *candidates]
        for candidate in candidates:
            found = self.maps.get(candidate)
            if found is not None:
                return found
        return None

    def apply(self, key: str | None, raw: float, kind: str | None = None) -> float:
        """``raw`` through the map of ``key`` for documents of ``kind`` (unchanged when none)."""
        m = self.lookup(key, kind) if key else None
        return raw if m is None else round(m(raw), 4)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            **self.meta,
            "fields": {k: self.maps[k].to_dict() for k in sorted(self.maps)},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Calibration:
        if data.get("format") not in READABLE_FORMATS:
            raise ValueError(f"not a {FORMAT} file")
        maps = {str(k): FieldMap.from_dict(v) for k, v in (data.get("fields") or {}).items()}
        meta = {k: v for k, v in data.items() if k not in ("format", "fields")}
        return cls(maps=maps, meta=meta)

    @classmethod
    def load(cls, path: str | Path) -> Calibration:
        with open(path, encoding="utf-8") as f:
            return cls.from_dict(json.load(f))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")


@cache
def default_calibration() -> Calibration:
    """The shipped maps (none when the file is missing: confidences stay raw)."""
    if not DEFAULT_PATH.exists():
        return Calibration()
    return Calibration.load(DEFAULT_PATH)


# --- which map each value's confidence goes through ------------------------------------------
#
# A map is keyed by the kind of value, not by the flat field, because one value can
# stand behind two fields and has one confidence: a place gives the country and the
# coordinates, the event gives the ACLED type and the fatalities, a victim gives a
# name and a type. Such a value's map is fitted on the judgements of all the fields
# it gives (see whodid.eval.calibration.fit). A key ``kind:detail`` falls back to
# ``kind`` when there were too few judgements to fit a map of its own.


def place_key(place: Place) -> str:
    """A place's confidence speaks for its country and its coordinates alike."""
    return f"place:{place.feature}"


def event_key(event: Event) -> str:
    """The event's confidence speaks for its ACLED type and its fatalities."""
    return "event"


def involvement_key(record: Record, involvement: Involvement) -> str | None:
    """An involvement's confidence speaks for the actor's part: perpetrator or victim, of its type.

    The flat record's ``perpetrators[].type`` and ``victims[].type`` are this claim.
    """
    kind = {Role.PERPETRATOR: "perpetrator", Role.VICTIM: "victim"}.get(involvement.role)
    if kind is None:
        return None
    actor_type = next((a.type for a in record.actors if a.id == involvement.actor_id), None)
    return f"{kind}:{actor_type}" if actor_type else kind


def actor_key(record: Record, actor: Actor) -> str | None:
    """A named victim's confidence speaks for the name (is this person a victim?).

    Other actors' confidences are not judged by any field and stay as they are.
    """
    named = actor.name is not None and not actor.is_group
    victim = any(
        i.actor_id == actor.id and i.role == Role.VICTIM for e in record.events for i in e.involvements
    )
    return "victim named" if named and victim else None


def act_key(act_type: str) -> str:
    return f"act:{act_type}"


def keyed_values(record: Record) -> Iterator[tuple[str | None, Extracted]]:
    """Every value of ``record`` that carries a confidence, once each, with its key."""
    seen: set[int] = set()

    def once(key: str | None, value: Extracted | None) -> Iterator[tuple[str | None, Extracted]]:
        if value is not None and id(value) not in seen:
            seen.add(id(value))
            yield key, value

    for event in record.events:
        yield from once(event_key(event), event)
        yield from once("date", event.start)
        yield from once("date", event.end)
        for place in event.places:
            yield from once(place_key(place), place)
        for act in event.acts:
            yield from once(act_key(act.type), act)
            yield from once("date", act.date)
            if act.place is not None:
                yield from once(place_key(act.place), act.place)
        for involvement in event.involvements:
            yield from once(involvement_key(record, involvement), involvement)
    for actor in record.actors:
        yield from once(actor_key(record, actor), actor)


def apply(record: Record, calibration: Calibration, kind: str | None = None) -> Record:
    """Rewrite, in place, the confidence of every value of ``record`` that has a map.

    ``kind`` is the :func:`document_kind` of the record's document (None: pooled maps).
    """
    for key, value in keyed_values(record):
        value.confidence = calibration.apply(key, value.confidence, kind)
    return record


@stage("calibrate")
def calibrate(analysis: Analysis) -> Analysis:
    """Map the record's confidences through the shipped maps of the document's kind."""
    if analysis.record is not None:
        apply(analysis.record, default_calibration(), document_kind(analysis.document.text))
    return analysis
