"""A full build makes its search index in a forked process while it writes the pages (site_build.build_site):
its line says when it finished, its error is the build's, and a failed write leaves no process running."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

import generator.pipeline.site_build as site_build
from generator.pipeline.pagefind_format import SearchIndexError
from generator.pipeline.project import Project
from generator.pipeline.site_build import build_site
from generator.render.options import SiteOptions
from processes import children as running_children

TEMPLATES = Path(__file__).resolve().parents[1] / "site_templates"


def _project(root: Path) -> Project:
    return Project(root, root / "content", (TEMPLATES,), SiteOptions(site_name="Small", site_url="https://example.org/"),
                   history="off")


def test_the_search_line_says_how_long_it_took_and_when_it_finished(small_project, tmp_path):
    said: list[str] = []
    before = time.perf_counter()
    report = build_site(_project(small_project), tmp_path / "site", say=said.append)
    elapsed = time.perf_counter() - before
    assert report.indexed is True and (tmp_path / "site" / "pagefind" / "pagefind-entry.json").is_file()
    line = next(line for line in said if "search index" in line)
    match = re.fullmatch(r"timeline: search index built in (\d+\.\d\d) s, alongside the writing "
                         r"\(done (\d+\.\d\d) s into the build\)", line)
    assert match, said
    took, done = float(match[1]), float(match[2])
    assert took == round(report.seconds["search"], 2)
    assert took - 0.01 <= done <= elapsed + 0.01


def test_an_error_in_the_search_is_the_builds(small_project, tmp_path, monkeypatch):
    children = running_children()  # an earlier test's may still be ending

    def failing(*args, **kwargs):
        raise SearchIndexError("Pagefind failed (exit code 1): no index")

    monkeypatch.setattr(site_build, "build_search_index", failing)  # inherited by the forked process
    with pytest.raises(SearchIndexError, match=r"Pagefind failed \(exit code 1\): no index"):
        build_site(_project(small_project), tmp_path / "site")
    assert not running_children() - children


def test_a_failed_write_ends_the_search_under_way(small_project, tmp_path, monkeypatch):
    children = running_children()

    def slow_search(*args, **kwargs):
        time.sleep(600)

    def failing_write(*args, **kwargs):
        deadline = time.monotonic() + 20
        while not running_children() - children:  # the search's process has started
            assert time.monotonic() < deadline
            time.sleep(0.02)
        raise OSError(28, "No space left on device", str(tmp_path / "site" / "index.html"))

    monkeypatch.setattr(site_build, "build_search_index", slow_search)
    monkeypatch.setattr(site_build, "write_full", failing_write)
    started = time.monotonic()
    with pytest.raises(OSError, match="No space left"):
        build_site(_project(small_project), tmp_path / "site")
    assert time.monotonic() - started < 60  # not waiting for the search
    assert running_children() == children


def test_a_build_without_search_starts_no_process(small_project, tmp_path, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the search ran")

    forks: list[bool] = []
    real = site_build.call_forked
    monkeypatch.setattr(site_build, "call_forked", lambda *args, fork: forks.append(fork) or real(*args, fork=fork))
    monkeypatch.setattr(site_build, "build_search_index", never)
    report = build_site(_project(small_project), tmp_path / "site", search=False)
    assert forks == [False]
    assert report.indexed is None and "search" not in report.seconds


def test_the_search_does_not_wait_for_the_write_to_make_the_site_folder(small_project, tmp_path, monkeypatch):
    """The search may start its scratch folder in the site before the write has made the site's first file."""
    monkeypatch.setattr(site_build, "write_full", lambda *args, **kwargs: 0)  # a write that has made nothing yet
    report = build_site(_project(small_project), tmp_path / "new" / "site")
    assert report.indexed is True and (tmp_path / "new" / "site" / "pagefind" / "pagefind-entry.json").is_file()
