"""Search (Pagefind) and the TimelineJS export, each used the way a reader's browser uses it."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from generator.chronology import build_chronology
from generator.content.reader import read_content

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def kunduz():
    return build_chronology(read_content(REPO / "content"))


def test_search_finds_an_event_by_a_word_of_its_text(page, base_url, kunduz):
    event = next(e for e in kunduz.events if "inmates" in e.summary.lower())
    page.goto(f"{base_url}/search/?q=inmates")
    result = page.locator(".search-result .event-title a").first
    result.wait_for()
    titles = page.locator(".search-result .event-title a").all_inner_texts()
    assert event.title in titles
    result_hrefs = [a.get_attribute("href") for a in page.locator(".search-result .event-title a").all()]
    assert any(href.rstrip("/").endswith(f"/events/{event.id}") for href in result_hrefs)


def test_search_box_in_the_header_leads_to_results(page, base_url):
    page.goto(f"{base_url}/")
    page.fill("#site-search-q", "Amnesty")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search/?q=Amnesty")
    page.locator(".search-result .event-title a").first.wait_for(timeout=45_000)
    assert any("Amnesty" in t for t in page.locator(".search-result .event-title a").all_inner_texts())


def open_search_filters(page) -> None:
    """Open the folded filter box; its values are fetched then (assets/search.js) and drawn."""
    page.locator(".search-filter-box > summary").click()
    page.wait_for_selector("[data-search][data-filters-ready]", state="attached", timeout=45_000)


def test_search_offers_the_filters(page, base_url):
    page.goto(f"{base_url}/search/?q=Taliban")
    page.locator(".search-result .event-title a").first.wait_for(timeout=45_000)
    open_search_filters(page)
    legends = page.locator(".search-filter-name").all_text_contents()  # in the folded box
    assert {"tag", "actor", "place", "status", "year"} <= {t.strip().lower() for t in legends}


def test_a_query_fetches_no_filter_file_until_the_filters_open(page, base_url):
    """Every filter file is most of a large chronology's first download: a query alone needs none."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if "/filter/" in request.url else None)
    page.goto(f"{base_url}/search/?q=Taliban")
    page.locator(".search-result .event-title a").first.wait_for(timeout=45_000)
    page.wait_for_selector("[data-search][data-ready]", state="attached")
    assert fetched == []
    assert page.locator("[data-search-filters] select").count() == 0
    open_search_filters(page)
    assert fetched and all(url.endswith(".pf_filter") for url in fetched)
    assert page.locator("[data-search-filters] select").count() >= 5


def test_a_filter_in_the_address_is_fetched_shown_and_applied(page, base_url):
    page.goto(f"{base_url}/search/?q=Taliban&year=2001")
    page.locator(".search-result .event-title a").first.wait_for(timeout=45_000)
    assert page.locator("[data-search][data-filters-ready]").count() == 1
    assert page.locator("details.search-filter-box").evaluate("(el) => el.open")
    assert page.locator("select[name=year]").input_value() == "2001"
    assert all("2001" in t for t in page.locator(".search-result .event-when").all_inner_texts())


def test_search_shows_every_filter_when_filter_files_arrive_late(page, base_url):
    """Opening the filters waits for all filter files, even when one arrives long before the rest."""
    served: list[str] = []

    def slow_filters(route):
        served.append(route.request.url)
        if len(served) > 1:
            time.sleep(1.5)
        route.continue_()

    page.route("**/pagefind/filter/*.pf_filter", slow_filters)
    page.goto(f"{base_url}/search/?q=Taliban")
    page.locator(".search-result .event-title a").first.wait_for(timeout=45_000)
    open_search_filters(page)
    legends = page.locator(".search-filter-name").all_text_contents()  # in the folded box
    assert len(served) >= 5
    assert {"tag", "actor", "place", "status", "year"} <= {t.strip().lower() for t in legends}


def test_search_page_without_javascript_points_to_the_index_pages(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/search/")
        links = page.locator("main noscript").inner_text()
        assert "year" in links and "tag" in links
    finally:
        context.close()


def test_timelinejs3_renders_one_slide_per_event(page, base_url, site_dir, node_modules, kunduz):
    """The real TimelineJS3 library loads our timeline.json as it is."""
    dist = node_modules / "@knight-lab" / "timelinejs" / "dist"
    harness = site_dir / "_tljs"
    shutil.copytree(dist, harness / "dist", dirs_exist_ok=True)
    (harness / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<link rel='stylesheet' href='dist/css/timeline.css'></head><body>"
        "<div id='timeline' style='width:1000px;height:600px'></div>"
        "<script src='dist/js/timeline.js'></script>"
        "<script>fetch('../timeline.json').then(r => r.json()).then(data => {"
        " window.tl = new TL.Timeline('timeline', data, {script_path: new URL('dist/js/', location.href).href});"
        " window.tl.on('loaded', () => { window.tlLoaded = true; });"
        "});</script></body></html>",
        encoding="utf-8",
    )
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # TimelineJS's own stylesheet asks for web fonts; this machine has no network beyond loopback.
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url) else route.abort())
    page.goto(f"{base_url}/_tljs/")
    page.wait_for_function("window.tlLoaded === true")
    data = json.loads((site_dir / "timeline.json").read_text(encoding="utf-8"))
    assert len(data["events"]) == len(kunduz.events)
    assert page.evaluate("window.tl.config.events.length") == len(kunduz.events)
    slides = page.evaluate("window.tl._storyslider._slides.length")
    assert slides == len(kunduz.events) + 1  # the title slide comes first
    ids = page.evaluate("window.tl.config.events.map(e => e.unique_id)")
    assert sorted(ids) == sorted(e.id for e in kunduz.events)
    assert errors == []
