"""How the CLI prints documents, records and scores (Rich), kept apart from the commands.

Values from documents are hostile: they are printed with markup disabled so a
report containing ``[bold]`` or escape sequences cannot restyle the terminal.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from whodid.eval.score import Scores
from whodid.model import Document, Record, Role, to_flat

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x1b]")


def safe(text: object) -> str:
    """Text from a document, with control characters removed and Rich markup escaped."""
    return escape(CONTROL.sub("", str(text)))


def redact_url(url: str) -> str:
    """A database URL with its password hidden."""
    return re.sub(r"(://[^:/@]+:)[^@]+@", r"\1***@", url)


def summary_line(document: Document, record: Record | None, is_new: bool) -> str:
    """One line per ingested document: id, what it reports, where from."""
    status = "stored" if is_new else "already stored"
    parts = [f"[bold]{document.id[:12]}[/]", status]
    event = record.main_event if record else None
    if event is not None:
        acts = sorted({a.type for a in event.acts})
        if event.start:
            parts.append(event.start.start.isoformat())
        if event.places and event.places[0].name:
            parts.append(safe(event.places[0].name))
        if acts:
            parts.append(", ".join(acts))
        victims = (
            [record.actor(i.actor_id).label for i in event.involvements if i.role == Role.VICTIM]
            if record
            else []
        )
        if victims:
            parts.append("victims: " + safe(", ".join(victims[:3])))
    parts.append(f"[dim]{safe(document.origin)}[/]")
    return " · ".join(parts)


def document_dict(document: Document) -> dict[str, Any]:
    """The document's metadata as JSON (not the raw bytes)."""
    return {
        "id": document.id,
        "media_type": document.media_type,
        "origin": document.origin,
        "received_at": document.received_at.isoformat(),
        "title": document.title,
        "published": document.published.isoformat() if document.published else None,
        "size_bytes": len(document.raw),
        "text": document.text,
        "metadata": document.metadata,
    }


def _span(value: Any) -> str:
    p = getattr(value, "provenance", None)
    if p is None:
        return ""
    text = p.text.strip().replace("\n", " ")
    return f"[dim]@{p.start}-{p.end} “{safe(text[:90])}{'…' if len(text) > 90 else ''}”[/]"


def show(console: Console, document: Document, record: Record | None) -> None:
    """The full record with the provenance and confidence of every value."""
    console.print(f"[bold]Document[/] {document.id}")
    console.print(f"  origin {safe(document.origin)} · {document.media_type} · {len(document.raw)} bytes")
    console.print(
        f"  received {document.received_at.isoformat()} · published {document.published or 'unknown'}"
    )
    if record is None or record.main_event is None:
        console.print("  no record extracted")
        return
    for n, event in enumerate(record.events, 1):
        console.print(f"\n[bold]Event {n}[/]: {safe(event.title)}")
        if event.start:
            console.print(
                f"  date {event.start.start} ({event.start.precision}) conf {event.start.confidence:.2f} {_span(event.start)}"
            )
        for place in event.places:
            where = ", ".join(safe(x) for x in (place.site, place.name, place.admin1, place.country) if x)
            console.print(
                f"  place {where} ({place.lat}, {place.lon}) precision {place.geo_precision} {_span(place)}"
            )
        console.print(
            f"  ACLED {event.acled_event_type} / {event.acled_sub_event_type} · fatalities {event.fatalities}"
        )
        table = Table("act", "perpetrators", "victims", "conf", "from the text", show_lines=False)
        for act in event.acts:
            table.add_row(
                act.type + (" (attempted)" if act.attempted else ""),
                safe(", ".join(record.actor(i).label for i in act.perpetrator_ids)),
                safe(", ".join(record.actor(i).label for i in act.victim_ids)),
                f"{act.confidence:.2f}",
                _span(act),
            )
        console.print(table)
        roles = Table("actor", "role", "type", "count", "from the text")
        for inv in event.involvements:
            actor = record.actor(inv.actor_id)
            roles.add_row(
                safe(actor.label), inv.role.value, actor.type or "", str(actor.count or ""), _span(actor)
            )
        console.print(roles)
    for s in record.sources:
        console.print(f"source: {s.kind} by {safe(s.by or '?')} on {safe(s.where or '?')} {_span(s)}")
    for i in record.interventions:
        console.print(f"intervention: {safe(i.party)} ({i.kind}) {safe(i.content or '')}")
    console.print("\n[bold]Flat view[/]")
    console.print_json(data=to_flat(record, document.id[:12]))


def scores(console: Console, s: Scores, misses: int) -> None:
    """One line per field, act P/R/F1, then up to ``misses`` misses per field."""
    for name, f in s.fields.items():
        console.print(f"{name:40s} {f.ok:4d}/{f.n:<4d} {f.rate:6.1%}", highlight=False)
    p, r, f1 = s.acts_prf
    console.print(f"{'acts P/R/F1':40s} {p:.3f} / {r:.3f} / {f1:.3f}", highlight=False)
    if misses:
        for name, f in s.fields.items():
            if f.misses:
                console.print(f"\n[bold]misses: {name}[/]")
                for m in f.misses[:misses]:
                    console.print("  " + safe(m), highlight=False)
