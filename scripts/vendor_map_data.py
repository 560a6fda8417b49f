#!/usr/bin/env python3
"""Make generator/render/geodata/countries.json, the map's outlines, from Natural Earth.

The outlines are Natural Earth's Admin 0 countries at 1:50m (public domain), as
redistributed in the npm package ``world-atlas`` (ISC licence; TopoJSON of
Natural Earth 4.1.0). To remake the vendored file:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/vendor_map_data.py /tmp/package/countries-50m.json \\
        generator/render/geodata/countries.json

What the script does, so that the result can be checked by reading it:

* decodes the TopoJSON arcs (delta-encoded, quantized) to longitude/latitude;
* rounds every coordinate to 1/100 of a degree (about 1 km: finer than the
  accuracy of 1:50m data) and drops repeated points;
* simplifies each arc (Douglas–Peucker, ``--tolerance`` degrees, default 0.02)
  keeping its two ends, so that neighbouring countries still share borders;
* writes one compact JSON file (keys sorted, countries sorted by id):

    {"source": ..., "unit": 0.01,
     "arcs": [[x0, y0, dx1, dy1, dx2, dy2, ...], ...],      # 1/100 degree, deltas after the first point
     "countries": [{"id": "004", "name": "Afghanistan",
                    "rings": [[arc, arc, ...], ...]}, ...]}  # arc -1-i: arc i reversed

  ``rings`` are all the rings of a country (outer rings and holes alike); the
  map draws them with the even-odd fill rule.

The same input always gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

UNIT = 100  # coordinates are stored in 1/UNIT degree


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The TopoJSON arcs as lists of (longitude, latitude)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[int, int]], tolerance: float) -> list[tuple[int, int]]:
    """Douglas–Peucker on integer points, keeping the first and the last (iterative, no recursion limit)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    tolerance2 = tolerance * tolerance
    while stack:
        start, end = stack.pop()
        (x1, y1), (x2, y2) = points[start], points[end]
        dx, dy = x2 - x1, y2 - y1
        length2 = dx * dx + dy * dy
        worst, worst_distance2 = -1, tolerance2
        for index in range(start + 1, end):
            px, py = points[index]
            if length2 == 0:
                distance2 = (px - x1) ** 2 + (py - y1) ** 2
            else:
                cross = dx * (py - y1) - dy * (px - x1)
                distance2 = cross * cross / length2
            if distance2 > worst_distance2:
                worst, worst_distance2 = index, distance2
        if worst >= 0:
            keep[worst] = True
            stack.append((start, worst))
            stack.append((worst, end))
    return [point for point, kept in zip(points, keep) if kept]


def compact_arc(points: list[tuple[float, float]], tolerance: float) -> list[int]:
    """One arc rounded, de-duplicated, simplified and delta-encoded as a flat list of integers."""
    rounded: list[tuple[int, int]] = []
    for lon, lat in points:
        point = (round(lon * UNIT), round(lat * UNIT))
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if len(rounded) == 1:  # an arc that rounds to one point still joins its neighbours
        rounded.append(rounded[0])
    kept = simplify(rounded, tolerance * UNIT)
    flat = [kept[0][0], kept[0][1]]
    for (x0, y0), (x1, y1) in zip(kept, kept[1:]):
        flat += [x1 - x0, y1 - y0]
    return flat


def rings_of(geometry: dict) -> list[list[int]]:
    """Every ring (as arc indices) of a Polygon or MultiPolygon geometry."""
    if geometry.get("type") == "Polygon":
        return [list(ring) for ring in geometry["arcs"]]
    if geometry.get("type") == "MultiPolygon":
        return [list(ring) for polygon in geometry["arcs"] for ring in polygon]
    return []


def convert(topology: dict, tolerance: float, source: str) -> dict:
    """The vendored document for a world-atlas countries topology."""
    arcs = [compact_arc(points, tolerance) for points in decode_arcs(topology)]
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        rings = rings_of(geometry)
        if not rings:
            continue
        countries.append({
            "id": str(geometry.get("id", "")),
            "name": geometry.get("properties", {}).get("name", ""),
            "rings": rings,
        })
    countries.sort(key=lambda c: (c["id"], c["name"]))
    return {"source": source, "unit": 1 / UNIT, "arcs": arcs, "countries": countries}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-50m.json (or -110m)")
    parser.add_argument("output", type=Path, help="where to write the compact JSON")
    parser.add_argument("--tolerance", type=float, default=0.02, help="simplification in degrees (default 0.02)")
    parser.add_argument("--source", default="Natural Earth 4.1.0 Admin 0 countries 1:50m, via world-atlas 2.0.2 (npm)")
    args = parser.parse_args(argv)
    topology = json.loads(args.topojson.read_text(encoding="utf-8"))
    document = convert(topology, args.tolerance, args.source)
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text + "\n", encoding="utf-8")
    points = sum(len(arc) // 2 for arc in document["arcs"])
    print(f"{args.output}: {len(document['countries'])} countries, {len(document['arcs'])} arcs, "
          f"{points} points, {len(text.encode())} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
