"""End to end: YAML in, HTML out, checked by parsing the HTML.

Builds a copy of the small fixture site (tests/fixtures/site_small) and of the
repository's own Kunduz chronology once per session with ``timeline build``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup

from generator.chronology import build_chronology
from generator.content.reader import read_content

REPO = Path(__file__).resolve().parent.parent
SMALL = REPO / "tests" / "fixtures" / "site_small"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def event_links(page: BeautifulSoup) -> set[str]:
    """Ids of the events a listing page lists (its cards)."""
    return {li["id"].removeprefix("e-") for li in page.select("li.event-card")}


@pytest.fixture(scope="session")
def small_site(tmp_path_factory, copy_project, build) -> Path:
    folder = tmp_path_factory.mktemp("small")
    assert build(copy_project(SMALL, folder / "project"), folder / "site") == 0
    return folder / "site"


@pytest.fixture(scope="session")
def kunduz_site(tmp_path_factory, demo_project, build) -> Path:
    out = tmp_path_factory.mktemp("kunduz") / "site"
    assert build(demo_project, out) == 0
    return out


@pytest.fixture(scope="session")
def small_chronology():
    return build_chronology(read_content(SMALL / "content"))


@pytest.fixture(scope="session")
def kunduz_chronology(demo_project):
    return build_chronology(read_content(demo_project / "content"))


# -- every event has a page ---------------------------------------------------------------


@pytest.mark.parametrize("which", ["small", "kunduz"])
def test_every_event_has_a_page_with_its_title_and_date(which, request):
    site = request.getfixturevalue(f"{which}_site")
    chron = request.getfixturevalue(f"{which}_chronology")
    for event in chron.events:
        page = soup(site / "events" / event.id / "index.html")
        assert page.h1.get_text() == event.title
        times = [t["datetime"] for t in page.select("article.event header time")]
        assert str(event.date) == times[0]


def test_month_precision_event_reads_as_the_month(small_site):
    page = soup(small_site / "events" / "month-only" / "index.html")
    assert page.select_one("header time").get_text() == "August 2015"


def test_approximate_year_event_reads_circa(small_site):
    page = soup(small_site / "events" / "year-only" / "index.html")
    assert page.select_one("header time").get_text() == "c. 2014"


def test_display_date_replaces_the_rendered_date(small_site):
    page = soup(small_site / "events" / "day-event" / "index.html")
    time = page.select_one("header time")
    assert time.get_text() == "Early morning, 28 September 2015"
    assert time["datetime"] == "2015-09-28"


def test_timed_event_keeps_its_offset(small_site):
    page = soup(small_site / "events" / "timed-event" / "index.html")
    assert page.select_one("header time")["datetime"] == "2015-09-28T14:30+04:30"


def test_event_page_shows_quotes_casualties_sources_and_corrections(small_site):
    page = soup(small_site / "events" / "day-event" / "index.html")
    quote = page.select_one("figure.quote")
    assert "We are trying our best" in quote.blockquote.get_text()
    assert "A spokesman, police spokesman" in quote.figcaption.get_text()
    claim = page.select_one("section.casualty-claims tbody tr")
    assert claim.th.a.get_text(strip=True) == "Alpha Group"
    assert claim.select_one("td").get_text(strip=True) == "at least 25 killed"
    assert page.select_one(".source-list a")["href"] == "../../sources/wire/"
    assert "Corrected the time of day." in page.select_one("ul.updates").get_text()
    assert page.select_one('ul.updates time')["datetime"] == "2015-09-30"


def test_related_links_go_both_ways(small_site):
    there = soup(small_site / "events" / "day-event" / "index.html")
    back = soup(small_site / "events" / "timed-event" / "index.html")
    assert "../../events/timed-event/" in {a["href"] for a in there.select("section[aria-labelledby=related] a")}
    assert "../../events/day-event/" in {a["href"] for a in back.select("section[aria-labelledby=related] a")}


def test_previous_and_next_follow_chronological_order(small_site, small_chronology):
    events = small_chronology.events
    for before, after in zip(events, events[1:]):
        page = soup(small_site / "events" / before.id / "index.html")
        assert page.select_one('a[rel="next"]')["href"] == f"../../events/{after.id}/"
    assert soup(small_site / "events" / events[0].id / "index.html").select_one('a[rel="prev"]') is None


# -- index pages ------------------------------------------------------------------------------


def test_each_index_page_lists_exactly_its_events(small_site, small_chronology):
    indexes = {
        "tags": small_chronology.by_tag,
        "actors": small_chronology.by_actor,
        "places": small_chronology.by_place,
        "sources": small_chronology.by_source,
        "status": small_chronology.by_status,
    }
    for kind, index in indexes.items():
        for key, events in index.items():
            folder = small_site / kind / key
            listed: set[str] = set()
            for page_file in [folder / "index.html", *sorted(folder.glob("page/*/index.html"))]:
                listed |= event_links(soup(page_file))
            assert listed == {e.id for e in events}, (kind, key)


def test_index_pages_list_compact_entries_and_the_chronology_full_cards(small_site):
    home = soup(small_site / "index.html").select("li.event-card")
    assert home and all(card.select_one(".event-summary") for card in home)
    for page in ("tags/fighting/index.html", "actors/alpha/index.html", "embed/actors/alpha/index.html"):
        entries = soup(small_site / page).select("li.event-card")
        assert entries, page
        for entry in entries:  # date, status, title (linked) and names; no summary or picture
            assert "compact" in entry["class"]
            assert entry.select_one(".event-when time, .event-when span") and entry.select_one(".status-badge")
            assert entry.select_one(".event-title a")["href"].endswith(f"events/{entry['id'].removeprefix('e-')}/")
            assert not entry.select(".event-summary, .event-thumb"), page
            assert entry["data-status"] and "data-tags" in entry.attrs and entry.select_one(".event-facets")  # what the filters read


def test_index_pages_split_into_numbered_pages(small_site):
    first = soup(small_site / "tags" / "fighting" / "index.html")
    assert len(first.select("li.event-card")) == 2
    assert [a["href"] for a in first.select("nav.pager a")] == ["../../tags/fighting/page/2/"]
    assert len(soup(small_site / "tags" / "fighting" / "page" / "2" / "index.html").select("li.event-card")) == 1


def test_long_year_splits_by_month(small_site):
    year = soup(small_site / "years" / "2015" / "index.html")
    assert not year.select("li.event-card")
    assert [a["href"] for a in year.select("ul.month-list a")] == [
        "../../years/2015/08/", "../../years/2015/09/", "../../years/2015/10/"]
    assert event_links(soup(small_site / "years" / "2015" / "09" / "index.html")) == {"day-event", "timed-event"}


def test_short_year_lists_its_events(small_site):
    assert event_links(soup(small_site / "years" / "2016" / "index.html")) == {"later"}


def test_home_shows_the_latest_events_and_every_year(small_site, small_chronology):
    home = soup(small_site / "index.html")
    assert event_links(home) == {e.id for e in small_chronology.events[-5:]}
    assert [a.get_text() for a in home.select(".year-index a")] == ["2014", "2015", "2016"]
    assert "latest 5" in home.select_one(".counts").get_text()


def test_home_groups_events_by_month_in_date_order(kunduz_site, kunduz_chronology):
    home = soup(kunduz_site / "index.html")
    ids = [li["id"].removeprefix("e-") for li in home.select("li.event-card")]
    assert ids == [e.id for e in kunduz_chronology.events]
    assert home.select_one("h2.month-heading").get_text() == "2001 (month not known)"


def test_source_page_lists_every_event_derived_from_the_article(kunduz_site, kunduz_chronology):
    for source_id, events in kunduz_chronology.by_source.items():
        page = soup(kunduz_site / "sources" / source_id / "index.html")
        assert event_links(page) == {e.id for e in events}
        assert page.h1.get_text() == kunduz_chronology.content.sources[source_id].title


def test_hand_written_pages_share_the_layout(small_site):
    about = soup(small_site / "about" / "index.html")
    assert about.h1.get_text() == "About this fixture"
    assert about.select_one("header.site-header a.brand").get_text() == "Small fixture timeline"
    home = soup(small_site / "index.html")
    assert ("About this fixture", "./about/") in {(a.get_text(), a["href"]) for a in home.select("header nav a")}


# -- links ------------------------------------------------------------------------------------


def _check_links(site: Path) -> list[str]:
    broken = []
    ids: dict[Path, set[str]] = {}
    for html_file in site.rglob("*.html"):
        if html_file.name == "404.html":
            continue  # links there are root-absolute by design
        page = soup(html_file)
        ids[html_file] = {el["id"] for el in page.select("[id]")}
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src")):
            for el in page.find_all(tag):
                url = el.get(attr)
                if not url or urlsplit(url).scheme or url.startswith("//"):
                    continue
                path, fragment = urldefrag(url)
                target = (html_file.parent / path).resolve() if path else html_file
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_file():
                    broken.append(f"{html_file.relative_to(site)}: {url}")
                elif fragment and target.suffix == ".html":
                    if fragment not in ids.setdefault(target, {e["id"] for e in soup(target).select("[id]")}):
                        broken.append(f"{html_file.relative_to(site)}: {url} (no #{fragment})")
    return broken


@pytest.mark.parametrize("which", ["small", "kunduz"])
def test_every_internal_link_resolves(which, request):
    site = request.getfixturevalue(f"{which}_site")
    assert _check_links(site) == []


# -- safety -----------------------------------------------------------------------------------


def test_editor_text_cannot_inject_script_handlers_or_javascript_links(small_site):
    page = soup(small_site / "events" / "unsafe-text" / "index.html")
    main_part = page.select_one("main")
    assert main_part.find("script") is None and main_part.find("iframe") is None and main_part.find("img") is None
    for el in main_part.find_all(True):
        assert not any(name.startswith("on") for name in el.attrs), el
        assert not el.get("href", "").strip().lower().startswith("javascript:"), el
    assert page.h1.get_text() == "<script>alert('title')</script> & more"


SITE_URL = "https://example.org/timeline/"  # tests/fixtures/site_small/mkdocs.yml


def test_every_script_on_a_page_is_ours(small_site):
    """Readers' pages load scripts from the site only (the editors' /admin/ page runs the CMS:
    tests/test_cms_config.py); inline scripts are JSON-LD or our own small ones."""
    for html_file in small_site.rglob("*.html"):
        if html_file.relative_to(small_site).parts[0] == "admin":
            continue
        for script in soup(html_file).find_all("script"):
            src = script.get("src")
            if src is None:
                continue
            if src.startswith(SITE_URL):  # the 404 page, served at any depth, links by the site's own URL
                local = small_site / src.removeprefix(SITE_URL)
            else:
                assert "//" not in src and ":" not in src, (html_file, src)
                local = html_file.parent / src
            assert local.resolve().is_file(), (html_file, src)


# -- the build itself -----------------------------------------------------------------------


def test_two_independent_builds_are_byte_identical(small_project, tmp_path, build, fresh_build, site_files):
    assert build(small_project, tmp_path / "one") == 0
    two = fresh_build(small_project)  # another copy, no cache: everything made again, search index included
    one_files, two_files = site_files(tmp_path / "one"), site_files(two)
    assert sorted(one_files) == sorted(two_files)
    assert [name for name in one_files if one_files[name] != two_files[name]] == []


def test_invalid_content_writes_nothing_and_keeps_the_previous_site(small_project, tmp_path, capsys, build):
    project = small_project
    out = tmp_path / "site"
    assert build(project, out) == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (project / "content" / "events" / "2016" / "later.yaml").write_text("date: 2016-02-30\ntitle: x\n")
    capsys.readouterr()
    assert build(project, out) == 1
    err = capsys.readouterr().err
    assert "later.yaml:1:7: '2016-02-30': February 2016 has no day 30" in err
    assert "later.yaml:1:1: an event is missing required field 'summary'" in err
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".site.building-*"))


def test_build_refuses_a_site_dir_containing_the_project(small_project, capsys, build, site_files):
    before = site_files(small_project)
    assert build(small_project, small_project) == 2
    assert "would contain" in capsys.readouterr().err
    assert site_files(small_project) == before


def test_deleted_event_disappears_on_rebuild(small_project, tmp_path, build):
    project = small_project
    out = tmp_path / "site"
    assert build(project, out) == 0
    assert (out / "events" / "later" / "index.html").exists()
    (project / "content" / "events" / "2016" / "later.yaml").unlink()
    assert build(project, out) == 0
    assert not (out / "events" / "later").exists()


def test_the_replaced_site_and_leftovers_are_deleted(small_project, tmp_path, build):
    out = tmp_path / "site"
    assert build(small_project, out) == 0
    leftover = tmp_path / ".site.old-cut-short"  # a replaced site whose deletion was interrupted
    (leftover / "events").mkdir(parents=True)
    (leftover / "events" / "index.html").write_text("old")
    assert build(small_project, out) == 0
    assert (out / "events" / "later" / "index.html").is_file()
    deadline = time.monotonic() + 30
    while list(tmp_path.glob(".site.old-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_plain_mkdocs_build_works(small_project, tmp_path):
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(small_project / "mkdocs.yml"),
                             "-d", str(tmp_path / "site")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert soup(tmp_path / "site" / "events" / "day-event" / "index.html").h1.get_text() == "The day event"


def test_properdocs_build_works(small_project, tmp_path):
    properdocs = shutil.which("properdocs", path=str(Path(sys.executable).parent))
    assert properdocs, "properdocs is a test dependency; run ./scripts/setup"
    result = subprocess.run([properdocs, "build", "-q", "-f", str(small_project / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert soup(tmp_path / "site" / "events" / "day-event" / "index.html").h1.get_text() == "The day event"
    assert soup(tmp_path / "site" / "about" / "index.html").h1.get_text() == "About this fixture"


def test_plain_text_of_markdown_is_not_escaped_twice():
    from generator.render.markdown import MarkdownRenderer

    assert MarkdownRenderer().plain("AT&T said *no* <b>x</b> \"q\"") == 'AT&T said no x "q"'


def test_a_link_whose_url_is_removed_keeps_no_rel():
    """A javascript: link loses its URL and keeps its text; ``rel`` without ``href`` is invalid HTML
    (the W3C checker: tests/browser/test_nu_html_checker.py), so only real links carry it."""
    from generator.render.markdown import render_safe

    html = BeautifulSoup(render_safe('<a href="javascript:alert(1)" title="t">raw</a> and [ok](https://example.org/?a=1&b=2)'),
                         "html.parser")
    removed, kept = html.find_all("a")
    assert removed.attrs == {"title": "t"} and removed.get_text() == "raw"
    assert kept["href"] == "https://example.org/?a=1&b=2" and kept["rel"] == ["noopener", "noreferrer"]


def test_meta_description_escapes_once(small_site):
    page = soup(small_site / "actors" / "beta" / "index.html")
    assert "Beta & Sons" in page.h1.get_text()
    event = soup(small_site / "events" / "unsafe-text" / "index.html")
    assert "&amp;" not in event.find("meta", attrs={"name": "description"})["content"]


@pytest.mark.parametrize("option", ["list_limit", "home_limit", "year_split"])
def test_plugin_options_below_one_are_refused(small_project, tmp_path, capsys, option, build):
    config = small_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("plugins:\n  - timeline:\n", f"plugins:\n  - timeline:\n      {option}: 0\n", 1)
                      .replace(f"      {option}: 3", "").replace(f"      {option}: 2", "").replace(f"      {option}: 5", ""))
    assert build(small_project, tmp_path / "site") == 2  # a configuration error, said before anything is built
    assert f"{option} must be at least 1" in capsys.readouterr().err


def test_newest_first_fills_the_first_page(small_project, tmp_path, build):
    config = small_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("plugins:\n  - timeline:\n", "plugins:\n  - timeline:\n      order: newest-first\n", 1))
    assert build(small_project, tmp_path / "site") == 0
    first = [li["id"] for li in soup(tmp_path / "site" / "tags" / "fighting" / "index.html").select("li.event-card")]
    assert first == ["e-unsafe-text", "e-day-event"]  # the two newest of three, newest first
    second = [li["id"] for li in soup(tmp_path / "site" / "tags" / "fighting" / "page" / "2" / "index.html").select("li.event-card")]
    assert second == ["e-month-only"]
