"""The site built inside a git repository the test makes: event history, /changes/ and the feed's updated times."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup

from generator.editorial import history as history_module
from gitrepo import Repo

REPO = Path(__file__).resolve().parent.parent


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
    changes = [li.get_text(" ", strip=True) for li in history.select("ol.changes > li")]
    assert changes == ["4 March 2021 : Summary changed (Ed Itor)", "2 January 2020 : Event added (Ed Itor)"]


def test_changes_page_lists_additions_changes_and_removals_of_events_newest_first(project, site):
    rows = [li.get_text(" ", strip=True) for li in page(site(project) / "changes" / "index.html").select("ol.change-list > li")]
    assert len(rows) == 2 + 6  # the first commit added six events (and other files, not listed)
    assert rows[0] == "6 May 2021 : A month-only event Event removed (Ed Itor)"
    assert rows[1] == "4 March 2021 : A later event Summary changed (Ed Itor)"
    assert all(row.endswith(" Event added (Ed Itor)") for row in rows[2:])


def test_feed_updated_times_come_from_git(project, site):
    feed = feedparser.parse((site(project) / "feed.xml").read_bytes())
    by_id = {entry.id.rstrip("/").rsplit("/", 1)[-1]: entry for entry in feed.entries}
    assert by_id["later"].updated == "2021-03-04T12:30:00+02:00"
    assert by_id["day-event"].updated == "2020-01-02T10:00:00+00:00"


def test_outside_git_the_site_says_nothing_about_history(small_project, site):
    built = site(small_project)
    assert page(built / "events" / "later" / "index.html").select_one("section.history") is None
    assert "No history" in page(built / "changes" / "index.html").select_one("main").get_text()


def set_history(project: Path, value: str) -> None:
    """Set the plugin's ``history`` option in the project's mkdocs.yml."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.rstrip().endswith("home_limit: 5      # the home page shows the latest 5 of 6 events")
    config.write_text(text.rstrip() + f"\n      history: {value}\n", encoding="utf-8")


def test_history_dates_shows_dates_without_names_or_subjects(project, site):
    set_history(project, "dates")
    built = site(project)
    history = page(built / "events" / "later" / "index.html").select_one("section.history")
    assert [t["datetime"] for t in history.select("p time")] == ["2021-03-04T12:30:00+02:00", "2020-01-02T10:00:00+00:00"]
    assert history.select("ol.changes > li") == []
    event_text = page(built / "events" / "later" / "index.html").get_text(" ")
    assert "Ed Itor" not in event_text and "Correct the later event" not in event_text
    changes = page(built / "changes" / "index.html").select_one("ol.change-list")
    assert len(changes.select(":scope > li")) == 2 + 6  # the same entries, with their dates
    assert "Ed Itor" not in changes.get_text(" ") and "Correct the later event" not in changes.get_text(" ")


@pytest.mark.parametrize("value", ["off", "false"])
def test_history_off_reads_no_git_and_shows_no_history(project, site, spy, value):
    set_history(project, value)
    calls = spy(history_module.subprocess, "run", when=lambda args, **kw: args[0] == "git")
    built = site(project)
    assert calls == []
    assert page(built / "events" / "later" / "index.html").select_one("section.history") is None
    assert page(built / "changes" / "index.html").select("ol.change-list li") == []


@pytest.mark.parametrize("value", ["full", "true"])
def test_history_full_names_the_authors(project, site, value):
    set_history(project, value)
    history = page(site(project) / "events" / "later" / "index.html").select_one("section.history")
    assert "(Ed Itor)" in [span.get_text() for span in history.select("ol.changes li span.muted")]


def test_an_unknown_history_value_is_a_configuration_error(project, build):
    set_history(project, "authors")
    assert build(project, project.parent / "site") != 0


def test_a_commit_with_the_skip_trailer_is_not_shown_to_readers(project, site, tmp_path):
    repo = Repo(project, tmp_path / "home")
    later = project / "content" / "events" / "2016" / "later.yaml"
    later.write_text(later.read_text().replace("summary: The last one, corrected.", "summary: >-\n  The last one, corrected."))
    repo.commit("Normalise YAML style\n\nTimeline-History: skip", "2022-01-01T00:00:00+00:00", author="Format Bot")
    built = site(project)
    history = page(built / "events" / "later" / "index.html").select_one("section.history")
    assert history.select_one("p time")["datetime"] == "2021-03-04T12:30:00+02:00"  # still the last real change
    assert "Normalise YAML style" not in history.get_text() and "Format Bot" not in history.get_text()
    changes = page(built / "changes" / "index.html").select_one("ol.change-list").get_text(" ")
    assert "Normalise YAML style" not in changes and "Format Bot" not in changes
    assert "Summary changed" in changes
    feed = feedparser.parse((built / "feed.xml").read_bytes())
    assert {e.id.rstrip("/").rsplit("/", 1)[-1]: e.updated for e in feed.entries}["later"] == "2021-03-04T12:30:00+02:00"


def test_ci_keeps_the_build_cache_keyed_on_the_content_and_restores_the_previous_one():
    """The history pass and the rest of .timeline-cache/ stay warm in CI: actions/cache keyed on the content,
    with a restore-key prefix so that a run which changed one event starts from the last cache."""
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check-and-build"]["steps"]
    names = [step.get("uses", step.get("run", "")) for step in steps]
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    assert names.index(cache["uses"]) < next(i for i, name in enumerate(names) if "timeline build" in name)
    assert cache["with"]["path"] == ".timeline-cache"
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"].strip().splitlines()
    assert "hashFiles(" in key and "'content/**'" in key and "'mkdocs.yml'" in key
    assert len(restore) == 1 and key.startswith(restore[0]) and "hashFiles" not in restore[0]
