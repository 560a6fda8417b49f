"""The site built inside a git repository the test makes: event history, /changes/ and the feed's updated times."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from gitrepo import Repo


@pytest.fixture
def project(small_project, tmp_path) -> Path:
    """The small site in a git repository of its own, with three commits."""
    repo = Repo(small_project, tmp_path / "home")
    repo.commit("First version", "2020-01-02T10:00:00+00:00", author="Ed Itor")
    later = small_project / "content" / "events" / "2016" / "later.yaml"
    later.write_text(later.read_text().replace("The last one.", "The last one, corrected."))
    repo.commit("Correct the later event", "2021-03-04T12:30:00+02:00", author="Ed Itor")
    repo.remove("content/events/2015/month-only.yaml")
    repo.commit("Remove the month-only event", "2021-05-06T08:00:00+00:00", author="Ed Itor")
    return small_project


@pytest.fixture
def site(build):
    """``site(project)``: the project built into the folder next to it; returns that folder."""

    def make(project: Path) -> Path:
        out = project.parent / "site"
        assert build(project, out) == 0
        return out

    return make


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_event_page_says_when_it_was_first_published_and_last_changed(project, site):
    history = page(site(project) / "events" / "later" / "index.html").select_one("section.history")
    times = [t["datetime"] for t in history.select("p time")]
    assert times == ["2021-03-04T12:30:00+02:00", "2020-01-02T10:00:00+00:00"]
    changes = [li.get_text(" ", strip=True) for li in history.select("ol.changes li")]
    assert changes == ["4 March 2021 : Correct the later event (Ed Itor)", "2 January 2020 : First version (Ed Itor)"]


def test_changes_page_lists_additions_changes_and_removals_newest_first(project, site):
    rows = [li.get_text(" ", strip=True) for li in page(site(project) / "changes" / "index.html").select("ol.change-list li")]
    assert len(rows) == 2 + 11  # every file of the first commit was added
    assert rows[0].startswith("6 May 2021 : removed events/2015/month-only.yaml — Remove the month-only event")
    assert rows[1].startswith("4 March 2021 : changed A later event — Correct the later event")
    assert all(" added " in row for row in rows[2:])


def test_feed_updated_times_come_from_git(project, site):
    feed = feedparser.parse((site(project) / "feed.xml").read_bytes())
    by_id = {entry.id.rstrip("/").rsplit("/", 1)[-1]: entry for entry in feed.entries}
    assert by_id["later"].updated == "2021-03-04T12:30:00+02:00"
    assert by_id["day-event"].updated == "2020-01-02T10:00:00+00:00"


def test_outside_git_the_site_says_nothing_about_history(small_project, site):
    built = site(small_project)
    assert page(built / "events" / "later" / "index.html").select_one("section.history") is None
    assert "No history" in page(built / "changes" / "index.html").select_one("main").get_text()
