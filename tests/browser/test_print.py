"""Printing in Chromium (issue 22, item 8): the chronology's 22 events on few A4 pages, no heading left
alone at a page's foot, and no history of edits, search form or feed link on paper. The PDFs are
Chromium's own (Playwright's ``page.pdf``, the DevTools printToPDF), read back with pypdfium2."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page

EVENT = "at-least-25-militants-and-two-policemen-killed"
MOST_PAGES = 4  # before the print rules of issue 22 the home page took 5 A4 pages (7 from the print dialog)


def pdf_pages(page: Page, url: str) -> list[str]:
    """The text of each A4 page Chromium prints of ``url``, spaces folded."""
    page.goto(url)
    document = pdfium.PdfDocument(page.pdf(format="A4"))
    try:
        return [" ".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))]
    finally:
        document.close()


def words(text: str, n: int = 3) -> str:
    """The first ``n`` words of a text, spaces folded: what a PDF line surely keeps together."""
    return " ".join(text.split()[:n])


def test_the_chronology_prints_on_few_pages_with_every_event(page: Page, base_url: str, site_dir: Path) -> None:
    pages = pdf_pages(page, base_url + "/")
    html = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "lxml")
    titles = [a.get_text(" ", strip=True) for a in html.select(".event-card .event-title a")]
    assert len(titles) == 22
    assert len(pages) <= MOST_PAGES, f"{len(pages)} A4 pages for 22 events"
    printed = " ".join(pages)
    assert all(words(title) in printed for title in titles)


def test_no_month_heading_is_left_alone_at_a_pages_foot(page: Page, base_url: str, site_dir: Path) -> None:
    """Each month's heading is printed on the same page as the title of its first event."""
    pages = pdf_pages(page, base_url + "/")
    html = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "lxml")
    groups = html.select("section.month-group")
    assert len(groups) >= 4
    for group in groups:
        heading = group.select_one(".month-heading").get_text(" ", strip=True)
        first = words(group.select_one(".event-title a").get_text(" ", strip=True))
        on = [i for i, text in enumerate(pages) if re.search(rf"(^| ){re.escape(heading)}( |$)", text)]
        assert on, f"{heading!r} is not printed"
        assert any(first in pages[i] for i in on), f"{heading!r} is on page {on[0] + 1}, its first event {first!r} is not"


def test_the_history_is_not_printed(page: Page, base_url: str) -> None:
    page.goto(base_url + f"/events/{EVENT}/")
    assert page.locator("section.history").is_visible()  # on screen the history is there (the demo is in git)
    printed = " ".join(pdf_pages(page, base_url + f"/events/{EVENT}/"))
    assert "Event added" not in printed and "Last changed" not in printed and "History" not in printed
    assert words("At least 25 militants") in printed


@pytest.mark.parametrize("path", ["/", f"/events/{EVENT}/"])
def test_printed_headings_are_kept_with_what_follows(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    page.emulate_media(media="print")
    rules = page.evaluate("""() => [...document.querySelectorAll('main h1, main h2, main h3')]
        .filter(h => h.offsetParent !== null).map(h => getComputedStyle(h).breakAfter)""")
    assert rules and set(rules) == {"avoid"}, rules


def test_the_search_form_and_feed_links_are_not_printed(page: Page, base_url: str) -> None:
    """On paper the search's box, order and filters do nothing (its status line says what was searched
    for), nor does a page's "Follow (Atom)" link."""
    page.goto(base_url + "/search/?q=Taliban")
    page.locator(".search-result .event-title a").first.wait_for()
    assert page.locator("form.search-form").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("form.search-form").is_visible()
    assert re.fullmatch(r"\d+ results for \u2068Taliban\u2069", page.locator(".search-status").inner_text()), "the status says the query"
    assert page.locator(".search-result").first.is_visible()
    page.emulate_media(media="screen")
    page.goto(base_url + "/places/kunduz/")
    assert page.locator("p.follow").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("p.follow").is_visible()
