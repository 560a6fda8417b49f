"""The search fragments named after the events' places in the chronology: a smaller first download.

Pagefind names each page's fragment after a hash of it, and its metadata file, which a first
search downloads whole from every bundle, holds that name for every page and one sort list (the
pages in date order). At 100,000 events that file was 0.94 MB of a first search: half of it the
names' random digits, a quarter the sort list. ``name_by_order`` renames each fragment
``<its record's place in the chronology, in base 36>-<tag>`` and drops the sort list: the places
cost about what the sort list did, the names' random digits go, and the file halves (a shard of
10,000 records: 94 KB -> 47 KB). The search page sorts by date itself, by the place in each
result's name (``assets/search.js``), across every shard alike.

The tag is the first digits of the bundle's cache key, the same for all its fragments (nearly
free once compressed): a bundle whose records change gets new names, so that a name never
stands for other content than a browser may have kept, as with Pagefind's own names.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.pipeline.pagefind_format import SearchIndexError, rewrite_metadata

DATE_SORT = "date"  # the records' sort key (search_record.html): the event's place in the chronology
TAG_DIGITS = 8
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def fragment_name(place: int, tag: str) -> str:
    """The fragment name of the record at ``place`` in the chronology (0: the first), in a bundle tagged ``tag``."""
    digits = ""
    while True:
        place, digit = divmod(place, 36)
        digits = _DIGITS[digit] + digits
        if not place:
            return f"{digits}-{tag}"


def name_by_order(bundle: Path, first_place: int, key: str) -> None:
    """Rename the fragments of ``bundle`` after their records' places (its first record is at
    ``first_place``) and drop its sort list; ``key`` is the bundle's cache key (its tag's source).

    Raises ``SearchIndexError`` when the bundle's date sort does not list each page once.
    """
    tag = key[:TAG_DIGITS]

    def name_pages(language: str, meta: list) -> None:
        pages, sorts = meta[1], dict(meta[4])
        in_date_order = sorts.get(DATE_SORT)
        if in_date_order is None or sorted(in_date_order) != list(range(len(pages))):
            raise SearchIndexError(f"Pagefind's index in {bundle.name} has no date sort listing each page once")
        for rank, page in enumerate(in_date_order):
            name = fragment_name(first_place + rank, tag)
            os.rename(bundle / "fragment" / f"{pages[page][0]}.pf_fragment", bundle / "fragment" / f"{name}.pf_fragment")
            pages[page][0] = name
        meta[4] = []

    rewrite_metadata(bundle, name_pages)
