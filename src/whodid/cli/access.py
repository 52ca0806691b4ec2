"""``whodid level`` and ``whodid grant``: who may see a record in the web app and the API.

The command line itself is the operator's: whoever holds the master key and the
database sees every record there, so these commands set what the *accounts* see.
"""

from __future__ import annotations

from typing import Annotated

import typer

from whodid.cli.common import fail, open_repo, out


def level(
    document_id: Annotated[str, typer.Argument(help="A document id or its first 6+ characters.")],
    new_level: Annotated[str, typer.Argument(help="public, internal, restricted or confidential.")],
) -> None:
    """Set a record's confidentiality level (recorded in the audit log).

    Partners see public records; reviewers up to internal; researchers up to
    restricted; coordinators and admins all. New records are internal.
    """
    from whodid.store.errors import StoreError

    with open_repo() as repo:
        try:
            full = repo.resolve_id(document_id)
            repo.set_level(full, new_level)
        except StoreError as exc:
            raise fail(str(exc)) from exc
    out.print(f"{full[:12]} is now {new_level}", highlight=False)


def grant(
    document_id: Annotated[str, typer.Argument(help="A document id or its first 6+ characters.")],
    user: Annotated[str, typer.Argument(help="The user who may see it whatever its level.")],
    revoke: Annotated[bool, typer.Option("--revoke", help="Take the grant back.")] = False,
) -> None:
    """Let one user see one record whatever its level, or take that back (audited)."""
    from whodid.store.errors import StoreError

    with open_repo() as repo:
        try:
            full = repo.resolve_id(document_id)
            if repo.get_user(user) is None:
                raise fail(f"no user {user!r} (whodid user list)")
            if revoke:
                repo.revoke(full, user)
            else:
                repo.grant(full, user)
        except StoreError as exc:
            raise fail(str(exc)) from exc
    verb = "may no longer see" if revoke else "may now see"
    out.print(f"{user} {verb} {full[:12]}", highlight=False)
