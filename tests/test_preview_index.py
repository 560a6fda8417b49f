"""A live preview's index from each event to the pages it feeds (generator/pipeline/page_index.py): an edit
of events' text renders only the pages those events feed, and the preview stays what a fresh build makes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.chronology import build_chronology
from generator.content.reader import read_content
from generator.pipeline.page_index import PageIndex, text_edits
from generator.pipeline.preview import PreviewState, write_status
from generator.pipeline.project import Project
from generator.pipeline.site_build import build_site
from generator.render.options import SiteOptions
from generator.render.pages import PageRenderer
from trees import files_under

TEMPLATES = Path(__file__).resolve().parents[1] / "site_templates"
EDITED = "content/events/2015/month-only.yaml"


def _project(root: Path) -> Project:
    return Project(root, root / "content", (TEMPLATES,), SiteOptions(site_name="Small", site_url="https://example.org/"),
                   history="off")


def _edit(project: Path, old: str, new: str) -> None:
    path = project / EDITED
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _preview_rebuild(project: Project, state: PreviewState, site: Path):
    """One rebuild as ``timeline serve`` runs it: the chronology, then the status file the open page polls."""
    report = build_site(project, site, preview=state, search=False)
    write_status(site, [])
    state.stop()  # feeds and exports are written in the background
    return report


@pytest.fixture
def event_pages_made(monkeypatch) -> list[str]:
    """The ids of the events whose page descriptions the renderer makes."""
    made: list[str] = []
    original = PageRenderer.event_page

    def spy(self, event):
        made.append(event.id)
        return original(self, event)

    monkeypatch.setattr(PageRenderer, "event_page", spy)
    return made


def test_a_title_edit_updates_only_the_pages_it_feeds_and_equals_a_fresh_build(small_project, tmp_path,
                                                                                event_pages_made):
    project = _project(small_project)
    preview, fresh = tmp_path / "preview", tmp_path / "fresh"
    state = PreviewState(project)
    _preview_rebuild(project, state, preview)
    events = len(event_pages_made)
    before = files_under(preview)

    _edit(small_project, "title: A month-only event", "title: A month-only event, retitled")
    event_pages_made.clear()
    report = _preview_rebuild(project, state, preview)
    described = list(event_pages_made)
    after = files_under(preview)

    build_site(project, fresh, search=False)
    write_status(fresh, [])
    assert after == files_under(fresh)  # the preview is what a build from scratch makes
    changed = {path for path in after if after[path] != before.get(path)}
    assert "events/month-only/index.html" in changed
    assert "index.html" in changed and "tags/fighting/index.html" in changed  # its listings
    assert "tags/fighting/feed.xml" in changed  # and their feeds
    assert "events/year-only/index.html" in changed  # the page before it links to it by its title
    assert "events/later/index.html" not in changed and "years/2016/index.html" not in changed  # not pages it is not on
    # Only the edited event's page and its neighbours' (which link to it by its title) were described again,
    # not every event's.
    assert sorted(described) == ["day-event", "month-only", "year-only"] and events == 6
    # Every page written was one whose bytes changed (feeds and exports are written in the background).
    assert report.written == len({path for path in changed if path.endswith(".html") or path.endswith("/feed.xml")})


def test_text_edits_one_after_another_each_equal_a_fresh_build(small_project, tmp_path, event_pages_made):
    """The index is kept up to date by each quick rebuild: a second edit (another event, with a place and
    related events) after a first still updates every page it feeds."""
    project = _project(small_project)
    preview = tmp_path / "preview"
    state = PreviewState(project)
    _preview_rebuild(project, state, preview)
    edits = [(EDITED, "title: A month-only event", "title: A month-only event, retitled"),
             ("content/events/2015/day-event.yaml", "title: The day event", "title: The day event, retitled"),
             (EDITED, "title: A month-only event, retitled", "title: A month-only event, again")]
    for round_no, (path, old, new) in enumerate(edits):
        edited = small_project / path
        text = edited.read_text(encoding="utf-8")
        assert old in text
        edited.write_text(text.replace(old, new, 1), encoding="utf-8")
        event_pages_made.clear()
        _preview_rebuild(project, state, preview)
        assert len(event_pages_made) < 6  # the quick way, not every event page again
        fresh = tmp_path / f"fresh-{round_no}"
        build_site(project, fresh, search=False)
        write_status(fresh, [])
        assert files_under(preview) == files_under(fresh), f"after edit {round_no + 1}"


@pytest.mark.parametrize("old, new", [("date: 2015-08", "date: 2016-02"),  # into another year
                                      ("tags: [context, fighting]", "tags: [context]"),  # off a tag's page
                                      ("title: A month-only event", "title: A month-only event\nstatus: disputed")])
def test_an_edit_that_moves_an_event_rebuilds_as_a_fresh_build(small_project, tmp_path, event_pages_made, old, new):
    project = _project(small_project)
    preview, fresh = tmp_path / "preview", tmp_path / "fresh"
    state = PreviewState(project)
    _preview_rebuild(project, state, preview)
    events = len(event_pages_made)
    _edit(small_project, old, new)
    event_pages_made.clear()
    _preview_rebuild(project, state, preview)
    assert len(event_pages_made) == events  # every page listed and compared again
    build_site(project, fresh, search=False)
    write_status(fresh, [])
    assert files_under(preview) == files_under(fresh)


def test_text_edits_tells_a_text_edit_from_one_that_moves_events(small_project):
    project = _project(small_project)
    events = build_chronology(read_content(project.content_dir, project.root)).events
    edited = tuple(dataclasses.replace(event, title=event.title + "!", body="New body.") if event.id == "month-only"
                   else event for event in events)
    assert text_edits(events, events) == set()
    assert text_edits(events, edited) == {"month-only"}
    moved = tuple(dataclasses.replace(event, tags=()) if event.id == "month-only" else event for event in events)
    assert text_edits(events, moved) is None
    assert text_edits(events, events[1:]) is None
    assert text_edits(events, (events[1], events[0], *events[2:])) is None


def test_the_index_tells_which_pages_an_event_feeds():
    index = PageIndex()
    index.note("events/a/index.html", {"a", "b"})
    index.note("events/b/index.html", {"a", "b", "c"})
    index.note("index.html", {"a", "b", "c"})
    index.note("tags/index.html", set())  # holds no event: compared on every rebuild
    assert index.pages_fed_by({"c"}) == {"events/b/index.html", "index.html", "tags/index.html"}
    assert index.event_pages(index.pages_fed_by({"a"})) == {"a", "b"}
    index.note("index.html", {"a"})  # its inputs changed
    index.forget("events/b/index.html")  # gone
    assert index.pages_fed_by({"c"}) == {"tags/index.html"}


def test_a_chronology_with_edited_events_put_in_place_is_the_one_built_afresh(small_project):
    """A preview's rebuild after a text edit reuses the last chronology, with the events read again in place."""
    project = _project(small_project)
    state = PreviewState(project)
    first = state.chronology(state.read_content(project))
    _edit(small_project, "summary: Something happened in August.", "summary: Something else happened.")
    day_event = small_project / "content/events/2015/day-event.yaml"  # related to another event, at a place
    day_event.write_text(day_event.read_text(encoding="utf-8").replace("title:", "title: Now", 1), encoding="utf-8")
    content = state.read_content(project)
    again = state.chronology(content)
    assert again == build_chronology(content)
    assert again.years[0] is first.years[0]  # 2014's events are not edited: kept as they were, not built again
    assert {event.id for event in again.events if event not in first.events} == {"month-only", "day-event"}
    _edit(small_project, "date: 2015-08", "date: 2015-07")  # a move: built afresh
    content = state.read_content(project)
    assert state.chronology(content) == build_chronology(content)
