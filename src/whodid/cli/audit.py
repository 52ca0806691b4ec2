"""``whodid audit``: query the tamper-evident log of logins, changes, views and exports."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from whodid.cli.common import fail, open_repo, out
from whodid.cli.render import safe

if TYPE_CHECKING:
    from whodid.store.custody import Entry


def audit(
    action: Annotated[
        str | None, typer.Option(help="Only this action (login, login_failed, edited, viewed...).")
    ] = None,
    actor: Annotated[str | None, typer.Option(help="Only what this person did.")] = None,
    item: Annotated[
        str | None, typer.Option(help="Only entries about this document or evidence item (id prefix).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Only entries from this day on (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100_000)] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """The chain of custody and audit log, newest last, filtered; `whodid verify` proves it intact."""
    try:
        start = datetime.fromisoformat(since).replace(tzinfo=UTC) if since else None
    except ValueError as exc:
        raise fail(f"--since takes YYYY-MM-DD: {exc}") from exc
    with open_repo() as repo:
        entries = repo.custody_log()
    picked = [
        e
        for e in entries
        if (action is None or e.action == action)
        and (actor is None or e.actor == actor)
        and (item is None or _about(e, item.lower()))
        and (start is None or e.at >= start)
    ][-limit:]
    if as_json:
        for e in picked:
            row = {"seq": e.seq, "at": e.at.isoformat(), "actor": e.actor, "action": e.action}
            row |= {"item": e.item_id, "details": e.details, "hash": e.hash}
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    table = Table()
    for col in ("#", "when (UTC)", "who", "action", "item", "details"):
        table.add_column(col, overflow="fold")
    for e in picked:
        table.add_row(
            str(e.seq),
            f"{e.at:%Y-%m-%d %H:%M:%S}",
            safe(e.actor),
            e.action,
            (e.item_id or "")[:12],
            safe(json.dumps(e.details, ensure_ascii=False)[:120]),
        )
    out.print(table)


def _about(entry: Entry, prefix: str) -> bool:
    """Whether an entry concerns the item: its own item, or a listing that showed it."""
    if (entry.item_id or "").startswith(prefix):
        return True
    shown = entry.details.get("documents") if entry.item_id is None else None
    return isinstance(shown, list) and any(str(d).startswith(prefix[:16]) for d in shown)
