"""``whodid user``: the accounts that log in to the web app."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from whodid.cli.common import fail, open_repo, out

app = typer.Typer(help="Accounts for the web app.", no_args_is_help=True)


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The user name (letters, digits, . _ @ -).")],
    role: Annotated[str, typer.Option(help="admin, reviewer or viewer.")] = "reviewer",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input (scripts).")
    ] = False,
) -> None:
    """Add a user; the password is asked twice (or read from standard input) and kept as an Argon2 hash."""
    from whodid.store.errors import StoreError

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with open_repo() as repo:
        try:
            user = repo.add_user(name, password, role)
        except StoreError as exc:
            raise fail(str(exc)) from exc
    out.print(f"user {user.name} added ({user.role})", highlight=False)
