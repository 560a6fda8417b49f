"""Casualty figures on the listings (issue 22, item 4): every card of an event with claims shows their
short form (generator/render/casualties.py ``casualty_summary``) on the home page, the year and month
pages and the index pages; a card without claims shows none; in the site's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from test_casualties import CONFLICT

SMALL = Path(__file__).parent / "fixtures" / "site_small"
LISTINGS = ["index.html", "years/2015/09/index.html", "sources/wire/index.html", "status/reported/page/2/index.html"]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def site_with_claims(tmp_path: Path, copy_project, build, language: str | None = None) -> Path:
    project = copy_project(SMALL, tmp_path / "project")
    (project / "content" / "events" / "2015" / "claims-differ.yaml").write_text(CONFLICT, encoding="utf-8")
    if language:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("  - timeline:\n", f"  - timeline:\n      language: {language}\n", 1), encoding="utf-8")
    assert build(project, tmp_path / "site") == 0
    return tmp_path / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory, copy_project, build) -> Path:
    return site_with_claims(tmp_path_factory.mktemp("listing"), copy_project, build)


@pytest.mark.parametrize("listing", LISTINGS)
def test_cards_show_the_short_form_of_the_casualty_figures(site, listing):
    card = soup(site / listing).select_one("#e-claims-differ")
    (facet,) = card.select(".event-facets .card-casualties")
    assert facet.dt.get_text(strip=True) == "Casualties"
    assert facet.dd.get_text(strip=True) == "at least 3 killed, 16 wounded (4 claims)"


def test_a_card_without_claims_shows_no_figures(site):
    page = soup(site / "index.html")
    assert page.select_one("#e-day-event .card-casualties dd").get_text(strip=True) == "at least 25 killed"
    without = [card for card in page.select(".event-card") if card.select_one(".card-casualties") is None]
    assert without and all(card["id"] not in ("e-claims-differ", "e-day-event") for card in without)


def test_the_short_form_is_in_the_sites_language(tmp_path, copy_project, build):
    site = site_with_claims(tmp_path, copy_project, build, language="fa")
    facet = soup(site / "index.html").select_one("#e-claims-differ .card-casualties")
    text = facet.dd.get_text(strip=True)
    assert "۱۶" in text and not any(ch.isascii() and ch.isalnum() for ch in text), text
    assert facet.dt.get_text(strip=True) == "تلفات"
