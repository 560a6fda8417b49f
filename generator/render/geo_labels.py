"""Where the map's names go (see ``geo_map``): a few place labels beside their markers and country
names inside their largest piece in view, none overlapping another, a marker or the map's edge.

* Labels are checked at two sizes: the desktop one (``LABEL_SIZE``, ``REGION_SIZE``) and the
  larger one graphics.css sets on a phone, where the map is drawn half as wide
  (``LABEL_SIZE_NARROW``, ``REGION_SIZE_NARROW``); a label that only fits at the first is
  marked ``wide`` and hidden on phones.
* Country names sit inside their largest piece in view (the point nearest its centroid where
  the whole name fits inside, clear of the borders), not on a place label of the same name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from generator.render.geo_outlines import HEIGHT, WIDTH, Outline

MAX_LABELS = 10
MAX_LABELS_NARROW = 6  # of them, on a phone
LABEL_SIZE = 18  # font size of place labels, in viewBox units
LABEL_SIZE_NARROW = 24  # on a phone (graphics.css): 13 px on a 390-px screen
MAX_REGIONS = 6  # country names
REGION_SIZE = 14  # their font size
REGION_SIZE_NARROW = 19  # on a phone (graphics.css)
MIN_REGION_AREA = 0.03 * WIDTH * HEIGHT  # a country is named when this much of it is in view
CHAR_WIDTH = 0.58  # of the font size, a generous estimate of an average character
REGION_SPACING = 0.06  # the letter-spacing of country names (graphics.css), of the font size


@dataclass(frozen=True)
class Label:
    """A visible place name next to its marker."""

    text: str
    x: float
    y: float  # the middle of the text (dominant-baseline: central)
    anchor: str  # "start" (right of the marker), "end" (left of it) or "middle"
    wide: bool = False  # touches another label or a dot at a phone's size: drawn on wider screens only



def _text_box(text: str, x: float, y: float, anchor: str, size: float,
              spacing: float = 0.0) -> tuple[float, float, float, float]:
    """The box a label of ``size`` (and letter-``spacing``) takes, its halo included (a generous
    estimate of its width)."""
    width = len(text) * size * (CHAR_WIDTH + spacing)
    left = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
    return left - 2, y - size * 0.6, left + width + 2, y + size * 0.6


def _inside_view(box: tuple[float, float, float, float], margin: float = 2, rows: tuple = (0, HEIGHT)) -> bool:
    """Whether ``box`` lies inside the map (or the strip of ``rows`` a phone shows), ``margin`` from its edges."""
    return (box[0] >= margin and box[1] >= rows[0] + margin and box[2] <= WIDTH - margin
            and box[3] <= rows[1] - margin)


def _dot_box(marker: Any) -> tuple[float, float, float, float]:
    r = marker.r + 1.5  # with its white edge
    return marker.x - r, marker.y - r, marker.x + r, marker.y + r


def place_labels(markers: list[Any], counts: dict[str, int], taken: dict[str, list],
                 rows: tuple = (0, HEIGHT)) -> tuple[Label, ...]:
    """Visible names for up to ``MAX_LABELS`` markers (current place first, then by events),
    each beside its marker where it overlaps no other label and no other dot and stays inside the
    map, at the desktop size and, for up to ``MAX_LABELS_NARROW`` of them, at the phone's (the
    others are ``wide``; on a phone only the strip of ``rows`` shows); the boxes they take are
    added to ``taken`` ("wide", "narrow")."""
    order = sorted(markers, key=lambda m: (not m.current, -counts.get(m.id, 0), m.name, m.id))
    dots = [(m.id, _dot_box(m)) for m in markers]
    labels: list[Label] = []
    narrow = 0
    for marker in order:
        if len(labels) >= MAX_LABELS:
            break
        others = [box for marker_id, box in dots if marker_id != marker.id]
        right, left = marker.x + marker.r + 4, marker.x - marker.r - 4
        best = None
        for anchor, x in (("start", right), ("end", left)):
            box = _text_box(marker.name, x, marker.y, anchor, LABEL_SIZE)
            if not _inside_view(box) or any(_overlap(box, other) for other in taken["wide"] + others):
                continue
            small = _text_box(marker.name, x, marker.y, anchor, LABEL_SIZE_NARROW)
            fits = (narrow < MAX_LABELS_NARROW and _inside_view(small, rows=rows)
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


def region_labels(outlines: tuple[Outline, ...], markers: list[Any], taken: dict[str, list],
                  shown: set[str] = frozenset(), rows: tuple = (0, HEIGHT)) -> tuple[Label, ...]:
    """Names for up to ``MAX_REGIONS`` countries, the most visible first, inside their largest
    piece in view (``_region_spot``), where they cover no marker and no other label; not a
    country whose name a place label already shows (the place Afghanistan on Afghanistan)."""
    labels = []
    dots = [_dot_box(m) for m in markers]
    for outline in sorted(outlines, key=lambda o: (-o.area, o.name)):
        if len(labels) >= MAX_REGIONS or outline.area < MIN_REGION_AREA:
            break
        if outline.name in shown:
            continue
        spot = _region_spot(outline, dots + taken["wide"], dots + taken["narrow"], rows)
        if spot is None:
            continue
        x, y, fits = spot
        taken["wide"].append(_text_box(outline.name, x, y, "middle", REGION_SIZE, REGION_SPACING))
        if fits:
            taken["narrow"].append(_text_box(outline.name, x, y, "middle", REGION_SIZE_NARROW, REGION_SPACING))
        labels.append(Label(outline.name, x, y, "middle", not fits))
    return tuple(labels)


REGION_TRIES = 120  # spots tried per country name, nearest its centroid first


def _region_spot(outline: Outline, wide: list, narrow: list, rows: tuple) -> tuple[float, float, bool] | None:
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
        if _inside_view(small, 4, rows) and not any(_overlap(small, other) for other in narrow) and _box_in(small, edges):
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
