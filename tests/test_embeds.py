"""Embeds (/embed/<path>) of the chronology and of every index page, built: compact (no site header,
the first page of the listing, never bigger than the page), links to the top window, the site's
language; "Embed this" on every index page and event page; the _headers file that lets them be
framed. The browser half (another origin, height, clicks, requests, axe) is tests/browser/test_embed.py."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.chronology import build_chronology
from generator.content.reader import read_content
from generator.render.embeds import top_links
from generator.render.environment import make_environment
from generator.render.options import SiteOptions
from generator.render.pages import PageRenderer

REPO = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.org/timeline/"


@pytest.fixture(scope="module")
def site(tmp_path_factory, copy_project, build) -> Path:
    folder = tmp_path_factory.mktemp("embeds")
    project = copy_project(REPO / "tests" / "fixtures" / "site_small", folder / "project")
    assert build(project, folder / "site") == 0
    return folder / "site"


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def index_pages(site: Path) -> list[str]:
    """The first page of the chronology, every year, month and index page (tag, actor, place, source, status)."""
    found = [""]
    found += [p.parent.relative_to(site).as_posix() + "/" for p in sorted((site / "years").glob("*/index.html"))]
    found += [p.parent.relative_to(site).as_posix() + "/" for p in sorted((site / "years").glob("*/*/index.html"))
              if p.parent.name != "page"]
    for kind in ("tags", "actors", "places", "sources", "status"):
        found += [p.parent.relative_to(site).as_posix() + "/" for p in sorted((site / kind).glob("*/index.html"))]
    return found


def test_every_index_page_has_an_embed_no_bigger_than_itself(site):
    pages = index_pages(site)
    assert {"", "years/2015/", "years/2015/09/", "tags/fighting/", "actors/alpha/", "places/town/",
            "sources/wire/", "status/disputed/"} <= set(pages)
    for url in pages:
        page, embed = site / url / "index.html", site / "embed" / url / "index.html"
        assert embed.is_file(), url
        assert embed.stat().st_size <= page.stat().st_size, url
    assert {p.parent.relative_to(site / "embed").as_posix() + "/" if p.parent != site / "embed" else ""
            for p in (site / "embed").rglob("index.html")} == set(pages)


def test_an_embed_is_the_first_page_of_its_listing_without_the_site_around_it(site):
    embed = soup_of(site / "embed" / "tags" / "fighting" / "index.html")
    page = soup_of(site / "tags" / "fighting" / "index.html")
    assert embed.html["lang"] == "en" and "embed" in embed.html["class"]
    assert embed.select(".site-header, .site-footer, .filter-box, form, nav.pager") == []
    assert [li["id"] for li in embed.select(".event-card")] == [li["id"] for li in page.select(".event-card")]
    assert embed.select_one(".counts").get_text() == "2 of 3 events shown"
    more = embed.select_one(".embed-more a")
    assert more.get_text() == "More on the site" and more["href"] == "../../../tags/fighting/"
    assert embed.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert [s["src"] for s in embed.select("script")] == ["../../../assets/embed.js"]
    # the chronology's embed has the overview; a split year's lists its months, as its page does
    assert soup_of(site / "embed" / "index.html").select_one("figure.overview svg") is not None
    year = soup_of(site / "embed" / "years" / "2015" / "index.html")
    assert [a["href"] for a in year.select(".month-list a")] == [f"../../../years/2015/{m}/" for m in ("08", "09", "10")]
    assert year.select(".event-card") == []


def test_every_link_of_an_embed_opens_in_the_top_window_and_leads_to_a_page(site):
    for embed in (site / "embed").rglob("index.html"):
        for link in soup_of(embed).find_all("a", href=True):
            href = link["href"]
            if href.startswith("#"):
                assert "target" not in link.attrs, (embed, href)
                continue
            assert link.get("target") == "_top", (embed, href)
            if "://" not in href:
                target = (embed.parent / href.split("#")[0]).resolve()
                assert (target / "index.html").is_file() or target.is_file(), (embed, href)


def test_index_and_event_pages_offer_the_embed_code(site):
    for url, embedded in [("tags/fighting/", "tags/fighting/"), ("tags/fighting/page/2/", "tags/fighting/"),
                          ("", ""), ("years/2016/", "years/2016/"), ("years/2015/09/", "years/2015/09/"),
                          ("events/later/", "years/2016/"), ("events/day-event/", "years/2015/09/")]:
        details = soup_of(site / url / "index.html").select_one("details.embed-this")
        assert details is not None, url
        assert details.summary.get_text() == "Embed this"
        code = BeautifulSoup(details.textarea.get_text(), "html.parser")
        frame = code.iframe
        assert frame["src"] == SITE_URL + "embed/" + embedded, url
        assert frame["title"] and frame["height"] == "600"
        assert (site / "embed" / embedded / "index.html").is_file()
        snippet = code.script.get_text()
        assert "timeline-site:height" in snippet and "contentWindow === event.source" in snippet
        assert details.textarea.has_attr("readonly")
        assert details.find("label", attrs={"for": "embed-code"}) is not None
    assert "The frame shows September 2015." in soup_of(site / "events" / "day-event" / "index.html").get_text()


def test_the_host_snippet_in_the_code_is_the_theme_file(site):
    text = (site / "tags" / "fighting" / "index.html").read_text(encoding="utf-8")
    code = html.unescape(re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', text, re.S).group(1))
    snippet = (REPO / "site_templates" / "assets" / "embed-host.js").read_text(encoding="utf-8")
    assert snippet.strip() in code


def test_headers_file_lets_any_site_frame_the_embeds_only(site):
    # Each rule: a path line, then its header (generator/render/csp.py; tests/test_csp.py checks the policies).
    lines = [line for line in (site / "_headers").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rules = dict(zip(lines[::2], (line.strip() for line in lines[1::2])))
    assert rules["/timeline/embed/*"].endswith("; frame-ancestors *")
    assert [path for path, header in rules.items() if header.endswith("frame-ancestors *")] == ["/timeline/embed/",
                                                                                             "/timeline/embed/*"]


def test_top_links_leaves_in_page_links_and_existing_targets_alone():
    assert top_links('<a href="#x">a</a> <a class="tag" href="../t/">b</a> <a href="/y" target="_blank">c</a> <abbr>d</abbr>') == (
        '<a href="#x">a</a> <a target="_top" class="tag" href="../t/">b</a> <a href="/y" target="_blank">c</a> <abbr>d</abbr>')


def test_without_a_site_url_the_code_is_made_absolute_by_the_browser(tmp_path, copy_project, build):
    project = copy_project(REPO / "tests" / "fixtures" / "site_small", tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url:.*\n", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    assert build(project, tmp_path / "site") == 0
    page = soup_of(tmp_path / "site" / "tags" / "fighting" / "index.html")
    textarea = page.select_one("details.embed-this textarea")
    assert textarea["data-embed-src"] == "../../embed/tags/fighting/"
    assert 'src="../../embed/tags/fighting/"' in textarea.get_text()
    assert "../../assets/embed.js" in [s.get("src") for s in page.select("script")]


def test_at_scale_an_embed_is_never_bigger_than_its_page(write_tree):
    """Many events (years split by month, long listings split into pages): each embed holds what its
    page's first page holds, or less, so it never outgrows it (the same holds at 100,000 events)."""
    files = {"content/sources/paper.yaml": "title: Paper\n", "content/actors.yaml": "a:\n  name: A\n  kind: group\n"}
    for n in range(900):
        year, rest = divmod(n, 300)
        month, day = divmod(rest, 25)
        files[f"content/events/{2013 + year}/e{n}.yaml"] = (
            f"date: {2013 + year}-{month + 1:02d}-{day + 1:02d}\ntitle: Event {n}\nsummary: Summary of event {n}.\n"
            f"tags: [t{n % 3}]\nactors: [a]\nsources:\n  - source: paper\n")
    project = write_tree(files)
    chron = build_chronology(read_content(project / "content", project))
    options = SiteOptions(site_name="Big", site_url=SITE_URL, list_limit=100, year_split=150, home_limit=100)
    renderer = PageRenderer(make_environment(REPO / "site_templates"), chron, options)
    pages = {page.url: page for page in renderer.pages()}
    embeds = [url for url in pages if url.startswith("embed/")]
    assert len(embeds) == 1 + 3 + 36 + 3 + 1 + 1 + 1  # home, years, months, tags, actor, source, status
    for url in embeds:
        size = len(renderer.render(pages[url]).encode())
        assert size <= len(renderer.render(pages[url.removeprefix("embed/")]).encode()), url
