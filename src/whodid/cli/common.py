"""What every command module of the CLI shares: the consoles, failing, opening the store."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.console import Console

if TYPE_CHECKING:
    from whodid.share.views import Viewer
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


AS_HELP = "Show what this web user would see: their levels, grants and redaction (default: everything)."


def viewer(repo: Repository, name: str | None) -> Viewer:
    """The view of user ``name`` (``--as``), or the operator's when ``None``."""
    from whodid.share.views import viewer_for

    if name is None:
        return viewer_for(repo, None)
    user = repo.get_user(name)
    if user is None:
        raise fail(f"no user {name!r} (whodid user list)")
    return viewer_for(repo, user)
