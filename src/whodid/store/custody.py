"""The chain of custody: an append-only log in which each entry hashes the one before.

An entry says who did what to which item, when (``captured``, ``ingested``,
``viewed``, ``exported``, ``edited``, ``verified``). Its ``hash`` is the SHA-256
of its canonical JSON (sorted keys, UTC timestamp with microseconds), which
includes ``prev_hash``, the hash of the entry before; the first entry's
``prev_hash`` is 64 zeros. So an edited entry no longer matches its hash, a
deleted one leaves a gap in ``seq`` and a ``prev_hash`` that names no entry, and
reordered ones break the links. Deleting the newest entries leaves a shorter but
valid chain: that is caught against the head that each append writes to a
file beside the database (:data:`HEAD_FILE`), and against any head a person
wrote down or had time-stamped.

Appends run inside the caller's write transaction, so an entry commits with the
change it records, or not at all. On PostgreSQL a transaction-scoped advisory
lock serialises appends (SQLite's write transactions already are).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from whodid.store.tables import custody

GENESIS = "0" * 64
ACTIONS = frozenset(
    {"captured", "ingested", "viewed", "exported", "edited", "verified", "linked", "unlinked"}
    # the audit of accounts shares the chain: a forged login is as visible as a forged edit
    | {"login", "login_failed", "user_added", "role_changed", "user_disabled", "totp_enabled", "keys_rotated"}
)
HEAD_FILE = "custody-head.json"
# Any constant will do, as long as nothing else in the database uses it.
CUSTODY_LOCK_KEY = 0x637573746F6479  # "custody"


@dataclass(frozen=True, slots=True)
class Entry:
    """One custody entry, as stored."""

    seq: int
    at: datetime
    actor: str
    action: str
    item_id: str | None
    details: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = GENESIS
    hash: str = ""

    def content_hash(self) -> str:
        """The SHA-256 of the entry's content, ``prev_hash`` included, ``hash`` excluded."""
        return entry_hash(
            self.seq, self.at, self.actor, self.action, self.item_id, self.details, self.prev_hash
        )


def entry_hash(
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    item_id: str | None,
    details: dict[str, Any],
    prev_hash: str,
) -> str:
    """The hash of an entry's content: canonical JSON, UTF-8, SHA-256."""
    content = {
        "seq": seq,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "item": item_id,
        "details": details,
        "prev": prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def current_actor() -> str:
    """Who is acting: ``WHODID_USER``, else the operating-system user."""
    explicit = os.environ.get("WHODID_USER", "").strip()
    if explicit:
        return explicit
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def append(
    conn: Connection,
    action: str,
    item_id: str | None,
    details: dict[str, Any] | None = None,
    *,
    actor: str | None = None,
    at: datetime | None = None,
) -> Entry:
    """Append an entry in ``conn``'s transaction and return it."""
    if action not in ACTIONS:
        raise ValueError(f"unknown custody action {action!r}; one of {sorted(ACTIONS)}")
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({CUSTODY_LOCK_KEY})")
    last = conn.execute(
        sa.select(custody.c.seq, custody.c.hash).order_by(custody.c.seq.desc()).limit(1)
    ).first()
    seq = 1 if last is None else int(last.seq) + 1
    prev = GENESIS if last is None else str(last.hash)
    # microseconds are the precision both databases keep, so the hash survives a round trip
    when = (at or datetime.now(UTC)).astimezone(UTC)
    who = actor or current_actor()
    clean = json.loads(json.dumps(details or {}, sort_keys=True, default=str))
    digest = entry_hash(seq, when, who, action, item_id, clean, prev)
    conn.execute(
        sa.insert(custody).values(
            seq=seq,
            at=when,
            actor=who,
            action=action,
            item_id=item_id,
            details=clean,
            prev_hash=prev,
            hash=digest,
        )
    )
    return Entry(seq, when, who, action, item_id, clean, prev, digest)


def entries(conn: Connection, item_id: str | None = None) -> list[Entry]:
    """The log in order, or the entries about one item."""
    query = sa.select(custody).order_by(custody.c.seq)
    if item_id is not None:
        query = query.where(custody.c.item_id == item_id)
    return [
        Entry(
            seq=int(r["seq"]),
            at=r["at"],
            actor=r["actor"],
            action=r["action"],
            item_id=r["item_id"],
            details=dict(r["details"] or {}),
            prev_hash=r["prev_hash"],
            hash=r["hash"],
        )
        for r in conn.execute(query).mappings()
    ]


@dataclass(frozen=True, slots=True)
class ChainProblem:
    """Something wrong with the log, said of the entry where it shows."""

    seq: int
    problem: str


def check_chain(log: Iterable[Entry], head: tuple[int, str] | None = None) -> list[ChainProblem]:
    """Every break in ``log`` (in ``seq`` order): edited, missing and reordered entries,
    and, given the ``head`` (seq, hash) last written down, entries cut off the end."""
    problems: list[ChainProblem] = []
    by_hash: dict[str, int] = {}
    prev_hash, prev_seq = GENESIS, 0
    rows = list(log)
    for entry in rows:
        by_hash[entry.hash] = entry.seq
    for entry in rows:
        if entry.content_hash() != entry.hash:
            problems.append(ChainProblem(entry.seq, "edited: its content no longer matches its hash"))
        if entry.seq != prev_seq + 1:
            missing = f"{prev_seq + 1}" if entry.seq == prev_seq + 2 else f"{prev_seq + 1}-{entry.seq - 1}"
            problems.append(ChainProblem(entry.seq, f"entries {missing} before it are missing"))
        if entry.prev_hash != prev_hash:
            points_to = by_hash.get(entry.prev_hash)
            if points_to is not None:
                problems.append(
                    ChainProblem(
                        entry.seq,
                        f"out of order: it follows entry {points_to}, not entry {prev_seq}",
                    )
                )
            elif entry.seq == prev_seq + 1:
                problems.append(
                    ChainProblem(entry.seq, "its link to the entry before is broken (that entry was changed)")
                )
        prev_hash, prev_seq = entry.hash, entry.seq
    if head is not None:
        head_seq, head_hash = head
        if head_seq > prev_seq:
            problems.append(
                ChainProblem(head_seq, f"entries {prev_seq + 1}-{head_seq} were cut off the end of the log")
            )
        elif by_hash.get(head_hash) != head_seq:
            problems.append(
                ChainProblem(head_seq, "the entry recorded as the head no longer has the hash written down")
            )
    return problems
