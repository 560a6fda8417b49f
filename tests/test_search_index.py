"""The Pagefind search index: built over the event pages, reused while they are unchanged."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import generator.build.search
from generator.build.search import _read_cbor


@pytest.fixture
def pagefind_runs(spy) -> list:
    """Every Pagefind command the build runs (they still run)."""
    pagefind = str(generator.build.search.pagefind_executable())

    def runs_pagefind(command, *args, **kwargs) -> bool:
        return str(command[0]) == pagefind

    return spy(subprocess, "run", when=runs_pagefind)


def tag_values(site: Path) -> list[str]:
    """The values of the index's 'tag' filter, read from Pagefind's own files."""
    for path in (site / "pagefind" / "filter").iterdir():
        name, values = _read_cbor(path)
        if name == "tag":
            return [value[0] if isinstance(value, list) else value for value in values]
    raise AssertionError("no tag filter in the search index")


def test_unchanged_event_pages_reuse_the_search_index(small_project, tmp_path, build, pagefind_runs):
    assert build(small_project, tmp_path / "one") == 0
    assert build(small_project, tmp_path / "two") == 0
    assert len(pagefind_runs) == 1


def test_a_reused_search_index_equals_an_independent_build(small_project, tmp_path, build, fresh_build, site_files):
    assert build(small_project, tmp_path / "one") == 0
    assert build(small_project, tmp_path / "two") == 0  # from the cache
    independent = site_files(fresh_build(small_project) / "pagefind")
    assert independent  # the index is there to compare with
    assert site_files(tmp_path / "two" / "pagefind") == independent


def test_an_edited_event_is_indexed_again(small_project, tmp_path, build, pagefind_runs):
    assert build(small_project, tmp_path / "site") == 0
    event = small_project / "content" / "events" / "2016" / "later.yaml"
    event.write_text(event.read_text(encoding="utf-8") + "tags: [brand-new-tag]\n", encoding="utf-8")
    assert "brand-new-tag" not in tag_values(tmp_path / "site")
    assert build(small_project, tmp_path / "site") == 0
    assert len(pagefind_runs) == 2
    assert "brand-new-tag" in tag_values(tmp_path / "site")


def test_a_damaged_cache_is_rebuilt(small_project, tmp_path, build, pagefind_runs, fresh_build, site_files):
    assert build(small_project, tmp_path / "site") == 0
    (small_project / ".timeline-cache" / "pagefind" / "key").unlink()
    assert build(small_project, tmp_path / "site") == 0
    assert len(pagefind_runs) == 2
    assert site_files(tmp_path / "site" / "pagefind") == site_files(fresh_build(small_project) / "pagefind")
