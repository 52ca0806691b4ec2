"""The map page: events with coordinates, clustered, over the offline base map.

Filtered by the same facets as the record list. Points are clustered into
one-degree cells (about 110 km): each cluster is a link to the events in its
cell. The SVG is made on the server from :mod:`whodid.web.basemap`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from whodid.model.vocab import ACT_TYPES, PERPETRATOR_TYPES
from whodid.store.repository import EventPoint, Repository
from whodid.store.reviews import User
from whodid.web.basemap import country_paths
from whodid.web.security import current_user

router = APIRouter(include_in_schema=False)
UserDep = Annotated[User, Depends(current_user)]


@dataclass(frozen=True, slots=True)
class Cluster:
    """The events of one map cell."""

    lat: float
    lon: float
    cell: tuple[int, int]
    count: int
    label: str

    @property
    def radius(self) -> float:
        return round(0.8 + 0.9 * math.sqrt(self.count), 2)


def clusters(points: list[EventPoint]) -> list[Cluster]:
    """Points grouped by one-degree cell, at the mean of their coordinates."""
    cells: dict[tuple[int, int], list[EventPoint]] = {}
    for p in points:
        cells.setdefault((math.floor(p.lat), math.floor(p.lon)), []).append(p)
    out = []
    for cell, group in cells.items():
        names = sorted({p.location or p.country or "" for p in group} - {""})
        label = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
        out.append(
            Cluster(
                lat=round(sum(p.lat for p in group) / len(group), 3),
                lon=round(sum(p.lon for p in group) / len(group), 3),
                cell=cell,
                count=len(group),
                label=label or "unnamed place",
            )
        )
    return sorted(out, key=lambda c: -c.count)  # big circles first, small ones drawn on top


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(status_code=400, detail=f"{value!r} is not a date (YYYY-MM-DD)") from None


@router.get("/map", response_class=HTMLResponse)
def map_page(
    request: Request,
    user: UserDep,
    country: Annotated[str | None, Query(max_length=3)] = None,
    act: Annotated[str | None, Query(max_length=64)] = None,
    perpetrator_type: Annotated[str | None, Query(max_length=64)] = None,
    date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    lat: Annotated[int | None, Query(ge=-90, le=90)] = None,
    lon: Annotated[int | None, Query(ge=-180, le=180)] = None,
) -> HTMLResponse:
    from whodid.web.app import TEMPLATES

    repo: Repository = request.app.state.repo
    filters = {
        "country": (country or "").upper() or None,
        "act": act or None,
        "perpetrator_type": perpetrator_type or None,
        "from": date_from or None,
        "to": date_to or None,
    }
    points = repo.event_points(
        country=filters["country"],
        act_type=filters["act"],
        perpetrator_type=filters["perpetrator_type"],
        date_from=_day(date_from),
        date_to=_day(date_to),
    )
    groups = clusters(points)
    query = {k: v for k, v in filters.items() if v}
    selected = (
        [p for p in points if (math.floor(p.lat), math.floor(p.lon)) == (lat, lon)] if lat is not None else []
    )
    return TEMPLATES.TemplateResponse(
        request,
        "map.html",
        {
            "user": user,
            "countries": country_paths(),
            "clusters": groups,
            "points": len(points),
            "filters": filters,
            "cell_link": lambda c: (
                "/map?" + urlencode({**query, "lat": c.cell[0], "lon": c.cell[1]}) + "#events"
            ),
            "selected": selected,
            "act_types": ACT_TYPES,
            "perpetrator_types": PERPETRATOR_TYPES,
        },
    )
