"""The Content-Security-Policy in Chromium (issue 20, item 7; generator/render/csp.py): every kind of page
of a built site (home, event, year, tag, actor, place, source, the map, search, an embed, a hand-written
page, 404, the web editor) loads and runs under its policy without one violation; search still finds
events (Pagefind's WebAssembly); a video's player loads in the frame a click makes, from its origin only.

The site is the small fixture with an event that has a YouTube video and a video file on another site,
and the web editor's CMS self-hosted (Decap CMS from tests/node_modules, as tests/browser/test_web_editor.py
serves it). Nothing leaves the machine: every request to another host is answered by the test (the
player) or aborted. Violations are caught twice: ``securitypolicyviolation`` events and the console.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

from conftest import serve_folder
from generator.cli.main import main
from test_web_editor import VENDOR, _SiteAndVendor, decap  # noqa: F401 - decap: the fixture, for this module too

REPO = Path(__file__).resolve().parents[2]
SMALL_SITE = REPO / "tests" / "fixtures" / "site_small"
PLAYER = "https://www.youtube-nocookie.com/"
MEDIA_EVENT = """date: 2016-03-01
title: Footage of the crossing
summary: A video of the crossing, and the raw file.
status: reported
tags: [fighting]
media:
  - url: https://www.youtube.com/watch?v=dQw4w9WgXcQ
    alt: The crossing
  - url: https://media.example.org/crossing.mp4
    alt: The raw file
sources:
  - source: wire
"""
ABOUT = """# About this fixture

A hand-written page, with a table and an event slice.

| Year | Events |
|:-----|-------:|
| 2015 | 4 |

::: timeline
tag: fighting
:::
"""
PAGES = {  # every kind of page: its path, and what shows it has run (a selector)
    "home": ("", ".event-card"),
    "event": ("events/footage/", "figure.media-youtube [data-media-load]:not([hidden])"),
    "year": ("years/2016/", ".event-card"),
    "tag": ("tags/fighting/", ".event-card"),
    "actor": ("actors/alpha/", ".event-card"),
    "place": ("places/town/", ".event-card"),
    "source": ("sources/wire/", ".event-card"),
    "map": ("places/", "svg"),
    "embed": ("embed/", ".event-card"),
    "hand-written page": ("about/", ".timeline-slice .event-card"),
    "404": ("404.html", "h1"),
}
WATCH = """() => {
  window.__violations = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__violations.push(e.effectiveDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
  });
}"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory, copy_project, decap) -> Iterator[str]:  # noqa: F811 - the imported fixture
    """The small fixture with a media event and a self-hosted CMS, built and served on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("csp")
    project = copy_project(SMALL_SITE, folder / "project")
    (project / "content" / "events" / "2016" / "footage.yaml").write_text(MEDIA_EVENT, encoding="utf-8")
    (project / "content" / "pages" / "about.md").write_text(ABOUT, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("  - timeline:\n", f"  - timeline:\n      cms_script: {VENDOR}decap-cms.js\n"),
                                        encoding="utf-8")
    assert main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(folder / "site")]) == 0
    with serve_folder(folder / "site", _SiteAndVendor) as url:
        yield url


@pytest.fixture
def watched(page, site_url: str):
    """The page, with every request to another host answered (the player) or aborted, and a list
    that collects the console's CSP messages."""
    local = urlsplit(site_url).netloc
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None)
    page.add_init_script(f"({WATCH})()")

    def route(route) -> None:
        url = route.request.url
        if urlsplit(url).netloc == local:
            route.continue_()
        elif url.startswith(PLAYER):
            route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>player</title><p>Player")
        else:
            route.abort()

    page.context.route("**/*", route)
    return page, console


def violations(page, console: list[str]) -> list[str]:
    return page.evaluate("window.__violations") + console


@pytest.mark.parametrize("kind", list(PAGES))
def test_every_kind_of_page_runs_without_a_csp_violation(watched, site_url: str, kind: str) -> None:
    page, console = watched
    path, shown = PAGES[kind]
    page.goto(f"{site_url}/{path}", wait_until="networkidle")  # every script run, every request it made answered
    page.locator(shown).first.wait_for(state="attached")
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    assert violations(page, console) == []


def test_the_policy_is_in_force(watched, site_url: str) -> None:
    # The control: an inline script and a frame from elsewhere are refused, and reported where the test looks.
    page, console = watched
    page.goto(f"{site_url}/", wait_until="load")
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.__ran = true";
        document.body.appendChild(script);
        const frame = document.createElement("iframe");
        frame.src = "https://evil.example/";
        document.body.appendChild(frame);
    }""")
    page.wait_for_function("() => window.__violations.length >= 2")
    assert page.evaluate("window.__ran === undefined")
    found = violations(page, console)
    assert any(v.startswith("script-src-elem inline") for v in found)
    assert any(v.startswith("frame-src https://evil.example") for v in found)


def test_search_finds_events_under_its_policy(watched, site_url: str) -> None:
    page, console = watched
    page.goto(f"{site_url}/search/?q=crossing", wait_until="load")
    result = page.locator(".search-result .event-title a").first
    result.wait_for(timeout=45_000)
    assert "Footage of the crossing" in page.locator(".search-result .event-title a").all_inner_texts()
    assert "'wasm-unsafe-eval'" in page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert violations(page, console) == []


def test_a_click_loads_the_player_from_its_origin_and_nothing_else(watched, site_url: str) -> None:
    page, console = watched
    page.goto(f"{site_url}/events/footage/", wait_until="load")
    page.locator("figure.media-youtube [data-media-load] button").click()
    frame = page.frame_locator("figure.media-youtube iframe")
    frame.locator("p").wait_for()
    assert frame.locator("p").inner_text() == "Player"
    assert violations(page, console) == []
    # The player's origin is allowed on its own event's page only: elsewhere a frame from it is refused.
    page.goto(f"{site_url}/years/2016/", wait_until="load")
    page.evaluate(f"""() => {{ const f = document.createElement("iframe"); f.src = "{PLAYER}embed/x";
                              document.body.appendChild(f); }}""")
    page.wait_for_function("() => window.__violations.length >= 1")
    assert any(v.startswith("frame-src https://www.youtube-nocookie.com") for v in violations(page, console))


def test_the_web_editor_runs_under_its_own_policy(watched, site_url: str) -> None:
    page, console = watched
    page.goto(f"{site_url}/admin/", wait_until="load")
    page.wait_for_function("() => document.getElementById('nc-root') && document.getElementById('nc-root').innerText.length > 0",
                           timeout=30_000)
    page.wait_for_timeout(500)  # the CMS polls its backend: the network is never idle
    assert page.evaluate("typeof window.CMS") == "object"
    assert "'unsafe-eval'" in page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert violations(page, console) == []
