"""Person and organisation pages: every event a name appears in, in any role."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from whodid.store.accounts import User
from whodid.store.repository import Repository
from whodid.web.security import current_user, log_reads, redactor

router = APIRouter(include_in_schema=False)


@router.get("/people", response_class=HTMLResponse)
def person(
    request: Request,
    name: Annotated[str, Query(max_length=300)],
    user: Annotated[User, Depends(current_user)],
) -> HTMLResponse:
    from whodid.web.app import TEMPLATES

    repo: Repository = request.app.state.repo
    rows = redactor(request, user).appearances(repo.appearances(name[:300], access=user.access))
    roles = sorted({r.role for r in rows})
    log_reads(request, user, [r.document_id for r in rows])
    return TEMPLATES.TemplateResponse(
        request, "person.html", {"user": user, "name": name[:300], "rows": rows, "roles": roles}
    )
