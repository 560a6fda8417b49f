"""The map: a static SVG of Natural Earth outlines projected at build time, a marker per place.

Python computes the geometry (``PlaceMap``: outline path data, markers, labels); the partial
``site_templates/partials/map.html`` draws it. Nothing is fetched: the outlines are the
vendored file ``geodata/countries.json`` (Natural Earth, public domain; see its README).

* Projection: equirectangular, longitudes scaled by the cosine of the view's middle
  latitude, into a ``WIDTH`` × ``HEIGHT`` viewBox.
* View: fitted to the places to show, with padding and at least ``MIN_SPAN`` degrees of
  latitude, so that one city is shown with its surroundings. A place page's view also takes
  in the places it is ``within`` where that does not zoom out.
* Outlines: only the rings that reach the view, clipped to it, rounded to whole units
  and thinned until they fit in ``OUTLINE_BUDGET`` characters, so the page stays small.
* Markers: every place that has a page (events at it or, when places have ``within``,
  at a place within it) and coordinates; a place nearby that the view was not fitted to is
  left out when its marker would lie less than ``EDGE`` units inside the view (a fitted one
  is moved in: a world-wide view). Each links to ``{root}/places/<id>/``. A place with a
  place within it closer than ``CLOSE`` units is drawn as a ring around it, behind the dots;
  other dots closer than ``GAP`` are pushed apart. A few get a visible label (the current place first, then the
  places with most events) where it overlaps no other label or dot and stays inside the map;
  the others are named by their link's label and ``<title>``.
* Labels are checked at two sizes: the desktop one (``LABEL_SIZE``, ``REGION_SIZE``) and the
  larger one graphics.css sets on a phone, where the map is drawn half as wide
  (``LABEL_SIZE_NARROW``, ``REGION_SIZE_NARROW``); a label that only fits at the first is
  marked ``wide`` and hidden on phones.
* Country names sit inside their largest piece in view (the point nearest its centroid where
  the whole name fits inside, clear of the borders), not on a place label of the same name.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
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
MAX_LABELS_NARROW = 6  # of them, on a phone
LABEL_SIZE = 18  # font size of place labels, in viewBox units
LABEL_SIZE_NARROW = 24  # on a phone (graphics.css): 13 px on a 390-px screen
MAX_REGIONS = 6  # country names
REGION_SIZE = 14  # their font size
REGION_SIZE_NARROW = 19  # on a phone (graphics.css)
DOT, CURRENT_DOT = 4.5, 7.0  # marker radii
RING = 12.0  # the least radius of a ring (a place drawn around places within it)
CLOSE = 12.0  # a place within another closer than this makes the other a ring
GAP = 10.0  # other dots are pushed at least this far apart
EDGE = 12.0  # a marker's centre stays this far inside the view
MIN_REGION_AREA = 0.03 * WIDTH * HEIGHT  # a country is named when this much of it is in view
CHAR_WIDTH = 0.58  # of the font size, a generous estimate of an average character
REGION_SPACING = 0.06  # the letter-spacing of country names (graphics.css), of the font size
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
class Marker:
    """A place on the map."""

    id: str
    name: str
    href: str
    x: float
    y: float
    current: bool = False
    r: float = DOT  # the radius of its dot or ring
    ring: bool = False  # drawn as a ring around places within it

    @property
    def classes(self) -> str:
        return " ".join(name for name, on in (("ring", self.ring), ("current", self.current)) if on)


@dataclass(frozen=True)
class Label:
    """A visible place name next to its marker."""

    text: str
    x: float
    y: float  # the middle of the text (dominant-baseline: central)
    anchor: str  # "start" (right of the marker), "end" (left of it) or "middle"
    wide: bool = False  # touches another label or a dot at a phone's size: drawn on wider screens only


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


NEARBY_LIMIT = 40  # places drawn around a place (labelling is quadratic in them)


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
        fitted = {current, *index.inside.get(current, ())}
        fit = [(place.lon, place.lat)] + [index.coords[p] for p in index.inside.get(current, ())]
        view = fit_view(fit)
        for container in _with_containers(content.places, current)[1:]:  # innermost first
            if container in index.coords:
                wider = fit_view(fit + [index.coords[container]])
                if wider.scale >= view.scale * 0.99:  # the same zoom, only moved: take it in
                    fit, view = fit + [index.coords[container]], wider
                    fitted.add(container)
    else:
        fitted = set(index.ordered)
        fit = [index.coords[p] for p in index.ordered]
        if not fit:
            return None
        view = fit_view(fit)
    west, south, east, north = view.bounds()
    shown = [p for p in index.in_range(west, east) if south <= index.coords[p][1] <= north and p != current]
    if current is not None:
        if len(shown) > NEARBY_LIMIT:  # a dense region: the places it fitted, then the nearest others
            def distance(other: str) -> tuple:
                lon, lat = index.coords[other]
                return (other not in fitted, (lon - place.lon) ** 2 + (lat - place.lat) ** 2, other)
            shown = sorted(sorted(shown, key=distance)[:NEARBY_LIMIT], key=index.ordered.index)
        shown.append(current)
    markers = []
    for place_id in shown:
        x, y = view.project(*index.coords.get(place_id) or (content.places[place_id].lon, content.places[place_id].lat))
        if not (EDGE <= x <= WIDTH - EDGE and EDGE <= y <= HEIGHT - EDGE):
            if place_id not in fitted:
                continue  # a place nearby on the edge of the view: its dot and label would be cut
            x, y = min(max(x, EDGE), WIDTH - EDGE), min(max(y, EDGE), HEIGHT - EDGE)  # a world-wide view
        markers.append(Marker(place_id, content.places[place_id].name, f"{root}/{urls.term_url('places', place_id)}",
                              round(x, 1), round(y, 1), place_id == current,
                              CURRENT_DOT if place_id == current else DOT))
    markers = _declutter(markers, content.places)
    taken: dict[str, list] = {"wide": [], "narrow": []}
    labels = _labels(markers, index.counts, taken)
    if current is not None:
        title = words.gettext("Map: %(place)s and places nearby") % {"place": content.places[current].name}
    else:
        title = words.ngettext("Map of %(count)s place", "Map of %(count)s places", len(markers))
    outlines = outlines_in(view, max(OUTLINE_BUDGET // 4, OUTLINE_BUDGET - MARKER_COST * len(markers)))
    regions = _region_labels(outlines, markers, taken, {label.text for label in labels})
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


def _declutter(markers: list[Marker], places: dict) -> list[Marker]:
    """Markers that do not hide each other: a place with a place within it closer than ``CLOSE``
    becomes a ring around it (drawn first, behind the dots; the innermost rings smallest); other
    dots closer than ``GAP`` are pushed apart (the current place stays put). Rings first, then
    the dots, the current place's last."""
    by_id = {marker.id: marker for marker in markers}
    depth = {marker.id: len(_with_containers(places, marker.id)) for marker in markers}
    inner: dict[str, list[str]] = {}  # ring id -> ids of the close markers within it
    for marker in markers:
        for container in _with_containers(places, marker.id)[1:]:
            other = by_id.get(container)
            if other is not None and math.dist((marker.x, marker.y), (other.x, other.y)) < CLOSE:
                inner.setdefault(container, []).append(marker.id)
    dots = [marker for marker in markers if marker.id not in inner]
    dots = _push_apart(dots)
    by_id.update((marker.id, marker) for marker in dots)
    for ring_id in sorted(inner, key=lambda i: (-depth[i], i)):  # innermost first: outer rings enclose them
        ring = by_id[ring_id]
        radius = max([RING] + [math.dist((ring.x, ring.y), (by_id[i].x, by_id[i].y)) + by_id[i].r + 3
                               for i in inner[ring_id]])
        by_id[ring_id] = replace(ring, r=round(radius, 1), ring=True)
    rings = sorted((by_id[i] for i in inner), key=lambda m: (-m.r, m.id))
    ordered = rings + [by_id[m.id] for m in markers if m.id not in inner]
    return sorted(ordered, key=lambda m: (not m.ring and m.current,))  # a stable sort: the current dot last


def _push_apart(dots: list[Marker], rounds: int = 12) -> list[Marker]:
    """``dots`` moved so that no two are closer than ``GAP``, as far as a few rounds of pushing
    each close pair apart along the line between them get (the current place does not move;
    two dots on the same spot part along a fixed direction of their order); kept ``EDGE``
    inside the view."""
    points = [[marker.x, marker.y] for marker in dots]
    fixed = [marker.current for marker in dots]
    for _ in range(rounds):
        cells: dict[tuple[int, int], list[int]] = {}
        for i, (x, y) in enumerate(points):
            cells.setdefault((int(x // GAP), int(y // GAP)), []).append(i)
        moved = False
        for i in range(len(points)):
            cx, cy = int(points[i][0] // GAP), int(points[i][1] // GAP)
            for j in (j for dx in (-1, 0, 1) for dy in (-1, 0, 1) for j in cells.get((cx + dx, cy + dy), ()) if j > i):
                (xi, yi), (xj, yj) = points[i], points[j]
                distance = math.dist((xi, yi), (xj, yj))
                if distance >= GAP - 0.05 or (fixed[i] and fixed[j]):
                    continue
                if distance < 1e-6:
                    angle = j * 2.399963  # the golden angle: dots on one spot fan out
                    ux, uy, distance = math.cos(angle), math.sin(angle), 0.0
                else:
                    ux, uy = (xj - xi) / distance, (yj - yi) / distance
                push = GAP - distance
                share_i = 0.0 if fixed[i] else 1.0 if fixed[j] else 0.5
                points[i] = [xi - ux * push * share_i, yi - uy * push * share_i]
                points[j] = [xj + ux * push * (1 - share_i), yj + uy * push * (1 - share_i)]
                moved = True
        for point in points:
            point[0] = min(max(point[0], EDGE), WIDTH - EDGE)
            point[1] = min(max(point[1], EDGE), HEIGHT - EDGE)
        if not moved:
            break
    return [marker if marker.current or (round(x, 1), round(y, 1)) == (marker.x, marker.y)
            else replace(marker, x=round(x, 1), y=round(y, 1)) for marker, (x, y) in zip(dots, points)]


def _text_box(text: str, x: float, y: float, anchor: str, size: float,
              spacing: float = 0.0) -> tuple[float, float, float, float]:
    """The box a label of ``size`` (and letter-``spacing``) takes, its halo included (a generous
    estimate of its width)."""
    width = len(text) * size * (CHAR_WIDTH + spacing)
    left = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
    return left - 2, y - size * 0.6, left + width + 2, y + size * 0.6


def _inside_view(box: tuple[float, float, float, float], margin: float = 2) -> bool:
    return box[0] >= margin and box[1] >= margin and box[2] <= WIDTH - margin and box[3] <= HEIGHT - margin


def _dot_box(marker: Marker) -> tuple[float, float, float, float]:
    r = marker.r + 1.5  # with its white edge
    return marker.x - r, marker.y - r, marker.x + r, marker.y + r


def _labels(markers: list[Marker], counts: dict[str, int], taken: dict[str, list]) -> tuple[Label, ...]:
    """Visible names for up to ``MAX_LABELS`` markers (current place first, then by events),
    each beside its marker where it overlaps no other label and no other dot and stays inside the
    map, at the desktop size and, for up to ``MAX_LABELS_NARROW`` of them, at the phone's (the
    others are ``wide``); the boxes they take are added to ``taken`` ("wide", "narrow")."""
    order = sorted(markers, key=lambda m: (not m.current, -counts.get(m.id, 0), m.name, m.id))
    dots = [(m.id, _dot_box(m)) for m in markers if not m.ring]
    rings = [m for m in markers if m.ring]
    labels: list[Label] = []
    narrow = 0
    for marker in order:
        if len(labels) >= MAX_LABELS:
            break
        others = [box for marker_id, box in dots if marker_id != marker.id]
        right, left = marker.x + marker.r + 4, marker.x - marker.r - 4
        for ring in rings:  # a dot inside a ring is labelled outside it, clear of its line
            dy = marker.y - ring.y
            if ring.id != marker.id and math.dist((marker.x, marker.y), (ring.x, ring.y)) < ring.r and abs(dy) < ring.r:
                half = math.sqrt(ring.r ** 2 - dy ** 2) + 4
                right, left = max(right, ring.x + half), min(left, ring.x - half)
        best = None
        for anchor, x in (("start", right), ("end", left)):
            box = _text_box(marker.name, x, marker.y, anchor, LABEL_SIZE)
            if not _inside_view(box) or any(_overlap(box, other) for other in taken["wide"] + others):
                continue
            small = _text_box(marker.name, x, marker.y, anchor, LABEL_SIZE_NARROW)
            fits = (narrow < MAX_LABELS_NARROW and _inside_view(small)
                    and not any(_overlap(small, other) for other in taken["narrow"] + others))
            if best is None or fits:
                best = (anchor, x, box, small, fits)
            if fits:
                break
        if best is None:
            continue
        anchor, x, box, small, fits = best
        taken["wide"].append(box)
        if fits:
            taken["narrow"].append(small)
            narrow += 1
        labels.append(Label(marker.name, round(x, 1), marker.y, anchor, not fits))
    return tuple(labels)


def _region_labels(outlines: tuple[Outline, ...], markers: list[Marker], taken: dict[str, list],
                   place_labels: set[str] = frozenset()) -> tuple[Label, ...]:
    """Names for up to ``MAX_REGIONS`` countries, the most visible first, inside their largest
    piece in view (``_region_spot``), where they cover no marker and no other label; not a
    country whose name a place label already shows (the place Afghanistan on Afghanistan)."""
    labels = []
    dots = [_dot_box(m) for m in markers]
    for outline in sorted(outlines, key=lambda o: (-o.area, o.name)):
        if len(labels) >= MAX_REGIONS or outline.area < MIN_REGION_AREA:
            break
        if outline.name in place_labels:
            continue
        spot = _region_spot(outline, dots + taken["wide"], dots + taken["narrow"])
        if spot is None:
            continue
        x, y, fits = spot
        taken["wide"].append(_text_box(outline.name, x, y, "middle", REGION_SIZE, REGION_SPACING))
        if fits:
            taken["narrow"].append(_text_box(outline.name, x, y, "middle", REGION_SIZE_NARROW, REGION_SPACING))
        labels.append(Label(outline.name, x, y, "middle", not fits))
    return tuple(labels)


REGION_TRIES = 120  # spots tried per country name, nearest its centroid first


def _region_spot(outline: Outline, wide: list, narrow: list) -> tuple[float, float, bool] | None:
    """(x, y, fits on a phone) of the point of a grid over the outline's largest piece in view,
    nearest its centroid, where the name fits inside the piece, clear of its borders, and
    overlaps nothing in ``wide`` (and, if it can, in ``narrow`` at the phone's size); None when
    there is no such point."""
    piece = outline.piece
    if len(piece) < 3:
        return None
    xs, ys = [p[0] for p in piece], [p[1] for p in piece]
    west, north, width, height = min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)
    step = max(6.0, width / 24, height / 16)
    grid = [(west + step * (i + 0.5), north + step * (j + 0.5))
            for i in range(int(width / step)) for j in range(int(height / step))]
    grid.sort(key=lambda p: (math.dist(p, (outline.x, outline.y)), p))
    edges = list(zip(piece, piece[1:] + piece[:1]))
    fallback = None
    for x, y in [(outline.x, outline.y)] + grid[:REGION_TRIES]:
        x, y = round(x, 1), round(y, 1)
        box = _text_box(outline.name, x, y, "middle", REGION_SIZE, REGION_SPACING)
        if not _inside_view(box, 4) or any(_overlap(box, other) for other in wide) or not _box_in(box, edges):
            continue
        small = _text_box(outline.name, x, y, "middle", REGION_SIZE_NARROW, REGION_SPACING)
        if _inside_view(small, 4) and not any(_overlap(small, other) for other in narrow) and _box_in(small, edges):
            return x, y, True
        fallback = fallback or (x, y, False)
    return fallback


def _box_in(box: tuple[float, float, float, float], edges: list) -> bool:
    """Whether ``box`` lies inside the polygon of ``edges``: its middle inside and no edge
    crossing it (every edge's bounding box clear of the box, or the edge clear of its four sides)."""
    x0, y0, x1, y1 = box
    if not _point_in((x0 + x1) / 2, (y0 + y1) / 2, edges):
        return False
    for (ax, ay), (bx, by) in edges:
        if max(ax, bx) < x0 or min(ax, bx) > x1 or max(ay, by) < y0 or min(ay, by) > y1:
            continue
        if x0 <= ax <= x1 and y0 <= ay <= y1:
            return False
        for side in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):
            if _cross((ax, ay), (bx, by), *side):
                return False
    return True


def _point_in(x: float, y: float, edges: list) -> bool:
    inside = False
    for (ax, ay), (bx, by) in edges:
        if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
            inside = not inside
    return inside


def _cross(p, q, r, s) -> bool:
    """Whether the segments p–q and r–s cross."""
    def turn(a, b, c):
        value = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return (value > 0) - (value < 0)
    return turn(p, q, r) != turn(p, q, s) and turn(r, s, p) != turn(r, s, q)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


TEMPLATE_GLOBALS: dict = {"map_of": map_of}  # registered in generator.render.environment
