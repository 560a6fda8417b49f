"""What a large tree's read keeps for the next (``parallel_read.KeptEvents``): only unchanged
clean files are skipped, and the result is always that of a read from nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import runtime
from generator.content import parallel_read
from generator.content.errors import ContentInvalid
from generator.content.parallel_read import KeptEvents
from generator.content.reader import check_content, read_content

LATER = "content/events/2016/later.yaml"


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read the small fixture tree as a large one is read: in forked workers."""
    monkeypatch.setattr(parallel_read, "PARALLEL_FROM", 1)
    monkeypatch.setattr(runtime.os, "cpu_count", lambda: 2)


def _read(project: Path, cache: Path | None):
    kept = KeptEvents(cache / "events.pickle") if cache is not None else None
    try:
        return read_content(project / "content", project, kept=kept)
    except ContentInvalid as exc:
        return exc.errors


def _files_read(calls) -> list[str]:
    """The event files the workers were given, from the spied fork_map calls."""
    return sorted(Path(path).name for call in calls for share in call.args[1] for path in share)


def test_a_second_read_reads_only_the_edited_file(small_project, parallel, spy, tmp_path):
    cache = tmp_path / "cache"
    first = _read(small_project, cache)
    edited = small_project / LATER
    edited.write_text(edited.read_text().replace("A later event", "Edited since"))
    calls = spy(parallel_read, "fork_map")
    second = _read(small_project, cache)
    assert _files_read(calls) == ["later.yaml"]
    assert second == _read(small_project, None)
    assert second != first and "Edited since" in [e.title for e in second.events]


def test_an_unchanged_tree_is_not_read_again_and_reads_the_same(small_project, parallel, spy, tmp_path):
    cache = tmp_path / "cache"
    first = _read(small_project, cache)
    fresh = _read(small_project, None)
    calls = spy(parallel_read, "fork_map")
    assert _read(small_project, cache) == first == fresh
    assert _files_read(calls) == []


def test_a_file_with_an_error_is_read_and_reported_every_time(small_project, parallel, spy, tmp_path):
    cache = tmp_path / "cache"
    broken = small_project / LATER
    broken.write_text(broken.read_text().replace("title:", "titel:"))
    first = _read(small_project, cache)
    calls = spy(parallel_read, "fork_map")
    second = _read(small_project, cache)
    assert isinstance(first, list) and second == first
    assert _files_read(calls) == ["later.yaml"]


def test_rules_across_files_still_see_kept_files(small_project, parallel, tmp_path):
    """A kept event whose actor is then renamed in actors.yaml is reported, as by a fresh read."""
    cache = tmp_path / "cache"
    _read(small_project, cache)
    actors = small_project / "content" / "actors.yaml"
    actors.write_text(actors.read_text().replace("beta:", "renamed-beta:", 1))
    errors = _read(small_project, cache)
    assert isinstance(errors, list) and errors == _read(small_project, None)
    assert any(e.path == LATER and "'beta'" in e.message for e in errors)


def test_a_deleted_file_is_forgotten_and_a_code_change_drops_everything(small_project, parallel, spy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _read(small_project, cache)
    (small_project / LATER).unlink()
    _read(small_project, cache)
    assert all(not path.endswith("later.yaml") for path in KeptEvents(cache / "events.pickle").entries)
    monkeypatch.setattr(parallel_read, "code_version", lambda: b"another version")
    fresh = _read(small_project, None)
    calls = spy(parallel_read, "fork_map")
    assert _read(small_project, cache) == fresh
    assert len(_files_read(calls)) == len(list((small_project / "content" / "events").rglob("*.yaml")))


def test_check_gives_the_same_report_with_kept_events(small_project, parallel, tmp_path):
    cache = tmp_path / "cache"
    (small_project / LATER).write_text((small_project / LATER).read_text().replace("title:", "titel:"))
    without = check_content(small_project / "content", small_project)
    assert check_content(small_project / "content", small_project, KeptEvents(cache / "events.pickle")) == without
    assert check_content(small_project / "content", small_project, KeptEvents(cache / "events.pickle")) == without
    assert without.errors


def test_a_kept_file_touched_but_unchanged_is_read_again(small_project, parallel, spy, tmp_path):
    cache = tmp_path / "cache"
    _read(small_project, cache)
    later = small_project / LATER
    stat = later.stat()
    os.utime(later, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    calls = spy(parallel_read, "fork_map")
    _read(small_project, cache)
    assert _files_read(calls) == ["later.yaml"]


def test_check_in_the_project_folder_uses_what_the_build_kept(small_project, parallel, spy, monkeypatch):
    """A build names the files by absolute path, `timeline check content` relative to the project."""
    cache = small_project / ".timeline-cache"
    read_content((small_project / "content").resolve(), small_project, kept=KeptEvents(cache / "events.pickle"))
    monkeypatch.chdir(small_project)
    calls = spy(parallel_read, "fork_map")
    result = check_content(Path("content"), Path("."), KeptEvents(cache / "events.pickle"))
    assert result.errors == [] and result.events == 6
    assert _files_read(calls) == []
