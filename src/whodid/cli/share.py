"""``whodid export``: the record in the field's formats, redacted for its audience."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from whodid.cli.common import fail, open_repo, out


def export(
    target: Annotated[Path, typer.Argument(help="The file to write (.jsonl or .csv).")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl (whole records) or csv (the flat view).")] = "",
    profile: Annotated[
        str,
        typer.Option(
            help="full (as stored) or partner (pseudonyms, coarse coordinates, no contacts or origins; "
            "public records only)."
        ),
    ] = "full",
    force: Annotated[bool, typer.Option("--force", help="Overwrite TARGET if it exists.")] = False,
) -> None:
    """Export every report and its record; each export is logged in the custody chain."""
    from whodid.share.export import ExportError
    from whodid.share.export import export as run
    from whodid.store.errors import StoreError

    chosen = fmt or ("csv" if target.suffix.lower() == ".csv" else "jsonl")
    with open_repo() as repo:
        try:
            done = run(repo, target, fmt=chosen, profile=profile, overwrite=force)
        except (ExportError, StoreError, OSError) as exc:
            raise fail(str(exc)) from exc
    out.print(
        f"{done.count} reports exported to {done.path} ({chosen}, profile {profile}); sha256 {done.sha256}",
        highlight=False,
    )
