"""Feeds and exports are kept between builds and made again when anything they show changes."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.render.site_files

EXPORTS = ("events.ics", "events.json", "events.csv", "timeline.json", "feed.xml", "sitemap.xml")


def exports(site: Path) -> dict[str, bytes]:
    return {name: (site / name).read_bytes() for name in EXPORTS}


@pytest.fixture
def ics_made(spy) -> list:
    """One entry each time the iCalendar export is actually made."""
    return spy(generator.render.site_files, "events_ics")


def test_unchanged_content_reuses_the_exports(small_project, tmp_path, build, ics_made):
    assert build(small_project, tmp_path / "one") == 0
    assert build(small_project, tmp_path / "two") == 0
    assert len(ics_made) == 1


def test_reused_exports_equal_an_independent_build(small_project, tmp_path, build, fresh_build):
    assert build(small_project, tmp_path / "one") == 0
    assert build(small_project, tmp_path / "two") == 0  # from the cache
    assert exports(tmp_path / "two") == exports(fresh_build(small_project))


def test_an_edited_title_reaches_every_export(small_project, tmp_path, build, ics_made):
    assert build(small_project, tmp_path / "site") == 0
    event = small_project / "content" / "events" / "2016" / "later.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("A later event", "A renamed event"), encoding="utf-8")
    assert build(small_project, tmp_path / "site") == 0
    assert len(ics_made) == 2
    for name in ("events.ics", "events.json", "events.csv", "timeline.json", "feed.xml"):
        assert b"A renamed event" in (tmp_path / "site" / name).read_bytes(), name


def test_a_new_site_url_reaches_the_exports(small_project, tmp_path, build):
    assert build(small_project, tmp_path / "site") == 0
    config = small_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("https://example.org/timeline/", "https://elsewhere.example.net/"))
    assert build(small_project, tmp_path / "site") == 0
    for name in ("events.ics", "events.json", "feed.xml", "sitemap.xml"):
        data = (tmp_path / "site" / name).read_bytes()
        assert b"elsewhere.example.net" in data and b"example.org/timeline" not in data, name


def test_a_damaged_cache_file_is_made_again(small_project, tmp_path, build, ics_made, fresh_build):
    assert build(small_project, tmp_path / "one") == 0
    (small_project / ".timeline-cache" / "files" / "events.ics").write_bytes(b"\xff\xfe garbage")
    assert build(small_project, tmp_path / "two") == 0
    assert len(ics_made) == 2
    assert exports(tmp_path / "two") == exports(fresh_build(small_project))
