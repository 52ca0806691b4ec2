"""The ``whodid`` command line: a thin layer that parses, calls the library and prints.

Every command is a call into ``whodid.ingest``, ``whodid.extract``,
``whodid.store`` or ``whodid.eval``; nothing here decides what a record says.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from whodid import __version__
from whodid.cli import access, analyse, audit, keys, link, preserve, render, report, share, users
from whodid.cli.common import AS_HELP, err, fail, open_repo, out, viewer

if TYPE_CHECKING:
    from whodid.store import RecordSummary, Repository

T = TypeVar("T")
app = typer.Typer(
    name="whodid",
    help="Code human-rights incident reports into who-did-what-to-whom records, offline.",
    no_args_is_help=True,
    add_completion=False,
)
_fail = fail
_repo = open_repo


def _progress(items: Iterable[T], total: int, what: str) -> Iterator[T]:
    """Items as they come, with a progress bar on standard error when it is a terminal."""
    if not err.is_terminal or total < 2:
        yield from items
        return
    with Progress(
        TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True
    ) as progress:
        task = progress.add_task(what, total=total)
        for item in items:
            yield item
            progress.advance(task)


def _expand(paths: list[str]) -> list[str]:
    """Files named, and the files inside folders named (sorted, hidden ones skipped)."""
    found: list[str] = []
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            found.extend(
                str(f)
                for f in sorted(path.rglob("*"))
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(path).parts)
            )
        else:
            found.append(p)
    return found


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for standard input.")],
    extract: Annotated[bool, typer.Option(help="Extract a record from each document.")] = True,
) -> None:
    """Store reports as evidence (content-addressed), extract their records, print a summary each."""
    from whodid.ingest import IngestError, ingest_path, read_stream

    files = _expand(paths)
    extractor = None
    if extract:
        from whodid.extract import Extractor

        extractor = Extractor()
    failures = 0
    with (
        _repo() as repo,
        Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=len(files) < 2 or not err.is_terminal,
        ) as progress,
    ):
        task = progress.add_task("ingesting", total=len(files))
        for name in files:
            try:
                document = read_stream(sys.stdin.buffer, "stdin") if name == "-" else ingest_path(name)
                record = extractor.extract(document) if extractor else None
                is_new = repo.add(document, record)
                out.print(render.summary_line(document, record, is_new), highlight=False)
            except IngestError as exc:
                # not a report: an image, an email, an archive is still evidence to keep
                if name == "-" or not preserve.media_file(repo, name, extractor):
                    failures += 1
                    err.print(f"[bold red]error:[/] {name}: {exc}", highlight=False)
            progress.advance(task)
    if failures:
        err.print(f"{failures} of {len(files)} inputs failed; the others were stored.")
        raise typer.Exit(1)


@app.command()
def show(
    document_id: Annotated[
        str, typer.Argument(help="A document id or a unique prefix of at least 4 characters.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full record as JSON.")] = False,
    as_user: Annotated[str | None, typer.Option("--as", help=AS_HELP)] = None,
) -> None:
    """Show a stored record with the provenance of every value."""
    from whodid.store.errors import StoreError

    with _repo() as repo:
        view = viewer(repo, as_user)
        try:
            full_id = repo.resolve_id(document_id, view.access)
            document = repo.get_document(full_id)
        except StoreError as exc:
            raise _fail(str(exc)) from exc
        document, record = view.redactor.document_and_record(document, repo.get_record(full_id))
        items = view.redactor.evidence(repo.evidence_for(full_id))
        repo.log("viewed", full_id, {"command": "show", **({"as": as_user} if as_user else {})})
    if as_json:
        payload = {
            "document": render.document_dict(document),
            "record": record.to_dict() if record else None,
            "evidence": [
                {"id": i.id, "kind": i.kind, "media_type": i.media_type, "origin": i.origin} for i in items
            ],
        }
        out.print_json(json.dumps(payload))
        return
    render.show(out, document, record)
    if items:
        out.rule("preserved with this report")
        for item in items:
            out.print(
                f"{item.id[:12]}  {item.kind}  {item.media_type}  {item.size_bytes:,} bytes  "
                f"captured {item.captured_at:%Y-%m-%d %H:%M} UTC  {item.origin}",
                highlight=False,
            )
        out.print("(whodid evidence ID prints an item's metadata and chain of custody)")


def _summaries_table(rows: list[RecordSummary]) -> Table:
    table = Table(show_lines=False)
    table.add_column("id", no_wrap=True, min_width=10)
    table.add_column("date", no_wrap=True, min_width=10)
    for col in ("country", "place", "acts", "victims", "title"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            r.document_id[:10],
            r.date.isoformat() if r.date else "",
            r.country or "",
            r.location or "",
            ", ".join(r.acts),
            ", ".join(r.victim_names[:3]),
            (r.title or r.origin or "")[:60],
        )
    return table


def _log_listing(repo: Repository, command: str, rows: list[RecordSummary], as_user: str | None) -> None:
    """A listing shows names and places: one ``viewed`` entry saying which reports (as the web does)."""
    details = {"command": command, "documents": [r.document_id[:16] for r in rows[:500]], "shown": len(rows)}
    repo.log("viewed", None, details | ({"as": as_user} if as_user else {}))


@app.command("list")
def list_records(
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3 code, e.g. KAZ.")] = None,
    act: Annotated[str | None, typer.Option(help="Act type, e.g. arbitrary_detention.")] = None,
    perpetrator_type: Annotated[str | None, typer.Option(help="e.g. state_forces.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    as_user: Annotated[str | None, typer.Option("--as", help=AS_HELP)] = None,
) -> None:
    """List stored records, newest incident first, with filters."""
    try:
        start = date.fromisoformat(date_from) if date_from else None
        end = date.fromisoformat(date_to) if date_to else None
    except ValueError as exc:
        raise _fail(f"dates are YYYY-MM-DD: {exc}") from exc
    with _repo() as repo:
        view = viewer(repo, as_user)
        rows = repo.list_records(
            country=country.upper() if country else None,
            act_type=act,
            perpetrator_type=perpetrator_type,
            date_from=start,
            date_to=end,
            limit=limit,
            access=view.access,
        )
        rows = [view.redactor.summary(r) for r in rows]
        _log_listing(repo, "list", rows, as_user)
    out.print(_summaries_table(rows))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find in reports and records.")],
    as_user: Annotated[str | None, typer.Option("--as", help=AS_HELP)] = None,
) -> None:
    """Full-text search over documents and their records."""
    from whodid.share import views

    with _repo() as repo:
        rows = views.search(repo, viewer(repo, as_user), query)
        _log_listing(repo, "search", rows, as_user)
    out.print(_summaries_table(rows))


@app.command()
def extract(
    cases: Annotated[
        Path, typer.Argument(help="A JSONL case file (shared/gold-format.md).", exists=True, dir_okay=False)
    ],
    flat: Annotated[bool, typer.Option("--flat", help="Print the flat record (the scored view).")] = False,
) -> None:
    """Extract one record per input line to standard output, in input order; no database."""
    from whodid.eval.cases import CaseFileError, read_cases

    try:
        items = read_cases(cases)
    except CaseFileError as exc:
        raise _fail(str(exc)) from exc
    from whodid.eval.cases import extract_records
    from whodid.model import to_flat

    records = extract_records(items)
    for case, record in _progress(zip(items, records, strict=True), len(items), "extracting"):
        if flat:
            row = to_flat(record, case.id)
        else:
            row = {"id": case.id, "record": record.to_dict() if record else None}
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


@app.command("eval")
def evaluate(
    cases: Annotated[Path, typer.Argument(help="A JSONL case file with gold.", exists=True, dir_okay=False)],
    misses: Annotated[int, typer.Option(help="Print up to N misses per field.")] = 0,
    reliability: Annotated[
        bool, typer.Option("--reliability", help="Print each field's reliability table.")
    ] = False,
) -> None:
    """Score extraction against gold cases: one line per field, then calibration per field."""
    from whodid.cli import render_calibration
    from whodid.eval.calibration import judge_all
    from whodid.eval.cases import CaseFileError, extract_records, read_cases
    from whodid.eval.score import score
    from whodid.model import to_flat

    try:
        items = read_cases(cases)
    except CaseFileError as exc:
        raise _fail(str(exc)) from exc
    records = list(_progress(extract_records(items), len(items), "extracting"))
    predictions = {case.id: to_flat(record, case.id) for case, record in zip(items, records, strict=True)}
    render.scores(out, score(items, predictions), misses)
    render_calibration.section(out, judge_all(items, records), reliability)


@app.command()
def calibrate(
    cases: Annotated[
        list[Path], typer.Argument(help="JSONL case files with gold.", exists=True, dir_okay=False)
    ],
    out_path: Annotated[Path, typer.Option("--out", help="Where to write the calibration maps (JSON).")],
    folds: Annotated[int, typer.Option(min=2, max=20, help="Folds of the cross-validated ECE.")] = 5,
    reliability: Annotated[
        bool, typer.Option("--reliability", help="Print each field's reliability table.")
    ] = False,
) -> None:
    """Fit the confidence calibration maps on gold cases; print ECE raw, fitted and cross-validated."""
    from whodid.cli import render_calibration
    from whodid.eval.calibration import calibrate_cases
    from whodid.eval.cases import CaseFileError, read_cases

    try:
        sets = [(path.name, read_cases(path)) for path in cases]
    except CaseFileError as exc:
        raise _fail(str(exc)) from exc
    result = calibrate_cases(sets, folds=folds)
    if not result.judgements:
        raise _fail("no judgements: the cases need gold")
    result.calibration.save(out_path)
    render_calibration.run(out, result, str(out_path), folds, reliability)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Serve the web app: log in, review, browse, map and the JSON API (accounts: whodid user add)."""
    import uvicorn

    from whodid.web.app import create_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(
            f"[bold yellow]warning:[/] serving on {host} without TLS: passwords and records cross the "
            "network in the clear. Put a TLS proxy in front, or serve on 127.0.0.1.",
            highlight=False,
        )
    out.print(f"whodid {__version__} serving on http://{host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")


@app.command()
def info() -> None:
    """Where whodid keeps its data, which database and model it uses, what the store holds."""
    from whodid.config import load_settings
    from whodid.extract.nlp import DEFAULT_MODEL, MODELS

    settings = load_settings()
    out.print(f"whodid {__version__}")
    out.print(f"home:     {settings.home}")
    out.print(f"database: {render.redact_url(settings.database_url)}")
    name, version = MODELS[DEFAULT_MODEL][1:]
    out.print(f"model:    en_{name} {version} (package {MODELS[DEFAULT_MODEL][0]})")
    with _repo() as repo:
        out.print(f"records:  {repo.count()}")


app.add_typer(users.app, name="user")
app.add_typer(keys.app, name="keys")
app.add_typer(link.app, name="link")
app.command()(keys.backup)
app.command()(keys.restore)
app.command()(audit.audit)
app.command()(access.level)
app.command()(access.grant)
app.command()(share.export)
app.command()(analyse.estimate)
app.command(name="import")(share.import_)
app.command()(report.report)
app.command()(preserve.capture)
app.command()(preserve.verify)
app.command()(preserve.evidence)
app.command()(preserve.bundle)
app.command()(preserve.timestamp)


if __name__ == "__main__":
    app()
