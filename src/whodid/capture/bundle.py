"""A self-contained evidence bundle: an item, what was derived from it, and its custody.

A ZIP a court, a partner or a journalist can check without whodid:

* ``items/<sha256>``: the untouched bytes of the item and of the items it links to
  (the document a capture preserves, the attachments of a message);
* ``SHA256SUMS``: ``sha256sum -c SHA256SUMS`` re-checks every file;
* ``metadata.json``: what whodid knows of each item;
* ``custody.json``: every custody entry of those items, each with its hash and
  the hash of the entry before, and the log's head at export time;
* ``README.txt``: how to check all of it.

Written to a temporary file beside the target and renamed, so a full disk or a
crash never leaves a half bundle under the final name. The export itself is
logged (``exported``).
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whodid import __version__
from whodid.atomic import atomic_file

if TYPE_CHECKING:
    from whodid.store import Repository

README = """\
whodid evidence bundle
======================

Exported {exported} by {actor} with whodid {version}.
Main item: {main}

Check the files:        sha256sum -c SHA256SUMS
Each file in items/ is named by the SHA-256 of its bytes; the bytes are exactly
as they were first stored (never re-encoded).

Check the custody log:  each entry in custody.json has "hash", the SHA-256 of
its canonical JSON (keys sorted, no spaces, UTF-8) over the fields seq, at,
actor, action, item, details and prev, where "prev" is the hash of the entry
before it in the full log. "log_head" is the newest entry of the whole log at
export time.
"""


class BundleError(Exception):
    """A bundle that cannot be written; one line says why."""


def export_bundle(repo: Repository, item_id: str, target: Path, *, overwrite: bool = False) -> list[str]:
    """Write the bundle of ``item_id`` to ``target``; the ids it holds, main item first."""
    if target.exists() and not overwrite:
        raise BundleError(f"{target} exists; choose another name or pass --force")
    ids = _related(repo, item_id)
    metadata: dict[str, Any] = {}
    entries: list[dict[str, Any]] = []
    for i in ids:
        metadata[i] = _describe(repo, i)
        entries.extend(_entry(e) for e in repo.custody_log(i))
    log = repo.custody_log()
    head = {"seq": log[-1].seq, "hash": log[-1].hash} if log else None
    exported = datetime.now(UTC).isoformat(timespec="seconds")
    from whodid.store.custody import current_actor

    readme = README.format(exported=exported, actor=current_actor(), version=__version__, main=item_id)
    try:
        with atomic_file(target) as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as bundle:
            sums = []
            for i in ids:
                bundle.writestr(f"items/{i}", repo.evidence_bytes(i))
                sums.append(f"{i}  items/{i}\n")
            bundle.writestr("SHA256SUMS", "".join(sums))
            bundle.writestr("metadata.json", json.dumps(metadata, indent=1, ensure_ascii=False, default=str))
            custody = {"entries": sorted(entries, key=lambda e: e["seq"]), "log_head": head}
            bundle.writestr("custody.json", json.dumps(custody, indent=1, ensure_ascii=False))
            bundle.writestr("README.txt", readme)
    except OSError as exc:
        raise BundleError(f"cannot write {target}: {exc.strerror or exc}") from None
    repo.log("exported", item_id, {"bundle": target.name, "items": ids})
    return ids


def _related(repo: Repository, item_id: str) -> list[str]:
    """The item, the document it preserves, and the items derived from it or preserving it."""
    ids = [item_id]
    if repo.item_kind(item_id) == "evidence":
        item = repo.get_evidence(item_id)
        if item.document_id:
            ids.append(item.document_id)
    else:
        ids.extend(e.id for e in repo.evidence_for(item_id))
    ids.extend(e.id for e in repo.evidence_items() if e.derived_from in ids)
    return list(dict.fromkeys(ids))


def _describe(repo: Repository, item_id: str) -> dict[str, Any]:
    if repo.item_kind(item_id) == "evidence":
        return {"type": "evidence", **asdict(repo.get_evidence(item_id))}
    document = repo.get_document(item_id)
    return {
        "type": "document",
        "media_type": document.media_type,
        "origin": document.origin,
        "received_at": document.received_at.isoformat(),
        "title": document.title,
        "size_bytes": len(document.raw),
    }


def _entry(entry: Any) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": entry.actor,
        "action": entry.action,
        "item": entry.item_id,
        "details": entry.details,
        "prev": entry.prev_hash,
        "hash": entry.hash,
    }
