"""The reader's site in a real browser (Playwright + Debian's chromium), one behaviour a test.

The site is the repository's own demo chronology, built once per session and served over
HTTP on 127.0.0.1 (see conftest.py). Expectations are read from the built HTML or from the
cards' data attributes, so the tests follow the content rather than hard-coding it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect


CARD = "li.event-card"
BOX = "details[data-filter-box]"
FORM = "form[data-filters]"

# A tiny JS helper: the data of every card and whether it is displayed. ``text`` is what the
# text filter looks in: the title, the summary and the names (never labels such as "Tags").
CARDS_STATE = """() => Array.from(document.querySelectorAll('li.event-card')).map(c => ({
    id: c.id.replace(/^e-/, ''),
    tags: c.dataset.tags.split(' ').filter(Boolean),
    actors: c.dataset.actors.split(' ').filter(Boolean),
    place: c.dataset.place, status: c.dataset.status,
    date: c.dataset.date, end: c.dataset.end,
    coarse: c.hasAttribute('data-coarse'),
    text: Array.from(c.querySelectorAll('.event-title, .event-summary, .event-facets dd'))
        .map(e => e.textContent).join(' ').replace(/\\s+/g, ' ').toLowerCase(),
    visible: !!(c.offsetWidth || c.offsetHeight || c.getClientRects().length),
}))"""


def cards_state(page: Page) -> list[dict]:
    return page.evaluate(CARDS_STATE)


def open_filters(page: Page) -> None:
    """The filters sit in a "Filter" disclosure, closed by default (so that a phone shows events first)."""
    box = page.locator(BOX)
    expect(box).to_be_visible()
    if not box.evaluate("d => d.open"):
        box.locator("summary").click()
    expect(page.locator(FORM)).to_be_visible()


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def visible_ids(cards: list[dict]) -> set[str]:
    return {c["id"] for c in cards if c["visible"]}


def assert_partition(cards: list[dict], predicate, what: str) -> None:
    """Exactly the cards satisfying ``predicate`` are visible, and the filter really narrows."""
    expected = {c["id"] for c in cards if predicate(c)}
    shown = visible_ids(cards)
    assert shown == expected, f"{what}: shown {sorted(shown)}, expected {sorted(expected)}"
    assert 0 < len(shown) < len(cards), f"{what}: the test needs a filter that narrows ({len(shown)} of {len(cards)})"


@pytest.fixture(scope="session")
def rich_event_id(site_dir: Path, event_ids: list[str]) -> str:
    """The event page with the most optional sections (quotes, casualties, related, corrections…)."""

    def score(event_id: str) -> int:
        html = (site_dir / "events" / event_id / "index.html").read_text(encoding="utf-8")
        return len(re.findall(r'id="(?:quotes|casualties|related|corrections|history)"', html))

    return max(event_ids, key=lambda e: (score(e), -event_ids.index(e)))


@pytest.fixture(scope="session")
def longest_title_event_id(site_dir: Path, event_ids: list[str]) -> str:
    """The event whose page has the longest single word (long words are what overflow on phones)."""

    def longest_word(event_id: str) -> int:
        html = (site_dir / "events" / event_id / "index.html").read_text(encoding="utf-8")
        main = html[html.index("<main"):html.index("</main>")]
        text = re.sub(r"<[^>]+>", " ", main)
        return max(len(w) for w in text.split())

    return max(event_ids, key=longest_word)


@pytest.fixture(scope="session")
def a_place(site_dir: Path) -> str:
    """The place with the most events (the one a reader is likeliest to open)."""
    places = [p for p in (site_dir / "places").iterdir() if p.is_dir() and (p / "index.html").is_file()]
    assert places, "the demo site has no place pages"
    return max(places, key=lambda p: (p.joinpath("index.html").read_text(encoding="utf-8").count('class="event-card'), p.name)).name


@pytest.fixture(scope="session")
def a_tag(site_dir: Path) -> str:
    tags = sorted(p.name for p in (site_dir / "tags").iterdir() if p.is_dir())
    assert tags, "the demo site has no tag pages"
    return tags[0]


# --- filters --------------------------------------------------------------------------------


def test_tag_select_filters_cards_updates_count_and_url(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    expect(page.locator(FORM)).to_be_hidden()  # closed until asked for
    open_filters(page)
    before = cards_state(page)
    total = len(before)
    assert all(c["visible"] for c in before), "every card is shown before filtering"
    # A tag that some but not all events on the page carry, preferring the most common one.
    counts: dict[str, int] = {}
    for card in before:
        for tag in card["tags"]:
            counts[tag] = counts.get(tag, 0) + 1
    candidates = [t for t, n in counts.items() if 1 < n < total] or [t for t, n in counts.items() if n < total]
    assert candidates, "the home page needs a tag carried by only some events"
    tag = max(candidates, key=lambda t: (counts[t], t))
    options = page.locator(f"{FORM} select[name=tag] option").evaluate_all("os => os.map(o => o.value)")
    assert tag in options, f"tag {tag!r} is not offered in the select: {options}"

    page.select_option(f"{FORM} select[name=tag]", tag)

    after = cards_state(page)
    assert_partition(after, lambda c: tag in c["tags"], f"tag={tag}")
    expect(page.locator(f"{FORM} .filter-count")).to_have_text(f"{counts[tag]} of {total} events shown")
    assert query_of(page) == {"tag": [tag]}, page.url
    # Month groups left without a visible card are hidden too.
    empty_visible_groups = page.evaluate(
        """() => Array.from(document.querySelectorAll('.month-group'))
             .filter(g => !g.hidden && !g.querySelector('li.event-card:not([hidden])')).length"""
    )
    assert empty_visible_groups == 0


def test_status_in_url_is_applied_on_load(page: Page, base_url: str) -> None:
    page.goto(base_url + "/?status=unverified")
    expect(page.locator(FORM)).to_be_visible()  # an active filter opens the disclosure
    expect(page.locator(f"{FORM} select[name=status]")).to_have_value("unverified")
    cards = cards_state(page)
    assert_partition(cards, lambda c: c["status"] == "unverified", "status=unverified")
    for card in page.locator(f"{CARD}:visible").all():
        expect(card.locator(".status-badge")).to_have_text("Unverified")


def test_text_filter_narrows_by_a_word(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    open_filters(page)
    total = page.locator(CARD).count()
    # A word from one card's title that not every card contains.
    texts = [c["text"] for c in cards_state(page)]
    word = next(
        w
        for title in page.locator(f"{CARD} .event-title").all_inner_texts()
        for w in re.findall(r"[A-Za-z]{5,}", title)
        if 0 < sum(w.lower() in t for t in texts) < total
    )
    page.fill(f"{FORM} input[name=q]", word.upper())  # case-insensitive

    cards = cards_state(page)
    assert_partition(cards, lambda c: word.lower() in c["text"], f"q={word}")
    assert query_of(page) == {"q": [word.upper()]}, page.url
    shown = len(visible_ids(cards))
    expect(page.locator(f"{FORM} .filter-count")).to_have_text(f"{shown} of {total} events shown")

    # "Clear" brings every event back and empties the query.
    page.click(f"{FORM} button[type=reset]")
    expect(page.locator(f"{CARD}:visible")).to_have_count(total)
    page.wait_for_function("() => location.search === ''")


def test_from_and_to_dates_filter(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    open_filters(page)
    dates = sorted({c["date"] for c in cards_state(page)})
    assert len(dates) >= 3, "the demo needs events on at least three different dates"
    # A window that excludes the earliest and the latest dates.
    start, end = dates[1], dates[-2]
    page.fill(f"{FORM} input[name=from]", start)
    page.fill(f"{FORM} input[name=to]", end)

    cards = cards_state(page)
    # An event (or its span) overlapping [start, end] stays.
    assert_partition(cards, lambda c: c["end"] >= start and c["date"] <= end, f"from={start} to={end}")
    assert query_of(page) == {"from": [start], "to": [end]}, page.url

    # "to" alone: only events that begin on or before it.
    page.fill(f"{FORM} input[name=from]", "")
    page.fill(f"{FORM} input[name=to]", dates[0])
    assert_partition(cards_state(page), lambda c: c["date"] <= dates[0], f"to={dates[0]}")

    # A window with no events shows the empty message.
    page.fill(f"{FORM} input[name=from]", "1900-01-01")
    page.fill(f"{FORM} input[name=to]", "1900-12-31")
    expect(page.locator(f"{CARD}:visible")).to_have_count(0)
    expect(page.locator(".filter-empty")).to_be_visible()


def test_status_choices_come_from_the_events_on_the_page(page: Page, base_url: str, a_tag: str) -> None:
    """No status is offered that would show nothing; each choice says how many events it keeps."""
    for path in ["/", f"/tags/{a_tag}/"]:
        page.goto(base_url + path)
        open_filters(page)
        cards = cards_state(page)
        present: dict[str, int] = {}
        for card in cards:
            present[card["status"]] = present.get(card["status"], 0) + 1
        options = page.locator(f"{FORM} select[name=status] option").evaluate_all(
            "os => os.filter(o => o.value).map(o => [o.value, o.textContent])")
        assert {value for value, _ in options} == set(present), (path, options, present)
        for value, text in options:
            assert text.endswith(f"({present[value]})"), (path, value, text)
        for name, key in (("tag", "tags"), ("actor", "actors")):
            values = page.locator(f"{FORM} select[name={name}] option").evaluate_all(
                "os => os.filter(o => o.value).map(o => o.value)")
            assert set(values) == {v for c in cards for v in c[key]}, (path, name)


def test_a_date_range_keeps_events_that_overlap_it_and_says_which_are_coarse(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    open_filters(page)
    cards = cards_state(page)
    # The busiest day of the demo; year-only events of the same year overlap it too.
    days = [c["date"] for c in cards if not c["coarse"]]
    day = max(set(days), key=lambda d: (days.count(d), d))
    page.fill(f"{FORM} input[name=from]", day)
    page.fill(f"{FORM} input[name=to]", day)
    after = cards_state(page)
    assert_partition(after, lambda c: c["date"] <= day <= c["end"], f"from=to={day}")
    coarse = [c for c in after if c["visible"] and c["coarse"] and not (c["date"] == day == c["end"])]
    shown = len(visible_ids(after))
    expected = f"{shown} of {len(after)} events shown"
    if coarse:
        expected += f", {len(coarse)} of them dated only by month or year"
    expect(page.locator(f"{FORM} .filter-count")).to_have_text(expected)
    expect(page.locator(f"{FORM} .filter-help")).to_contain_text("overlap")


def test_from_after_to_is_said_and_the_dates_are_not_used(page: Page, base_url: str) -> None:
    page.goto(base_url + "/?from=2015-12-31&to=2015-01-01")
    problems = page.locator(f"{FORM} [data-filter-problems]")
    expect(problems).to_be_visible()
    expect(problems).to_contain_text("is after")
    expect(page.locator(f"{FORM} input[name=from]")).to_have_attribute("aria-invalid", "true")
    assert all(c["visible"] for c in cards_state(page)), "the dates are left out, not applied"
    # Putting them right clears the message.
    page.fill(f"{FORM} input[name=from]", "2001-01-01")
    expect(problems).to_be_hidden()
    expect(page.locator(f"{FORM} input[name=from]")).not_to_have_attribute("aria-invalid", "true")


def test_unknown_values_in_the_url_are_said(page: Page, base_url: str) -> None:
    page.goto(base_url + "/?tag=nope&from=someday")
    expect(page.locator(FORM)).to_be_visible()
    problems = page.locator(f"{FORM} [data-filter-problems]")
    expect(problems).to_contain_text("No event on this page has the tag “nope”.")
    expect(problems).to_contain_text("“someday” is not a date")
    expect(page.locator(f"{FORM} select[name=tag]")).to_have_value("nope")
    expect(page.locator(f"{CARD}:visible")).to_have_count(0)
    expect(page.locator(".filter-empty")).to_be_visible()
    # "Clear" forgets them.
    page.click(f"{FORM} button[type=reset]")
    expect(problems).to_be_hidden()
    expect(page.locator(f"{FORM} select[name=tag] option[value=nope]")).to_have_count(0)
    page.wait_for_function("() => location.search === ''")


def test_text_filter_looks_in_titles_summaries_and_names_not_labels(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    open_filters(page)
    cards = cards_state(page)
    # A label word on every card matches nothing unless an event's own words hold it.
    page.fill(f"{FORM} input[name=q]", "tags")
    expect(page.locator(f"{CARD}:visible")).to_have_count(sum("tags" in c["text"] for c in cards))
    # A name that only the facets carry (an actor's name absent from title and summary) finds its events.
    names = page.evaluate("""() => Array.from(document.querySelectorAll('li.event-card')).map(c => ({
        id: c.id.replace(/^e-/, ''),
        own: Array.from(c.querySelectorAll('.event-title, .event-summary')).map(e => e.textContent).join(' ').toLowerCase(),
        names: Array.from(c.querySelectorAll('.event-facets a[href*="/actors/"]')).map(a => a.textContent)}))""")
    name = next(n for card in names for n in card["names"] if n.lower() not in card["own"])
    page.fill(f"{FORM} input[name=q]", name)
    assert_partition(cards_state(page), lambda c: name.lower() in c["text"], f"q={name}")


# --- permalinks and navigation ----------------------------------------------------------------


def test_event_title_links_to_its_permalink_page(page: Page, base_url: str, event_ids: list[str]) -> None:
    page.goto(base_url + "/")
    event_id = event_ids[len(event_ids) // 2]
    link = page.locator(f"#e-{event_id} .event-title a")
    title = link.inner_text().strip()
    link.click()
    page.wait_for_url(f"{base_url}/events/{event_id}/")
    expect(page.locator("main h1")).to_have_text(title)
    expect(page).to_have_title(re.compile(re.escape(title)))


def test_previous_next_links_and_back_button(page: Page, base_url: str, event_ids: list[str]) -> None:
    event_id = event_ids[len(event_ids) // 2]
    start_url = f"{base_url}/events/{event_id}/"
    page.goto(start_url)
    start_title = page.locator("main h1").inner_text()

    next_link = page.locator(".prev-next a[rel=next]")
    expect(next_link).to_have_count(1)
    next_title = re.sub(r"^\s*Next\s*→?\s*", "", next_link.inner_text())  # the label, then the title
    next_link.click()
    page.wait_for_url(re.compile(r"/events/[a-z0-9-]+/$"))
    assert page.url != start_url
    expect(page.locator("main h1")).to_have_text(next_title)
    # Previous of the next event is where we came from.
    prev_link = page.locator(".prev-next a[rel=prev]")
    expect(prev_link).to_contain_text(start_title)
    prev_link.click()
    page.wait_for_url(start_url)
    expect(page.locator("main h1")).to_have_text(start_title)

    page.go_back()
    page.wait_for_url(re.compile(r"/events/[a-z0-9-]+/$"))
    expect(page.locator("main h1")).to_have_text(next_title)
    page.go_back()
    page.wait_for_url(start_url)
    expect(page.locator("main h1")).to_have_text(start_title)

    # The first event has no previous link, the last no next link.
    page.goto(f"{base_url}/events/{event_ids[0]}/")
    expect(page.locator(".prev-next a[rel=prev]")).to_have_count(0)
    page.goto(f"{base_url}/events/{event_ids[-1]}/")
    expect(page.locator(".prev-next a[rel=next]")).to_have_count(0)


# --- without JavaScript -----------------------------------------------------------------------


@pytest.fixture
def nojs_page(browser):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 1200, "height": 900})
    ctx.set_default_timeout(10_000)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


def test_without_javascript_the_site_is_fully_browsable(
    nojs_page: Page, base_url: str, event_ids: list[str], rich_event_id: str
) -> None:
    page = nojs_page
    page.goto(base_url + "/")
    expect(page.locator(FORM)).to_be_hidden()
    cards = page.locator(CARD)
    expect(cards).to_have_count(len(event_ids))
    assert all(c["visible"] for c in cards_state(page)), "every event is listed without JavaScript"
    expect(page.locator("main .counts")).to_contain_text(f"{len(event_ids)} event")

    browse = page.locator("nav.browse a")
    kinds = [href.strip("/").split("/")[-1] for href in browse.evaluate_all("as => as.map(a => a.getAttribute('href'))")]
    assert kinds == ["years", "tags", "actors", "places", "sources", "status"], kinds
    hrefs = browse.evaluate_all("as => as.map(a => a.href)")  # resolved against the page
    for href, kind in zip(hrefs, kinds):
        page.goto(href)
        assert page.url == f"{base_url}/{kind}/", page.url
        terms = page.locator("main ul li a")
        assert terms.count() >= 1, f"/{kind}/ lists nothing"
        terms.first.click()
        page.wait_for_url(re.compile(rf"/{kind}/[a-z0-9-]+/$"))
        listed = page.locator(f"{CARD}:visible")
        assert listed.count() >= 1, f"{page.url} lists no event"
        expect(page.locator(FORM)).to_be_hidden()

    page.goto(f"{base_url}/events/{rich_event_id}/")
    article = page.locator("main article.event")
    expect(article.locator("h1")).to_be_visible()
    expect(article.locator(".event-summary")).to_be_visible()
    assert article.locator(".event-summary").inner_text().strip(), "the summary is empty"
    sources = article.locator("section[aria-labelledby=sources]")
    expect(sources).to_be_visible()
    assert sources.locator("li").count() >= 1
    for section in article.locator("section").all():
        expect(section).to_be_visible()
    # Nothing in the article is hidden except the search engine's invisible filter marker.
    hidden = article.evaluate(
        """a => Array.from(a.querySelectorAll('*')).filter(e =>
              e.closest('[hidden]') && !e.closest('[data-pagefind-filter]') && !e.matches('[data-pagefind-filter]')
           ).map(e => e.outerHTML.slice(0, 80))"""
    )
    assert hidden == [], hidden
    expect(page.locator("nav.prev-next a").first).to_be_visible()


# --- layout -----------------------------------------------------------------------------------


def test_mobile_viewport_has_no_horizontal_scroll(
    browser, base_url: str, event_ids: list[str], rich_event_id: str, longest_title_event_id: str
) -> None:
    ctx = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = ctx.new_page()
        overflowing = []
        paths = ["/", f"/events/{rich_event_id}/", f"/events/{longest_title_event_id}/"]
        for path in dict.fromkeys(paths):
            page.goto(base_url + path)
            widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
            if widths[0] > widths[1]:
                overflowing.append((path, widths))
        assert overflowing == [], f"horizontal scroll at 375px (path, [scrollWidth, innerWidth]): {overflowing}"
    finally:
        ctx.close()


def _luminance(css_color: str) -> float:
    match = re.match(r"rgba?\((\d+),\s*(\d+),\s*(\d+)", css_color)
    assert match, f"unexpected colour {css_color!r}"

    def channel(v: str) -> float:
        c = int(v) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in match.groups())
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_dark_mode_follows_the_system_colour_scheme(browser, base_url: str) -> None:
    ctx = browser.new_context(color_scheme="dark")
    try:
        page = ctx.new_page()
        page.goto(base_url + "/")
        style = "() => { const s = getComputedStyle(document.body); return [s.backgroundColor, s.color]; }"
        dark_bg, dark_fg = (_luminance(c) for c in page.evaluate(style))
        page.emulate_media(color_scheme="light")  # control: the same page in light mode
        light_bg, _ = (_luminance(c) for c in page.evaluate(style))
    finally:
        ctx.close()
    assert dark_bg < 0.05, f"dark mode background is not dark (luminance {dark_bg:.3f})"
    assert dark_fg > 0.5, f"dark mode text is not light (luminance {dark_fg:.3f})"
    assert light_bg > 0.8, f"light mode background is not light (luminance {light_bg:.3f})"


# --- keyboard ---------------------------------------------------------------------------------


def test_first_tab_focuses_skip_link_and_enter_moves_to_main(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["skip-link", "#main"], focused
    skip = page.locator("a.skip-link")
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, f"the focused skip link is off screen: {box}"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'")
    # The next Tab continues inside main, not back at the header.
    page.keyboard.press("Tab")
    inside_main = page.evaluate("() => !!document.activeElement.closest('main')")
    assert inside_main, "Tab after the skip link should move to a control inside main"


# --- privacy ----------------------------------------------------------------------------------


def test_pages_make_no_external_requests(page: Page, base_url: str, rich_event_id: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ["/", f"/events/{rich_event_id}/", "/search/?q=Kunduz"]:
        page.goto(base_url + path, wait_until="networkidle")
    assert requests, "no request recorded"
    external = [u for u in requests if not u.startswith(base_url + "/") and not u.startswith(("data:", "blob:", "about:"))]
    assert external == [], f"requests leaving the local server: {external}"
    # The page's own assets were fetched from the local server.
    assert any(u.endswith("/assets/timeline.css") for u in requests), requests
    assert any(u.endswith("/assets/timeline.js") for u in requests), requests


def test_no_javascript_errors(page: Page, base_url: str, rich_event_id: str, a_tag: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    page.on("console", lambda msg: errors.append(f"{page.url}: console.{msg.type}: {msg.text}") if msg.type == "error" else None)
    for path in ["/", f"/events/{rich_event_id}/", f"/tags/{a_tag}/", "/years/", "/?tag=nonexistent&from=bad",
                 "/search/?q=Kunduz"]:
        page.goto(base_url + path, wait_until="networkidle")
    assert errors == [], errors
