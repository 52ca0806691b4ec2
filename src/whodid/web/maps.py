"""The map page: events with coordinates, clustered, over the offline base map.

Filtered by the same facets as the record list. Points are clustered into
one-degree cells (about 110 km): each cluster is a link to the events in its
cell. The SVG is made on the server from :mod:`whodid.web.basemap`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from whodid.store.accounts import User
from whodid.store.repository import EventPoint, Repository
from whodid.web.basemap import country_paths
from whodid.web.facets import CHOICES, Facets
from whodid.web.security import current_user, log_reads, redactor

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


@router.get("/map", response_class=HTMLResponse)
def map_page(
    request: Request,
    user: UserDep,
    lat: Annotated[int | None, Query(ge=-90, le=90)] = None,
    lon: Annotated[int | None, Query(ge=-180, le=180)] = None,
) -> HTMLResponse:
    from whodid.web.app import TEMPLATES

    repo: Repository = request.app.state.repo
    facets = Facets.from_request(request)
    red = redactor(request, user)
    points = [red.point(p) for p in repo.event_points(**facets.store_filters(), access=user.access)]
    groups = clusters(points)
    query = facets.query()
    selected = (
        [p for p in points if (math.floor(p.lat), math.floor(p.lon)) == (lat, lon)] if lat is not None else []
    )
    # the clusters name places; the selected cell lists reports
    log_reads(request, user, [p.document_id for p in selected], points=len(points))
    return TEMPLATES.TemplateResponse(
        request,
        "map.html",
        {
            "user": user,
            "countries": country_paths(),
            "clusters": groups,
            "points": len(points),
            "f": facets,
            "choices": CHOICES,
            "cell_link": lambda c: (
                "/map?" + urlencode({**query, "lat": c.cell[0], "lon": c.cell[1]}) + "#events"
            ),
            "selected": selected,
        },
    )
