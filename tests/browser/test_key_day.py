"""The home page opens on the day the chronology is about, in Chromium (the demo: 28 September 2015).

The first event of the key day is on the first screen of a desktop (1280×800) and of a phone
(390×844), the background folded above it one click away (also without JavaScript); the
overview's bars show the keyboard's focus with an outline, and the date gutter keeps even a long
display date on two lines.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

KEY_DAY_FIRST = """() => {
    const card = Array.from(document.querySelectorAll('[data-listing] li.event-card'))
        .find(c => !c.closest('details.background'));
    const box = card.getBoundingClientRect();
    const title = card.querySelector('.event-title').getBoundingClientRect();
    return {id: card.id, top: box.top, titleBottom: title.bottom, date: card.dataset.date};
}"""


@pytest.mark.parametrize("viewport, mobile", [((1280, 800), False), ((390, 844), True)], ids=["desktop", "phone"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_key_days_first_event_is_on_the_first_screen(browser, base_url: str, viewport, mobile, javascript) -> None:
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, is_mobile=mobile,
                              has_touch=mobile, java_script_enabled=javascript)
    try:
        page = ctx.new_page()
        page.goto(base_url + "/")
        first = page.evaluate(KEY_DAY_FIRST)
        assert first["id"] == "e-taliban-launch-early-morning-assault-on-kunduz", first
        assert first["date"] == "2015-09-28"
        assert 0 <= first["top"] and first["titleBottom"] <= viewport[1], \
            f"the key day's first event is at y={first['top']}–{first['titleBottom']}, below the first screen"
        # The background is folded above it, and one click shows it.
        summary = page.locator("details.background > summary")
        expect(summary).to_have_text("5 earlier events (background)")
        assert summary.bounding_box()["y"] < first["top"]
        background = page.locator("details.background li.event-card")
        expect(background.first).to_be_hidden()
        summary.click()
        expect(background).to_have_count(5)
        expect(background.first).to_be_visible()
    finally:
        ctx.close()


def test_the_overview_zooms_to_the_key_day(page, base_url: str) -> None:
    page.goto(base_url + "/")
    titles = page.locator("figure.overview .overview-zoom-title").all_inner_texts()
    assert titles == ["2015, by month", "28 September 2015, event by event"]
    bars = page.locator("figure.overview svg.overview-zoom").last.locator("a")
    expect(bars).to_have_count(17)
    expect(bars.first).to_have_attribute("href", "#e-taliban-launch-early-morning-assault-on-kunduz")


def test_a_focused_overview_bar_is_outlined(page, base_url: str) -> None:
    page.goto(base_url + "/")
    bar = page.locator("figure.overview svg.overview-bars a").first
    before = page.evaluate("(a) => getComputedStyle(a.querySelector('rect')).stroke", bar.element_handle())
    page.locator("figure.overview .graphic-skip").focus()
    page.keyboard.press("Tab")  # the skip link, then the first bar
    focused = page.evaluate("""() => { const a = document.activeElement, r = a.querySelector('rect');
        const s = getComputedStyle(r); return {tag: a.tagName, stroke: s.stroke, width: parseFloat(s.strokeWidth),
        box: r.getBoundingClientRect().width}; }""")
    assert focused["tag"].lower() == "a" and before == "none"
    assert focused["stroke"] != "none" and focused["width"] >= 2 and focused["box"] > 0, focused


def test_long_display_dates_keep_to_two_lines_in_the_gutter(browser, base_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = ctx.new_page()
        page.goto(base_url + "/")
        lines = page.evaluate("""() => Array.from(document.querySelectorAll('li.event-card > .event-when > time'))
            .filter(t => t.offsetParent).map(t => ({text: t.textContent,
                lines: Math.round(t.getBoundingClientRect().height / parseFloat(getComputedStyle(t).lineHeight))}))""")
        assert any(len(line["text"]) > 40 for line in lines), lines  # "Pre-dawn / early morning, 28 September 2015"
        assert all(line["lines"] <= 2 for line in lines), [line for line in lines if line["lines"] > 2]
    finally:
        ctx.close()
