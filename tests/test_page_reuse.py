"""A build reuses the pages of the site it replaces whose inputs did not change,
and the result is always byte for byte what a build from scratch makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import generator.pipeline.full
import generator.runtime

REPO = Path(__file__).resolve().parent.parent


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_unchanged_pages_are_linked_not_written_again(small_project, tmp_path, processes, build):
    out = tmp_path / "site"
    assert build(small_project, out) == 0
    page = out / "events" / "later" / "index.html"
    first = page.stat().st_ino
    assert build(small_project, out) == 0
    assert page.stat().st_ino == first  # the same file, hard-linked into the new site


@pytest.fixture(params=["one process", "parallel"])
def processes(request, monkeypatch) -> str:
    """Builds in one process, or forked workers as for a large site (the small site forced to it)."""
    if request.param == "parallel":
        monkeypatch.setattr(generator.pipeline.full, "PARALLEL_FROM", 0)
        monkeypatch.setattr(generator.runtime.os, "cpu_count", lambda: 2)
    return request.param


def test_parallel_and_single_process_builds_are_identical(small_project, tmp_path, monkeypatch, build, fresh_build,
                                                          site_files):
    assert build(small_project, tmp_path / "one") == 0
    monkeypatch.setattr(generator.pipeline.full, "PARALLEL_FROM", 0)
    monkeypatch.setattr(generator.runtime.os, "cpu_count", lambda: 2)
    assert site_files(fresh_build(small_project)) == site_files(tmp_path / "one")


def test_after_an_edit_the_site_equals_a_build_from_scratch(small_project, tmp_path, processes, build, fresh_build,
                                                           site_files):
    out = tmp_path / "site"
    assert build(small_project, out) == 0
    unrelated = (out / "events" / "year-only" / "index.html").stat().st_ino
    edit(small_project / "content" / "events" / "2016" / "later.yaml", "A later event", "A renamed event")
    assert build(small_project, out) == 0
    assert "A renamed event" in (out / "events" / "later" / "index.html").read_text(encoding="utf-8")
    assert "A renamed event" in (out / "years" / "2016" / "index.html").read_text(encoding="utf-8")
    assert (out / "events" / "year-only" / "index.html").stat().st_ino == unrelated
    assert site_files(out) == site_files(fresh_build(small_project))


def test_a_template_edit_renders_every_page_again(small_project, tmp_path, build, fresh_build, site_files):
    shutil.copytree(REPO / "site_templates", small_project / "site_templates")
    edit(small_project / "mkdocs.yml", str(REPO / "site_templates"), "site_templates")
    out = tmp_path / "site"
    assert build(small_project, out) == 0
    edit(small_project / "site_templates" / "base.html", "Built with timeline-site.", "Built with care.")
    assert build(small_project, out) == 0
    for page in (out / "events").glob("*/index.html"):
        assert "Built with care." in page.read_text(encoding="utf-8"), page
    assert site_files(out) == site_files(fresh_build(small_project))


def test_a_page_changed_in_the_site_folder_is_made_again(small_project, tmp_path, build):
    out = tmp_path / "site"
    assert build(small_project, out) == 0
    page = out / "events" / "later" / "index.html"
    good = page.read_bytes()
    page.write_text("edited by hand", encoding="utf-8")
    assert build(small_project, out) == 0
    assert page.read_bytes() == good


def test_a_build_into_another_folder_reuses_nothing(small_project, tmp_path, build, site_files):
    assert build(small_project, tmp_path / "one") == 0
    assert build(small_project, tmp_path / "two") == 0
    one = (tmp_path / "one" / "events" / "later" / "index.html").stat().st_ino
    two = (tmp_path / "two" / "events" / "later" / "index.html").stat().st_ino
    assert one != two
    assert site_files(tmp_path / "two") == site_files(tmp_path / "one")
