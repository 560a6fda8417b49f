"""axe-core finds nothing, of any impact (minor and moderate too), on every page type of the reader's
site: in the light and the dark colour scheme (``prefers-color-scheme`` emulated), left to right (the
demo in English) and right to left (the demo in Dari, ``dari_site``).

The page types: the home page (the key day's events: the demo has no page of its own for a day), also
with the filters open and the background unfolded; /years/ and a year; a month (the small fixture
site, whose long year is split by month, built in English and in Dari); an event with casualty
claims and one with media; /tags/ and a tag; /places/ and a place; /actors/ and an actor; /sources/
and a source; /status/ and a status; search with a query, its filters open; recent changes; the 404
page; an embed of the whole chronology and of a place; two hand-written pages (/about/, /methodology/).

Not checked: /admin/, the web editor, which is Decap CMS's own application (tests/browser/test_web_editor.py).
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Iterator

import pytest
from conftest import axe_findings, axe_report, serve_folder

EN, FA = "en", "fa-AF"
SMALL_SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site_small"

PAGES = {
    "home": "/",
    "home-filters": "/?status=reported&from=2015-12-31&to=2015-01-01",  # the filters open, with a message
    "home-background": "/",
    "years": "/years/",
    "year": "/years/2015/",
    "month": "/years/2015/09/",  # on the small fixture site
    "event-casualties": "/events/at-least-25-militants-and-two-policemen-killed/",
    "event-media": "/events/unverified-pictures-show-taliban-flags-in-kunduz/",
    "tags": "/tags/",
    "tag": "/tags/assault/",
    "places": "/places/",
    "place": "/places/kunduz/",
    "actors": "/actors/",
    "actor": "/actors/taliban/",
    "sources": "/sources/",
    "source": "/sources/kunduz-special-forces-2015-09-28/",
    "statuses": "/status/",
    "status": "/status/reported/",
    "search": "/search/?q=Taliban",
    "changes": "/changes/",
    "404": "/404.html",
    "embed": "/embed/",
    "embed-place": "/embed/places/kunduz/",
    "about": "/about/",
    "methodology": "/methodology/",
}


@pytest.fixture(scope="session")
def dari_small_site(tmp_path_factory: pytest.TempPathFactory, copy_project, build) -> Path:
    """tests/fixtures/site_small (a year split into month pages) built in Dari."""
    folder = tmp_path_factory.mktemp("browser-small-dari")
    project = copy_project(SMALL_SITE, folder / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - timeline:\n" in text
    config.write_text(text.replace("  - timeline:\n", "  - timeline:\n      language: fa-AF\n", 1), encoding="utf-8")
    assert build(project, folder / "site") == 0
    return folder / "site"


@pytest.fixture(scope="module")
def served(request: pytest.FixtureRequest) -> Iterator[dict[tuple[str, bool], tuple[Path, str]]]:
    """``{(language, small site?): (site folder, its URL)}``, each site served once for this module."""
    sites = {(EN, False): "site_dir", (FA, False): "dari_site", (EN, True): "small_site", (FA, True): "dari_small_site"}
    found: dict[tuple[str, bool], tuple[Path, str]] = {}
    with contextlib.ExitStack() as stack:
        for key, fixture in sites.items():
            folder = request.getfixturevalue(fixture)
            found[key] = (folder, stack.enter_context(serve_folder(folder)))
        yield found


def _site_url(site: Path) -> str:
    """The site's absolute URL (``site_url``): the 404 page links its assets by it (it is served at any depth)."""
    match = re.search(r'href="(https?://[^"]+/)assets/timeline\.css"', (site / "404.html").read_text(encoding="utf-8"))
    assert match, "404.html links no stylesheet by absolute URL"
    return match.group(1)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", [EN, FA])
@pytest.mark.parametrize("which", PAGES)
def test_axe_finds_nothing_on_any_page_type(browser, served, axe_path: Path, which: str, language: str,
                                            scheme: str) -> None:
    site, url = served[(language, which == "month")]
    context = browser.new_context(viewport={"width": 1200, "height": 900}, color_scheme=scheme)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        if which == "404":
            # Served as a host serves it for a missing page; its absolute links lead to this server.
            prefix = _site_url(site)
            page.route(prefix + "**", lambda route: route.fulfill(path=str(site / route.request.url[len(prefix):].split("?")[0])))
        response = page.goto(url + PAGES[which], wait_until="networkidle")
        assert response and response.ok, f"{url + PAGES[which]}: {response and response.status}"
        assert page.evaluate("document.documentElement.lang") == language
        if which == "404":
            theme = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--bg')")
            assert theme.strip(), "the 404 page's stylesheet did not load"
        if which == "home-filters":
            assert page.locator("details[data-filter-box][open]").count() == 1, "the filters are not open"
        if which == "home-background":
            page.locator("details.background > summary").click()
            assert page.locator("details.background li.event-card").first.is_visible()
        if which == "search":
            page.locator(".search-result .event-title a").first.wait_for()
            page.locator(".search-filter-box > summary").click()
            page.locator("[data-search-filters] select").first.wait_for()
        findings = axe_findings(page, axe_path, (scheme,))
    finally:
        for opened in context.pages:  # a request the 404 page's route still answers must not outlive the context
            opened.unroute_all(behavior="ignoreErrors")
        context.close()
    assert not findings, f"axe findings on {PAGES[which]} ({language}):\n{axe_report(findings)}"
