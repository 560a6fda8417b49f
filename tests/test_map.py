"""The map (generator/render/geo_map.py + partials/map.html): vendored Natural Earth outlines projected
at build time, a marker per place with coordinates linking to its page; drawn through the real
theme and parsed back."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

from generator.cli import main
from generator.content.dates import Date
from generator.content.model import Content, Event, Place, SourceRef
from generator.render import geo_map
from generator.render.environment import make_environment

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"
GEODATA = Path(geo_map.__file__).resolve().parent / "geodata"
PAGE = '{% set place_map = map_of(content, root, current) %}{% include "partials/map.html" %}'

KUNDUZ = Place(id="kunduz", name="Kunduz", country="Afghanistan", lat=36.73, lon=68.86)
HOSPITAL = Place(id="hospital", name="Regional hospital", lat=36.72, lon=68.85, within="kunduz")
KABUL = Place(id="kabul", name="Kabul", country="Afghanistan", lat=34.53, lon=69.17)
NOWHERE = Place(id="nowhere", name="Somewhere unmapped")  # no coordinates
UNUSED = Place(id="unused", name="Unused", lat=35.0, lon=69.0)  # no event: no page, no marker


def _content(places: list[Place], at: list[str]) -> Content:
    """A content tree with one event at each place id of ``at``."""
    events = tuple(
        Event(id=f"e{n}", path=f"events/e{n}.yaml", date=Date.parse("2015-09-28"), title=f"Event {n}",
              summary="s", sources=(SourceRef(source="a"),), place=place_id)
        for n, place_id in enumerate(at)
    )
    return Content(events=events, places={place.id: place for place in places})


def _render(content: Content, current: str | None = None, root: str = "..") -> str:
    env = make_environment(TEMPLATES)
    return env.from_string(PAGE).render(content=content, root=root, current=current)


def _svg(html: str):
    return BeautifulSoup(html, "html.parser").select_one("figure.place-map svg")


def _path_points(d: str) -> list[tuple[int, int]]:
    """Every point of path data made of 'M x y' then relative 'l dx dy …' and 'z'."""
    points = []
    for ring in re.findall(r"M([^l]+)l([^z]*)z", d):
        x, y = (int(n) for n in re.findall(r"-?\d+", ring[0]))
        points.append((x, y))
        deltas = [int(n) for n in re.findall(r"-?\d+", ring[1])]
        for dx, dy in zip(deltas[::2], deltas[1::2]):
            x, y = x + dx, y + dy
            points.append((x, y))
    return points


def _places_on_map(html: str) -> dict[str, str]:
    """name -> page of every place on the map: a marker's link, or a link in the list of a marker
    several places share (under the map)."""
    figure = BeautifulSoup(html, "html.parser").select_one("figure.place-map")
    places = {a["aria-label"]: a["href"] for a in figure.select(".map-markers a") if not a["href"].startswith("#")}
    places.update((a.string, a["href"]) for a in figure.select(".map-group li a"))
    return places


def test_one_marker_per_place_with_coordinates_linking_to_its_page():
    """Kabul has a marker of its own; the hospital lies 0.01° from Kunduz: they share one marker,
    which links to their list under the map (a link to each place's page)."""
    content = _content([KUNDUZ, HOSPITAL, KABUL, NOWHERE, UNUSED], ["kunduz", "hospital", "kabul", "nowhere"])
    html = _render(content)
    svg = _svg(html)
    links = svg.select(".map-markers a")
    assert sorted((a["aria-label"], a["href"]) for a in links) == [
        ("At Kunduz: 2 places", "#map-at-kunduz"), ("Kabul", "../places/kabul/"),
    ]
    assert {a.title.string for a in links} == {"Kabul", "Kunduz, Regional hospital"}
    assert _places_on_map(html) == {"Kabul": "../places/kabul/", "Kunduz": "../places/kunduz/",
                                    "Regional hospital": "../places/hospital/"}
    assert svg["aria-label"] == "Map of 3 places"
    assert not svg.select("[aria-current]")


def test_markers_and_outlines_are_inside_the_view():
    content = _content([KUNDUZ, KABUL], ["kunduz", "kabul"])
    svg = _svg(_render(content))
    _, _, width, height = (float(n) for n in svg["viewbox"].split())
    for circle in svg.select("circle"):
        assert 0 <= float(circle["cx"]) <= width and 0 <= float(circle["cy"]) <= height
    paths = svg.select(".map-land path")
    assert paths  # Afghanistan and its neighbours
    points = [p for path in paths for p in _path_points(path["d"])]
    margin = geo_map.MARGIN + 1
    assert all(-margin <= x <= width + margin and -margin <= y <= height + margin for x, y in points)
    names = {text.string for text in svg.select(".map-regions text")}
    assert "Afghanistan" in names


def test_kunduz_is_where_it_should_be():
    """Kunduz lies north of Kabul, a little west; the projection keeps that."""
    content = _content([KUNDUZ, KABUL], ["kunduz", "kabul"])
    spots = {a["aria-label"]: (float(a.circle["cx"]), float(a.circle["cy"]))
             for a in _svg(_render(content)).select(".map-markers a")}
    assert spots["Kunduz"][1] < spots["Kabul"][1]
    assert spots["Kunduz"][0] < spots["Kabul"][0]


def test_a_place_page_highlights_the_place_and_zooms_to_its_neighbourhood():
    """Kunduz's page: its marker (shared with the hospital within it) is the current one, Kunduz is
    marked the current page in the marker's list; the view is Kunduz's neighbourhood (at least
    PLACE_SPAN degrees in the phone's strip), not the country: Kabul, 2° south, is not on it."""
    content = _content([KUNDUZ, HOSPITAL, KABUL], ["hospital", "kabul"])
    html = _render(content, current="kunduz", root="../..")
    svg = _svg(html)
    current = svg.select(".map-markers a.current")
    assert len(current) == 1 and current[0]["href"] == "#map-at-kunduz"
    assert svg.select(".map-markers a")[-1] is current[0]  # drawn on top
    figure = BeautifulSoup(html, "html.parser").select_one("figure.place-map")
    assert [a["href"] for a in figure.select(".map-group a[aria-current=page]")] == ["../../places/kunduz/"]
    labels = [text.string for text in svg.select(".map-labels text")]
    assert labels[0] == "Kunduz"
    assert set(_places_on_map(html)) == {"Kunduz", "Regional hospital"}
    view = geo_map.fit_view([(KUNDUZ.lon, KUNDUZ.lat)], geo_map.PLACE_SPAN, geo_map.STRIP[1] - geo_map.STRIP[0])
    west, south, east, north = view.bounds()
    assert west < KUNDUZ.lon < east and south < KUNDUZ.lat < north
    assert north - south >= geo_map.PLACE_SPAN * geo_map.HEIGHT / (geo_map.STRIP[1] - geo_map.STRIP[0]) - 1e-6
    assert north - south < geo_map.MIN_SPAN  # zoomed in further than /places/


def test_no_map_without_coordinates():
    content = _content([KUNDUZ, NOWHERE], ["kunduz", "nowhere"])
    assert "<figure" not in _render(content, current="nowhere")
    assert geo_map.map_of(_content([NOWHERE], ["nowhere"]), ".") is None
    assert "<figure" not in _render(_content([NOWHERE], ["nowhere"]))


def test_labels_do_not_overlap():
    places = [Place(id=f"p{n}", name=f"Village number {n}", lat=36 + (n % 5) * 0.35, lon=68 + (n // 5) * 0.45)
              for n in range(25)]
    place_map = geo_map.map_of(_content(places, [p.id for p in places]), ".")
    assert len(place_map.markers) == 25
    assert 0 < len(place_map.labels) <= geo_map.MAX_LABELS
    boxes = []
    for label in place_map.labels:
        width = len(label.text) * geo_map.LABEL_SIZE * geo_map.CHAR_WIDTH
        left = label.x if label.anchor == "start" else label.x - width
        boxes.append((left, label.y - geo_map.LABEL_SIZE, left + width, label.y))
        assert 0 <= left and left + width <= geo_map.WIDTH
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_a_world_wide_map_stays_small_and_is_deterministic():
    places = [Place(id=f"p{n}", name=f"Place {n}", lat=(n * 37) % 140 - 60, lon=(n * 73) % 350 - 175)
              for n in range(80)]
    content = _content(places, [p.id for p in places])
    html = _render(content, root=".")
    assert len(html.encode("utf-8")) < 60_000
    assert html == _render(content, root=".")
    assert len(_places_on_map(html)) == 80  # a marker each, or a link in the list of a marker they share


def test_nothing_is_fetched():
    html = _render(_content([KUNDUZ, KABUL], ["kunduz", "kabul"]), current="kunduz")
    soup = BeautifulSoup(html, "html.parser")
    assert "http" not in html and "//" not in html
    assert not soup.select("script, image, img, use, iframe")
    assert all(not a["href"].startswith(("http", "//", "javascript:")) for a in soup.select("a"))


def test_vendored_data_is_small_and_documented():
    data = GEODATA / "countries.json"
    assert data.stat().st_size < 400_000
    document = json.loads(data.read_text(encoding="utf-8"))
    assert "Natural Earth" in document["source"] and len(document["countries"]) > 200
    readme = (GEODATA / "README.md").read_text(encoding="utf-8")
    assert "public domain" in readme.lower() and "world-atlas" in readme


def test_places_map_end_to_end(small_project: Path, tmp_path: Path):
    out = tmp_path / "site"
    assert main(["build", "-f", str(small_project / "mkdocs.yml"), "-d", str(out)]) == 0
    places = BeautifulSoup((out / "places/index.html").read_text(encoding="utf-8"), "html.parser")
    markers = places.select("figure.place-map .map-markers a")
    assert [(a["aria-label"], a["href"]) for a in markers] == [("Town", "../places/town/")]
    assert (out / "places/town/index.html").is_file()
    town = BeautifulSoup((out / "places/town/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in town.select("figure.place-map .map-markers a.current")] == ["../../places/town/"]
    figure = str(places.select_one("figure.place-map"))
    assert len(figure.encode("utf-8")) < 60_000 and "http" not in figure


# -- markers that do not hide each other, labels inside the map and clear of borders -----------------

PROVINCE = Place(id="kunduz-province", name="Kunduz Province", lat=36.8, lon=68.8, within="afghanistan")
CITY = Place(id="kunduz", name="Kunduz", lat=36.73, lon=68.86, within="kunduz-province")
COUNTRY = Place(id="afghanistan", name="Afghanistan", lat=33.94, lon=67.71)
DEMO = [COUNTRY, PROVINCE, CITY]  # the demo's places with coordinates


def _markers(svg) -> dict[str, dict]:
    return {a["aria-label"]: {"a": a, "x": float(a.circle["cx"]), "y": float(a.circle["cy"]), "r": float(a.circle["r"]),
                              "ring": "ring" in (a.get("class") or [])} for a in svg.select(".map-markers a")}


def _label_boxes(svg, group: str, size: float, spacing: float = 0.0) -> list[tuple[str, tuple]]:
    """(text, box) of each label of ``group``: the text's estimated extent, centred on its y."""
    boxes = []
    for text in svg.select(f".{group} text"):
        x, y = float(text["x"]), float(text["y"])
        width = len(text.string) * size * (geo_map.CHAR_WIDTH + spacing)
        anchor = text.get("text-anchor") or "middle"
        left = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
        boxes.append((text.string, (left, y - size / 2, left + width, y + size / 2)))
    return boxes


def test_a_city_and_its_province_on_one_spot_share_one_marker_listing_both():
    """Kunduz Province's point lies 6 units from Kunduz's on /places/ (and as close at a place page's
    zoom): one marker, larger, with their number, links to the list of both under the map, one link
    per place; the marker's accessible name says so; no label covers a dot."""
    for current in (None, "kunduz", "kunduz-province"):
        html = _render(_content(DEMO, ["kunduz", "kunduz", "afghanistan"]), current=current)
        svg = _svg(html)
        markers = _markers(svg)
        shared = [m for m in markers.values() if "group" in (m["a"].get("class") or [])]
        assert len(shared) == 1
        group = shared[0]["a"]
        first = "Kunduz Province" if current == "kunduz-province" else "Kunduz"  # the current place's name first
        assert group["aria-label"] == f"At {first}: 2 places"  # as its list says, with the number it shows
        assert group.select_one("text.map-count").string == "2"
        listing = BeautifulSoup(html, "html.parser").select_one(group["href"])
        assert sorted((a.string, a["href"].rsplit("/places/", 1)[1]) for a in listing.select("li a")) == [
            ("Kunduz", "kunduz/"), ("Kunduz Province", "kunduz-province/")]
        assert ("current" in group["class"]) == (current is not None)
        size = float(svg.select_one(".map-labels")["font-size"])
        for _, box in _label_boxes(svg, "map-labels", size):
            for name, marker in markers.items():
                r = marker["r"]
                assert not (box[0] < marker["x"] + r and marker["x"] - r < box[2]
                            and box[1] < marker["y"] + r and marker["y"] - r < box[3]), (name, box)


def test_unrelated_places_on_one_spot_share_one_marker():
    twins = [Place(id=f"t{n}", name=f"Twin {n}", lat=36.0, lon=68.0) for n in range(3)]
    html = _render(_content(twins + [KABUL], ["t0", "t1", "t2", "kabul"]))
    assert sorted(_markers(_svg(html))) == ["At Twin 0: 3 places", "Kabul"]
    assert _places_on_map(html) == {"Kabul": "../places/kabul/", **{f"Twin {n}": f"../places/t{n}/" for n in range(3)}}


def test_markers_and_labels_stay_inside_the_map_on_a_place_page():
    """Kunduz's page zooms to its neighbourhood: Afghanistan's point, 3° south, is left out, as a place
    nearby on the edge would be; every marker and label lies inside the viewBox, and the labels a phone
    shows inside the strip of rows it shows."""
    edge_town = Place(id="edge", name="Edge town", lat=33.75, lon=69.6)
    content = _content(DEMO + [edge_town], ["kunduz", "afghanistan", "edge"])
    alone = geo_map.map_of(_content([CITY, edge_town], ["kunduz", "edge"]), "..", "kunduz")
    assert [m.name for m in alone.markers] == ["Kunduz"]
    html = _render(content, current="kunduz")
    svg = _svg(html)
    assert set(_places_on_map(html)) == {"Kunduz", "Kunduz Province"}
    for name, marker in _markers(svg).items():
        edge = geo_map.EDGE
        assert edge <= marker["x"] <= geo_map.WIDTH - edge and edge <= marker["y"] <= geo_map.HEIGHT - edge, name
    top, bottom = geo_map.STRIP
    for group, spacing in (("map-labels", 0), ("map-regions", geo_map.REGION_SPACING)):
        size = float(svg.select_one(f".{group}")["font-size"])
        for text, (left, up, right, down) in _label_boxes(svg, group, size, spacing):
            assert 0 <= left and right <= geo_map.WIDTH and 0 <= up and down <= geo_map.HEIGHT, text
        shown = [t for t in svg.select(f".{group} text") if "wide" not in (t.get("class") or [])]
        assert all(top <= float(t["y"]) - size / 2 and float(t["y"]) + size / 2 <= bottom for t in shown), group
    assert all(text.get("dominant-baseline") == "central" for text in svg.select(".map-labels, .map-regions"))


def _rings(d: str) -> list[list[tuple[int, int]]]:
    rings = []
    for start, moves in re.findall(r"M([^l]+)l([^z]*)z", d):
        x, y = (int(n) for n in re.findall(r"-?\d+", start))
        ring = [(x, y)]
        deltas = [int(n) for n in re.findall(r"-?\d+", moves)]
        for dx, dy in zip(deltas[::2], deltas[1::2]):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring)
    return rings


def _segment_hits_box(a, b, box) -> bool:
    """Liang–Barsky: whether the segment a–b reaches into ``box``."""
    (x0, y0), (x1, y1) = a, b
    t0, t1 = 0.0, 1.0
    for p, q in ((x0 - x1, x0 - box[0]), (x1 - x0, box[2] - x0), (y0 - y1, y0 - box[1]), (y1 - y0, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def test_country_names_are_crossed_by_no_border_and_not_repeated():
    """On Kunduz's page 'Tajikistan' used to sit on its centroid, across a border; names now sit
    inside their country, clear of every border line, with a halo; the country label Afghanistan is
    not drawn when the place Afghanistan's label is."""
    for current in ("kunduz", "afghanistan", None):
        svg = _svg(_render(_content(DEMO, ["kunduz", "afghanistan"]), current=current))
        regions = _label_boxes(svg, "map-regions", geo_map.REGION_SIZE, geo_map.REGION_SPACING)
        assert regions
        segments = [(ring[i], ring[(i + 1) % len(ring)])
                    for path in svg.select(".map-land path") for ring in _rings(path["d"]) for i in range(len(ring))]
        for text, box in regions:
            inner = (box[0] + 1, box[1] + 1, box[2] - 1, box[3] - 1)
            crossing = [s for s in segments if _segment_hits_box(*s, inner)]
            assert not crossing, (current, text, box, crossing[:3])
        places = {text.string for text in svg.select(".map-labels text")}
        assert "Afghanistan" not in places or "Afghanistan" not in {text for text, _ in regions}
        if current != "kunduz":  # Kunduz's page zooms to its neighbourhood, Afghanistan's point out of it
            assert "Afghanistan" in places
        group = svg.select_one(".map-regions")
        assert group["paint-order"] == "stroke" and float(group["stroke-width"]) > 0


def test_phone_label_sizes_and_which_labels_a_phone_shows():
    """graphics.css sets the larger phone sizes geo_map checks labels at; labels that only fit at the
    desktop size are marked "wide" and hidden there; the others do not overlap at the phone's size."""
    css = (TEMPLATES / "assets" / "graphics.css").read_text(encoding="utf-8")
    phone = css[css.index("@media (max-width: 39.99rem)"):]
    phone = phone[:phone.index("\n}\n")]
    assert re.search(r"\.map-labels \{ font-size: %gpx; \}" % geo_map.LABEL_SIZE_NARROW, phone)
    assert re.search(r"\.map-regions \{ font-size: %gpx; \}" % geo_map.REGION_SIZE_NARROW, phone)
    assert ".map-labels .wide" in phone and ".map-regions .wide" in phone and "display: none" in phone
    assert geo_map.LABEL_SIZE_NARROW * 366 / geo_map.WIDTH >= 12  # px on a 390-px phone (a 366-px map)
    places = [Place(id=f"p{n}", name=f"Village number {n}", lat=36 + (n % 5) * 0.4, lon=68 + (n // 5) * 0.5)
              for n in range(25)]
    svg = _svg(_render(_content(places, [p.id for p in places])))
    texts = svg.select(".map-labels text")
    assert any("wide" in (t.get("class") or []) for t in texts)
    shown = [t for t in texts if "wide" not in (t.get("class") or [])]
    assert 0 < len(shown) <= geo_map.MAX_LABELS_NARROW
    boxes = []
    for text in shown:
        width = len(text.string) * geo_map.LABEL_SIZE_NARROW * geo_map.CHAR_WIDTH
        x, y = float(text["x"]), float(text["y"])
        left = x if text["text-anchor"] == "start" else x - width
        boxes.append((left, y - geo_map.LABEL_SIZE_NARROW / 2, left + width, y + geo_map.LABEL_SIZE_NARROW / 2))
        assert 0 <= left and left + width <= geo_map.WIDTH
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
