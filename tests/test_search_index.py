"""The Pagefind search index: built over the event pages, reused while they are unchanged."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

import generator.build.search
from generator.cli import main
from generator.build.search import _read_cbor


def build(project: Path, out: Path) -> int:
    return main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(out)])


@pytest.fixture
def pagefind_runs(monkeypatch) -> list[list[str]]:
    """Every Pagefind command the build runs (they still run)."""
    runs: list[list[str]] = []
    real_run = generator.build.search.subprocess.run
    pagefind = str(generator.build.search.pagefind_executable())

    def counting_run(command, *args, **kwargs):
        if command[0] == pagefind:
            runs.append(command)
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(generator.build.search.subprocess, "run", counting_run)
    return runs


def tag_values(site: Path) -> list[str]:
    """The values of the index's 'tag' filter, read from Pagefind's own files."""
    for path in (site / "pagefind" / "filter").iterdir():
        name, values = _read_cbor(path)
        if name == "tag":
            return [value[0] if isinstance(value, list) else value for value in values]
    raise AssertionError("no tag filter in the search index")


def test_unchanged_event_pages_reuse_the_search_index(small_project, tmp_path, pagefind_runs):
    assert build(small_project, tmp_path / "one") == 0
    assert build(small_project, tmp_path / "two") == 0
    assert len(pagefind_runs) == 1
    comparison = filecmp.dircmp(tmp_path / "one" / "pagefind", tmp_path / "two" / "pagefind")
    assert not (comparison.left_only or comparison.right_only)
    for path in (tmp_path / "one" / "pagefind").rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (tmp_path / "two" / path.relative_to(tmp_path / "one")).read_bytes()


def test_an_edited_event_is_indexed_again(small_project, tmp_path, pagefind_runs):
    assert build(small_project, tmp_path / "site") == 0
    event = small_project / "content" / "events" / "2016" / "later.yaml"
    event.write_text(event.read_text(encoding="utf-8") + "tags: [brand-new-tag]\n", encoding="utf-8")
    assert "brand-new-tag" not in tag_values(tmp_path / "site")
    assert build(small_project, tmp_path / "site") == 0
    assert len(pagefind_runs) == 2
    assert "brand-new-tag" in tag_values(tmp_path / "site")


def test_a_damaged_cache_is_rebuilt(small_project, tmp_path, pagefind_runs):
    assert build(small_project, tmp_path / "site") == 0
    (small_project / ".timeline-cache" / "pagefind" / "key").unlink()
    assert build(small_project, tmp_path / "site") == 0
    assert len(pagefind_runs) == 2
    assert tag_values(tmp_path / "site")
