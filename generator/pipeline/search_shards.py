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
edit of an event's words runs Pagefind again over its own shard only; one that adds, removes or
re-dates an event, over that shard and every later one (their records' places, which name their
fragments, move).

A sort by date runs across the shards in the search page: each fragment is named after its
record's place in the whole chronology (``pagefind_names``), counted on from the shards before.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Sequence

from generator.pipeline.search_records import SearchRecord

SHARD_RECORDS = 10_000  # records a Pagefind run indexes at most (~170 KB of its memory a record: ~1.7 GB)
PAGEFIND_RUNS_AT_ONCE = 2  # at most, whatever the cores: each may take ~1.7 GB, beside the pages' workers
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
    if not sharded(len(records)):
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
