"""Embeds in an article on another site: the demo's /embed/ views framed by a host page served from a
second origin on loopback (the code copied from the site's "Embed this"), in headless Chromium.

The embed renders its events, fits the frame to its content through the host's height snippet,
opens an event in the top window, and no request leaves the two origins; axe-core finds
nothing, of any impact, in an embed or in a hand-written page with event slices, light or dark."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Iterator

import pytest

from conftest import axe_findings, serve_folder
from test_slices import PAGE as SLICES_PAGE

REPO = Path(__file__).resolve().parents[2]
DEMO_SITE_URL = "https://kunduz-2015.example.org/"  # the demo's site_url (mkdocs.yml)


@pytest.fixture(scope="module")
def host_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("host")


@pytest.fixture(scope="module")
def host_url(host_dir: Path) -> Iterator[str]:
    """A second origin: the 'newsroom' whose article frames the embed (same loopback, another port)."""
    with serve_folder(host_dir) as url:
        yield url


@pytest.fixture(scope="module")
def slices_url(tmp_path_factory, copy_project, build) -> Iterator[str]:
    """The small fixture site with a hand-written page of two event slices (/two/), served."""
    folder = tmp_path_factory.mktemp("slices")
    project = copy_project(REPO / "tests" / "fixtures" / "site_small", folder / "project")
    (project / "content" / "pages" / "two.md").write_text(SLICES_PAGE, encoding="utf-8")
    assert build(project, folder / "site") == 0
    with serve_folder(folder / "site") as url:
        yield url


def embed_code(site_dir: Path, page: str, base_url: str) -> str:
    """The code under 'Embed this' on a page of the built site, pointed at the test's site server."""
    text = (site_dir / page).read_text(encoding="utf-8")
    found = re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', text, re.S)
    assert found, f"no embed code on {page}"
    code = html.unescape(found.group(1))
    assert DEMO_SITE_URL + "embed/" in code
    return code.replace(DEMO_SITE_URL, base_url + "/")


def write_article(host_dir: Path, name: str, code: str) -> None:
    (host_dir / name).write_text(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>An article</title></head>\n"
        "<body><main><h1>An article with a chronology</h1><p>Before the chronology.</p>\n"
        f"{code}\n<p>After the chronology.</p></main></body></html>\n", encoding="utf-8")


def test_an_embed_on_another_site_renders_fits_and_opens_events_in_the_top_window(
        page, site_dir, base_url, host_dir, host_url):
    write_article(host_dir, "article.html", embed_code(site_dir, "tags/taliban-offensive/index.html", base_url))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.add_init_script("window.__heights = []; addEventListener('message', function (e) {"
                         " if (e.data && e.data.type === 'timeline-site:height') window.__heights.push(e.data.height); });")
    page.goto(host_url + "/article.html")
    frame_element = page.locator("iframe")
    assert frame_element.get_attribute("height") == "600"  # the fixed height without the script
    frame = page.frame_locator("iframe")
    cards = frame.locator(".event-card")
    cards.first.wait_for()
    assert cards.count() == 8  # the tag's events are in the frame
    assert frame.locator("h1").inner_text() == "taliban-offensive"
    # The frame takes the height the embed posts, which is its document's height.
    page.wait_for_function("window.__heights.length > 0 && document.querySelector('iframe').style.height"
                           " === window.__heights[window.__heights.length - 1] + 'px'")
    posted = page.evaluate("window.__heights[window.__heights.length - 1]")
    inner = page.frames[1]
    scroll_height = inner.evaluate("document.documentElement.scrollHeight")
    box = frame_element.bounding_box()
    assert posted > 600, posted  # eight events need more than the fallback height
    assert abs(box["height"] - posted) <= 2
    assert abs(scroll_height - posted) <= 3, (scroll_height, posted)
    assert inner.evaluate("document.documentElement.scrollHeight <= window.innerHeight + 1")  # nothing to scroll
    # A narrower article makes the embed taller: it posts again and the frame follows.
    page.set_viewport_size({"width": 420, "height": 900})
    page.wait_for_function(f"window.__heights[window.__heights.length - 1] > {posted}")
    page.wait_for_function("document.querySelector('iframe').style.height"
                           " === window.__heights[window.__heights.length - 1] + 'px'")
    # An event link opens the event page in the top window, not in the frame.
    first = cards.first.locator(".event-title a")
    event_path = re.sub(r"^(\.\./)+", "/", first.get_attribute("href"))
    assert first.get_attribute("target") == "_top"
    first.click()
    page.wait_for_url(base_url + event_path)
    assert page.locator("article.event h1").is_visible()
    origins = {base_url, host_url}
    outside = [url for url in requests if not any(url == o or url.startswith(o + "/") for o in origins)]
    assert outside == []
    assert any(url.startswith(base_url + "/embed/") for url in requests)
    assert page.context.cookies() == []


def test_the_embed_uses_the_site_language_and_dark_mode(browser, site_dir, base_url, host_dir, host_url):
    write_article(host_dir, "dark.html", embed_code(site_dir, "index.html", base_url))
    context = browser.new_context(viewport={"width": 1000, "height": 800}, color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(host_url + "/dark.html")
        frame = page.frame_locator("iframe")
        frame.locator(".event-card").first.wait_for()
        assert frame.locator("html").get_attribute("lang") == "en"
        background = frame.locator("body").evaluate("b => getComputedStyle(b).backgroundColor")
        assert background == "rgb(18, 20, 23)", background  # timeline.css's dark --bg
        assert frame.locator("figure.overview").count() == 1  # the chronology's overview
        assert frame.locator(".site-header").count() == 0  # no site header
    finally:
        context.close()


def test_embed_links_inside_the_frame_stay_in_the_frame(page, base_url):
    """The overview's skip link ('#…') stays in the frame; every other link targets the top window."""
    page.goto(base_url + "/embed/")
    targets = page.evaluate("""Array.from(document.querySelectorAll('a[href]')).map(a =>
        [a.getAttribute('href'), a.getAttribute('target')])""")
    assert targets
    for href, target in targets:
        assert (target is None) == href.startswith("#"), (href, target)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/embed/", "/embed/tags/taliban-offensive/", "/embed/years/2015/",
                                  "/embed/places/kunduz/"])
def test_axe_finds_nothing_in_an_embed(browser, base_url, axe_path, path, scheme):
    context = browser.new_context(viewport={"width": 700, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(base_url + path)
        found = axe_findings(page, axe_path, (scheme,))
        assert found == [], json.dumps(found, indent=1)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_a_page_with_slices(browser, slices_url, axe_path, scheme):
    context = browser.new_context(viewport={"width": 1000, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(slices_url + "/two/")
        assert page.locator(".timeline-slice .event-card").count() == 3
        found = axe_findings(page, axe_path, (scheme,))
        assert found == [], json.dumps(found, indent=1)
    finally:
        context.close()
