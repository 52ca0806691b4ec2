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
    role: Annotated[
        str, typer.Option(help="admin, coordinator, researcher, reviewer or partner.")
    ] = "reviewer",
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


@app.command("list")
def list_users() -> None:
    """Every account: role, state, when it was made."""
    from rich.table import Table

    with open_repo() as repo:
        rows = repo.list_users()
    table = Table()
    for col in ("name", "role", "state", "created (UTC)"):
        table.add_column(col)
    for user, created, locked in rows:
        state = "disabled" if user.disabled else f"locked until {locked:%H:%M}" if locked else "active"
        table.add_row(user.name, user.role, state, f"{created:%Y-%m-%d %H:%M}")
    out.print(table)


@app.command("role")
def role(
    name: Annotated[str, typer.Argument(help="The user.")],
    new_role: Annotated[str, typer.Argument(help="admin, coordinator, researcher, reviewer or partner.")],
) -> None:
    """Change a user's role (recorded in the audit log)."""
    from whodid.store.errors import StoreError

    with open_repo() as repo:
        try:
            repo.set_role(name, new_role)
        except StoreError as exc:
            raise fail(str(exc)) from exc
    out.print(f"user {name} is now {new_role}", highlight=False)


@app.command("disable")
def disable(name: Annotated[str, typer.Argument(help="The user.")]) -> None:
    """Disable a user: no more logins, and their open sessions stop (recorded in the audit log)."""
    from whodid.store.errors import StoreError

    with open_repo() as repo:
        try:
            repo.disable_user(name)
        except StoreError as exc:
            raise fail(str(exc)) from exc
    out.print(f"user {name} is disabled", highlight=False)


@app.command("totp")
def totp(name: Annotated[str, typer.Argument(help="The user.")]) -> None:
    """Give a user a second factor: prints the otpauth:// link for an authenticator app, once."""
    from whodid.store.errors import StoreError

    with open_repo() as repo:
        try:
            uri = repo.enable_totp(name)
        except StoreError as exc:
            raise fail(str(exc)) from exc
    out.print("Add this to the user's authenticator app (it is not shown again):", highlight=False)
    typer.echo(uri)
