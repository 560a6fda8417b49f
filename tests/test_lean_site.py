"""A leaner site past a size (generator/render/site_scale.py, issue 24): the small fixture built with the
sizes set below its six events, so that its index pages list short entries and its tags, actors, places,
sources and statuses have no embed; and built with the sizes as shipped, as it always was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.render import site_scale

REPO = Path(__file__).resolve().parent.parent
SMALL = REPO / "tests" / "fixtures" / "site_small"
SITE_URL = "https://example.org/timeline/"
TERM_KINDS = ("tags", "actors", "places", "sources", "status")


@pytest.fixture(scope="module")
def lean_site(tmp_path_factory, copy_project, build) -> Path:
    folder = tmp_path_factory.mktemp("lean")
    project = copy_project(SMALL, folder / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(site_scale, "COMPACT_LISTINGS_PAST", 3)
        patch.setattr(site_scale, "TERM_EMBEDS_PAST", 3)
        assert build(project, folder / "site") == 0
    return folder / "site"


@pytest.fixture(scope="module")
def usual_site(tmp_path_factory, copy_project, build) -> Path:
    folder = tmp_path_factory.mktemp("usual")
    assert build(copy_project(SMALL, folder / "project"), folder / "site") == 0
    return folder / "site"


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def listing_pages(site: Path) -> list[Path]:
    """Every page of a year, a month, a tag, an actor, a place, a source and a status (with their numbered pages)."""
    pages = [p for p in (site / "years").rglob("index.html") if p.parent != site / "years"]
    for kind in TERM_KINDS:
        pages += [p for p in (site / kind).rglob("index.html") if p.parent != site / kind and "page" not in
                  p.relative_to(site / kind).parts[:1]]
    return sorted(pages)


def test_past_the_size_index_pages_list_date_status_title_and_link_only(lean_site):
    pages = listing_pages(lean_site)
    assert {lean_site / url / "index.html" for url in ("years/2016", "years/2015/09", "tags/fighting",
                                                     "tags/fighting/page/2", "places/town", "status/disputed")} <= set(pages)
    seen = 0
    for page in pages:
        for card in soup_of(page).select("li.event-card"):
            seen += 1
            assert "compact" in card["class"], page
            assert card.select(".event-summary, .event-thumb, .event-facets") == [], page
            assert card["data-place"] == "" and card["data-actors"] == "", page  # the filters have no names for them
            assert card.select_one(".event-when time, .event-when span") is not None, page
            assert card.select_one(".status-badge").get_text(strip=True), page
            link = card.select_one("h3.event-title a")
            href = link["href"]
            assert re.fullmatch(r"(\.\./)+events/[\w-]+/", href), (page, href)
            assert (page.parent / href / "index.html").resolve().is_file(), (page, href)
    assert seen >= 20


def test_past_the_size_the_chronology_and_slices_keep_their_full_entries(lean_site, usual_site):
    home = soup_of(lean_site / "index.html").select("li.event-card")
    assert home and all(card.select_one(".event-summary") for card in home)
    assert str(soup_of(lean_site / "index.html").select_one(".listing")) == \
        str(soup_of(usual_site / "index.html").select_one(".listing"))


def test_under_the_size_index_pages_keep_their_entries(usual_site):
    year = soup_of(usual_site / "years" / "2016" / "index.html").select("li.event-card")
    assert year and all(card.select_one(".event-summary") for card in year)
    tag_cards = [card for page in listing_pages(usual_site) if "tags" in page.parts
                 for card in soup_of(page).select("li.event-card")]
    assert any(card.select_one(".event-facets") for card in tag_cards)


def test_past_the_size_tags_actors_places_sources_and_statuses_have_no_embed(lean_site, usual_site):
    embeds = {p.parent.relative_to(lean_site / "embed").as_posix() for p in (lean_site / "embed").rglob("index.html")}
    assert embeds == {".", "years/2014", "years/2015", "years/2016", "years/2015/08", "years/2015/09", "years/2015/10"}
    usual = {p.parent.relative_to(usual_site / "embed").as_posix() for p in (usual_site / "embed").rglob("index.html")}
    assert embeds < usual and any(url.startswith("tags/") for url in usual)
    # the embed of a year or month mirrors its page: short entries
    month = soup_of(lean_site / "embed" / "years" / "2015" / "09" / "index.html").select("li.event-card")
    assert month and all(card.select(".event-summary, .event-facets") == [] for card in month)
    for kind in TERM_KINDS:
        for page in (lean_site / kind).rglob("index.html"):
            assert soup_of(page).select("details.embed-this") == [], page


def test_past_the_size_nothing_links_to_an_embed_that_is_not_there(lean_site):
    offered = 0
    for page in lean_site.rglob("*.html"):
        soup = soup_of(page)
        links = [a["href"] for a in soup.find_all("a", href=True)]
        for textarea in soup.select("textarea.embed-code"):
            links += [frame["src"] for frame in BeautifulSoup(textarea.get_text(), "html.parser").find_all("iframe")]
        for href in links:
            if "embed/" not in href:
                continue
            offered += 1
            path = href[len(SITE_URL):] if href.startswith(SITE_URL) else \
                (page.parent / href).resolve().relative_to(lean_site.resolve()).as_posix()
            assert (lean_site / path / "index.html").is_file(), (page, href)
    assert offered > 10
    assert "embed/" not in (lean_site / "sitemap.xml").read_text(encoding="utf-8")
    lines = [line for line in (lean_site / "_headers").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert "/timeline/embed/*" in lines[::2]  # the embeds left keep the rule that lets other sites frame them
