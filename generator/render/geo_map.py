"""The map: a static SVG of Natural Earth outlines projected at build time, a marker per place.

Python computes the geometry (``PlaceMap``: outline path data, markers, labels, the legend); the
partial ``site_templates/partials/map.html`` draws it. Nothing is fetched: the outlines are the
vendored file ``geodata/countries.json`` (Natural Earth, public domain; see its README). The
projection and the outlines are in ``geo_outlines``, where the names go in ``geo_labels``.

* Places: every place that has a page (events at it or, when places have ``within``, at a
  place within it). One without coordinates of its own is shown at the position of the nearest
  place it is ``within`` that has them, as a hollow marker ("shown at the place that contains it").
* View: on ``/places/`` fitted to every place (at least ``MIN_SPAN`` degrees of latitude). On a
  place page zoomed to the place, the places within it and the places it is within where that
  keeps the zoom, fitted in the middle ``STRIP`` of rows (at least ``PLACE_SPAN`` degrees tall):
  its neighbourhood, not the country. The page draws that map small beside the heading, and a
  phone only that strip of it (graphics.css), where the labels it shows are checked.
* Markers: places whose markers would lie closer than ``MERGE`` units share one marker, drawn
  larger with their number, that links to the list of them under the map (one link per place);
  a single place's marker links to its page. A place nearby that the view was not fitted to is
  left out when its marker would lie less than ``EDGE`` units inside the view (a fitted one is
  moved in: a world-wide view). A few get a visible label (the current place first, then the
  places with most events); the others are named by their link's label and ``<title>``.
* Legend: the kinds of marker the map draws (this place, a place, shown at the place that
  contains it: drawn hollow, or listed as such on /places/, whose lists are open), in the figure's
  caption; each shared marker's list is summed up beside the same picture ("⑦ At Kunduz: 7 places").
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from generator.content.date_words import ENGLISH
from generator.render import urls
from generator.render.geo_labels import (  # noqa: F401 - re-exported: tests and callers read them here
    CHAR_WIDTH, LABEL_SIZE, LABEL_SIZE_NARROW, MAX_LABELS, MAX_LABELS_NARROW, REGION_SIZE, REGION_SIZE_NARROW,
    REGION_SPACING, Label, place_labels, region_labels,
)
from generator.render.geo_outlines import (  # noqa: F401 - re-exported
    HEIGHT, MARGIN, MIN_SPAN, OUTLINE_BUDGET, WIDTH, Outline, View, fit_view, outlines_in,
)

PLACE_SPAN = 1.2  # degrees of latitude at least in a place page's strip: a city with its province
STRIP = (110, 290)  # the rows of a place page's map a phone shows (graphics.css: aspect-ratio 640 / 180)
MARKER_COST = 140  # characters one marker takes, about
DOT, CURRENT_DOT, GROUP_DOT = 4.5, 7.0, 9.0  # marker radii
ZOOMED_DOTS = 1.5  # a place page's map is drawn small: its markers larger in viewBox units
MERGE = 18.0  # places whose markers lie closer than this (viewBox units) share one marker
EDGE = 12.0  # a marker's centre stays this far inside the view
NEARBY_LIMIT = 40  # places drawn around a place (labelling is quadratic in them)


@dataclass(frozen=True)
class Member:
    """One place of a marker: its name, page, and the place whose position it is shown at."""

    id: str
    name: str
    href: str
    label: str  # its accessible name ("Kunduz University, shown at Kunduz")
    current: bool = False
    at: str = ""  # the name of the place it is shown at; "" when it has coordinates of its own


@dataclass(frozen=True)
class Marker:
    """A marker on the map: one place, or several at (nearly) one point (a group)."""

    id: str  # its first place's id (the current place, or the one with most events)
    name: str  # its first place's name (the visible label)
    href: str  # the place's page, or for a group the list of its places under the map
    label: str  # the link's accessible name
    x: float
    y: float
    members: tuple[Member, ...]
    current: bool = False
    r: float = DOT

    @property
    def group(self) -> bool:
        """Whether several places share it."""
        return len(self.members) > 1

    @property
    def hollow(self) -> bool:
        """Whether it is drawn hollow: no place of it has coordinates of its own."""
        return all(member.at for member in self.members)

    @property
    def anchor(self) -> str:
        """The id of its list under the map (groups)."""
        return f"map-at-{self.id}"

    @property
    def classes(self) -> str:
        """Its link's classes: group, hollow, current."""
        return " ".join(name for name, on in (("group", self.group), ("hollow", self.hollow),
                                              ("current", self.current)) if on)


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
    legend: tuple[str, ...] = ()  # the kinds of marker drawn: "current", "place", "hollow" (a shared marker
    # is explained by its list's summary, with the same picture)
    zoomed: bool = False  # a place page's map

    @property
    def groups(self) -> tuple[Marker, ...]:
        """The markers places share (their lists go under the map)."""
        return tuple(marker for marker in self.markers if marker.group)


def map_of(content: Any, root: str, current: str | None = None, words: Any = None) -> PlaceMap | None:
    """The map of every place with a page and a position (``/places/``), or, with ``current``,
    the map around that place (and the places within it) with the places nearby; None when
    there is nothing to place (no coordinates). ``words``: the site's language
    (``generator.render.i18n.Words``; English without)."""
    words = words or ENGLISH
    index = _place_index(content)
    if current is not None:
        if current not in content.places:
            return None
        position = index.coords.get(current) or _position(content.places, current)
        if position is None:
            return None
        fitted = {current, *index.inside.get(current, ())}
        fit = [position] + [index.coords[p] for p in index.inside.get(current, ())]
        view = fit_view(fit, PLACE_SPAN, STRIP[1] - STRIP[0])
        for container in _with_containers(content.places, current)[1:]:  # innermost first
            if container in index.coords:
                wider = fit_view(fit + [index.coords[container]], PLACE_SPAN, STRIP[1] - STRIP[0])
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
                return (other not in fitted, (lon - position[0]) ** 2 + (lat - position[1]) ** 2, other)
            shown = sorted(sorted(shown, key=distance)[:NEARBY_LIMIT], key=index.ordered.index)
        shown.append(current)
    spots = []
    for place_id in shown:
        x, y = view.project(*(index.coords.get(place_id) or position))
        if not (EDGE <= x <= WIDTH - EDGE and EDGE <= y <= HEIGHT - EDGE):
            if place_id not in fitted:
                continue  # a place nearby on the edge of the view: its dot and label would be cut
            x, y = min(max(x, EDGE), WIDTH - EDGE), min(max(y, EDGE), HEIGHT - EDGE)  # a world-wide view
        spots.append((place_id, x, y))
    markers = _markers(spots, content.places, index, root, current, words, ZOOMED_DOTS if current else 1.0)
    rows = STRIP if current is not None else (0, HEIGHT)
    labels = place_labels(markers, index.counts, taken := {"wide": [], "narrow": []}, rows)
    if current is not None:
        title = words.gettext("Map: %(place)s and places nearby") % {"place": content.places[current].name}
    else:
        title = words.ngettext("Map of %(count)s place", "Map of %(count)s places", len(spots))
    outlines = outlines_in(view, max(OUTLINE_BUDGET // 4, OUTLINE_BUDGET - MARKER_COST * len(markers)))
    regions = region_labels(outlines, markers, taken, {label.text for label in labels}, rows)
    drawn_hollow = any(m.hollow for m in markers) or (current is None and any(member.at for m in markers for member in m.members))
    legend = tuple(kind for kind, on in (
        ("current", current is not None),
        ("place", any(not m.hollow and not m.current for m in markers)),
        ("hollow", drawn_hollow)) if on)
    return PlaceMap(WIDTH, HEIGHT, outlines, tuple(markers), labels, regions, title,
                    words.gettext("Outlines: Natural Earth."), legend=legend, zoomed=current is not None,
                    **({"label_size": LABEL_SIZE_NARROW, "region_size": REGION_SIZE_NARROW} if current else {}))


def _markers(spots: list[tuple[str, float, float]], places: dict, index: "_PlaceIndex", root: str,
             current: str | None, words: Any, size: float = 1.0) -> list[Marker]:
    """One marker per group of ``spots`` (place id, x, y) closer than ``MERGE`` to the group's
    first place (places with coordinates of their own first, the current place first among them,
    then by events): its first place's position, its places listed; the current place's drawn last.
    ``size``: how much larger than usual the markers are drawn (and merged)."""
    order = sorted(spots, key=lambda s: (s[0] in index.at, s[0] != current, -index.counts.get(s[0], 0),
                                         -len(_with_containers(places, s[0])), places[s[0]].name, s[0]))
    groups: list[list[tuple[str, float, float]]] = []
    reach = MERGE * size
    cells: dict[tuple[int, int], list[list]] = {}  # groups by the grid cell of their first place (a big map has thousands)
    for spot in order:
        cx, cy = int(spot[1] // reach), int(spot[2] // reach)
        near = (group for dx in (-1, 0, 1) for dy in (-1, 0, 1) for group in cells.get((cx + dx, cy + dy), ()))
        group = next((group for group in near if math.dist(spot[1:], group[0][1:]) < reach), None)
        if group is not None:
            group.append(spot)
        else:
            groups.append([spot])
            cells.setdefault((cx, cy), []).append(groups[-1])
    markers = []
    for group in groups:
        members = []
        for place_id, _, _ in group:
            name, at = places[place_id].name, places[index.at[place_id]].name if place_id in index.at else ""
            label = words.gettext("%(place)s, shown at %(container)s") % {"place": name, "container": at} if at else name
            members.append(Member(place_id, name, f"{root}/{urls.term_url('places', place_id)}", label,
                                  place_id == current, at))
        first, x, y = group[0]
        is_current = any(member.current for member in members)
        if len(members) > 1:
            label = words.ngettext("At %(place)s: %(count)s place", "At %(place)s: %(count)s places",
                                   len(members), place=members[0].name)  # its list's summary, its number in it
            markers.append(Marker(first, members[0].name, f"#map-at-{first}", label, round(x, 1), round(y, 1),
                                  tuple(members), is_current, GROUP_DOT * size))
        else:
            markers.append(Marker(first, members[0].name, members[0].href, members[0].label, round(x, 1), round(y, 1),
                                  tuple(members), is_current, (CURRENT_DOT if is_current else DOT) * size))
    return sorted(markers, key=lambda m: m.current)  # a stable sort: the current place's drawn on top


@dataclass(frozen=True)
class _PlaceIndex:
    counts: dict[str, int]  # place id -> events at it (or within it), for every place with a page
    coords: dict[str, tuple[float, float]]  # place id -> (lon, lat), places with a page and a position
    at: dict[str, str]  # place id -> the place whose position it is shown at (no coordinates of its own)
    ordered: tuple[str, ...]  # ids with a position, by longitude then id
    lons: tuple[float, ...]  # their longitudes
    inside: dict[str, tuple[str, ...]]  # place id -> places within it (any depth) that have a position

    def in_range(self, west: float, east: float) -> tuple[str, ...]:
        return self.ordered[bisect_left(self.lons, west):bisect_right(self.lons, east)]


_last_index: list = []  # [(content, _PlaceIndex)]: one content tree at a time, checked by identity


def _place_index(content: Any) -> _PlaceIndex:
    """Which places have a page, how many events each has, and their positions (their own
    coordinates or their nearest container's); computed once per content tree (a page renders
    many maps of the same tree)."""
    if _last_index and _last_index[0][0] is content:
        return _last_index[0][1]
    places = content.places
    counts: dict[str, int] = {}
    for event in content.events:
        if event.place:
            for place_id in _with_containers(places, event.place):
                counts[place_id] = counts.get(place_id, 0) + 1
    coords: dict[str, tuple[float, float]] = {}
    at: dict[str, str] = {}
    for place_id in sorted(counts):
        for holder in _with_containers(places, place_id):
            place = places.get(holder)
            if place is not None and place.lat is not None and place.lon is not None:
                coords[place_id] = (place.lon, place.lat)
                if holder != place_id:
                    at[place_id] = holder
                break
    ordered = tuple(sorted(coords, key=lambda p: (coords[p][0], p)))
    inside: dict[str, list[str]] = {}
    for place_id in ordered:
        for container in _with_containers(places, place_id)[1:]:
            inside.setdefault(container, []).append(place_id)
    index = _PlaceIndex(counts, coords, at, ordered, tuple(coords[p][0] for p in ordered),
                        {key: tuple(value) for key, value in inside.items()})
    _last_index[:] = [(content, index)]
    return index


def _position(places: dict, place_id: str) -> tuple[float, float] | None:
    """(lon, lat) of the place or of the nearest place it is within that has coordinates."""
    for holder in _with_containers(places, place_id):
        place = places.get(holder)
        if place is not None and place.lat is not None and place.lon is not None:
            return place.lon, place.lat
    return None


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


TEMPLATE_GLOBALS: dict = {"map_of": map_of}  # registered in generator.render.environment
