"""``jsonl``: one JSON object per report (its redacted document and full record), for scripts."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import BinaryIO

from whodid.share.formats.common import Item, Options

NAME = "jsonl"


def write(items: Iterable[Item], out: BinaryIO, options: Options, profile: str) -> list[str]:
    ids: list[str] = []
    for item in items:
        document = item.document
        entry = {
            "document": {
                "id": document.id,
                "origin": document.origin,
                "title": document.title,
                "published": document.published.isoformat() if document.published else None,
                "received_at": document.received_at.isoformat(),
                "text": document.text,
            },
            "record": item.record.to_dict() if item.record else None,
            "profile": profile,
        }
        out.write((json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))
        ids.append(item.stored.id)
    return ids
