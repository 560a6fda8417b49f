"""The map's ground: the projection (``View``, ``fit_view``) and the vendored Natural Earth
outlines cut to a view (``outlines_in``), as compact SVG path data (see ``geo_map``).

* Projection: equirectangular, longitudes scaled by the cosine of the view's middle
  latitude, into a ``WIDTH`` × ``HEIGHT`` viewBox.
* View: fitted to the places to show, with padding and at least a minimum span of latitude.
* Outlines: only the rings that reach the view, clipped to it, rounded to whole units
  and thinned until they fit in a budget of characters, so the page stays small.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

WIDTH, HEIGHT = 640, 400
MIN_SPAN = 6.0  # degrees of latitude: a single place shows its region or country
PADDING = 0.15  # of the places' extent, on each side
MARGIN = 8  # viewBox units beyond the edges where outlines are cut
OUTLINE_BUDGET = 44_000  # characters of path data at most, less what the markers take
GEODATA = "countries.json"


@dataclass(frozen=True)
class Outline:
    """One country's rings in the view, as SVG path data (numbers only), and where its name
    would go: the centre of its largest piece in view, and that piece's area."""

    name: str
    d: str
    x: float = 0.0
    y: float = 0.0
    area: float = 0.0
    piece: tuple[tuple[float, float], ...] = field(default=(), repr=False, compare=False)  # that piece, thinned



@dataclass(frozen=True)
class View:
    """The projection of one map: lon·cos - left and top - lat, times ``scale``."""

    left: float
    top: float
    scale: float
    cos: float

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon * self.cos - self.left) * self.scale, (self.top - lat) * self.scale

    def bounds(self, margin: float = 0.0) -> tuple[float, float, float, float]:
        """(west, south, east, north) in degrees of the view widened by ``margin`` units."""
        pad = margin / self.scale
        west = (self.left - pad) / self.cos
        east = (self.left + WIDTH / self.scale + pad) / self.cos
        return west, self.top - HEIGHT / self.scale - pad, east, self.top + pad



def fit_view(points: list[tuple[float, float]], min_span: float = MIN_SPAN, band: float = HEIGHT) -> View:
    """The view that shows every (lon, lat) of ``points`` with padding, at least ``min_span``
    degrees tall, in the map's aspect ratio, kept inside the world where it fits (places
    on both sides of the 180th meridian get a view of the whole width of the world). With
    ``band`` (viewBox units) the points and the span fit in the middle ``band`` units of the
    height (a phone shows only that strip of a place page's map)."""
    lons = [lon for lon, _ in points]
    lats = [lat for _, lat in points]
    cos = max(0.2, math.cos(math.radians((min(lats) + max(lats)) / 2)))
    xs = [lon * cos for lon in lons]
    width = min((max(xs) - min(xs)) * (1 + 2 * PADDING), 360 * cos)  # padding, but never wider than the world
    height = min(max((max(lats) - min(lats)) * (1 + 2 * PADDING), min_span), 180.0 * band / HEIGHT)
    aspect = WIDTH / band
    width, height = max(width, height * aspect), max(height, width / aspect) * HEIGHT / band
    left = (min(xs) + max(xs)) / 2 - width / 2
    if width <= 360 * cos:  # inside the world where it fits
        left = min(max(left, -180 * cos), 180 * cos - width)
    top = (min(lats) + max(lats)) / 2 + height / 2
    if height <= 180:
        top = max(min(top, 90.0), -90.0 + height)
    return View(round(left, 4), round(top, 4), round(WIDTH / width, 6), round(cos, 6))


@dataclass(frozen=True)
class _Ring:
    west: float  # the ring's bounding box, in degrees
    south: float
    east: float
    north: float
    points: tuple[tuple[float, float], ...]  # (lon, lat)


@lru_cache(maxsize=1)
def _countries() -> tuple[tuple[str, tuple[_Ring, ...]], ...]:
    """The vendored outlines as (country name, rings of (lon, lat)), decoded once."""
    text = resources.files("generator.render").joinpath("geodata", GEODATA).read_text(encoding="utf-8")
    data = json.loads(text)
    unit = data["unit"]
    arcs = []
    for flat in data["arcs"]:
        x, y, points = 0, 0, []
        for index in range(0, len(flat), 2):
            x, y = x + flat[index], y + flat[index + 1]
            points.append((x * unit, y * unit))
        arcs.append(points)
    countries = []
    for country in data["countries"]:
        rings = []
        for refs in country["rings"]:
            points: list[tuple[float, float]] = []
            for ref in refs:
                arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
                points.extend(arc[1:] if points else arc)
            if len(points) >= 4:
                lons, lats = [p[0] for p in points], [p[1] for p in points]
                rings.append(_Ring(min(lons), min(lats), max(lons), max(lats), tuple(points)))
        countries.append((country["name"], tuple(rings)))
    return tuple(countries)


@lru_cache(maxsize=64)
def outlines_in(view: View, budget: int = OUTLINE_BUDGET) -> tuple[Outline, ...]:
    """Every country that reaches ``view``, clipped to it, as path data of at most ``budget``
    characters (points are thinned until it fits)."""
    west, south, east, north = view.bounds(MARGIN)
    projected = []
    for name, rings in _countries():
        shapes = []
        for ring in rings:
            if ring.east < west or ring.west > east or ring.north < south or ring.south > north:
                continue
            points = [view.project(lon, lat) for lon, lat in ring.points]
            if not (ring.west >= west and ring.east <= east and ring.south >= south and ring.north <= north):
                points = _clip(points, -MARGIN, -MARGIN, WIDTH + MARGIN, HEIGHT + MARGIN)
            if len(points) >= 3:
                shapes.append(points)
        if shapes:
            projected.append((name, shapes))
    anchors = {name: _anchor(shapes) for name, shapes in projected}
    step = 1
    while True:
        outlines = tuple(Outline(name, d, *anchors[name])
                         for name, shapes in projected if (d := _path(shapes, step)))
        if sum(len(o.d) for o in outlines) <= budget or step >= 64:
            return outlines
        step *= 2


def _clip(points: list[tuple[float, float]], x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    """Sutherland–Hodgman: the ring cut to the rectangle (edges along the cut lie outside the view)."""
    for axis, limit, keep_above in ((0, x0, True), (0, x1, False), (1, y0, True), (1, y1, False)):
        if not points:
            break
        result = []
        previous = points[-1]
        previous_in = (previous[axis] >= limit) if keep_above else (previous[axis] <= limit)
        for point in points:
            inside = (point[axis] >= limit) if keep_above else (point[axis] <= limit)
            if inside != previous_in:
                t = (limit - previous[axis]) / (point[axis] - previous[axis])
                crossing = (previous[0] + t * (point[0] - previous[0]), previous[1] + t * (point[1] - previous[1]))
                result.append((limit, crossing[1]) if axis == 0 else (crossing[0], limit))
            if inside:
                result.append(point)
            previous, previous_in = point, inside
        points = result
    return points


def _anchor(shapes: list[list[tuple[float, float]]]) -> tuple[float, float, float, tuple]:
    """(x, y, area, piece) of the largest of ``shapes`` cut to the view: its centroid (shoelace
    formula), its area in view and its points, thinned, for placing its name."""
    best: tuple[float, float, float, tuple] = (0.0, 0.0, 0.0, ())
    for points in shapes:
        points = _clip(points, 0, 0, WIDTH, HEIGHT)
        if len(points) < 3:
            continue
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if area and abs(area) / 2 > best[2]:
            best = (round(cx / (3 * area), 1), round(cy / (3 * area), 1), round(abs(area) / 2, 1), points)
    if not best[3]:
        return best
    thinned = [best[3][0]]
    for point in best[3][1:]:
        if abs(point[0] - thinned[-1][0]) + abs(point[1] - thinned[-1][1]) >= 2:
            thinned.append(point)
    return best[:3] + (tuple(thinned),)


def _path(shapes: list[list[tuple[float, float]]], step: int) -> str:
    """Rings as compact path data: whole units, relative moves, points closer than ``step`` dropped,
    rings smaller than two steps left out."""
    parts = []
    for points in shapes:
        kept = []
        for x, y in points:
            point = (round(x), round(y))
            if not kept or max(abs(point[0] - kept[-1][0]), abs(point[1] - kept[-1][1])) >= step:
                kept.append(point)
        if len(kept) < 3:
            continue
        xs, ys = [p[0] for p in kept], [p[1] for p in kept]
        if max(xs) - min(xs) < 2 * step and max(ys) - min(ys) < 2 * step:
            continue
        numbers = [n for (ax, ay), (bx, by) in zip(kept, kept[1:]) for n in (bx - ax, by - ay)]
        parts.append(f"M{_numbers(kept[0])}l{_numbers(numbers)}z")
    return "".join(parts)


def _numbers(values) -> str:
    """Integers as SVG path numbers: a space between them, none before a minus sign."""
    return "".join(str(v) if v < 0 or i == 0 else f" {v}" for i, v in enumerate(values))

