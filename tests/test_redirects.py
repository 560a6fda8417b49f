"""Permalinks that never break: renamed event files (from git) and ``aliases:`` keep former URLs working,
as redirect pages at ``/events/<former-id>/`` and lines of ``_redirects``; an alias that would shadow a
live page is a content error at the alias."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

import generator.content.parallel_read as parallel_read
from generator.content.errors import ContentError, ContentInvalid
from generator.content.format import event_json_schema
from generator.content.reader import check_content, read_content
from generator.editorial.history import clear_cache
from generator.render.redirects import Redirect, find_redirects, former_id, redirects_file
from gitrepo import Repo

SITE_URL = "https://example.org/timeline/"
LATER = "content/events/2016/later.yaml"


@pytest.fixture(autouse=True)
def _fresh_history_cache():
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def repo(small_project, tmp_path) -> Repo:
    """The small site in a git repository of its own, first committed."""
    repo = Repo(small_project, tmp_path / "home")
    repo.commit("First version", "2020-01-02T10:00:00+00:00", author="Ed Itor")
    return repo


@pytest.fixture
def site(build):
    """``site(project)``: the project built into a new folder next to it; returns that folder."""
    count = iter(range(100))

    def make(project: Path) -> Path:
        out = project.parent / f"site{next(count)}"
        assert build(project, out) == 0
        return out

    return make


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def redirect_of(page: Path) -> dict[str, str]:
    """What a redirect page says: its refresh delay and target, canonical URL, robots and link."""
    html = soup(page)
    delay, _, target = html.find("meta", attrs={"http-equiv": "refresh"})["content"].partition(";")
    assert target.strip().startswith("url=")
    return {
        "delay": delay.strip(),
        "refresh": target.strip().removeprefix("url="),
        "canonical": html.find("link", rel="canonical")["href"],
        "robots": html.find("meta", attrs={"name": "robots"})["content"],
        "link": html.select_one("main a")["href"],
        "text": html.select_one("main").get_text(" ", strip=True),
    }


def redirect_lines(site_dir: Path) -> list[str]:
    return [line for line in (site_dir / "_redirects").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


def add_aliases(path: Path, *aliases: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write("aliases:\n" + "".join(f"  - {alias}\n" for alias in aliases))


# -- renamed files, from git ------------------------------------------------------------------


def test_a_renamed_event_file_keeps_its_old_url_as_a_redirect(repo, site):
    repo.git("mv", LATER, "content/events/2016/a-later-event.yaml")
    repo.commit("Name the later event after its title", "2021-01-01T00:00:00+00:00")
    built = site(repo.root)

    new_page = soup(built / "events" / "a-later-event" / "index.html")
    assert new_page.select_one("h1").get_text(strip=True) == "A later event"
    old = redirect_of(built / "events" / "later" / "index.html")
    assert old["delay"] == "0"
    assert old["refresh"] == old["link"] == "../../events/a-later-event/"
    assert urljoin(SITE_URL + "events/later/", old["refresh"]) == SITE_URL + "events/a-later-event/"
    assert old["canonical"] == SITE_URL + "events/a-later-event/"
    assert old["robots"] == "noindex"
    assert "A later event" in old["text"]
    assert redirect_lines(built) == ["/timeline/events/later/ /timeline/events/a-later-event/ 301!"]


def test_a_chain_of_renames_redirects_every_former_name_to_the_current_page(repo, site):
    repo.git("mv", LATER, "content/events/2016/second-name.yaml")
    repo.commit("Rename once", "2021-01-01T00:00:00+00:00")
    repo.git("mv", "content/events/2016/second-name.yaml", "content/events/2015/third-name.yaml")
    repo.commit("Rename twice, into another year", "2021-01-02T00:00:00+00:00")
    built = site(repo.root)
    assert redirect_lines(built) == [
        "/timeline/events/later/ /timeline/events/third-name/ 301!",
        "/timeline/events/second-name/ /timeline/events/third-name/ 301!",
    ]
    for former in ("later", "second-name"):
        assert redirect_of(built / "events" / former / "index.html")["canonical"] == SITE_URL + "events/third-name/"


def test_a_move_between_year_folders_is_no_redirect(repo, site):
    repo.git("mv", LATER, "content/events/2015/later.yaml")
    repo.commit("Move to 2015", "2021-01-01T00:00:00+00:00")
    built = site(repo.root)
    assert soup(built / "events" / "later" / "index.html").select_one("h1").get_text(strip=True) == "A later event"
    assert not (built / "_redirects").exists()


def test_a_former_name_that_is_now_a_live_event_is_skipped_and_the_live_page_wins(repo, site):
    repo.git("mv", LATER, "content/events/2016/renamed.yaml")
    repo.commit("Rename the later event", "2021-01-01T00:00:00+00:00")
    repo.write(LATER, "date: 2016-05-01\ntitle: A new event at the old name\nsummary: New.\n"
                      "sources:\n  - source: paper\n")
    repo.commit("Add another event under the freed name", "2021-01-02T00:00:00+00:00")
    built = site(repo.root)
    live = soup(built / "events" / "later" / "index.html")
    assert live.select_one("h1").get_text(strip=True) == "A new event at the old name"
    assert live.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert not (built / "_redirects").exists()


def test_a_rename_in_a_commit_kept_out_of_the_history_still_redirects(repo, site):
    repo.git("mv", LATER, "content/events/2016/tidied.yaml")
    repo.commit("Tidy file names\n\nTimeline-History: skip", "2021-01-01T00:00:00+00:00")
    built = site(repo.root)
    assert redirect_lines(built) == ["/timeline/events/later/ /timeline/events/tidied/ 301!"]


def test_redirect_pages_are_reused_by_the_next_build_and_equal_a_build_from_scratch(repo, tmp_path, build,
                                                                                   fresh_build, site_files):
    repo.git("mv", LATER, "content/events/2016/renamed.yaml")
    repo.commit("Rename the later event", "2021-01-01T00:00:00+00:00")
    out = tmp_path / "site"
    assert build(repo.root, out) == 0
    page = out / "events" / "later" / "index.html"
    first = page.stat().st_ino
    assert build(repo.root, out) == 0
    assert page.stat().st_ino == first  # hard-linked from the site it replaced: its inputs did not change
    assert site_files(out) == site_files(fresh_build(repo.root))


# -- aliases ----------------------------------------------------------------------------------


def test_aliases_redirect_without_git(small_project, site):
    add_aliases(small_project / LATER, "the-last-one", "old-later")
    built = site(small_project)
    for alias in ("the-last-one", "old-later"):
        page = redirect_of(built / "events" / alias / "index.html")
        assert page["refresh"] == "../../events/later/"
        assert page["canonical"] == SITE_URL + "events/later/"
    assert redirect_lines(built) == [
        "/timeline/events/old-later/ /timeline/events/later/ 301!",
        "/timeline/events/the-last-one/ /timeline/events/later/ 301!",
    ]
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    assert "events/later/" in sitemap and "old-later" not in sitemap  # a redirect is no page of the site


def netlify_answer(site_dir: Path, site_path: str, request: str) -> str:
    """What Netlify serves for ``request`` (a path under the site's ``site_path``), as its documentation says
    it reads ``_redirects``: the first rule whose source matches applies, unless it is not forced (no ``!``
    after the status) and a file exists at that path (a folder's ``index.html``), which shadows it."""
    for line in redirect_lines(site_dir):
        source, target, status = line.split()
        if source != request:
            continue
        shadowing = site_dir / request.removeprefix(site_path) / "index.html"
        if status.endswith("!") or not shadowing.is_file():
            return f"{status.rstrip('!')} {target}"
    return "200 " + request


def test_netlify_answers_a_former_url_with_a_301_despite_its_redirect_page(small_project, site):
    """Each former URL has a redirect page (for hosts without ``_redirects``) *and* a rule: the rule is forced,
    or Netlify would serve the page and never the 301."""
    add_aliases(small_project / LATER, "old-later")
    built = site(small_project)
    assert (built / "events" / "old-later" / "index.html").is_file()
    assert netlify_answer(built, "/timeline/", "/timeline/events/old-later/") == "301 /timeline/events/later/"


def test_an_alias_equal_to_a_live_event_id_is_an_error_at_the_alias(small_project):
    add_aliases(small_project / LATER, "fine-alias", "day-event")
    lines = (small_project / LATER).read_text(encoding="utf-8").splitlines()
    line = lines.index("  - day-event") + 1
    with pytest.raises(ContentInvalid) as caught:
        read_content(small_project / "content", small_project)
    assert [(e.path, e.line, e.column) for e in caught.value.errors] == [(LATER, line, 5)]
    assert "alias 'day-event' is the id of another event" in caught.value.errors[0].message


def test_an_alias_of_two_events_and_an_alias_of_itself_are_errors(small_project):
    year_only = "content/events/2014/year-only.yaml"
    add_aliases(small_project / LATER, "shared")
    add_aliases(small_project / year_only, "year-only", "shared")
    with pytest.raises(ContentInvalid) as caught:
        read_content(small_project / "content", small_project)
    found = {(e.path, e.message) for e in caught.value.errors}
    assert found == {
        (year_only, "alias 'year-only' is this event's own id"),
        (year_only, "alias 'shared' is also an alias of event 'later'"),
        (LATER, "alias 'shared' is also an alias of event 'year-only'"),
    }


def test_an_alias_must_be_a_slug(small_project):
    add_aliases(small_project / LATER, "Not A Slug")
    with pytest.raises(ContentInvalid) as caught:
        read_content(small_project / "content", small_project)
    assert [e.path for e in caught.value.errors] == [LATER]


def test_the_parallel_reader_reports_the_same_alias_errors(small_project, monkeypatch):
    add_aliases(small_project / LATER, "day-event", "shared")
    add_aliases(small_project / "content/events/2014/year-only.yaml", "shared")
    one = check_content(small_project / "content", small_project).errors
    monkeypatch.setattr(parallel_read, "PARALLEL_FROM", 1)
    monkeypatch.setattr(parallel_read, "cores", lambda: 2)
    parallel = check_content(small_project / "content", small_project).errors
    assert len(one) == 3 and all(isinstance(e, ContentError) for e in one)
    assert parallel == one


def test_the_event_schema_describes_aliases():
    schema = event_json_schema()["properties"]["aliases"]
    assert schema["type"] == "array" and "pattern" in schema["items"]


# -- the rules, without a build ----------------------------------------------------------------


def test_former_ids_come_only_from_event_files_with_slug_names():
    assert former_id("events/2015/old-name.yaml") == "old-name"
    assert former_id("sources/old-name.yaml") is None
    assert former_id("events/2015/Old Name.yaml") is None
    assert former_id("events/2015/old-name.yml") is None


def test_the_file_that_had_a_name_last_gets_its_url_and_aliases_win_over_git(small_project):
    events = {e.id: e for e in read_content(small_project / "content", small_project).events}
    renames = [  # newest first
        ("events/2015/old.yaml", "events/2016/later.yaml"),
        ("events/2015/old.yaml", "events/2014/year-only.yaml"),
        ("events/2015/claimed.yaml", "events/2014/year-only.yaml"),
        ("events/2015/gone.yaml", "events/2015/deleted-since.yaml"),
    ]
    with_alias = [replace(e, aliases=("claimed",)) if e.id == "day-event" else e for e in events.values()]
    assert find_redirects(with_alias, renames, "content/") == (
        Redirect("claimed", "day-event", "The day event"),
        Redirect("old", "later", "A later event"),
    )


def test_redirects_file_paths_follow_the_site_url():
    moved = [Redirect("a", "b", "B")]
    assert redirects_file(moved, None).decode().splitlines()[1:] == ["/events/a/ /events/b/ 301!"]
    assert redirects_file(moved, "https://example.org").decode().splitlines()[1:] == ["/events/a/ /events/b/ 301!"]
    assert redirects_file(moved, "https://example.org/a b/").decode().splitlines()[1:] == [
        "/a%20b/events/a/ /a%20b/events/b/ 301!"]
