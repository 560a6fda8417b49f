"""The search index in shards past a size (generator/pipeline/search_shards.py): contiguous stretches of
time, one bundle each, byte-identical build to build, kept and reused shard by shard."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.pipeline import search_shards
from generator.pipeline.pagefind_format import checked_entry, meta_path, read_pagefind_file
from generator.pipeline.search_records import SearchRecord
from generator.pipeline.search_shards import shard_records


def record(order: int, year: int) -> SearchRecord:
    return SearchRecord(path=f"events/e{order}/", title="t", date="d", html="", names=(), filters=(),
                        order=order, year=year)


@pytest.fixture
def shards_of(monkeypatch):
    """``shards_of(years, size)``: the shards' years, the records being one per year in ``years`` (date order)."""

    def split(years: list[int], size: int) -> list[list[int]]:
        monkeypatch.setattr(search_shards, "SHARD_RECORDS", size)
        shards = shard_records([record(order, year) for order, year in enumerate(years)])
        assert [r.order for shard in shards for r in shard] == list(range(len(years)))  # contiguous, in order
        return [[r.year for r in shard] for shard in shards]

    return split


def test_up_to_the_size_there_is_one_shard(shards_of):
    assert shards_of([2001, 2002, 2003], 3) == [[2001, 2002, 2003]]


def test_shards_take_whole_years_while_they_fit(shards_of):
    years = [2001] * 2 + [2002] * 3 + [2003] * 1 + [2004] * 2
    assert shards_of(years, 4) == [[2001] * 2, [2002] * 3 + [2003], [2004] * 2]


def test_a_year_larger_than_a_shard_is_cut(shards_of):
    years = [2001] + [2002] * 7 + [2003]
    assert shards_of(years, 3) == [[2001], [2002] * 3, [2002] * 3, [2002, 2003]]


# -- built ------------------------------------------------------------------------------------------

SIZE = 4  # the small fixture's 6 events: 2014 (1), 2015 (4), 2016 (1): a shard a year


@pytest.fixture
def sharded(monkeypatch):
    monkeypatch.setattr(search_shards, "SHARD_RECORDS", SIZE)


def bundles(site: Path) -> list[Path]:
    """The site's search bundles, the first (the one the search page loads) first, then those it merges."""
    listed = json.loads((site / search_shards.SHARDS_LIST).read_text(encoding="utf-8"))
    return [site / "pagefind"] + [(site / search_shards.SHARDS_LIST).parent / name for name in listed]


def bundle_urls(bundle: Path) -> list[str]:
    found = []
    for path in sorted((bundle / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        found.append(json.loads(data[data.index(b"{"):])["url"])
    return found


def index_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for folder in ("pagefind", "pagefind-shards")
            for p in sorted((site / folder).rglob("*")) if p.is_file()}


def test_a_shard_a_year_each_in_its_bundle_and_the_search_page_names_the_list(small_project, tmp_path, build, sharded):
    assert build(small_project, tmp_path / "site") == 0
    site = tmp_path / "site"
    assert [sorted(bundle_urls(b)) for b in bundles(site)] == [
        ["/events/year-only/"],
        sorted(f"/events/{p.stem}/" for p in (small_project / "content" / "events" / "2015").glob("*.yaml")),
        ["/events/later/"]]
    box = BeautifulSoup((site / "search" / "index.html").read_text(encoding="utf-8"), "html.parser").select_one("[data-search]")
    assert box["data-bundle"] == "../pagefind/" and box["data-shards"] == "../pagefind-shards/shards.json"
    merged = bundles(site)[1:]
    for bundle in merged:  # read with the first bundle's scripts and WebAssembly: the index files only
        meta = meta_path(bundle, checked_entry(bundle)["languages"]["en"]).name
        assert {p.name for p in bundle.iterdir()} == {"pagefind-entry.json", meta, "fragment", "filter", "index"}


def test_two_builds_give_byte_identical_bundles(small_project, fresh_build, site_files, sharded):
    one, two = fresh_build(small_project), fresh_build(small_project)
    assert len(bundles(one)) == 3
    assert index_files(one) and index_files(one) == index_files(two)


def test_each_shard_is_kept_and_an_edit_indexes_only_its_own_again(small_project, tmp_path, build, fresh_build, sharded):
    assert build(small_project, tmp_path / "one") == 0
    kept = small_project / ".timeline-cache" / "pagefind"
    first = {p.name: p.stat().st_ino for p in kept.glob("bundle-*")}
    assert len(first) == 3
    assert build(small_project, tmp_path / "two") == 0  # all three reused
    assert {p.name: p.stat().st_ino for p in kept.glob("bundle-*")} == first
    assert index_files(tmp_path / "two") == index_files(tmp_path / "one")
    event = small_project / "content" / "events" / "2016" / "later.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("The last one.", "The very last one."), encoding="utf-8")
    assert build(small_project, tmp_path / "three") == 0
    then = {p.name: p.stat().st_ino for p in kept.glob("bundle-*")}
    assert len(then) == 3 and len(set(then.items()) & set(first.items())) == 2  # the 2014 and 2015 shards' kept
    assert index_files(tmp_path / "three") == index_files(fresh_build(small_project))


def test_below_the_size_nothing_is_sharded(small_project, tmp_path, build):
    assert build(small_project, tmp_path / "site") == 0
    assert not (tmp_path / "site" / "pagefind-shards").exists()
    html = (tmp_path / "site" / "search" / "index.html").read_text(encoding="utf-8")
    box = BeautifulSoup(html, "html.parser").select_one("[data-search]")
    assert box["data-bundle"] == "../pagefind/" and not box.has_attr("data-shards")
