"""The dashboard: events per month by act type, and counts by country, act and perpetrator.

Every bar is a link to the records it counts (the record list takes the same
filters), drawn as SVG on the server: no chart library, no script, nothing that
a Content Security Policy has to allow.
"""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from whodid.store.accounts import User
from whodid.store.repository import Repository
from whodid.web.security import current_user

router = APIRouter(include_in_schema=False)
UserDep = Annotated[User, Depends(current_user)]
MAX_MONTHS = 36
PALETTE = 8  # act types get css classes s0..s7 in a fixed order of frequency


@dataclass(frozen=True, slots=True)
class Segment:
    act: str
    count: int
    y: float
    height: float
    shade: int
    link: str


@dataclass(frozen=True, slots=True)
class Month:
    label: str
    total: int
    x: float
    segments: list[Segment]


def _month_range(day: date) -> tuple[str, str]:
    last = calendar.monthrange(day.year, day.month)[1]
    return f"{day:%Y-%m}-01", f"{day:%Y-%m}-{last:02d}"


def timeline(rows: list[tuple[date, str, int]], height: float = 100.0) -> tuple[list[Month], list[str]]:
    """Stacked monthly bars (the last :data:`MAX_MONTHS` months with events) and the act order."""
    by_month: dict[date, Counter[str]] = defaultdict(Counter)
    for day, act, n in rows:
        by_month[date(day.year, day.month, 1)][act] += n
    months = sorted(by_month)[-MAX_MONTHS:]
    totals = Counter[str]()
    for m in months:
        totals.update(by_month[m])
    order = [a for a, _ in totals.most_common()]
    peak = max((sum(by_month[m].values()) for m in months), default=1)
    out = []
    for i, m in enumerate(months):
        start, end = _month_range(m)
        y = height
        segments = []
        for act in order:
            n = by_month[m][act]
            if not n:
                continue
            h = height * n / peak
            y -= h
            link = "/?" + urlencode({"act": act, "from": start, "to": end})
            segments.append(Segment(act, n, round(y, 2), round(h, 2), order.index(act) % PALETTE, link))
        out.append(Month(f"{m:%Y-%m}", sum(by_month[m].values()), i * 10.0, segments))
    return out, order


def bars(counts: dict[str, int], key: str, top: int = 15) -> list[tuple[str, int, float, str]]:
    """(label, count, width 0-100, link) for the largest ``top`` counts."""
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    peak = max((n for _, n in items), default=1)
    return [(label, n, round(100 * n / peak, 1), "/?" + urlencode({key: label})) for label, n in items]


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, user: UserDep) -> HTMLResponse:
    from whodid.web.app import TEMPLATES

    repo: Repository = request.app.state.repo
    stats = repo.stats(user.access)
    months, order = timeline(repo.acts_by_day(user.access))
    return TEMPLATES.TemplateResponse(
        request,
        "dashboard.html",
        {
            "user": user,
            "stats": stats,
            "months": months,
            "acts_order": [(a, i % PALETTE) for i, a in enumerate(order)],
            "countries": bars(stats.by_country, "country"),
            "acts": bars(stats.by_act_type, "act"),
            "perpetrators": bars(stats.by_perpetrator_type, "perpetrator_type"),
        },
    )
