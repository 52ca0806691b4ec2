"""The linkage review pages: the queue of candidate links and one candidate, field by field.

A reviewer sees why two reports were paired (each field's values side by side,
the level reached and its weight, in the order Splink added them up) and
accepts, rejects or undoes the link with a small POST that redirects back
(post/redirect/get), as on the record review pages. Only pairs whose two
records the reviewer may see are shown; each page view is a ``viewed`` entry
for both records.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from whodid.store.accounts import User
from whodid.store.errors import NotFoundError, StoreError
from whodid.store.links import KINDS, STATUSES
from whodid.store.repository import Repository
from whodid.web.security import check_csrf, log_reads, reviewer

router = APIRouter(include_in_schema=False)
UserDep = Annotated[User, Depends(reviewer)]


@router.get("/links", response_class=HTMLResponse)
def queue(
    request: Request,
    user: UserDep,
    kind: Annotated[str | None, Query(max_length=20)] = None,
    status: Annotated[str, Query(max_length=20)] = "pending",
) -> HTMLResponse:
    from whodid.web.app import TEMPLATES

    if (kind is not None and kind not in KINDS) or status not in STATUSES:
        raise HTTPException(status_code=404)
    repo: Repository = request.app.state.repo
    rows = repo.candidates(kind, status, limit=200, access=user.access)
    log_reads(request, user, sorted({d for c in rows for d in c.documents}))
    return TEMPLATES.TemplateResponse(
        request,
        "links.html",
        {"user": user, "rows": rows, "kind": kind, "status": status, "kinds": KINDS, "statuses": STATUSES},
    )


@router.get("/links/{candidate_id}", response_class=HTMLResponse)
def candidate(request: Request, candidate_id: int, user: UserDep) -> HTMLResponse:
    from whodid.web.app import TEMPLATES

    repo: Repository = request.app.state.repo
    try:
        found = repo.candidate(candidate_id, access=user.access)
    except NotFoundError as exc:
        raise HTTPException(status_code=404) from exc
    titles = {}
    for doc in found.documents:
        document = repo.get_document(doc)
        titles[doc] = document.title or doc[:12]
    log_reads(request, user, list(found.documents))
    evidence = sorted(found.evidence, key=lambda e: -abs(float(e.get("weight") or 0)))
    return TEMPLATES.TemplateResponse(
        request,
        "link.html",
        {
            "user": user,
            "c": found,
            "evidence": evidence,
            "titles": titles,
            "error": request.query_params.get("error"),
        },
    )


@router.post("/links/{candidate_id}/decide")
def decide(
    request: Request,
    candidate_id: int,
    user: UserDep,
    action: Annotated[str, Form()],
    csrf: Annotated[str, Form()],
) -> RedirectResponse:
    check_csrf(request, csrf)
    repo: Repository = request.app.state.repo
    try:
        repo.candidate(candidate_id, access=user.access)  # only links the reviewer may see
        if action == "accept":
            repo.decide(candidate_id, True, by=user.name)
        elif action == "reject":
            repo.decide(candidate_id, False, by=user.name)
        elif action == "undo":
            repo.undo_link(candidate_id, by=user.name)
        else:
            raise HTTPException(status_code=400, detail="unknown action")
    except NotFoundError as exc:
        raise HTTPException(status_code=404) from exc
    except StoreError as exc:
        from urllib.parse import quote

        return RedirectResponse(f"/links/{candidate_id}?error={quote(str(exc))}", status_code=303)
    return RedirectResponse(f"/links/{candidate_id}", status_code=303)
