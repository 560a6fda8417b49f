"""What event pages say to machines: schema.org JSON-LD (read with pyld), Open Graph, canonical URLs, sitemap."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from pyld import jsonld

from generator.chronology import build_chronology
from generator.content.reader import read_content

SITE_URL = "https://kunduz-2015.example.org/"
SCHEMA = "http://schema.org/"


@pytest.fixture(scope="module")
def site(tmp_path_factory, demo_project, build) -> Path:
    out = tmp_path_factory.mktemp("structured") / "site"
    assert build(demo_project, out) == 0
    return out


@pytest.fixture(scope="module")
def chron(demo_project):
    return build_chronology(read_content(demo_project / "content"))


def page(site: Path, event_id: str) -> BeautifulSoup:
    return BeautifulSoup((site / "events" / event_id / "index.html").read_text(encoding="utf-8"), "lxml")


def no_network_loader(url, options=None):
    """schema.org's context, inlined: tests make no network requests."""
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": SCHEMA}}}


def test_every_event_page_has_a_schema_org_event(site, chron):
    jsonld.set_document_loader(no_network_loader)
    for event in chron.events:
        block = page(site, event.id).find("script", type="application/ld+json")
        data = json.loads(block.string)
        expanded = jsonld.expand(data)
        assert len(expanded) == 1
        node = expanded[0]
        assert node["@type"] == [SCHEMA + "Event"]
        assert node[SCHEMA + "name"][0]["@value"] == event.title
        assert node[SCHEMA + "startDate"][0]["@value"] == str(event.date)
        citations = node[SCHEMA + "citation"]
        assert [c[SCHEMA + "headline"][0]["@value"] for c in citations] == [
            chron.content.sources[ref.source].title for ref in event.sources]
        assert node[SCHEMA + "url"][0]["@value"] == f"{SITE_URL}events/{event.id}/"


def test_event_location_carries_coordinates_when_the_place_has_them(site, chron):
    jsonld.set_document_loader(no_network_loader)
    event = next(e for e in chron.events if e.place and chron.content.places[e.place].lat is not None)
    place = chron.content.places[event.place]
    node = jsonld.expand(json.loads(page(site, event.id).find("script", type="application/ld+json").string))[0]
    location = node[SCHEMA + "location"][0]
    assert location[SCHEMA + "name"][0]["@value"] == place.name
    geo = location[SCHEMA + "geo"][0]
    assert geo[SCHEMA + "latitude"][0]["@value"] == place.lat
    assert geo[SCHEMA + "longitude"][0]["@value"] == place.lon


def test_event_pages_have_open_graph_twitter_and_canonical(site, chron):
    event = chron.events[0]
    html = page(site, event.id)
    assert html.find("link", rel="canonical")["href"] == f"{SITE_URL}events/{event.id}/"
    assert html.find("meta", property="og:title")["content"] == event.title
    assert html.find("meta", property="og:url")["content"] == f"{SITE_URL}events/{event.id}/"
    assert html.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    assert html.find("meta", attrs={"name": "description"})["content"]


def test_sitemap_lists_every_event_page_and_the_index_pages(site, chron):
    root = ET.parse(site / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {loc.text for loc in root.findall("s:url/s:loc", ns)}
    assert {f"{SITE_URL}events/{e.id}/" for e in chron.events} <= locs
    assert {SITE_URL, f"{SITE_URL}years/", f"{SITE_URL}tags/", f"{SITE_URL}about/"} <= locs
    for loc in locs:  # every listed page exists
        assert (site / loc.removeprefix(SITE_URL) / "index.html").is_file(), loc
