"""Who may see which record: confidentiality levels, clearances and per-record grants.

Every record has a level: public, internal, restricted or confidential. A role's
clearance is the set of levels it sees (admins and coordinators all, researchers
up to restricted, reviewers up to internal, partners only public); a grant lets
one user see one document whatever its level. :func:`visible` is the one SQL
condition every query path applies (lists, search, map, people, dashboard,
review queue, single records), so no path can forget it. ``None`` stands for
the local operator at the command line, who holds the keys and sees everything.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from whodid.store.tables import documents, grants, records

LEVELS = ("public", "internal", "restricted", "confidential")
DEFAULT_LEVEL = "internal"
CLEARANCE: dict[str, tuple[str, ...]] = {
    "admin": LEVELS,
    "coordinator": LEVELS,
    "researcher": ("public", "internal", "restricted"),
    "reviewer": ("public", "internal"),
    "partner": ("public",),
}


@dataclass(frozen=True, slots=True)
class Access:
    """A web or API user's view of the store."""

    user: str
    role: str

    @property
    def levels(self) -> tuple[str, ...]:
        return CLEARANCE.get(self.role, ())


def visible(
    access: Access | None, document_id: sa.ColumnElement[str] = documents.c.id
) -> sa.ColumnElement[bool]:
    """The condition that a document (by its id column) may be seen with ``access``.

    A document without a record counts as internal. The subqueries are
    uncorrelated (``correlate(None)``), so the database runs each once per query,
    not once per row, and they never bind to an outer ``records``.
    """
    if access is None or set(access.levels) >= set(LEVELS):
        return sa.true()
    cleared = sa.select(records.c.document_id).where(records.c.level.in_(access.levels)).correlate(None)
    granted = sa.select(grants.c.document_id).where(grants.c.user_name == access.user).correlate(None)
    conditions = [document_id.in_(cleared), document_id.in_(granted)]
    if DEFAULT_LEVEL in access.levels:
        conditions.append(document_id.not_in(sa.select(records.c.document_id).correlate(None)))
    return sa.or_(*conditions)
