"""The offline base map: country outlines from Natural Earth (the world-atlas package).

``make install`` fetches ``world-atlas`` 2.0.2 from the npm registry, checks its
published SHA-512, and keeps ``countries-110m.json`` (TopoJSON, about 100 KB)
in the virtual environment's ``share/whodid``; nothing is fetched at run time.
The map is drawn on the server as SVG (equirectangular: x = longitude,
y = -latitude), so the page needs no map library, no tile server and no script.

TopoJSON is decoded here rather than with a library: the reference decoder
(topojson-client) is JavaScript, and the Python ``topojson`` package encodes
rather than decodes and pulls in shapely; decoding is the few lines below
(quantised, delta-encoded arcs; rings as arc indices, ``~i`` reversed).
"""

from __future__ import annotations

import json
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

FILE = "countries-110m.json"


def basemap_path() -> Path | None:
    """``WHODID_BASEMAP``, else the one ``make install`` put in the environment."""
    explicit = os.environ.get("WHODID_BASEMAP", "").strip()
    candidates = [Path(explicit)] if explicit else []
    candidates.append(Path(sys.prefix) / "share" / "whodid" / FILE)
    return next((p for p in candidates if p.is_file()), None)


@lru_cache(maxsize=2)
def country_paths(path: Path | None = None) -> tuple[tuple[str, str], ...]:
    """(country name, SVG path data) for every country; empty when no base map is installed."""
    path = path or basemap_path()
    if path is None:
        return ()
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs") or []
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        rings = [_ring(arcs, ring) for polygon in polygons for ring in polygon]
        data = " ".join(_svg(ring) for ring in rings if ring)
        if data:
            out.append((str((geometry.get("properties") or {}).get("name", "")), data))
    return tuple(out)


def _svg(ring: list[tuple[float, float]]) -> str:
    """A closed ring as SVG path data; a step across the antimeridian (Russia, Fiji,
    Antarctica) starts a new subpath instead of drawing a line across the world."""
    parts = []
    previous: float | None = None
    for x, y in ring:
        jump = previous is not None and abs(x - previous) > 180
        parts.append(("M" if previous is None or jump else "L") + f"{x:.2f},{-y:.2f}")
        previous = x
    return "".join(parts) + "Z"


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    transform = topology.get("transform")
    decoded = []
    for arc in topology["arcs"]:
        if transform is None:
            decoded.append([(float(x), float(y)) for x, y in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points
