"""The filters on an index page past a size (generator/render/site_scale.py): its entries carry their date,
status, title and tags but no names, and timeline.js still runs: the tag, status and word filters narrow,
the actor and place choices are left empty. The built half is tests/test_lean_site.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page, expect

from conftest import TESTS, serve_folder
from generator.render import site_scale

FORM = "form[data-filters]"


@pytest.fixture(scope="module")
def lean_site(tmp_path_factory, copy_project, build) -> Path:
    folder = tmp_path_factory.mktemp("browser-lean")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(site_scale, "COMPACT_LISTINGS_PAST", 3)
        assert build(copy_project(TESTS / "fixtures" / "site_small", folder / "project"), folder / "site") == 0
    return folder / "site"


def a_page_a_tag_narrows(site: Path) -> tuple[str, str, int]:
    """An index page (its URL), a tag some of its entries have and others not, and how many have it."""
    for path in sorted(site.glob("*/*/index.html")):
        cards = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select("li.event-card")
        tags = [set(card["data-tags"].split()) for card in cards]
        for tag in sorted(set().union(*tags)):
            having = sum(tag in found for found in tags)
            if 0 < having < len(cards):
                return path.parent.relative_to(site).as_posix() + "/", tag, having
    raise AssertionError("no index page of the fixture has a tag that narrows it")


def test_filters_work_on_short_entries(page: Page, lean_site: Path) -> None:
    url, tag, having = a_page_a_tag_narrows(lean_site)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    with serve_folder(lean_site) as base:
        page.goto(f"{base}/{url}")
        box = page.locator("details[data-filter-box]")
        expect(box).to_be_visible()  # timeline.js shows the filters once it has read every entry
        assert page.locator("li.event-card .event-facets").count() == 0
        box.locator("summary").click()
        assert page.locator(f"{FORM} select[name=actor] option").all_text_contents() == ["Any"]
        assert page.locator(f"{FORM} select[name=place] option").all_text_contents() == ["Any"]
        page.select_option(f"{FORM} select[name=tag]", tag)
        expect(page.locator("li.event-card:not([hidden])")).to_have_count(having)
    assert errors == []
