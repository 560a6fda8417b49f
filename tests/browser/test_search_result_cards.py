"""The search page's results as the site's own cards (assets/search.js over Pagefind's JavaScript API):
the date first, the status marker, the title, one excerpt that does not repeat the title, in the site's
font; a sort by date; the filters folded into one control, so that a phone shows the first result on
its first screen; matched words readable in dark mode."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from conftest import axe_report, axe_findings

RESULTS = ".search-result"

CONTRAST = """(el) => {
    const lum = (c) => {
        const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(v => {
            v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const style = getComputedStyle(el);
    const fg = lum(style.color), bg = lum(style.backgroundColor);
    return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
}"""


def _search(page: Page, url: str) -> None:
    page.goto(url)
    page.locator(f"{RESULTS} .event-title a").first.wait_for(timeout=45_000)


def test_a_result_is_a_card_of_the_axis_date_first_status_title_and_a_clean_excerpt(page: Page, base_url: str) -> None:
    _search(page, f"{base_url}/search/?q=Taliban")
    cards = page.locator(RESULTS).all()
    assert len(cards) >= 3
    body_font = page.evaluate("getComputedStyle(document.body).fontFamily")
    for card in cards:
        classes = card.get_attribute("class").split()
        assert "event-card" in classes and any(c.startswith("status-") for c in classes), classes
        # the marker on the axis, drawn as on the timeline's cards
        assert card.evaluate("(el) => getComputedStyle(el, '::before').content") != "none"
        when, title = card.locator(".event-when"), card.locator(".event-title a")
        expect(when.locator("time, span").first).to_have_text(re.compile(r"\b\d{4}\b"))
        assert when.locator(".status-badge").inner_text().strip(), "the status in words"
        assert when.evaluate("(el, t) => !!(el.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING)",
                             title.element_handle()), "the date comes before the title"
        excerpt = card.locator(".event-summary").inner_text().strip()
        heading = title.inner_text().strip()
        assert excerpt and not excerpt.startswith(heading), (heading, excerpt)
        style = card.locator(".event-summary p").evaluate(
            "(el) => [getComputedStyle(el).fontSize, getComputedStyle(el).fontFamily]")
        assert float(style[0].removesuffix("px")) >= 15.5 and style[1] == body_font, style


def test_results_sort_by_date_either_way_and_the_order_stays_in_the_address(page: Page, base_url: str) -> None:
    _search(page, f"{base_url}/search/?q=Kunduz")
    order = "() => [...document.querySelectorAll('.search-result time')].map(t => t.getAttribute('datetime'))"
    page.select_option("select[name=sort]", "asc")
    page.wait_for_url("**sort=asc**")
    page.locator(f"{RESULTS} time").first.wait_for()
    earliest = page.evaluate(order)
    assert len(earliest) >= 5 and earliest == sorted(earliest), earliest
    page.select_option("select[name=sort]", "desc")
    page.wait_for_url("**sort=desc**")
    page.wait_for_function(f"() => ({order})()[0] === {earliest[-1]!r} || ({order})()[0] > {earliest[0]!r}")
    latest = page.evaluate(order)
    assert latest == sorted(latest, reverse=True), latest
    page.reload()  # the order is read back from the address
    page.locator(f"{RESULTS} time").first.wait_for(timeout=45_000)
    assert page.locator("select[name=sort]").input_value() == "desc"
    assert page.evaluate(order) == latest


def test_a_filter_narrows_the_results_and_is_kept_in_the_address(page: Page, base_url: str) -> None:
    _search(page, f"{base_url}/search/?q=Taliban")
    before = page.locator(RESULTS).count()
    page.locator(".search-filter-box > summary").click()
    page.select_option("select[name=year]", "2001")
    page.wait_for_url("**year=2001**")
    page.wait_for_function(f"() => document.querySelectorAll('{RESULTS}').length < {before}")
    assert all("2001" in t for t in page.locator(f"{RESULTS} .event-when").all_inner_texts())


def test_on_a_phone_the_filters_are_one_folded_control_and_the_first_result_is_on_the_first_screen(browser,
                                                                                                     base_url: str) -> None:
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = ctx.new_page()
        _search(page, f"{base_url}/search/?q=Taliban")
        page.wait_for_selector("[data-search][data-ready]", state="attached")
        assert page.locator("details.search-filter-box").count() == 1
        assert not page.locator("details.search-filter-box").evaluate("(el) => el.open")
        assert page.locator(".search-filter select:visible").count() == 0
        first = page.locator(RESULTS).first
        title = first.locator(".event-title").bounding_box()
        assert title["y"] + title["height"] <= 844, f"the first result's title ends at y={title['y'] + title['height']}"
        assert first.bounding_box()["y"] < 400, first.bounding_box()
    finally:
        ctx.close()


def test_matched_words_are_readable_in_dark_mode_and_axe_finds_nothing(browser, base_url: str, axe_path) -> None:
    for scheme in ("light", "dark"):
        ctx = browser.new_context(viewport={"width": 1200, "height": 900}, color_scheme=scheme)
        try:
            page = ctx.new_page()
            _search(page, f"{base_url}/search/?q=Taliban")
            marks = page.locator(f"{RESULTS} mark")
            assert marks.count() > 0
            ratio = marks.first.evaluate(CONTRAST)
            assert ratio >= 4.5, f"{scheme}: matched words at {ratio:.2f}:1"
            if scheme == "dark":
                background = marks.first.evaluate("(el) => getComputedStyle(el).backgroundColor")
                assert background != "rgb(255, 255, 0)", "the browser's yellow glares on a dark page"
            findings = axe_findings(page, axe_path, schemes=(scheme,))
            assert not findings, axe_report(findings)
        finally:
            ctx.close()
