"""``whodid keys``: the master key of the encryption at rest."""

from __future__ import annotations

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
