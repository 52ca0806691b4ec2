"""``whodid link``: find reports of one incident and one person, and review the links."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from whodid.cli.common import err, fail, open_repo, out

app = typer.Typer(
    help="Link reports of one incident and mentions of one person, with review.", no_args_is_help=True
)

KIND_HELP = "persons (one person in many reports) or events (one incident in many reports)."


@app.command("run")
def run(
    kind: Annotated[str, typer.Argument(help=KIND_HELP)] = "persons",
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Queue pairs at least this probable.")
    ] = 0.5,
) -> None:
    """Score pairs across the store with Splink and queue the likely ones for review."""
    from whodid.link.queue import fill
    from whodid.store.errors import StoreError

    if kind not in ("persons", "events"):
        raise fail(f"{kind!r} is not a kind of link; persons or events")
    with open_repo() as repo, err.status(f"linking {kind}…"):
        try:
            done = fill(repo, kind, threshold=threshold)
        except StoreError as exc:
            raise fail(str(exc)) from exc
    model = (
        "trained on this store" if done.trained else "shipped with whodid (the store is too small to train)"
    )
    out.print(
        f"{done.rows} {kind} rows; {done.pairs} pairs ≥ {threshold:g}: {done.added} new, "
        f"{done.updated} re-scored; model {model}",
        highlight=False,
    )


@app.command("queue")
def queue(
    kind: Annotated[str | None, typer.Option(help=KIND_HELP)] = None,
    status: Annotated[str, typer.Option(help="pending, accepted or rejected.")] = "pending",
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
) -> None:
    """Candidate links, most probable first."""
    from whodid.store.errors import StoreError

    with open_repo() as repo:
        try:
            found = repo.candidates(kind, status, limit=limit)
        except StoreError as exc:
            raise fail(str(exc)) from exc
    if not found:
        out.print(f"no {status} candidates")
        return
    table = Table("id", "kind", "prob.", "left", "right", "strongest evidence")
    for c in found:
        top = sorted(c.evidence, key=lambda e: -abs(float(e.get("weight") or 0)))[:2]
        summary = "; ".join(f"{e['field']}: {e['level']} ({float(e['weight']):+.1f})" for e in top)
        table.add_row(
            str(c.id), c.kind, f"{c.probability:.3f}", _label(c, "left"), _label(c, "right"), summary
        )
    out.print(table)


def _label(candidate: object, side: str) -> str:
    from whodid.store.links import Candidate

    assert isinstance(candidate, Candidate)
    ident = candidate.left_id if side == "left" else candidate.right_id
    doc, _, rest = ident.partition(":")
    first = candidate.evidence[0] if candidate.evidence else {}
    value = first.get(side)
    shown = value if isinstance(value, str) else ""
    return f"{doc[:12]}:{rest} {shown}".strip()


@app.command("show")
def show(
    candidate_id: Annotated[int, typer.Argument(help="The candidate's id (see `whodid link queue`).")],
) -> None:
    """A candidate's evidence field by field: each side's value, the level reached, its weight."""
    from whodid.store.errors import NotFoundError

    with open_repo() as repo:
        try:
            c = repo.candidate(candidate_id)
        except NotFoundError as exc:
            raise fail(str(exc)) from exc
    out.print(
        f"candidate {c.id} ({c.kind}): {c.left_id[:12]}… ↔ {c.right_id[:12]}…  "
        f"probability {c.probability:.3f}, match weight {c.weight:+.2f}, {c.status}",
        highlight=False,
    )
    table = Table("field", "left", "right", "level", "weight (log2 BF)")
    for e in c.evidence:
        table.add_row(
            str(e["field"]),
            _cell(e.get("left")),
            _cell(e.get("right")),
            str(e["level"]),
            f"{float(e['weight']):+.2f}",
        )
    out.print(table)


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def _decide(ids: list[int], accept: bool | None) -> None:
    from whodid.store.errors import NotFoundError, StoreError

    with open_repo() as repo:
        for cid in ids:
            try:
                c = repo.undo_link(cid) if accept is None else repo.decide(cid, accept)
            except (NotFoundError, StoreError) as exc:
                raise fail(str(exc)) from exc
            out.print(f"candidate {c.id}: {c.status}", highlight=False)


@app.command("accept")
def accept(ids: Annotated[list[int], typer.Argument(help="Candidate ids.")]) -> None:
    """Accept candidates: their records count as one incident or one person (audited)."""
    _decide(ids, True)


@app.command("reject")
def reject(ids: Annotated[list[int], typer.Argument(help="Candidate ids.")]) -> None:
    """Reject candidates: they are different (audited)."""
    _decide(ids, False)


@app.command("undo")
def undo(ids: Annotated[list[int], typer.Argument(help="Candidate ids.")]) -> None:
    """Take decisions back: a merge comes apart, the candidate returns to the queue (audited)."""
    _decide(ids, None)


@app.command("clusters")
def clusters(kind: Annotated[str, typer.Argument(help=KIND_HELP)] = "events") -> None:
    """Records joined by accepted links: each incident or person with all its sources."""
    from whodid.store.errors import StoreError

    with open_repo() as repo:
        try:
            groups = repo.clusters(kind)
        except StoreError as exc:
            raise fail(str(exc)) from exc
        if not groups:
            out.print(f"no accepted {kind} links yet")
            return
        for n, group in enumerate(groups, 1):
            out.print(f"[bold]{kind[:-1]} {n}[/]: {len(group)} reports")
            for ident in group:
                doc, _, rest = ident.partition(":")
                document = repo.get_document(doc)
                title = document.title or document.origin
                out.print(f"  {doc[:12]}:{rest}  {title}", highlight=False, markup=False)
