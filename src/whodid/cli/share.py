"""``whodid export`` and ``whodid import``: the record in the field's formats, redacted for its audience."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from whodid.cli.common import fail, open_repo, out

FORMAT_HELP = (
    "jsonl (whole records, a line each), csv (the flat view), json (whole records and evidence, "
    "for another whodid), acled-csv (ACLED's columns), geojson (a map layer), huridocs (related "
    "tables in a ZIP), uwazi-csv (Uwazi's CSV import)."
)
DATE_HELP = (
    "The Uwazi collection's date format: YYYY/MM/DD, YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY or DD-MM-YYYY."
)


def _default_format(target: Path) -> str:
    suffix = target.suffix.lower()
    return {".csv": "csv", ".geojson": "geojson"}.get(suffix, "jsonl")


def export(
    target: Annotated[Path, typer.Argument(help="The file to write.")],
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "",
    profile: Annotated[
        str,
        typer.Option(
            help="full (as stored) or partner (pseudonyms, coarse coordinates, no contacts or origins; "
            "public records only)."
        ),
    ] = "full",
    force: Annotated[bool, typer.Option("--force", help="Overwrite TARGET if it exists.")] = False,
    columns: Annotated[
        str | None,
        typer.Option("--columns", help="Tabular formats: the columns to write, comma-separated (a,b,c)."),
    ] = None,
    attachments: Annotated[
        bool,
        typer.Option("--attachments", help="json, huridocs: a ZIP with each document's evidence bytes."),
    ] = False,
    date_format: Annotated[str, typer.Option("--date-format", help=DATE_HELP)] = "YYYY/MM/DD",
) -> None:
    """Export every report and its record; each export is logged in the custody chain."""
    from whodid.share.export import ExportError
    from whodid.share.export import export as run
    from whodid.store.errors import StoreError

    chosen = fmt or _default_format(target)
    picked = [c.strip() for c in columns.split(",") if c.strip()] if columns is not None else None
    with open_repo() as repo:
        try:
            done = run(
                repo,
                target,
                fmt=chosen,
                profile=profile,
                overwrite=force,
                columns=picked,
                attachments=attachments,
                date_format=date_format,
            )
        except (ExportError, StoreError, OSError) as exc:
            raise fail(str(exc)) from exc
    out.print(
        f"{done.count} reports exported to {done.path} ({chosen}, profile {profile}); sha256 {done.sha256}",
        highlight=False,
    )


def import_(
    source: Annotated[Path, typer.Argument(help="A json, acled-csv, huridocs (.zip) or uwazi-csv export.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="json, acled-csv, huridocs or uwazi-csv (default: from the file)."),
    ] = None,
    date_format: Annotated[str, typer.Option("--date-format", help=DATE_HELP)] = "YYYY/MM/DD",
) -> None:
    """Import records from a file; the whole file is checked before anything is stored."""
    from whodid.share.imports import BadImport, import_file
    from whodid.store.errors import StoreError

    with open_repo() as repo:
        try:
            done = import_file(repo, source, fmt, date_format=date_format)
        except BadImport as exc:
            raise fail(f"{exc}; nothing was imported") from exc
        except StoreError as exc:
            raise fail(str(exc)) from exc
    for label, doc_id, why in done.skipped:
        out.print(f"skipped {label}: {why} ({doc_id[:12]})", highlight=False)
    out.print(
        f"{len(done.added)} documents imported from {source.name} ({done.format}); "
        f"{len(done.skipped)} skipped",
        highlight=False,
    )
