"""``whodid keys``: the master key of the encryption at rest."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from whodid.cli.common import fail, open_repo, out

app = typer.Typer(help="The master key of the encryption at rest.", no_args_is_help=True)


@app.command("rotate")
def rotate() -> None:
    """Replace the master key file; every data key is rewrapped under the new one (audited)."""
    from whodid.store.errors import StoreError

    with open_repo() as repo:
        try:
            repo.rotate_master()
        except StoreError as exc:
            raise fail(str(exc)) from exc
    out.print("master key rotated; the data keys are rewrapped. Back up the new master.key.", highlight=False)


@app.command("new")
def new() -> None:
    """Print a fresh master key (for WHODID_MASTER_KEY); stores nothing."""
    from whodid.protect.keys import new_master_text

    typer.echo(new_master_text())


def backup(target: Annotated[Path, typer.Argument(help="The backup file to write.")]) -> None:
    """Write an encrypted, verifiable backup of the whole store (database rows, originals, log)."""
    from whodid.store.errors import StoreError

    with open_repo() as repo:
        try:
            manifest = repo.backup_to(target)
        except StoreError as exc:
            raise fail(str(exc)) from exc
    counts = ", ".join(f"{n} {t}" for t, n in manifest["tables"].items() if n)
    out.print(f"wrote {target}: {counts}; restoring it needs this store's master key", highlight=False)


def restore(
    source: Annotated[Path, typer.Argument(help="A backup written by whodid backup.", exists=True)],
) -> None:
    """Restore a backup into this (empty) store, check every file, and verify the result."""
    from whodid.store.errors import StoreError

    with open_repo() as repo:
        try:
            repo.restore_from(source)
        except StoreError as exc:
            raise fail(str(exc)) from exc
    out.print(f"restored {source}; every original and the custody log verify", highlight=False)
