"""The JSON API: what the pages show, for scripts and other tools, documented by OpenAPI.

Read-only for now (decisions go through the review pages and their CSRF
tokens); the same login as the pages (the session cookie). Listings are paged
with ``limit`` and ``offset`` and say where the next page starts. Every
response is a declared model, so ``/openapi.json`` describes exactly what comes
back, and schemathesis checks it in the tests.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, BeforeValidator, Field

from whodid.review import fields, min_confidence
from whodid.store.accounts import User
from whodid.store.errors import StoreError
from whodid.store.repository import Repository
from whodid.store.summaries import RecordSummary
from whodid.web.security import current_user, log_reads, redactor, reviewer, search_for


class Problem(BaseModel):
    detail: str


router = APIRouter(
    prefix="/api/v1",
    tags=["api"],
    responses={
        401: {"model": Problem, "description": "Not logged in"},
        422: {"description": "Invalid parameters"},
    },
)
UserDep = Annotated[User, Depends(current_user)]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]


class Summary(BaseModel):
    """One record in a listing: its document and the main event."""

    document_id: str
    title: str | None
    origin: str
    date: dt.date | None
    country: str | None
    location: str | None
    acts: list[str]
    perpetrator_types: list[str]
    victim_names: list[str]
    fatalities: int | None


class SummaryPage(BaseModel):
    items: list[Summary]
    limit: int
    offset: int
    next_offset: int | None = Field(description="Where the next page starts; null on the last page.")


class DocumentOut(BaseModel):
    id: str
    media_type: str
    origin: str
    received_at: dt.datetime
    title: str | None
    published: dt.date | None
    text: str


class RecordOut(BaseModel):
    document: DocumentOut
    record: dict[str, Any] | None = Field(description="The full record (the domain model as JSON).")
    reviewed_at: dt.datetime | None
    reviewed_by: str | None


class InboxItem(BaseModel):
    document_id: str
    least_confidence: float
    pending_fields: int
    title: str


class StatsOut(BaseModel):
    documents: int
    records: int
    events: int
    actors: int
    by_country: dict[str, int]
    by_act_type: dict[str, int]
    by_perpetrator_type: dict[str, int]


def _iso_day(value: object) -> object:
    """Only YYYY-MM-DD is a date here (pydantic would also take "0" as 1970-01-01)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


Day = Annotated[dt.date, BeforeValidator(_iso_day)]


def _summary(s: RecordSummary) -> Summary:
    return Summary(
        document_id=s.document_id,
        title=s.title,
        origin=s.origin,
        date=s.date,
        country=s.country,
        location=s.location,
        acts=list(s.acts),
        perpetrator_types=list(s.perpetrator_types),
        victim_names=list(s.victim_names),
        fatalities=s.fatalities,
    )


def _page(rows: list[RecordSummary], limit: int, offset: int) -> SummaryPage:
    more = len(rows) > limit
    return SummaryPage(
        items=[_summary(r) for r in rows[:limit]],
        limit=limit,
        offset=offset,
        next_offset=offset + limit if more else None,
    )


@router.get("/records", response_model=SummaryPage, summary="List records, newest first, with filters")
def list_records(
    request: Request,
    user: UserDep,
    limit: Limit = 50,
    offset: Offset = 0,
    country: Annotated[str | None, Query(max_length=3, pattern="^[A-Za-z]{3}$")] = None,
    act: Annotated[str | None, Query(max_length=64)] = None,
    perpetrator_type: Annotated[str | None, Query(max_length=64)] = None,
    date_from: Annotated[Day | None, Query(alias="from", description="YYYY-MM-DD")] = None,
    date_to: Annotated[Day | None, Query(alias="to", description="YYYY-MM-DD")] = None,
    victim_type: Annotated[str | None, Query(max_length=64)] = None,
    review: Annotated[Literal["to-review", "reviewed"] | None, Query()] = None,
) -> SummaryPage:
    repo: Repository = request.app.state.repo
    rows = repo.list_records(
        country=country.upper() if country else None,
        act_type=act,
        perpetrator_type=perpetrator_type,
        victim_type=victim_type,
        reviewed=None if review is None else review == "reviewed",
        date_from=date_from,
        date_to=date_to,
        limit=limit + 1,
        offset=offset,
        access=user.access,
    )
    red = redactor(request, user)
    page = _page([red.summary(r) for r in rows], limit, offset)
    log_reads(request, user, [r.document_id for r in page.items])
    return page


class Point(BaseModel):
    document_id: str
    lat: float
    lon: float
    location: str | None
    country: str | None
    date: dt.date | None
    title: str


@router.get("/map/points", response_model=list[Point], summary="Events with coordinates, for maps")
def map_points(
    request: Request,
    user: UserDep,
    country: Annotated[str | None, Query(max_length=3, pattern="^[A-Za-z]{3}$")] = None,
    act: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=20_000)] = 5000,
) -> list[Point]:
    repo: Repository = request.app.state.repo
    red = redactor(request, user)
    rows = [
        red.point(p)
        for p in repo.event_points(
            country=country.upper() if country else None, act_type=act, limit=limit, access=user.access
        )
    ]
    log_reads(request, user, [p.document_id for p in rows])
    return [
        Point(
            document_id=p.document_id,
            lat=p.lat,
            lon=p.lon,
            location=p.location,
            country=p.country,
            date=p.date,
            title=p.title,
        )
        for p in rows
    ]


class Appearance(BaseModel):
    document_id: str
    name: str
    type: str | None
    role: str
    title: str
    date: dt.date | None


@router.get("/people", response_model=list[Appearance], summary="Every event a name appears in, in any role")
def people(
    request: Request, user: UserDep, name: Annotated[str, Query(min_length=1, max_length=300)]
) -> list[Appearance]:
    repo: Repository = request.app.state.repo
    rows = redactor(request, user).appearances(repo.appearances(name, access=user.access))
    log_reads(request, user, [a.document_id for a in rows])
    return [
        Appearance(
            document_id=a.document_id, name=a.name, type=a.type, role=a.role, title=a.title, date=a.date
        )
        for a in rows
    ]


class TimelineBin(BaseModel):
    month: str
    act_type: str
    events: int


@router.get("/timeline", response_model=list[TimelineBin], summary="Events per month and act type")
def timeline(request: Request, user: UserDep) -> list[TimelineBin]:
    from collections import Counter

    counts: Counter[tuple[str, str]] = Counter()
    for day, act, n in request.app.state.repo.acts_by_day(user.access):
        counts[(f"{day:%Y-%m}", act)] += n
    return [TimelineBin(month=m, act_type=a, events=n) for (m, a), n in sorted(counts.items())]


class Item(BaseModel):
    id: str
    kind: str
    media_type: str
    size_bytes: int
    origin: str
    captured_at: dt.datetime


class CustodyEntry(BaseModel):
    seq: int
    at: dt.datetime
    actor: str
    action: str
    item_id: str | None
    prev_hash: str
    hash: str


class Evidence(BaseModel):
    items: list[Item]
    custody: list[CustodyEntry]


@router.get(
    "/records/{document_id}/evidence",
    response_model=Evidence,
    responses={404: {"model": Problem}},
    summary="What is preserved with a report, and its chain of custody",
)
def evidence(request: Request, user: UserDep, document_id: str) -> Evidence:
    repo: Repository = request.app.state.repo
    try:
        full = repo.resolve_id(document_id, user.access)
    except StoreError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    red = redactor(request, user)
    return Evidence(
        items=[
            Item(
                id=i.id,
                kind=i.kind,
                media_type=i.media_type,
                size_bytes=i.size_bytes,
                origin=i.origin,
                captured_at=i.captured_at,
            )
            for i in red.evidence(repo.evidence_for(full))
        ],
        custody=[
            CustodyEntry(
                seq=e.seq,
                at=e.at,
                actor=e.actor,
                action=e.action,
                item_id=e.item_id,
                prev_hash=e.prev_hash,
                hash=e.hash,
            )
            for e in red.custody(repo.custody_log(full))
        ],
    )


@router.get("/search", response_model=SummaryPage, summary="Full-text search over reports and records")
def search(
    request: Request,
    user: UserDep,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    limit: Limit = 50,
) -> SummaryPage:
    page = _page(search_for(request, user, q, limit + 1), limit, 0)
    log_reads(request, user, [r.document_id for r in page.items])
    return page


@router.get(
    "/records/{document_id}",
    response_model=RecordOut,
    responses={404: {"model": Problem}},
    summary="One record with its document",
)
def get_record(request: Request, user: UserDep, document_id: str) -> RecordOut:
    repo: Repository = request.app.state.repo
    try:
        full = repo.resolve_id(document_id, user.access)
        document = repo.get_document(full)
    except StoreError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    red = redactor(request, user)
    document, record = red.document_and_record(document, repo.get_record(full))
    reviewed_at, reviewed_by = repo.review_state(full)
    if red.profile.withhold_origins and reviewed_by:
        reviewed_by = "staff"  # a redacted view names no staff (as in its custody log)
    repo.log("viewed", full, {"via": "api", "route": "record"}, actor=user.name)
    return RecordOut(
        document=DocumentOut(
            id=document.id,
            media_type=document.media_type,
            origin=document.origin,
            received_at=document.received_at,
            title=document.title,
            published=document.published,
            text=document.text,
        ),
        record=record.to_dict() if record else None,
        reviewed_at=reviewed_at,
        reviewed_by=reviewed_by,
    )


@router.get(
    "/review/inbox", response_model=list[InboxItem], summary="Unreviewed records, least confident first"
)
def inbox(request: Request, user: Annotated[User, Depends(reviewer)], limit: Limit = 50) -> list[InboxItem]:
    repo: Repository = request.app.state.repo
    items = [
        InboxItem(
            document_id=r.document_id,
            least_confidence=round(min_confidence(r), 4),
            pending_fields=sum(1 for f in fields(r) if f.review == "suggested"),
            title=r.main_event.title if r.main_event else "",
        )
        for r in repo.unreviewed(limit=limit, access=user.access)
    ]
    log_reads(request, user, [i.document_id for i in items])
    return items


@router.get("/stats", response_model=StatsOut, summary="Counts over the whole store")
def stats(request: Request, user: UserDep) -> StatsOut:
    s = request.app.state.repo.stats(user.access)
    return StatsOut(
        documents=s.documents,
        records=s.records,
        events=s.events,
        actors=s.actors,
        by_country=s.by_country,
        by_act_type=s.by_act_type,
        by_perpetrator_type=s.by_perpetrator_type,
    )
