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

    A document without a record counts as internal.
    """
    if access is None:
        return sa.true()
    if document_id is records.c.document_id:
        level: sa.ColumnElement[str] = records.c.level  # the query is over records already
    else:
        # an alias, so the subquery never correlates to (or shadows) an outer ``records``
        own = records.alias("own_record")
        level = sa.select(own.c.level).where(own.c.document_id == document_id).scalar_subquery()
    by_level = sa.func.coalesce(level, DEFAULT_LEVEL).in_(access.levels)
    granted = sa.exists().where(grants.c.document_id == document_id, grants.c.user_name == access.user)
    return sa.or_(by_level, granted)
