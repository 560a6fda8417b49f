"""Right to left in Chromium (issue 22, item 9): on the Dari (fa-AF) build of the demo site, the permalink
URL reads left to right as one run, and a place's coordinates stay on one line on a phone."""

from __future__ import annotations


from playwright.sync_api import Page


EVENT = "at-least-25-militants-and-two-policemen-killed"

# Where each character of the element's text is drawn: [line's top, left edge], in the text's order.
CHARACTER_XS = """(el) => {
    const text = el.firstChild, range = document.createRange(), xs = [];
    for (let i = 0; i < text.length; i++) {
        range.setStart(text, i); range.setEnd(text, i + 1);
        const box = range.getBoundingClientRect();
        xs.push([Math.round(box.top), box.left]);
    }
    return xs;
}"""


def test_the_permalink_reads_left_to_right(page: Page, dari_url: str) -> None:
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"{dari_url}/events/{EVENT}/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    link = page.locator(".permalink a")
    assert link.inner_text().startswith("https://")
    drawn = link.evaluate(CHARACTER_XS)
    # read left to right, line after line (a long URL may wrap at a hyphen): the drawing order is the text's
    assert drawn == sorted(drawn), "the URL's characters are reordered"


def test_coordinates_stay_on_one_line_on_a_phone(browser, dari_url: str) -> None:
    # a reader's larger text (a user style: the page's Content-Security-Policy does not govern it)
    ctx = browser.new_context(viewport={"width": 320, "height": 740}, bypass_csp=True)
    try:
        page = ctx.new_page()
        page.goto(f"{dari_url}/places/kunduz-province/")
        page.add_style_tag(content="html { font-size: 200% !important; }")
        geo = page.locator(".geo")
        lines = geo.evaluate("(el) => new Set([...el.getClientRects()].map(r => Math.round(r.top))).size")
        assert lines == 1, f"the coordinates are split over {lines} lines"
        shown = geo.inner_text()
        assert not any(c in shown for c in "0123456789."), f"Latin digits or point among Dari digits: {shown!r}"
        drawn = geo.evaluate(CHARACTER_XS)
        assert drawn == sorted(drawn), "latitude first, on the left: the pair reads left to right"
    finally:
        ctx.close()


def test_search_in_dari_counts_in_dari_digits_and_isolates_english_words(page: Page, dari_url: str) -> None:
    page.goto(f"{dari_url}/search/?q=Kunduz")
    page.locator(".search-result .event-title a").first.wait_for(timeout=45_000)
    said = page.locator("[data-search-status]").inner_text()
    assert not any(c in said for c in "0123456789") and any("۰" <= c <= "۹" for c in said), said
    assert "\u2068Kunduz\u2069" in page.locator("[data-search-status]").text_content()
    titles = page.locator(".search-result .event-title a")
    assert all(link.get_attribute("dir") == "auto" for link in titles.all())
    assert all(d == "auto" for d in page.locator(".search-result .event-when > :first-child").evaluate_all(
        "(els) => els.map(el => el.getAttribute('dir'))"))
