"""From the store to capture histories: which lists document which victim.

Multiple systems estimation needs, for every documented victim, the set of
*lists* (independent documentation projects: a rights group, a news agency, a
UN mission) that name them. Here:

- a **victim** is a named person (not a group: unnamed victims cannot be matched
  across lists) with the victim role in an event the filter selects; mentions
  of one person in several reports are one victim when a reviewer accepted the
  link (``whodid link``), or, with ``auto=True``, when the person model joins
  them at its threshold without review (faster, and an assumption the result
  states);
- a report's **list** is the ``list`` its document's metadata names (set on
  import or by the operator), else the web site it came from (the host of its
  URL), else the folder its file came from.

The lists an estimate uses are those named, or the largest ones (up to
:data:`DEFAULT_MAX_LISTS`); victims on none of them are left out, and the
result says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from whodid.analyse.mse import CaptureHistories
from whodid.model import Role

if TYPE_CHECKING:
    from whodid.model import Document
    from whodid.store.access import Access
    from whodid.store.repository import Repository
    from whodid.store.statistics import EventFilter

DEFAULT_MAX_LISTS = 5


@dataclass(frozen=True, slots=True)
class Documented:
    """Capture histories and what was left out building them."""

    histories: CaptureHistories
    victims: int  # matched victims on at least one chosen list
    mentions: int  # named victim mentions read
    dropped_lists: tuple[str, ...] = ()
    dropped_victims: int = 0  # victims only on lists left out
    auto_linked: bool = False
    notes: list[str] = field(default_factory=list)


def list_of(document: Document) -> str:
    """The list a report belongs to (see the module docstring)."""
    named = document.metadata.get("list") if isinstance(document.metadata, dict) else None
    if isinstance(named, str) and named.strip():
        return named.strip()
    origin = document.origin or ""
    parts = urlsplit(origin)
    if parts.scheme in ("http", "https") and parts.hostname:
        host = parts.hostname.lower()
        return host[4:] if host.startswith("www.") else host
    if origin.startswith("import:"):
        return origin.split("#", 1)[0]
    parent = PurePath(origin).parent.name
    return parent or "(unknown)"


def _victim_mentions(repo: Repository, where: EventFilter | None, access: Access | None) -> dict[str, str]:
    """``document:actor`` → the mention's list, for named victims of the selected events."""
    mentions: dict[str, str] = {}
    by_document: dict[str, list[int]] = {}
    for key in repo.statistics.events(where, access):
        by_document.setdefault(key.document_id, []).append(key.ordinal)
    for doc_id, ordinals in by_document.items():
        record = repo.get_record(doc_id)
        if record is None:
            continue
        listed = list_of(repo.get_document(doc_id))
        actors = {a.id: a for a in record.actors}
        for ordinal in ordinals:
            if ordinal >= len(record.events):
                continue
            for inv in record.events[ordinal].involvements:
                actor = actors.get(inv.actor_id)
                if inv.role == Role.VICTIM and actor is not None and actor.name and not actor.is_group:
                    mentions[f"{doc_id}:{actor.id}"] = listed
    return mentions


def _people(repo: Repository, mentions: dict[str, str], auto: bool, access: Access | None) -> list[set[str]]:
    """Mentions grouped into people: accepted links, and with ``auto`` the model's clusters."""
    parent = {m: m for m in mentions}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a: str, b: str) -> None:
        if a in parent and b in parent:
            parent[root(a)] = root(b)

    for group in repo.clusters("persons", access=access):
        for other in group[1:]:
            join(group[0], other)
    if auto and len(mentions) > 1:
        from whodid.link.engine import Run
        from whodid.link.persons import frame, spec
        from whodid.link.queue import person_rows

        documents = sorted({m.split(":", 1)[0] for m in mentions})
        rows = [
            row
            for d in documents
            if (record := repo.get_record(d)) is not None
            for row in person_rows(record)
            if row.id in mentions
        ]
        clusters = Run(spec(), frame(rows)).link()
        first: dict[int, str] = {}
        for uid, cluster in zip(clusters["unique_id"], clusters["cluster_id"], strict=True):
            if int(cluster) in first:
                join(str(uid), first[int(cluster)])
            else:
                first[int(cluster)] = str(uid)
    groups: dict[str, set[str]] = {}
    for m in mentions:
        groups.setdefault(root(m), set()).add(m)
    return list(groups.values())


def documented(
    repo: Repository,
    where: EventFilter | None = None,
    *,
    lists: Sequence[str] | None = None,
    max_lists: int = DEFAULT_MAX_LISTS,
    auto: bool = False,
    access: Access | None = None,
) -> Documented:
    """The capture histories of the named victims of the events ``where`` selects."""
    mentions = _victim_mentions(repo, where, access)
    if not mentions:
        raise ValueError("no named victims in the selected events: there is nothing to match across lists")
    people = _people(repo, mentions, auto, access)
    on = [{mentions[m] for m in person} for person in people]
    sizes = Counter(name for person in on for name in person)
    if lists:
        unknown = [name for name in lists if name not in sizes]
        if unknown:
            known = ", ".join(f"{n} ({c})" for n, c in sizes.most_common())
            raise ValueError(f"no named victims on list(s) {', '.join(unknown)}; lists here: {known}")
        chosen = list(dict.fromkeys(lists))
    else:
        chosen = [name for name, _ in sizes.most_common(max_lists)]
    kept = [person & set(chosen) for person in on]
    records = [person for person in kept if person]
    histories = CaptureHistories.from_records(records, sources=chosen)
    notes = []
    dropped = tuple(sorted(set(sizes) - set(chosen)))
    if dropped:
        notes.append(
            f"{len(dropped)} smaller list(s) left out ({', '.join(dropped[:5])}{'…' if len(dropped) > 5 else ''})"
        )
    if auto:
        notes.append("mentions joined by the person model without review (whodid link, --auto)")
    return Documented(
        histories,
        victims=len(records),
        mentions=len(mentions),
        dropped_lists=dropped,
        dropped_victims=len(kept) - len(records),
        auto_linked=auto,
        notes=notes,
    )
