"""History from git: real repositories built in temporary folders, commits with set dates and authors."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from generator.cache_folder import CacheFolder
from generator.editorial import history as history_module
from generator.editorial.history import (Change, ChangeEntry, Deletion, FileHistory, clear_cache, dates_only, read_history,
                                         recent_changes)
from gitrepo import Repo


KABUL = timezone(timedelta(hours=4, minutes=30))
NEW_YORK = timezone(timedelta(hours=-5))
UTC = timezone.utc

EVENT = 'date: "{date}"\ntitle: {title}\nsummary: |\n  {summary}\nsources:\n  - source: wire\n'


@pytest.fixture(autouse=True)
def _isolated_git(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "home" / "gitconfig"))
    (tmp_path / "home").mkdir()
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def repo(tmp_path) -> Repo:
    return Repo(tmp_path / "site", tmp_path / "home")


def event(date: str, title: str, summary: str = "Something happened.") -> str:
    return EVENT.format(date=date, title=title, summary=summary)


@pytest.fixture
def newsroom(repo: Repo) -> dict[str, str]:
    """A history with additions, an edit, a rename with an edit, a pure move and a deletion."""
    c = {}
    repo.write("content/sources/wire.yaml", "title: Wire report\n")
    repo.write("content/events/2015/kunduz-falls.yaml", event("2015-09-28", "Kunduz falls"))
    repo.write("content/events/2015/prison-break.yaml", event("2015-09-28", "Prison break"))
    repo.write("README.md", "not content\n")
    c["add"] = repo.commit("Add the first events", "2015-09-28T09:15:00+04:30", "Ann Editor")
    repo.write("content/events/2015/kunduz-falls.yaml", event("2015-09-28", "Kunduz falls to the Taliban"))
    repo.write("README.md", "still not content\n")
    c["edit"] = repo.commit("Sharpen the headline", "2015-09-29T08:00:00-05:00", "Bob Reviewer")
    repo.write("content/events/2015/airstrike.yaml", event("2015-10-03", "Airstrike"))
    c["airstrike"] = repo.commit("Add the airstrike", "2015-10-03T12:00:00+00:00", "Ann Editor")
    repo.git("mv", "content/events/2015/airstrike.yaml", "content/events/2015/hospital-airstrike.yaml")
    repo.write("content/events/2015/hospital-airstrike.yaml", event("2015-10-03", "Airstrike", "An airstrike hit the hospital."))
    c["rename"] = repo.commit("Rename the airstrike event", "2015-10-04T12:00:00+00:00", "Cai Editor")
    (repo.root / "content/events/2016").mkdir(parents=True)
    repo.git("mv", "content/events/2015/hospital-airstrike.yaml", "content/events/2016/hospital-airstrike.yaml")
    c["move"] = repo.commit("Move the airstrike to 2016 by mistake", "2015-10-05T12:00:00+00:00", "Cai Editor")
    repo.git("rm", "-q", "content/events/2015/prison-break.yaml")
    c["delete"] = repo.commit("Drop the prison break: unsourced", "2015-10-06T07:30:00+02:00", "Bob Reviewer")
    return c


def test_first_published_and_last_changed_keep_the_commit_offset(repo, newsroom):
    history = read_history(repo.root, Path("content"))
    falls = history["events/2015/kunduz-falls.yaml"]
    assert falls == FileHistory(
        first_published=datetime(2015, 9, 28, 9, 15, tzinfo=KABUL),
        last_changed=datetime(2015, 9, 29, 8, 0, tzinfo=NEW_YORK),
        changes=(
            Change(datetime(2015, 9, 29, 8, 0, tzinfo=NEW_YORK), "Sharpen the headline", "Bob Reviewer", newsroom["edit"],
                   words=("Title changed",)),
            Change(datetime(2015, 9, 28, 9, 15, tzinfo=KABUL), "Add the first events", "Ann Editor", newsroom["add"], "added",
                   words=("Event added",)),
        ),
    )
    assert falls.first_published.utcoffset() == timedelta(hours=4, minutes=30)
    assert falls.last_changed.utcoffset() == timedelta(hours=-5)


def test_paths_are_relative_to_the_content_folder_and_only_current_files_are_listed(repo, newsroom):
    history = read_history(repo.root, Path("content"))
    assert sorted(history.files) == [
        "events/2015/kunduz-falls.yaml",
        "events/2016/hospital-airstrike.yaml",
        "sources/wire.yaml",
    ]
    assert history.head == repo.git("rev-parse", "HEAD").strip()


def test_renamed_file_keeps_its_history_and_a_pure_move_is_not_a_change(repo, newsroom):
    airstrike = read_history(repo.root, Path("content"))["events/2016/hospital-airstrike.yaml"]
    assert [(c.subject, c.kind, c.moved_only) for c in airstrike.changes] == [
        ("Move the airstrike to 2016 by mistake", "renamed", True),
        ("Rename the airstrike event", "renamed", False),
        ("Add the airstrike", "added", False),
    ]
    assert airstrike.first_published == datetime(2015, 10, 3, 12, 0, tzinfo=UTC)
    assert airstrike.last_changed == datetime(2015, 10, 4, 12, 0, tzinfo=UTC)


def test_deletions_are_listed(repo, newsroom):
    history = read_history(repo.root, Path("content"))
    assert history.deletions == (
        Deletion(
            "events/2015/prison-break.yaml",
            datetime(2015, 10, 6, 7, 30, tzinfo=timezone(timedelta(hours=2))),
            "Drop the prison break: unsourced",
            "Bob Reviewer",
            newsroom["delete"],
        ),
    )
    assert "events/2015/prison-break.yaml" not in history


def test_recent_changes_newest_first_with_kinds(repo, newsroom):
    entries = recent_changes(read_history(repo.root, Path("content")), limit=5)
    assert [(e.kind, e.path, e.date.isoformat(), e.subject, e.author) for e in entries] == [
        ("removed", "events/2015/prison-break.yaml", "2015-10-06T07:30:00+02:00", "Drop the prison break: unsourced", "Bob Reviewer"),
        ("renamed", "events/2016/hospital-airstrike.yaml", "2015-10-05T12:00:00+00:00", "Move the airstrike to 2016 by mistake", "Cai Editor"),
        ("renamed", "events/2015/hospital-airstrike.yaml", "2015-10-04T12:00:00+00:00", "Rename the airstrike event", "Cai Editor"),
        ("added", "events/2015/airstrike.yaml", "2015-10-03T12:00:00+00:00", "Add the airstrike", "Ann Editor"),
        ("changed", "events/2015/kunduz-falls.yaml", "2015-09-29T08:00:00-05:00", "Sharpen the headline", "Bob Reviewer"),
    ]
    assert entries[1] == ChangeEntry(
        "renamed", "events/2016/hospital-airstrike.yaml", datetime(2015, 10, 5, 12, tzinfo=UTC),
        "Move the airstrike to 2016 by mistake", "Cai Editor", newsroom["move"],
        old_path="events/2015/hospital-airstrike.yaml", current_path="events/2016/hospital-airstrike.yaml",
        words=(), title="Airstrike",  # a pure move changes nothing the event says
    )
    assert entries[3].current_path == "events/2016/hospital-airstrike.yaml"
    assert entries[0].current_path is None
    assert len(recent_changes(read_history(repo.root, Path("content")), limit=100)) == 8
    assert recent_changes(read_history(repo.root, Path("content")), limit=0) == []


def test_a_new_file_at_a_deleted_files_path_has_only_its_own_history(repo):
    repo.write("content/events/2015/x.yaml", event("2015", "First X"))
    repo.commit("Add X", "2020-01-01T00:00:00+00:00")
    repo.git("rm", "-q", "content/events/2015/x.yaml")
    repo.commit("Remove X", "2020-01-02T00:00:00+00:00")
    repo.write("content/events/2015/x.yaml", event("2015", "Second X, written anew"))
    repo.commit("Add a new X", "2020-01-03T00:00:00+00:00")
    x = read_history(repo.root, Path("content"))["events/2015/x.yaml"]
    assert [c.subject for c in x.changes] == ["Add a new X"]
    assert x.first_published == datetime(2020, 1, 3, tzinfo=UTC)


def test_commits_outside_the_content_folder_are_ignored(repo, newsroom):
    repo.write("README.md", "docs only\n")
    repo.commit("Docs", "2016-01-01T00:00:00+00:00")
    history = read_history(repo.root, Path("content"))
    assert list(dict.fromkeys(e.subject for e in history.log)) == [  # the commits, newest first
        "Drop the prison break: unsourced",
        "Move the airstrike to 2016 by mistake",
        "Rename the airstrike event",
        "Add the airstrike",
        "Sharpen the headline",
        "Add the first events",
    ]


def test_content_folder_given_absolute_or_from_a_subfolder(repo, newsroom, monkeypatch):
    absolute = read_history(repo.root / "content" / "events", (repo.root / "content").resolve())
    relative = read_history(repo.root, Path("content"))
    assert absolute.files == relative.files
    monkeypatch.chdir(repo.root / "content" / "events")
    assert relative.for_file(Path("2015/kunduz-falls.yaml")) == relative["events/2015/kunduz-falls.yaml"]
    assert relative.for_file(repo.root / "README.md") == FileHistory()


def test_shallow_clone_keeps_what_it_has_and_does_not_claim_first_publication(repo, newsroom, tmp_path):
    depth1 = tmp_path / "depth1"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(depth1))
    history = read_history(depth1, Path("content"))
    assert sorted(history.files) == [
        "events/2015/kunduz-falls.yaml",
        "events/2016/hospital-airstrike.yaml",
        "sources/wire.yaml",
    ]
    assert all(h == FileHistory() for h in history.files.values())
    assert history.shallow

    depth4 = tmp_path / "depth4"
    repo.git("clone", "-q", "--depth", "4", f"file://{repo.root}", str(depth4))
    history = read_history(depth4, Path("content"))
    airstrike = history["events/2016/hospital-airstrike.yaml"]
    assert [c.subject for c in airstrike.changes] == ["Move the airstrike to 2016 by mistake", "Rename the airstrike event"]
    assert airstrike.first_published is None
    assert airstrike.last_changed == datetime(2015, 10, 4, 12, tzinfo=UTC)
    assert [d.path for d in history.deletions] == ["events/2015/prison-break.yaml"]


def test_outside_git_the_history_is_empty(tmp_path):
    content = tmp_path / "plain" / "content" / "events" / "2015"
    content.mkdir(parents=True)
    (content / "a.yaml").write_text(event("2015", "A"), encoding="utf-8")
    history = read_history(tmp_path / "plain", Path("content"))
    assert history.files == {} and history.log == () and history.deletions == ()
    assert history.get("events/2015/a.yaml") == FileHistory()
    assert recent_changes(history, 10) == []


def test_without_a_git_program_the_history_is_empty(repo, newsroom, monkeypatch):
    monkeypatch.setenv("PATH", str(repo.root / "no-such-bin"))
    assert read_history(repo.root, Path("content")).files == {}


def test_repository_without_commits_has_empty_history(repo):
    repo.write("content/events/2015/a.yaml", event("2015", "A"))
    assert read_history(repo.root, Path("content")).files == {}


def test_content_folder_outside_the_repository_has_empty_history(repo, newsroom, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    assert read_history(repo.root, tmp_path / "elsewhere").files == {}


def test_each_event_change_says_in_words_what_it_changed(repo, newsroom):
    history = read_history(repo.root, Path("content"))
    airstrike = history["events/2016/hospital-airstrike.yaml"]
    assert [c.words for c in airstrike.changes] == [(), ("Summary changed",), ("Event added",)]
    assert history["sources/wire.yaml"].changes[0].words is None  # not an event: no words
    removed = recent_changes(history, limit=1)[0]
    assert (removed.words, removed.title) == (("Event removed",), "Prison break")


def test_recent_changes_of_events_only_leave_out_other_files_and_changes_without_meaning(repo, newsroom):
    entries = recent_changes(read_history(repo.root, Path("content")), limit=100, events_only=True)
    assert [(e.path, e.words) for e in entries] == [
        ("events/2015/prison-break.yaml", ("Event removed",)),
        ("events/2015/hospital-airstrike.yaml", ("Summary changed",)),
        ("events/2015/airstrike.yaml", ("Event added",)),
        ("events/2015/kunduz-falls.yaml", ("Title changed",)),
        ("events/2015/kunduz-falls.yaml", ("Event added",)),
        ("events/2015/prison-break.yaml", ("Event added",)),
    ]


def test_one_git_log_whatever_the_number_of_files_and_cached_by_head(repo, newsroom, spy):
    for n in range(30):
        repo.write(f"content/events/2014/e{n}.yaml", event("2014", f"E{n}"))
    repo.commit("Thirty more", "2016-01-01T00:00:00+00:00")
    calls = spy(history_module.subprocess, "run")
    first = read_history(repo.root, Path("content"))
    assert len(first.files) == 33
    assert len([c for c in calls if "log" in c.args[0]]) == 1
    assert len(calls) == 4  # rev-parse, ls-tree, log, and one cat-file for the event files' versions
    calls.clear()
    assert read_history(repo.root, Path("content")) is first
    assert len(calls) == 1  # only rev-parse, to learn HEAD
    repo.write("content/events/2014/e0.yaml", event("2014", "E0 corrected"))
    repo.commit("Correct E0", "2016-01-02T00:00:00+00:00")
    calls.clear()
    second = read_history(repo.root, Path("content"))
    assert second is not first and second["events/2014/e0.yaml"].changes[0].subject == "Correct E0"


def test_json_cache_file_is_reused_by_a_new_process(repo, newsroom, tmp_path, monkeypatch):
    cache = tmp_path / ".timeline-cache"
    first = read_history(repo.root, Path("content"), cache=CacheFolder(cache))
    assert len(list(cache.glob("history-*.json"))) == 1
    clear_cache()
    monkeypatch.setattr(history_module, "_read_from_git", lambda *a: pytest.fail("the cache file was not used"))
    again = read_history(repo.root, Path("content"), cache=CacheFolder(cache))
    assert again.files == first.files
    assert again.deletions == first.deletions
    assert again.log == first.log


# -- commits kept out of the reader-facing history, renames, the dates-only form -----------------


def test_a_commit_with_the_skip_trailer_is_no_change_and_no_log_entry(repo, newsroom):
    repo.write("content/events/2015/kunduz-falls.yaml", event("2015-09-28", "Kunduz falls to the Taliban", "Reformatted."))
    repo.write("content/events/2015/new-by-a-tool.yaml", event("2015-09-30", "Imported"))
    repo.commit("Reformat every file\n\nA tool did this.\n\nTimeline-History: skip", "2016-02-01T00:00:00+00:00")
    history = read_history(repo.root, Path("content"))
    falls = history["events/2015/kunduz-falls.yaml"]
    assert [c.subject for c in falls.changes] == ["Sharpen the headline", "Add the first events"]
    assert falls.last_changed == datetime(2015, 9, 29, 8, 0, tzinfo=NEW_YORK)
    assert history["events/2015/new-by-a-tool.yaml"] == FileHistory()  # known file, nothing to tell readers
    assert "Reformat every file" not in {e.subject for e in history.log}
    assert recent_changes(history, 1)[0].subject == "Drop the prison break: unsourced"


def test_the_skip_trailer_is_read_case_insensitively_among_other_trailers(repo, newsroom):
    repo.write("content/events/2015/kunduz-falls.yaml", event("2015-09-28", "Kunduz falls", "Tooling."))
    repo.commit("Tooling\n\nSigned-off-by: Bot <bot@example.org>\ntimeline-history:  Skip", "2016-02-01T00:00:00+00:00")
    repo.write("content/events/2015/kunduz-falls.yaml", event("2015-09-28", "Kunduz falls", "Edited."))
    repo.commit("Keep this one\n\nTimeline-History: skip-not", "2016-02-02T00:00:00+00:00")  # only 'skip' skips
    subjects = [c.subject for c in read_history(repo.root, Path("content"))["events/2015/kunduz-falls.yaml"].changes]
    assert subjects[:2] == ["Keep this one", "Sharpen the headline"]


def test_renames_in_skipped_commits_are_still_followed_and_listed(repo, newsroom):
    repo.git("mv", "content/events/2016/hospital-airstrike.yaml", "content/events/2015/msf-hospital-airstrike.yaml")
    repo.commit("Move files back\n\nTimeline-History: skip", "2016-03-01T00:00:00+00:00")
    history = read_history(repo.root, Path("content"))
    airstrike = history["events/2015/msf-hospital-airstrike.yaml"]
    assert [c.subject for c in airstrike.changes] == [
        "Move the airstrike to 2016 by mistake", "Rename the airstrike event", "Add the airstrike"]
    assert history.renames == (
        ("events/2016/hospital-airstrike.yaml", "events/2015/msf-hospital-airstrike.yaml"),
        ("events/2015/hospital-airstrike.yaml", "events/2015/msf-hospital-airstrike.yaml"),
        ("events/2015/airstrike.yaml", "events/2015/msf-hospital-airstrike.yaml"),
    )


def test_renames_of_deleted_files_are_not_listed(repo, newsroom):
    repo.git("rm", "-q", "content/events/2016/hospital-airstrike.yaml")
    repo.commit("Drop the airstrike", "2016-03-01T00:00:00+00:00")
    assert read_history(repo.root, Path("content")).renames == ()


def test_dates_only_keeps_dates_and_drops_subjects_and_names(repo, newsroom):
    full = read_history(repo.root, Path("content"))
    dates = dates_only(full)
    falls = dates["events/2015/kunduz-falls.yaml"]
    assert falls == FileHistory(full["events/2015/kunduz-falls.yaml"].first_published,
                                full["events/2015/kunduz-falls.yaml"].last_changed)
    assert [(e.kind, e.path, e.date) for e in dates.log] == [(e.kind, e.path, e.date) for e in full.log]
    assert {e.subject for e in dates.log} | {e.author for e in dates.log} == {""}
    assert {d.subject for d in dates.deletions} | {d.author for d in dates.deletions} == {""}
    assert dates.renames == full.renames and dates_only(full) is dates


def test_the_cache_file_keeps_renames(repo, newsroom, tmp_path, monkeypatch):
    cache = tmp_path / ".timeline-cache"
    first = read_history(repo.root, Path("content"), cache=CacheFolder(cache))
    clear_cache()
    monkeypatch.setattr(history_module, "_read_from_git", lambda *a: pytest.fail("the cache file was not used"))
    assert read_history(repo.root, Path("content"), cache=CacheFolder(cache)).renames == first.renames != ()
