"""The listings' time axis, the phone's first screen, print, and search results, in Chromium.

Two sites: the repository's demo (``base_url``, see conftest.py) and the small fixture site
(tests/fixtures/site_small: every status, a year-only and a month-only event), served
under a sub-path, /timeline/, as a site hosted at https://example.org/timeline/ would be.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Page, expect

from conftest import serve_folder

PREFIX = "/timeline"
STATUSES = ("confirmed", "reported", "disputed", "unverified")


class _SubPathHandler(SimpleHTTPRequestHandler):
    """Serves the site folder under /timeline/ only (anything else is a 404), like a host's sub-path."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def send_head(self):
        if not (self.path == PREFIX or self.path.startswith(PREFIX + "/")):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        self.path = self.path[len(PREFIX):] or "/"
        return super().send_head()


@pytest.fixture(scope="session")
def small_url(small_site: Path) -> Iterator[str]:
    with serve_folder(small_site, _SubPathHandler) as url:
        yield url + PREFIX


# The drawn marker of every card (its ::before) and of every legend entry.
MARKERS = """() => {
    const shape = (el, pseudo) => {
        const s = getComputedStyle(el, pseudo);
        return {content: s.content, style: s.borderTopStyle, radius: s.borderTopLeftRadius, turned: s.transform !== 'none',
                filled: s.backgroundColor === s.borderTopColor, colour: s.borderTopColor,
                size: parseFloat(s.width), border: parseFloat(s.borderTopWidth)};
    };
    return {
        cards: Array.from(document.querySelectorAll('li.event-card')).map(c => ({
            status: c.dataset.status, featured: c.classList.contains('featured'), ...shape(c, '::before'),
            titleWeight: +getComputedStyle(c.querySelector('.event-title')).fontWeight})),
        legend: Array.from(document.querySelectorAll('.legend li')).map(li => ({
            text: li.textContent.trim(), ...shape(li.querySelector('.marker'))})),
    };
}"""


def _shape(marker: dict) -> tuple:
    return (marker["style"], marker["radius"], marker["turned"], marker["filled"])


# -- the axis ---------------------------------------------------------------------------------------


def test_markers_say_the_status_by_shape_and_colour_and_the_legend_shows_them(page: Page, small_url: str) -> None:
    page.goto(f"{small_url}/")
    drawn = page.evaluate(MARKERS)
    by_status = {}
    for card in drawn["cards"]:
        assert card["content"] != "none", card
        by_status.setdefault(card["status"], card)
    assert set(by_status) >= {"confirmed", "disputed", "unverified", "reported"}, by_status.keys()
    shapes = {status: _shape(m) for status, m in by_status.items()}
    colours = {status: m["colour"] for status, m in by_status.items()}
    assert len(set(shapes.values())) == len(shapes), f"two statuses share a shape: {shapes}"
    assert len(set(colours.values())) == len(colours), f"two statuses share a colour: {colours}"
    # The legend draws the same markers, with the status in words.
    legend = {m["text"]: m for m in drawn["legend"]}
    for status, marker in by_status.items():
        entry = legend[status.capitalize()]
        assert _shape(entry) == _shape(marker) and entry["colour"] == marker["colour"], (status, entry, marker)
    # The status is in words on each card too, not only in the marker.
    for card in page.locator("li.event-card").all():
        status = card.get_attribute("data-status")
        expect(card.locator(".event-when .status-badge")).to_have_text(status.capitalize())


def test_key_events_have_a_bigger_marker_and_a_bolder_title(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    cards = page.evaluate(MARKERS)["cards"]
    featured = [c for c in cards if c["featured"]]
    plain = [c for c in cards if not c["featured"]]
    assert featured and plain, "the demo has key events and others"
    assert min(c["size"] for c in featured) > max(c["size"] for c in plain)
    assert min(c["titleWeight"] for c in featured) > max(c["titleWeight"] for c in plain)
    expect(page.locator(".legend")).to_contain_text("Key event")


def test_the_date_sits_in_a_gutter_beside_the_marker(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    card = page.locator("li.event-card:visible").first  # the key day's first (the background is folded)
    when = card.locator(".event-when").bounding_box()
    title = card.locator(".event-title").bounding_box()
    assert when["x"] + when["width"] <= title["x"], "the date is beside the title, on the inline-start side"
    assert abs(when["y"] - title["y"]) < 12, "the date is level with the title"


def test_gap_labels_show_where_time_jumps(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    page.locator("details.background > summary").click()  # the demo's years pass in its background
    gaps = page.locator(".listing p.gap")
    assert gaps.count() >= 1
    for text in gaps.all_inner_texts():
        assert re.fullmatch(r"[\d,]+ (year|month)s? later", text.strip()), text
    # Each stands between two months, just before the later one.
    between = page.evaluate("""() => Array.from(document.querySelectorAll('.listing p.gap')).map(g =>
        [g.previousElementSibling && g.previousElementSibling.className, g.nextElementSibling.className])""")
    assert all(b == ["month-group", "month-group"] for b in between), between
    # Filtering hides a gap whose months are not both shown.
    page.goto(base_url + "/?status=unverified")
    expect(page.locator(".listing p.gap:visible")).to_have_count(0)


def _stuck_heading_overlaps(page: Page) -> dict | None:
    """The focused element's box and the box of a stuck month label that covers part of it, if any."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        if (!el || !el.closest('[data-listing]')) return null;
        const r = el.getBoundingClientRect();
        for (const h of document.querySelectorAll('.month-heading')) {
            const b = h.getBoundingClientRect();
            const stuck = b.top <= 1 && getComputedStyle(h).position === 'sticky';
            if (stuck && r.top < b.bottom && r.bottom > b.top && b.height > 0)
                return {focused: el.textContent.trim().slice(0, 40), top: r.top, label: h.textContent, bottom: b.bottom};
        }
        return null;
    }""")


@pytest.mark.parametrize("viewport", [(1200, 600), (390, 700)], ids=["desktop", "phone"])
def test_sticky_month_labels_never_cover_the_focused_link(browser, base_url: str, viewport) -> None:
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    try:
        page = ctx.new_page()
        page.goto(base_url + "/")
        links = page.locator("[data-listing] a").count()
        assert links > 20
        covered = []
        # Backwards from the last link of the listing to the first: the direction in which a
        # focused link scrolls in under the labels stuck at the top.
        page.locator("[data-listing] a").last.focus()
        for _ in range(links):
            page.keyboard.press("Shift+Tab")
            overlap = _stuck_heading_overlaps(page)
            if overlap:
                covered.append(overlap)
        # And forwards again over the first part of the listing.
        page.locator("[data-listing] a").first.focus()
        for _ in range(min(links, 30)):
            page.keyboard.press("Tab")
            overlap = _stuck_heading_overlaps(page)
            if overlap:
                covered.append(overlap)
        assert covered == [], covered[:5]
        # Following a link to a month puts its label at the top, not under another one.
        page.goto(base_url + "/#m-2015-09")
        assert page.locator("#m-2015-09").bounding_box()["y"] >= -1
    finally:
        ctx.close()


# -- phones ---------------------------------------------------------------------------------------


def test_the_first_event_is_on_a_phones_first_screen(browser, base_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=3)
    try:
        page = ctx.new_page()
        page.goto(base_url + "/")
        first = page.locator("li.event-card:visible").first  # the key day's first; the background is folded
        card = first.bounding_box()
        title = first.locator(".event-title").bounding_box()
        assert card["y"] < 844, f"the first event starts at y={card['y']}"
        assert title["y"] + title["height"] <= 844, f"the first event's title ends at y={title['y'] + title['height']}"
        # The filters wait behind a closed "Filter" disclosure; the site search behind a link.
        expect(page.locator("details[data-filter-box] > summary")).to_be_visible()
        expect(page.locator("form[data-filters]")).to_be_hidden()
        expect(page.locator("header .search-link")).to_be_visible()
        header = page.locator("header.site-header").bounding_box()
        assert header["height"] <= 100, f"the header is {header['height']} px tall"
    finally:
        ctx.close()


# -- without JavaScript --------------------------------------------------------------------------------


def test_without_javascript_listings_keep_their_axis(browser, base_url: str) -> None:
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 1200, "height": 900})
    try:
        page = ctx.new_page()
        for path in ["/", "/years/2015/"]:
            page.goto(base_url + path)
            if path == "/":  # the background, folded above the key day, unfolds without JavaScript
                page.locator("details.background > summary").click()
            cards = page.evaluate(MARKERS)["cards"]
            assert cards and all(c["content"] != "none" for c in cards), path
            expect(page.locator(".legend")).to_be_visible()
            expect(page.locator("details[data-filter-box]")).to_be_hidden()
            expect(page.locator("nav.browse")).to_be_visible()
            visible = page.locator("li.event-card:visible").count()
            assert visible == len(cards), path
        page.goto(base_url + "/")
        page.locator("details.background > summary").click()
        expect(page.locator(".listing p.gap").first).to_be_visible()
    finally:
        ctx.close()


# -- print ------------------------------------------------------------------------------------------


def _contrast(page: Page, selector: str) -> float:
    return page.evaluate("""(sel) => {
        const lum = (c) => {
            const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(v => {
                v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const fg = lum(getComputedStyle(document.querySelector(sel)).color);
        const bg = lum(getComputedStyle(document.body).backgroundColor);
        return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    }""", selector)


def test_printing_with_a_dark_preference_prints_dark_on_light(browser, base_url: str, event_ids: list[str]) -> None:
    ctx = browser.new_context(color_scheme="dark")
    try:
        page = ctx.new_page()
        for path, selectors in [("/", [".brand", "main h1", ".event-title a", ".event-when", ".month-heading", ".gap"]),
                                (f"/events/{event_ids[-1]}/", [".brand", "main h1", ".event-when", "main p"])]:
            page.goto(base_url + path)
            page.emulate_media(media="print", color_scheme="dark")
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), background
            low = {s: round(_contrast(page, s), 2) for s in selectors if _contrast(page, s) < 4.5}
            assert low == {}, f"{path}: text below 4.5:1 in print: {low}"
    finally:
        ctx.close()


# -- search ------------------------------------------------------------------------------------------


def test_search_results_show_dates_clean_excerpts_and_work_under_a_sub_path(page: Page, small_url: str) -> None:
    page.goto(f"{small_url}/search/?q=event")
    results = page.locator(".search-result")
    results.first.locator(".event-title a").wait_for(timeout=45_000)
    for result in results.all():
        link = result.locator(".event-title a")
        assert link.get_attribute("href").startswith(f"{PREFIX}/events/"), link.get_attribute("href")
        expect(result.locator(".event-when")).to_contain_text(re.compile(r"\d{4}"))
        excerpt = result.locator(".event-summary").inner_text()
        assert not re.search(r"\b(Place|Actors|Tags|Permalink)\b", excerpt), excerpt
    title = results.first.locator(".event-title a").inner_text()
    results.first.locator(".event-title a").click()
    page.wait_for_url(re.compile(rf"{PREFIX}/events/[a-z0-9-]+/$"))
    expect(page.locator("main h1")).to_have_text(title)
    # The header's box keeps the words searched for.
    page.goto(f"{small_url}/search/?q=event")
    expect(page.locator("#site-search-q")).to_have_value("event")


def test_header_search_without_javascript_keeps_the_words_and_says_what_to_do(browser, base_url: str) -> None:
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 1200, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(base_url + "/")
        page.fill("#site-search-q", "hospital")
        page.press("#site-search-q", "Enter")
        page.wait_for_url("**/search/?q=hospital")
        note = page.locator("main noscript")
        text = note.inner_text()
        assert "JavaScript" in text and "reload" in text, text
        assert "year" in text and "tag" in text
    finally:
        ctx.close()
