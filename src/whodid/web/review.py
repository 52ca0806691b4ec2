"""The review pages: an inbox (least confident first) and a record beside its source text.

Each decision is a small POST (accept, reject, correct, add a victim, mark
reviewed) that saves the record, its correction rows and a custody entry, then
redirects back (post/redirect/get), so the browser's back button and a reload
never repeat a decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from whodid.model import Record
from whodid.model.vocab import ACT_TYPES, PERPETRATOR_TYPES, VICTIM_TYPES
from whodid.review import (
    FieldView,
    ReviewError,
    add_act,
    add_victim,
    decide,
    fields,
    min_confidence,
    set_date,
)
from whodid.store.accounts import User
from whodid.store.errors import StoreError
from whodid.store.repository import Repository
from whodid.web.security import check_csrf, log_reads, reviewer

router = APIRouter(include_in_schema=False)  # pages, not API: /api/v1 is the documented interface
UserDep = Annotated[User, Depends(reviewer)]  # every review page and decision needs a reviewing role


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of the source text, highlighted when a field was read from it."""

    text: str
    start: int
    field: str | None


def pieces(text: str, views: list[FieldView]) -> list[Piece]:
    """The text cut at the fields' spans; where spans overlap, the earlier one wins."""
    spans = sorted((v.start, v.end, v.id) for v in views if v.start is not None and v.end is not None)
    out: list[Piece] = []
    at = 0
    for start, end, field_id in spans:
        if start < at or end <= start or end > len(text):
            continue
        if start > at:
            out.append(Piece(text[at:start], at, None))
        out.append(Piece(text[start:end], start, field_id))
        at = end
    if at < len(text):
        out.append(Piece(text[at:], at, None))
    return out


def _load(repo: Repository, document_id: str, user: User) -> tuple[str, Record]:
    try:
        full = repo.resolve_id(document_id, user.access)
    except StoreError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    record = repo.get_record(full)
    if record is None:
        raise HTTPException(status_code=404, detail="this document has no record to review")
    return full, record


@router.get("/review", response_class=HTMLResponse)
def inbox(request: Request, user: UserDep) -> HTMLResponse:
    from whodid.web.app import TEMPLATES

    repo: Repository = request.app.state.repo
    rows = []
    for record in repo.unreviewed(limit=200, access=user.access):
        confidence = min_confidence(record)
        event = record.main_event
        rows.append(
            {
                "id": record.document_id,
                "confidence": confidence,
                "pending": sum(1 for f in fields(record) if f.review == "suggested"),
                "title": event.title if event else "(no event)",
                "acts": sorted({a.type for a in event.acts}) if event else [],
            }
        )
    log_reads(request, user, [str(r["id"]) for r in rows])
    return TEMPLATES.TemplateResponse(request, "inbox.html", {"rows": rows, "user": user})


@router.get("/review/{document_id}", response_class=HTMLResponse)
def review_page(request: Request, document_id: str, user: UserDep, error: str | None = None) -> HTMLResponse:
    from whodid.web.app import TEMPLATES

    repo: Repository = request.app.state.repo
    full, record = _load(repo, document_id, user)
    document = repo.get_document(full)
    views = fields(record)
    reviewed_at, reviewed_by = repo.review_state(full)
    following = next(
        (r.document_id for r in repo.unreviewed(limit=1, exclude=full, access=user.access)), None
    )
    repo.log("viewed", full, {"via": "web", "page": "review"}, actor=user.name)
    return TEMPLATES.TemplateResponse(
        request,
        "review.html",
        {
            "user": user,
            "document": document,
            "record": record,
            "fields": views,
            "pieces": pieces(document.text, views),
            "victim_types": VICTIM_TYPES,
            "act_types": ACT_TYPES,
            "has_date": bool(record.main_event and record.main_event.start),
            "actor_types": sorted(set(VICTIM_TYPES) | set(PERPETRATOR_TYPES)),
            "reviewed_at": reviewed_at,
            "reviewed_by": reviewed_by,
            "history": repo.corrections_for(full)[-20:],
            "next_id": following,
            "error": error,
        },
    )


def _span(start: str, end: str) -> tuple[int, int] | None:
    if not start or not end:
        return None
    try:
        return int(start), int(end)
    except ValueError:
        raise HTTPException(status_code=400, detail="the selected span is not a pair of offsets") from None


@router.post("/review/{document_id}/decide")
def decide_field(
    request: Request,
    document_id: str,
    user: UserDep,
    field: Annotated[str, Form()],
    action: Annotated[str, Form()],
    csrf: Annotated[str, Form()],
    value: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    span_start: Annotated[str, Form()] = "",
    span_end: Annotated[str, Form()] = "",
) -> RedirectResponse:
    check_csrf(request, csrf)
    repo: Repository = request.app.state.repo
    full, record = _load(repo, document_id, user)
    text = repo.get_document(full).text
    try:
        correction = decide(
            record,
            field,
            action,
            value=value or None,
            kind=kind or None,
            span=_span(span_start, span_end),
            text=text,
        )
    except ReviewError as exc:
        return _back(full, error=str(exc))
    repo.save_review(record, [correction], user.name)
    return _back(full, anchor=field)


@router.post("/review/{document_id}/victims")
def add_missing_victim(
    request: Request,
    document_id: str,
    user: UserDep,
    name: Annotated[str, Form()],
    kind: Annotated[str, Form()],
    csrf: Annotated[str, Form()],
    span_start: Annotated[str, Form()] = "",
    span_end: Annotated[str, Form()] = "",
) -> RedirectResponse:
    check_csrf(request, csrf)
    repo: Repository = request.app.state.repo
    full, record = _load(repo, document_id, user)
    text = repo.get_document(full).text
    try:
        correction = add_victim(record, name, kind, _span(span_start, span_end), text)
    except ReviewError as exc:
        return _back(full, error=str(exc))
    repo.save_review(record, [correction], user.name)
    return _back(full, anchor=correction.field)


@router.post("/review/{document_id}/acts")
def add_missing_act(
    request: Request,
    document_id: str,
    user: UserDep,
    kind: Annotated[str, Form()],
    csrf: Annotated[str, Form()],
    span_start: Annotated[str, Form()] = "",
    span_end: Annotated[str, Form()] = "",
) -> RedirectResponse:
    check_csrf(request, csrf)
    repo: Repository = request.app.state.repo
    full, record = _load(repo, document_id, user)
    text = repo.get_document(full).text
    try:
        correction = add_act(record, kind, _span(span_start, span_end), text)
    except ReviewError as exc:
        return _back(full, error=str(exc))
    repo.save_review(record, [correction], user.name)
    return _back(full, anchor=correction.field)


@router.post("/review/{document_id}/date")
def add_missing_date(
    request: Request,
    document_id: str,
    user: UserDep,
    value: Annotated[str, Form()],
    csrf: Annotated[str, Form()],
    span_start: Annotated[str, Form()] = "",
    span_end: Annotated[str, Form()] = "",
) -> RedirectResponse:
    check_csrf(request, csrf)
    repo: Repository = request.app.state.repo
    full, record = _load(repo, document_id, user)
    text = repo.get_document(full).text
    try:
        correction = set_date(record, value, _span(span_start, span_end), text)
    except ReviewError as exc:
        return _back(full, error=str(exc))
    repo.save_review(record, [correction], user.name)
    return _back(full, anchor="date")


@router.post("/review/{document_id}/done")
def mark_done(
    request: Request, document_id: str, user: UserDep, csrf: Annotated[str, Form()]
) -> RedirectResponse:
    check_csrf(request, csrf)
    repo: Repository = request.app.state.repo
    full, _ = _load(repo, document_id, user)
    repo.mark_reviewed(full, user.name)
    following = next((r.document_id for r in repo.unreviewed(limit=1, access=user.access)), None)
    return RedirectResponse(f"/review/{following}" if following else "/review", status_code=303)


def _back(document_id: str, *, anchor: str | None = None, error: str | None = None) -> RedirectResponse:
    from urllib.parse import quote

    url = f"/review/{document_id}"
    if error:
        url += f"?error={quote(error)}"
    if anchor:
        url += f"#f-{quote(anchor)}"
    return RedirectResponse(url, status_code=303)
