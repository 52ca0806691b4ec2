"""What every command module of the CLI shares: the consoles, failing, opening the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.console import Console

if TYPE_CHECKING:
    from whodid.store import Repository

out = Console()
err = Console(stderr=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one error line on standard error; raise what this returns to exit."""
    from rich.markup import escape

    # messages quote file names, URLs and document text: never let them act as markup
    err.print(
        f"[bold red]error:[/] {escape(''.join(c if c.isprintable() else ' ' for c in message))}",
        highlight=False,
    )
    return typer.Exit(code)


def open_repo() -> Repository:
    """The configured store (the import stays lazy: ``--help`` must not load SQLAlchemy)."""
    from whodid.store.repository import Repository

    return Repository.open()
