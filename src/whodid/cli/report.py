"""``whodid report``: documented counts, a map, a timeline and the incidents, as HTML and/or PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from whodid.cli.common import fail, open_repo, out


def _day(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise fail(f"{option} takes a date as YYYY-MM-DD, not {value!r}") from exc


def report(
    target: Annotated[
        Path, typer.Argument(help="The file to write; with --format both, OUT.html and OUT.pdf.")
    ],
    fmt: Annotated[
        str, typer.Option("--format", help="html, pdf or both (default: from OUT's suffix, else both).")
    ] = "",
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3 code, e.g. SYR.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Incidents on or after YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Incidents on or before YYYY-MM-DD.")] = None,
    act: Annotated[str | None, typer.Option(help="Act type, e.g. arbitrary_detention.")] = None,
    perpetrator_type: Annotated[str | None, typer.Option(help="e.g. state_forces.")] = None,
    victim_type: Annotated[str | None, typer.Option(help="e.g. journalists.")] = None,
    profile: Annotated[
        str,
        typer.Option(
            help="full (as stored) or partner (public records only; pseudonyms, coarse coordinates, "
            "no origins)."
        ),
    ] = "full",
    title: Annotated[str, typer.Option(help="The report's title.")] = "",
    force: Annotated[bool, typer.Option("--force", help="Overwrite files that exist.")] = False,
    with_estimate: Annotated[
        bool,
        typer.Option(
            "--estimate",
            help="Attach a multiple systems estimate of the named victims (as `whodid estimate`).",
        ),
    ] = False,
) -> None:
    """Write a report of documented incidents for a filter; it is logged in the custody chain."""
    from whodid.share.report import ReportError, write_report
    from whodid.store.errors import StoreError
    from whodid.store.statistics import EventFilter

    suffix = target.suffix.lower()
    chosen = fmt or {".pdf": "pdf", ".html": "html", ".htm": "html"}.get(suffix, "both")
    where = EventFilter(
        country=country.upper() if country else None,
        act_type=act,
        perpetrator_type=perpetrator_type,
        victim_type=victim_type,
        date_from=_day(date_from, "--from"),
        date_to=_day(date_to, "--to"),
    )
    with open_repo() as repo:
        estimates = []
        if with_estimate:
            from whodid.analyse.estimate import estimate_victims
            from whodid.store.access import Access

            try:
                # estimated over what the profile's audience may see, like the counts beside it
                access = Access("(export)", "partner") if profile == "partner" else None
                estimates.append(estimate_victims(repo, where, access=access).attached())
            except ValueError as exc:
                out.print(f"no estimate attached: {exc}", highlight=False)
        try:
            written = write_report(
                repo,
                target,
                fmt=chosen,
                where=where,
                profile=profile,
                title=title,
                overwrite=force,
                estimates=estimates,
            )
        except (ReportError, StoreError, OSError) as exc:
            raise fail(str(exc)) from exc
    for w in written:
        out.print(
            f"{w.format} report written to {w.path} (profile {profile}); sha256 {w.sha256}", highlight=False
        )
