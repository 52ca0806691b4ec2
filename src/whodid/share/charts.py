"""Static charts for reports: the map of incidents and the timeline, as SVG data URIs.

A report is a file that must read the same offline, in a browser or as a PDF,
years later: so its charts are drawn once, with matplotlib's figure objects on
the Agg backend (no pyplot state, no display, no GUI toolkit), and embedded as
``data:`` URIs, never linked. SVG keeps them sharp when printed; text in them is
drawn as outlines, so the file needs no font. Labels come from stored records, so mathtext is off: a ``$`` in
a place name is a dollar sign, not a formula to parse.

The map reuses the web map's country outlines (:mod:`whodid.web.basemap`,
Natural Earth 1:110m) and plots the points it is given as they are: the report
passes coordinates already coarsened for its profile.
"""

from __future__ import annotations

import base64
import io
import math
import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

import matplotlib

matplotlib.use("Agg")  # for anything else in the process that reaches for pyplot

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.ticker import MaxNLocator

from whodid.web.basemap import country_paths

POINT_COLOUR = "#d4145a"  # the incidents; used nowhere else in a report, so tests can find it
BAR_COLOUR = "#3b6ea5"
LAND, COAST = "#eeeae2", "#a8a296"
MAP_SHAPE = 1.5  # width over height
STYLE: Any = {
    "text.parse_math": False,
    "svg.fonttype": "path",
    "svg.hashsalt": "whodid-report",  # the same data draws the same bytes
    "font.family": "DejaVu Sans",
    "font.size": 9,
}
_STEP = re.compile(r"([MLZ])(?:(-?[\d.]+),(-?[\d.]+))?")


@lru_cache(maxsize=1)
def _outlines() -> MplPath | None:
    """Every country outline as one matplotlib path (from the base map's SVG path data:
    ``x`` is longitude, ``y`` minus latitude); None when no base map is installed."""
    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    for _name, data in country_paths():
        start: tuple[float, float] | None = None
        for op, x, y in _STEP.findall(data):
            if op == "Z":
                if start is not None:
                    vertices.append(start)
                    codes.append(int(MplPath.CLOSEPOLY))
                start = None
                continue
            point = (float(x), -float(y))
            if op == "M":
                start = point
            vertices.append(point)
            codes.append(int(MplPath.MOVETO if op == "M" else MplPath.LINETO))
    return MplPath(vertices, codes) if vertices else None


def has_outlines() -> bool:
    """Whether the base map's country outlines are installed."""
    return _outlines() is not None


def data_uri(figure: Figure) -> str:
    """``figure`` as an SVG ``data:`` URI."""
    buffer = io.BytesIO()
    with rc_context(STYLE):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _stretch(south: float, north: float) -> float:
    """How much taller than wide a degree is drawn, so shapes look right at the map's middle."""
    return 1 / max(math.cos(math.radians((south + north) / 2)), 0.2)


def _extent(points: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    """(west, east, south, north) around the points with a margin, widened or heightened to
    the map's shape (a tall map would fill a page); the world when there are no points."""
    if not points:
        return -180.0, 180.0, -60.0, 85.0
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    pad = max(max(lats) - min(lats), max(lons) - min(lons), 8.0) * 0.15
    west, east, south, north = min(lons) - pad, max(lons) + pad, min(lats) - pad, max(lats) + pad
    wide = (east - west) / ((north - south) * _stretch(south, north))
    if wide < MAP_SHAPE:  # too tall: widen
        grow = (MAP_SHAPE / wide - 1) * (east - west) / 2
        west, east = west - grow, east + grow
    else:  # too wide: heighten
        grow = (wide / MAP_SHAPE - 1) * (north - south) / 2
        south, north = south - grow, north + grow
    return max(west, -180.0), min(east, 180.0), max(south, -90.0), min(north, 90.0)


def incident_map(points: Sequence[tuple[float, float]]) -> str:
    """A map of incidents at (lat, lon), framed on them, as an SVG data URI."""
    with rc_context(STYLE):
        figure = Figure(figsize=(7.0, 7.0 / MAP_SHAPE))
        ax = figure.subplots()
        west, east, south, north = _extent(points)
        outlines = _outlines()
        if outlines is not None:
            ax.add_patch(PathPatch(outlines, facecolor=LAND, edgecolor=COAST, linewidth=0.4))
        else:
            ax.set_facecolor(LAND)
        if points:
            ax.scatter(
                [p[1] for p in points],
                [p[0] for p in points],
                s=18,
                color=POINT_COLOUR,
                alpha=1.0,
                edgecolors="white",
                linewidths=0.3,
                zorder=3,
            )
        ax.set_xlim(west, east)
        ax.set_ylim(south, north)
        # equirectangular, stretched so shapes look right at the map's middle latitude
        ax.set_aspect(_stretch(south, north))
        ax.set_xticks([])
        ax.set_yticks([])
        for side in ax.spines.values():
            side.set_color(COAST)
        figure.tight_layout()
    return data_uri(figure)


def months_between(first: date, last: date) -> list[str]:
    """Every month "YYYY-MM" from ``first`` to ``last``, inclusive."""
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def timeline(counts: dict[str, int]) -> str:
    """Events per month ("YYYY-MM" -> count) as bars, the empty months between shown as
    gaps, as an SVG data URI."""
    keys = sorted(counts)
    months = months_between(date.fromisoformat(keys[0] + "-01"), date.fromisoformat(keys[-1] + "-01"))
    values = [counts.get(m, 0) for m in months]
    with rc_context(STYLE):
        figure = Figure(figsize=(7.0, 2.6))
        ax = figure.subplots()
        ax.bar(range(len(months)), values, color=BAR_COLOUR, width=0.8)
        ax.set_xlim(-0.6, max(len(months), 12) - 0.4)  # one month is one bar, not a slab
        every = max(1, math.ceil(len(months) / 12))
        ax.set_xticks(range(0, len(months), every), months[::every], rotation=45, ha="right")
        ax.set_ylabel("events documented")
        ax.spines[["top", "right"]].set_visible(False)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        figure.tight_layout()
    return data_uri(figure)
