"""Right to left in Chromium: the demo site built with ``language: fa-AF`` (Dari) mirrors its layout
(the date gutter on the reading-start side of the time axis, the filters, the pager, previous and next),
and keeps the overview's and the map's left-to-right geometry (axe-core on every page type right to
left: test_axe_every_page.py)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

EVENT = "at-least-25-militants-and-two-policemen-killed"


def _box(page: Page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box, f"{selector} is not on the page"
    return box


def test_the_date_gutter_is_right_of_the_axis(page: Page, dari_url: str) -> None:
    page.goto(dari_url + "/")
    assert page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == ["fa-AF", "rtl"]
    assert page.evaluate("() => getComputedStyle(document.body).direction") == "rtl"
    card = page.locator(".event-card:visible").first  # the key day's first: the background is folded
    gutter = card.locator(".event-when").bounding_box()
    title = card.locator(".event-title").bounding_box()
    axis_x = page.evaluate("""() => {
        const list = document.querySelector('.listing > .month-group .event-list');
        return list.getBoundingClientRect().right - parseFloat(getComputedStyle(list, '::before').right);
    }""")
    # reading start is on the right: gutter, then the axis, then the title
    assert gutter["x"] > title["x"] + title["width"] - 1, (gutter, title)
    assert gutter["x"] >= axis_x - 1, (gutter, axis_x)
    assert title["x"] + title["width"] <= axis_x + 1, (title, axis_x)
    # the date is aligned towards the axis (text-align: end = left in RTL)
    assert page.evaluate("() => getComputedStyle(document.querySelector('.event-card > .event-when')).textAlign") == "end"


def test_the_gutter_is_left_of_the_axis_in_english(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    card = page.locator(".event-card").first
    gutter, title = card.locator(".event-when").bounding_box(), card.locator(".event-title").bounding_box()
    assert gutter["x"] + gutter["width"] <= title["x"] + 1, (gutter, title)


def test_previous_next_header_and_filters_mirror(page: Page, dari_url: str) -> None:
    page.goto(dari_url + f"/events/{EVENT}/")
    prev, nxt = _box(page, ".prev-next a[rel=prev]"), _box(page, ".prev-next a[rel=next]")
    assert prev["x"] > nxt["x"], "previous (earlier) is on the reading-start side: the right"
    arrow = page.evaluate("() => getComputedStyle(document.querySelector('.prev-next .arrow')).transform")
    assert arrow not in ("none", ""), "the arrows point the other way"
    brand, search = _box(page, ".brand"), _box(page, ".site-search")
    assert brand["x"] > search["x"], "the site's name starts the header on the right, search ends it on the left"
    page.goto(dari_url + "/years/2015/")
    page.locator("[data-filter-box] > summary").click()
    words = _box(page, ".filters .filter-text")
    tag = _box(page, ".filters label:has(select[name=tag])")
    actor = _box(page, ".filters label:has(select[name=actor])")
    assert tag["x"] > actor["x"], "the filters run right to left"
    assert words["x"] + words["width"] >= tag["x"] + tag["width"] - 1
    page.locator(".filters select[name=status]").select_option(index=1)
    expect(page.locator(".filter-count")).to_contain_text("از")
    assert not any(ch.isascii() and ch.isdigit() for ch in page.locator(".filter-count").inner_text())


def test_the_overview_keeps_time_left_to_right(page: Page, dari_url: str) -> None:
    page.goto(dari_url + "/")
    labels = page.locator(".overview-labels text")
    first, last = labels.first.bounding_box(), labels.last.bounding_box()
    assert first["x"] < last["x"], "the earliest year is on the left, as on every time axis"
    assert not any(ch.isascii() and ch.isdigit() for ch in labels.first.text_content()), "Persian digits"


def test_the_page_does_not_scroll_sideways(page: Page, dari_url: str) -> None:
    for path in ("/", f"/events/{EVENT}/", "/places/kunduz/"):
        page.goto(dari_url + path)
        assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"), path
