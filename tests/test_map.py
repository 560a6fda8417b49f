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


def test_one_marker_per_place_with_coordinates_linking_to_its_page():
    content = _content([KUNDUZ, HOSPITAL, KABUL, NOWHERE, UNUSED], ["kunduz", "hospital", "kabul", "nowhere"])
    svg = _svg(_render(content))
    links = svg.select(".map-markers a")
    assert sorted((a["aria-label"], a["href"]) for a in links) == [
        ("Kabul", "../places/kabul/"), ("Kunduz", "../places/kunduz/"), ("Regional hospital", "../places/hospital/"),
    ]
    assert all(a.title.string == a["aria-label"] for a in links)
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


def test_a_place_page_highlights_the_place_and_shows_its_surroundings():
    content = _content([KUNDUZ, HOSPITAL, KABUL], ["hospital", "kabul"])
    svg = _svg(_render(content, current="kunduz", root="../.."))
    current = svg.select(".map-markers a.current")
    assert len(current) == 1 and current[0]["href"] == "../../places/kunduz/"
    assert current[0]["aria-current"] == "page"
    assert svg.select(".map-markers a")[-1] is current[0]  # drawn on top
    labels = [text.string for text in svg.select(".map-labels text")]
    assert labels[0] == "Kunduz"
    nearby = {a["aria-label"] for a in svg.select(".map-markers a")}
    assert {"Regional hospital", "Kabul"} <= nearby  # within the minimum span around the city
    view = geo_map.fit_view([(KUNDUZ.lon, KUNDUZ.lat)])
    west, south, east, north = view.bounds()
    assert north - south >= geo_map.MIN_SPAN - 1e-6


def test_no_map_without_coordinates():
    content = _content([KUNDUZ, NOWHERE], ["kunduz", "nowhere"])
    assert "<figure" not in _render(content, current="nowhere")
    assert geo_map.map_of(_content([NOWHERE], ["nowhere"]), ".") is None
    assert "<figure" not in _render(_content([NOWHERE], ["nowhere"]))


def test_labels_do_not_overlap():
    places = [Place(id=f"p{n}", name=f"Village number {n}", lat=36 + (n % 5) * 0.05, lon=68 + (n // 5) * 0.05)
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
    assert len(_svg(html).select(".map-markers a")) == 80


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
