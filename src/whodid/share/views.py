"""What one person may be shown: the same access and redaction for the web, the API and the CLI.

A viewer is an :class:`~whodid.store.access.Access` (which records) and a
:class:`~whodid.protect.redact.Redactor` (how they are shown). The web app
builds one from the logged-in user; ``whodid show/list/search --as USER``
builds the same one from a user name, so an operator can check what a
partner will see before sharing anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from whodid.protect.redact import PROFILES, Redactor, profile_for_role
from whodid.store.access import Access
from whodid.store.sealed import WORD

if TYPE_CHECKING:
    from whodid.store.accounts import User
    from whodid.store.repository import Repository
    from whodid.store.summaries import RecordSummary


@dataclass(frozen=True, slots=True)
class Viewer:
    access: Access | None
    redactor: Redactor


def viewer_for(repo: Repository, user: User | None) -> Viewer:
    """The view of ``user``; ``None`` is the operator, who sees the store as it is."""
    if user is None:
        return Viewer(None, Redactor(PROFILES["full"], repo.pseudonym))
    return Viewer(user.access, Redactor(profile_for_role(user.role), repo.pseudonym))


def search(repo: Repository, viewer: Viewer, query: str, limit: int = 50) -> list[RecordSummary]:
    """Search as ``viewer``: only records they may see, redacted, and never a hit that
    would confirm a protected name to a redacted profile."""
    rows = repo.search(query, limit=limit, access=viewer.access)
    red = viewer.redactor
    if red.profile.pseudonyms:
        words = WORD.findall(query)
        rows = [r for r in rows if not red.hides_from_search(repo.get_record(r.document_id), words)]
    return [red.summary(r) for r in rows]
