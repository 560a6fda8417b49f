"""A large chronology's search index in shards, merged in the reader's browser.

One Pagefind run holds every record it indexes in memory (14.9 GB at 100,000 events). Past
``SHARD_RECORDS`` records, ``shard_records`` splits them into shards of at most that many, each
a contiguous stretch of time (cut between years wherever a year fits in a shard), and
``pagefind_run`` indexes each with a Pagefind run of its own, into a bundle of its own: the
first in ``site/pagefind/``, where a single index is, the others in ``site/pagefind-shards/<n>/``,
listed (relative to the list) in ``site/pagefind-shards/shards.json``. The search page
(``assets/search.js``) loads the first and merges the others with Pagefind's own
``mergeIndex``, which reads a merged index with the first bundle's scripts and WebAssembly:
the others keep their index files only (``keep_only_the_index``). Up to ``SHARD_RECORDS``
records nothing of this happens: one bundle, no list, and the search page names none.
Each bundle is sorted (``pagefind_sorted``) and kept in the cache by its own digest, so an
edit runs Pagefind again over its own shard only (unless it moves a shard's bounds).

Pagefind orders a merged search's results by their score, and with a sort the score of a
result is its position in its own bundle's sorted list (``pagefind_web``'s search, 1.0 to 1.5).
So ``offset_sorts`` puts at the head of a shard's sort lists as many entries as the shards
before it hold records, none of them a page of the shard: a record's position becomes its
place in the whole chronology, and a sort by date runs across the shards.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Sequence

from generator.pipeline.pagefind_format import checked_entry, meta_path, read_pagefind_file, write_entry, write_meta
from generator.pipeline.search_records import SearchRecord

SHARD_RECORDS = 10_000  # records a Pagefind run indexes at most (~170 KB of its memory a record: ~1.7 GB)
MAIN_BUNDLE = "pagefind"  # the first shard's, or the only, bundle: the one the search page loads
SHARDS_FOLDER = "pagefind-shards"  # the other shards' bundles, and their list
SHARDS_LIST = f"{SHARDS_FOLDER}/shards.json"


def sharded(records: int) -> bool:
    """Whether a chronology of this many search records (one per event) is indexed in shards."""
    return records > SHARD_RECORDS


def shard_records(records: Sequence[SearchRecord]) -> list[list[SearchRecord]]:
    """The records (in date order) in shards of at most ``SHARD_RECORDS``, each a contiguous run of
    them: a shard takes whole years while the next fits, and a year larger than a shard is cut."""
    size = SHARD_RECORDS
    if len(records) <= size:
        return [list(records)]
    shards: list[list[SearchRecord]] = []
    current: list[SearchRecord] = []
    for _, year in itertools.groupby(records, key=lambda record: record.year):
        year = list(year)
        if current and len(current) + len(year) > size:
            shards.append(current)
            current = []
        while len(year) > size:
            shards.append(year[:size])
            year = year[size:]
        current.extend(year)
    if current:
        shards.append(current)
    return shards


def shard_folder(index: int) -> str:
    """Where the bundle of the shard ``index`` (0: the first) is in the site."""
    return MAIN_BUNDLE if index == 0 else f"{SHARDS_FOLDER}/{index}"


def shards_list(count: int) -> list[str]:
    """The list the search page merges: the bundles of the shards after the first, relative to ``SHARDS_LIST``."""
    return [f"{index}/" for index in range(1, count)]


def keep_only_the_index(bundle: Path) -> None:
    """Remove from a merged shard's bundle what only the first bundle's is used for (Pagefind's scripts,
    styles and WebAssembly): a merged index is read with the first bundle's."""
    for path in bundle.iterdir():
        if path.is_file() and path.name != "pagefind-entry.json" and path.suffix != ".pf_meta":
            path.unlink()


def offset_sorts(bundle: Path, offset: int) -> None:
    """Start each of the bundle's sort lists with ``offset`` entries that are no page of it (the page
    count), so that a record's position is counted from the first record of the first shard."""
    entry = checked_entry(bundle)
    for language, info in sorted(entry["languages"].items()):
        path = meta_path(bundle, info)
        meta = read_pagefind_file(path)
        no_page = len(meta[1])  # [version, pages, index chunks, filters, sorts, metadata fields]
        meta[4] = [[name, [no_page] * offset + list(pages)] for name, pages in meta[4]]
        path.unlink()
        info["hash"] = write_meta(bundle, language, meta)
    write_entry(bundle, entry)
