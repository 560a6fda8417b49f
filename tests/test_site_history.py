"""The site built inside a real git repository: event history, /changes/ and the feed's updated times."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
SMALL = REPO / "tests" / "fixtures" / "site_small"


def git(cwd: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd.parent),
           "GIT_AUTHOR_NAME": "Ed Itor", "GIT_AUTHOR_EMAIL": "ed@example.org",
           "GIT_COMMITTER_NAME": "Ed Itor", "GIT_COMMITTER_EMAIL": "ed@example.org"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture
def project(small_project) -> Path:
    project = small_project
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "First version", date="2020-01-02T10:00:00+00:00")
    later = project / "content" / "events" / "2016" / "later.yaml"
    later.write_text(later.read_text().replace("The last one.", "The last one, corrected."))
    git(project, "commit", "-q", "-am", "Correct the later event", date="2021-03-04T12:30:00+02:00")
    git(project, "rm", "-q", "content/events/2015/month-only.yaml")
    git(project, "commit", "-q", "-m", "Remove the month-only event", date="2021-05-06T08:00:00+00:00")
    return project


def build(project: Path) -> Path:
    out = project.parent / "site"
    assert main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(out)]) == 0
    return out


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_event_page_says_when_it_was_first_published_and_last_changed(project):
    site = build(project)
    history = page(site / "events" / "later" / "index.html").select_one("section.history")
    times = [t["datetime"] for t in history.select("p time")]
    assert times == ["2021-03-04T12:30:00+02:00", "2020-01-02T10:00:00+00:00"]
    changes = [li.get_text(" ", strip=True) for li in history.select("ol.changes li")]
    assert changes == ["4 March 2021 : Correct the later event (Ed Itor)", "2 January 2020 : First version (Ed Itor)"]


def test_changes_page_lists_additions_changes_and_removals_newest_first(project):
    site = build(project)
    rows = [li.get_text(" ", strip=True) for li in page(site / "changes" / "index.html").select("ol.change-list li")]
    assert rows[0].startswith("6 May 2021 : removed events/2015/month-only.yaml — Remove the month-only event")
    assert rows[1].startswith("4 March 2021 : changed A later event — Correct the later event")
    assert all(" added " in row for row in rows[2:])
    assert len(rows) == 2 + 11  # every file of the first commit was added


def test_feed_updated_times_come_from_git(project):
    site = build(project)
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    by_id = {entry.id.rstrip("/").rsplit("/", 1)[-1]: entry for entry in feed.entries}
    assert by_id["later"].updated == "2021-03-04T12:30:00+02:00"
    assert by_id["day-event"].updated == "2020-01-02T10:00:00+00:00"


def test_outside_git_the_site_says_nothing_about_history(small_project):
    site = build(small_project)
    assert page(site / "events" / "later" / "index.html").select_one("section.history") is None
    assert "No history" in page(site / "changes" / "index.html").select_one("main").get_text()
