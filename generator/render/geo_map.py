"""The map: a static SVG of Natural Earth outlines projected at build time, a marker per place.

Python computes the geometry (``PlaceMap``: outline path data, markers, labels); the partial
``site_templates/partials/map.html`` draws it. Nothing is fetched: the outlines are the
vendored file ``geodata/countries.json`` (Natural Earth, public domain; see its README).

* Projection: equirectangular, longitudes scaled by the cosine of the view's middle
  latitude, into a ``WIDTH`` × ``HEIGHT`` viewBox.
* View: fitted to the places to show, with padding and at least ``MIN_SPAN`` degrees of
  latitude, so that one city is shown with its surroundings.
* Outlines: only the rings that reach the view, clipped to it, rounded to whole units
  and thinned until they fit in ``OUTLINE_BUDGET`` characters, so the page stays small.
* Markers: every place that has a page (events at it or, when places have ``within``,
  at a place within it) and coordinates; each links to ``{root}/places/<id>/``. A few
  get a visible label (the current place first, then the places with most events) where
  it does not overlap another; the others are named by their link's label and ``<title>``.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from generator.content.date_words import ENGLISH
from generator.render import urls

WIDTH, HEIGHT = 640, 400
MIN_SPAN = 6.0  # degrees of latitude: a single place shows its region or country
PADDING = 0.15  # of the places' extent, on each side
MARGIN = 8  # viewBox units beyond the edges where outlines are cut
OUTLINE_BUDGET = 44_000  # characters of path data at most, less what the markers take
MARKER_COST = 140  # characters one marker takes, about
MAX_LABELS = 10
LABEL_SIZE = 18  # font size of place labels, in viewBox units
MAX_REGIONS = 6  # country names
REGION_SIZE = 14  # their font size
MIN_REGION_AREA = 0.03 * WIDTH * HEIGHT  # a country is named when this much of it is in view
CHAR_WIDTH = 0.58  # of the font size, a generous estimate of an average character
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


@dataclass(frozen=True)
class Marker:
    """A place on the map."""

    id: str
    name: str
    href: str
    x: float
    y: float
    current: bool = False


@dataclass(frozen=True)
class Label:
    """A visible place name next to its marker."""

    text: str
    x: float
    y: float
    anchor: str  # "start" (right of the marker), "end" (left of it) or "middle"


@dataclass(frozen=True)
class PlaceMap:
    """Everything the partial draws."""

    width: int
    height: int
    outlines: tuple[Outline, ...]
    markers: tuple[Marker, ...]
    labels: tuple[Label, ...]
    regions: tuple[Label, ...]  # country names, drawn under the place labels
    title: str
    caption: str
    label_size: int = LABEL_SIZE
    region_size: int = REGION_SIZE


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


def map_of(content: Any, root: str, current: str | None = None, words: Any = None) -> PlaceMap | None:
    """The map of every place with a page and coordinates (``/places/``), or, with ``current``,
    the map around that place (and the places within it) with the places nearby; None when
    there is nothing to place (no coordinates). ``words``: the site's language
    (``generator.render.i18n.Words``; English without)."""
    words = words or ENGLISH
    index = _place_index(content)
    if current is not None:
        place = content.places.get(current)
        if place is None or place.lat is None or place.lon is None:
            return None
        fit = [(place.lon, place.lat)] + [index.coords[p] for p in index.inside.get(current, ())]
    else:
        fit = [index.coords[p] for p in index.ordered]
        if not fit:
            return None
    view = fit_view(fit)
    west, south, east, north = view.bounds()
    shown = [p for p in index.in_range(west, east) if south <= index.coords[p][1] <= north and p != current]
    if current is not None:
        shown.append(current)  # drawn last, on top of the others
    markers = []
    for place_id in shown:
        x, y = view.project(*index.coords.get(place_id) or (content.places[place_id].lon, content.places[place_id].lat))
        markers.append(Marker(place_id, content.places[place_id].name, f"{root}/{urls.term_url('places', place_id)}",
                              round(x, 1), round(y, 1), place_id == current))
    taken: list[tuple[float, float, float, float]] = []
    labels = _labels(markers, index.counts, taken)
    if current is not None:
        title = words.gettext("Map: %(place)s and places nearby") % {"place": content.places[current].name}
    else:
        title = words.ngettext("Map of %(count)s place", "Map of %(count)s places", len(markers))
    outlines = outlines_in(view, max(OUTLINE_BUDGET // 4, OUTLINE_BUDGET - MARKER_COST * len(markers)))
    regions = _region_labels(outlines, markers, taken)
    return PlaceMap(WIDTH, HEIGHT, outlines, tuple(markers), labels, regions, title,
                    words.gettext("Outlines: Natural Earth."))


@dataclass(frozen=True)
class _PlaceIndex:
    counts: dict[str, int]  # place id -> events at it (or within it), for every place with a page
    coords: dict[str, tuple[float, float]]  # place id -> (lon, lat), places with a page and coordinates
    ordered: tuple[str, ...]  # ids with coordinates, by longitude then id
    lons: tuple[float, ...]  # their longitudes
    inside: dict[str, tuple[str, ...]]  # place id -> places within it (any depth) that have coordinates

    def in_range(self, west: float, east: float) -> tuple[str, ...]:
        return self.ordered[bisect_left(self.lons, west):bisect_right(self.lons, east)]


_last_index: list = []  # [(content, _PlaceIndex)]: one content tree at a time, checked by identity


def _place_index(content: Any) -> _PlaceIndex:
    """Which places have a page, how many events each has, and their coordinates; computed once
    per content tree (a page renders many maps of the same tree)."""
    if _last_index and _last_index[0][0] is content:
        return _last_index[0][1]
    places = content.places
    counts: dict[str, int] = {}
    for event in content.events:
        if event.place:
            for place_id in _with_containers(places, event.place):
                counts[place_id] = counts.get(place_id, 0) + 1
    coords = {place_id: (places[place_id].lon, places[place_id].lat) for place_id in sorted(counts)
              if place_id in places and places[place_id].lat is not None and places[place_id].lon is not None}
    ordered = tuple(sorted(coords, key=lambda p: (coords[p][0], p)))
    inside: dict[str, list[str]] = {}
    for place_id in ordered:
        for container in _with_containers(places, place_id)[1:]:
            inside.setdefault(container, []).append(place_id)
    index = _PlaceIndex(counts, coords, ordered, tuple(coords[p][0] for p in ordered),
                        {key: tuple(value) for key, value in inside.items()})
    _last_index[:] = [(content, index)]
    return index


def _with_containers(places: dict, place_id: str) -> list[str]:
    """The place and the places it is within (``within``, if the model has it), innermost first."""
    chain = [place_id]
    place = places.get(place_id)
    while place is not None:
        parent = getattr(place, "within", None)
        if not parent or parent in chain:
            break
        chain.append(parent)
        place = places.get(parent)
    return chain


def fit_view(points: list[tuple[float, float]]) -> View:
    """The view that shows every (lon, lat) of ``points`` with padding, at least ``MIN_SPAN``
    degrees tall, in the map's aspect ratio, kept inside the world where it fits (places
    on both sides of the 180th meridian get a view of the whole width of the world)."""
    lons = [lon for lon, _ in points]
    lats = [lat for _, lat in points]
    cos = max(0.2, math.cos(math.radians((min(lats) + max(lats)) / 2)))
    xs = [lon * cos for lon in lons]
    width = min((max(xs) - min(xs)) * (1 + 2 * PADDING), 360 * cos)  # padding, but never wider than the world
    height = min(max((max(lats) - min(lats)) * (1 + 2 * PADDING), MIN_SPAN), 180.0)
    aspect = WIDTH / HEIGHT
    width, height = max(width, height * aspect), max(height, width / aspect)
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


def _anchor(shapes: list[list[tuple[float, float]]]) -> tuple[float, float, float]:
    """(x, y, area) of the centroid of the largest of ``shapes`` (shoelace formula)."""
    best = (0.0, 0.0, 0.0)
    for points in shapes:
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if area and abs(area) / 2 > best[2]:
            best = (round(cx / (3 * area), 1), round(cy / (3 * area), 1), round(abs(area) / 2, 1))
    return best


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


def _labels(markers: list[Marker], counts: dict[str, int], taken: list) -> tuple[Label, ...]:
    """Visible names for up to ``MAX_LABELS`` markers (current place first, then by events),
    each beside its marker where it overlaps no other label and stays inside the map; the
    boxes they take are added to ``taken``."""
    order = sorted(markers, key=lambda m: (not m.current, -counts.get(m.id, 0), m.name, m.id))
    labels = []
    for marker in order:
        if len(labels) >= MAX_LABELS:
            break
        width = len(marker.name) * LABEL_SIZE * CHAR_WIDTH
        top, bottom = marker.y - LABEL_SIZE * 0.35, marker.y + LABEL_SIZE * 0.35 + 6
        if top < 0 or bottom > HEIGHT:
            continue
        for anchor, x in (("start", marker.x + 8), ("end", marker.x - 8)):
            box = (x, top, x + width, bottom) if anchor == "start" else (x - width, top, x, bottom)
            if box[0] < 0 or box[2] > WIDTH or any(_overlap(box, other) for other in taken):
                continue
            taken.append(box)
            labels.append(Label(marker.name, round(x, 1), round(marker.y + LABEL_SIZE * 0.35, 1), anchor))
            break
    return tuple(labels)


def _region_labels(outlines: tuple[Outline, ...], markers: list[Marker], taken: list) -> tuple[Label, ...]:
    """Names for up to ``MAX_REGIONS`` countries, the most visible first, centred on their largest
    piece in view, where they cover no marker and no other label."""
    labels = []
    dots = [(m.x - 6, m.y - 6, m.x + 6, m.y + 6) for m in markers]
    for outline in sorted(outlines, key=lambda o: (-o.area, o.name)):
        if len(labels) >= MAX_REGIONS or outline.area < MIN_REGION_AREA:
            break
        half = len(outline.name) * REGION_SIZE * CHAR_WIDTH / 2
        box = (outline.x - half, outline.y - REGION_SIZE * 0.7, outline.x + half, outline.y + REGION_SIZE * 0.3)
        if box[0] < 4 or box[1] < 4 or box[2] > WIDTH - 4 or box[3] > HEIGHT - 4:
            continue
        if any(_overlap(box, other) for other in taken + dots):
            continue
        taken.append(box)
        labels.append(Label(outline.name, outline.x, outline.y, "middle"))
    return tuple(labels)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


TEMPLATE_GLOBALS: dict = {"map_of": map_of}  # registered in generator.render.environment
