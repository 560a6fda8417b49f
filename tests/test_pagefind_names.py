"""The search fragments named after their records' places in the chronology (generator/pipeline/pagefind_names.py):
what a date sort needs, in the names, and no sort list in the metadata every first search downloads."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from generator.chronology import build_chronology
from generator.content.reader import read_content
from generator.pipeline import search_shards
from generator.pipeline.pagefind_format import checked_entry, meta_path, read_pagefind_file
from generator.pipeline.pagefind_names import fragment_name

NAME = re.compile(r"^([0-9a-z]+)-([0-9a-f]{8})$")


def bundles(site: Path) -> list[Path]:
    listed = site / search_shards.SHARDS_LIST
    others = json.loads(listed.read_text(encoding="utf-8")) if listed.exists() else []
    return [site / "pagefind"] + [listed.parent / name for name in others]


def fragments(bundle: Path) -> dict[str, str]:
    """Each fragment's name (without its suffix) -> the URL of the page it stands for."""
    found = {}
    for path in sorted((bundle / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        found[path.name.removesuffix(".pf_fragment")] = json.loads(data[data.index(b"{"):])["url"]
    return found


def places_by_url(site: Path) -> tuple[dict[str, int], set[str]]:
    """Each event URL -> the place its fragment's name gives; and every bundle's tag."""
    places, tags = {}, set()
    for bundle in bundles(site):
        meta = read_pagefind_file(meta_path(bundle, checked_entry(bundle)["languages"]["en"]))
        assert meta[4] == []  # no sort list: the names carry the order
        named = fragments(bundle)
        assert sorted(name for name, _ in meta[1]) == sorted(named)
        bundle_tags = set()
        for name, url in named.items():
            place, tag = NAME.match(name).groups()
            places[url] = int(place, 36)
            bundle_tags.add(tag)
        assert len(bundle_tags) == 1
        tags |= bundle_tags
    return places, tags


def in_chronology(project: Path) -> dict[str, int]:
    chron = build_chronology(read_content(project / "content"))
    return {f"/events/{event.id}/": place for place, event in enumerate(chron.events)}


def test_a_name_is_the_place_in_base_36_and_the_tag():
    assert [fragment_name(place, "0a1b") for place in (0, 35, 36, 99_999)] == ["0-0a1b", "z-0a1b", "10-0a1b", "255r-0a1b"]


def test_one_bundles_fragments_are_named_after_their_places(small_project, tmp_path, build):
    assert build(small_project, tmp_path / "site") == 0
    places, _ = places_by_url(tmp_path / "site")
    assert places == in_chronology(small_project)


def test_shards_count_places_on_from_the_shards_before(small_project, tmp_path, build, monkeypatch):
    monkeypatch.setattr(search_shards, "SHARD_RECORDS", 4)  # the small fixture's 6 events: a shard a year
    assert build(small_project, tmp_path / "site") == 0
    assert len(bundles(tmp_path / "site")) == 3
    places, tags = places_by_url(tmp_path / "site")
    assert places == in_chronology(small_project)
    assert len(tags) == 3  # each bundle its own


def test_an_edit_renames_its_bundles_fragments(small_project, tmp_path, build):
    """A name never stands for other content than before: a browser may have kept the old fragment."""
    assert build(small_project, tmp_path / "one") == 0
    event = small_project / "content" / "events" / "2016" / "later.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("The last one.", "The very last one."), encoding="utf-8")
    assert build(small_project, tmp_path / "two") == 0
    (_, one), (_, two) = places_by_url(tmp_path / "one"), places_by_url(tmp_path / "two")
    assert one != two
