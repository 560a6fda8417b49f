"""A place page in Chromium (issue 22, item 5): its map is small — beside the heading on a desktop, a
short strip on a phone — so that the first event is on the first screen of a 1280×800 desktop and of
a 390×844 phone; the strip shows the place's marker and the places sharing it are one click away."""

from __future__ import annotations

import pytest

FIRST_EVENT = """() => {
    const card = document.querySelector('[data-listing] li.event-card');
    const title = card.querySelector('.event-title').getBoundingClientRect();
    const map = document.querySelector('figure.place-map svg').getBoundingClientRect();
    const heading = document.querySelector('main h1, h1').getBoundingClientRect();
    const current = document.querySelector('.map-markers a.current circle').getBoundingClientRect();
    return {top: card.getBoundingClientRect().top, titleBottom: title.bottom,
            map: {top: map.top, bottom: map.bottom, left: map.left, right: map.right, height: map.height},
            heading: {top: heading.top, bottom: heading.bottom, right: heading.right},
            current: {top: current.top, bottom: current.bottom},
            scrollWidth: document.documentElement.scrollWidth};
}"""


@pytest.mark.parametrize("place", ["kunduz", "kunduz-university"])
@pytest.mark.parametrize("viewport, mobile", [((1280, 800), False), ((390, 844), True)], ids=["desktop", "phone"])
def test_a_place_pages_first_event_is_on_the_first_screen(browser, base_url: str, place: str, viewport, mobile) -> None:
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, is_mobile=mobile, has_touch=mobile)
    try:
        page = ctx.new_page()
        page.goto(f"{base_url}/places/{place}/")
        box = page.evaluate(FIRST_EVENT)
        assert 0 <= box["top"] and box["titleBottom"] <= viewport[1], \
            f"the first event of /places/{place}/ is at y={box['top']}–{box['titleBottom']}, below the first screen"
        assert box["scrollWidth"] <= viewport[0]  # nothing wider than the screen
        # The place's marker is drawn inside what the map shows.
        assert box["map"]["top"] <= box["current"]["top"] and box["current"]["bottom"] <= box["map"]["bottom"]
        if mobile:
            assert box["map"]["height"] <= 140, box  # a strip
        else:
            assert box["map"]["left"] > box["heading"]["right"] - 1  # beside the heading
            assert box["map"]["top"] < box["heading"]["bottom"]
        # The places sharing the marker: listed under the map, one click away.
        listing = page.locator("figure.place-map details.map-group").first
        listing.locator("summary").click()
        links = listing.locator("li a")
        assert links.count() == 7
        assert listing.locator(f'li a[href$="/places/{place}/"]').get_attribute("aria-current") == "page"
    finally:
        ctx.close()
