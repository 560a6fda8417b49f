"""The demo's places on the map, through `timeline build` (issue 22, item 5): every place with events
has a marker (its own coordinates or those of the place it is within, then drawn hollow), places on
one spot share one marker that lists them, a place page's map zooms to the place, a legend says what
the markers mean, and /places/ lists the places by name."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.render import geo_map

WITHOUT_COORDINATES = ["kunduz-governors-compound", "kunduz-police-headquarters", "kunduz-regional-hospital",
                       "kunduz-south-west", "kunduz-university"]


@pytest.fixture(scope="module")
def site(demo_project: Path, build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("map-places") / "site"
    assert build(demo_project, out) == 0
    return out


def _page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def _place_ids(site: Path) -> list[str]:
    return [a["href"].strip("/").rsplit("/", 1)[-1] for a in _page(site, "places").select(".term-list a")]


def _on_map(page: BeautifulSoup) -> dict[str, dict]:
    """place id -> how the map shows it: the marker that carries it (its own, or the one it shares)
    and whether it is drawn at the position of a place it is within."""
    figure = page.select_one("figure.place-map")
    shown = {}
    for marker in figure.select(".map-markers a"):
        if marker["href"].startswith("#"):
            listing = figure.select_one(marker["href"])
            for item in listing.select("li"):
                link = item.a
                shown[link["href"].strip("/").rsplit("/", 1)[-1]] = {
                    "marker": marker, "link": link, "hollow": bool(item.select_one(".map-swatch.hollow"))}
        else:
            shown[marker["href"].strip("/").rsplit("/", 1)[-1]] = {
                "marker": marker, "link": marker, "hollow": "hollow" in marker.get("class", [])}
    return shown


def test_every_place_with_events_has_a_marker(site: Path):
    """All 8 places listed on /places/ are on its map, and each on its own page's map; the 5 without
    coordinates are drawn at Kunduz's position, hollow, named as shown there."""
    ids = _place_ids(site)
    assert len(ids) == 8 and set(WITHOUT_COORDINATES) < set(ids)
    shown = _on_map(_page(site, "places"))
    assert set(shown) == set(ids)
    for place_id in ids:
        assert shown[place_id]["link"]["href"] == f"../places/{place_id}/"
        assert shown[place_id]["hollow"] == (place_id in WITHOUT_COORDINATES), place_id
    hospital = _page(site, "places").select_one('.map-group a[href="../places/kunduz-regional-hospital/"]').parent
    assert "(shown at Kunduz)" in hospital.get_text()
    for place_id in ids:
        own = _on_map(_page(site, f"places/{place_id}"))
        assert place_id in own, place_id
        assert "current" in own[place_id]["marker"]["class"]
        assert own[place_id]["link"]["aria-current"] == "page"


def _legend(page: BeautifulSoup) -> list[tuple[str, str]]:
    """(swatch kind, words) of each legend entry (the swatch is a picture hidden from screen readers)."""
    entries = []
    for item in page.select("figure.place-map .map-legend li"):
        swatch = item.select_one("svg.map-swatch")
        assert swatch["aria-hidden"] == "true"
        kind = [c for c in swatch["class"] if c != "map-swatch"][0]
        swatch.decompose()
        entries.append((kind, item.get_text(" ", strip=True)))
    return entries


def test_a_legend_names_every_kind_of_marker_drawn(site: Path):
    """/places/: a place, and the hollow picture of the places its open lists show at Kunduz; Kunduz's
    page: this place (the places sharing its marker are listed, folded, beside the same picture)."""
    assert _legend(_page(site, "places")) == [("place", "A place"), ("hollow", "Shown at the place that contains it")]
    place = _page(site, "places/kunduz")
    assert _legend(place) == [("current", "This place")]
    summary = place.select_one("figure.place-map details.map-group summary")
    assert summary.select_one("svg.map-swatch.group.current text").string == "7"
    summary.svg.decompose()
    assert summary.get_text().strip() == "At Kunduz: 7 places"


def test_the_city_the_province_and_the_places_within_share_one_marker(site: Path):
    """Kunduz, Kunduz Province (6 units apart on /places/) and the 5 places shown at Kunduz: one
    marker with their number, linking to the list of all 7 (a link each)."""
    page = _page(site, "places")
    markers = page.select("figure.place-map .map-markers a")
    assert len(markers) == 2
    group = next(a for a in markers if "group" in a.get("class", []))
    assert group.select_one(".map-count").string == "7"
    assert group["aria-label"] == "At Kunduz: 7 places"
    listing = page.select_one(group["href"])
    assert listing.name == "details" and listing.has_attr("open")
    assert {a["href"] for a in listing.select("li a")} == {
        f"../places/{p}/" for p in ["kunduz", "kunduz-province"] + WITHOUT_COORDINATES}


def test_a_place_pages_map_zooms_to_the_place(site: Path):
    """Kunduz's page is no longer the country map of /places/: Afghanistan's point (3° south) is out
    of its view, Kunduz's marker lies in the middle strip of rows a phone shows; so for a place
    within Kunduz, without coordinates of its own."""
    country = _page(site, "places").select_one("figure.place-map svg")
    for place_id in ("kunduz", "kunduz-university"):
        page = _page(site, f"places/{place_id}")
        svg = page.select_one("figure.place-map svg")
        assert "place-map-zoomed" in page.select_one("figure.place-map")["class"]
        assert [p["d"] for p in svg.select(".map-land path")] != [p["d"] for p in country.select(".map-land path")]
        shown = _on_map(page)
        assert "afghanistan" not in shown and {"kunduz", "kunduz-university"} <= set(shown)
        circle = shown[place_id]["marker"].circle
        top, bottom = geo_map.STRIP
        assert 0 < float(circle["cx"]) < geo_map.WIDTH and top < float(circle["cy"]) < bottom
    assert "afghanistan" in _on_map(_page(site, "places"))


def test_places_are_listed_by_name(site: Path):
    names = [a.get_text() for a in _page(site, "places").select(".term-list a")]
    assert names == sorted(names, key=str.casefold)
    assert names[:3] == ["Afghanistan", "Governor's compound, Kunduz", "Kunduz"]


def test_places_are_listed_by_name_with_case_and_accents_set_aside(small_project: Path, build, tmp_path: Path):
    places = small_project / "content" / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8")
                      # ids in the opposite order to the names: the list must follow the names
                      + "site-a:\n  name: Zebra Crossing\nsite-b:\n  name: Émile Square\nsite-c:\n  name: eagle Hill\n",
                      encoding="utf-8")
    day_event = small_project / "content" / "events" / "2015" / "day-event.yaml"
    for place in ("site-a", "site-b", "site-c"):  # an event at each: only places with events are listed
        (day_event.parent / f"at-{place}.yaml").write_text(
            day_event.read_text(encoding="utf-8").replace("place: town", f"place: {place}"), encoding="utf-8")
    assert build(small_project, tmp_path / "site") == 0
    names = [a.get_text() for a in _page(tmp_path / "site", "places").select(".term-list a")]
    assert [name for name in names if name in ("eagle Hill", "Émile Square", "Town", "Zebra Crossing")] == [
        "eagle Hill", "Émile Square", "Town", "Zebra Crossing"]
