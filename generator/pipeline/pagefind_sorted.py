"""Pagefind's filter values in a fixed order, so that the same content gives a byte-identical search bundle.

Supports Pagefind 1.3 up to (not including) 1.6, the versions ``pagefind_format.TESTED_VERSIONS``
admits; a bundle of any other version is refused, left as Pagefind wrote it. These versions
write each filter's values in hash-map order, which changes from run to run, and name the
filter files and the metadata file after their bytes (1.5.2, three runs over the same pages:
three sets of filter file names). ``make_index_deterministic``, the one function here,
rewrites those files with the values sorted and renames them after their new bytes. The
word index and the fragments are stable already: Pagefind 1.3 made the fragments' names
stable (Pagefind issue #638, "Pagefind 1.1.0 output is not stable", closed in December 2024
with the maintainer's note that the filter and metadata files "will still change").

Upstream, as of Pagefind 1.5.2: no option asks for sorted or reproducible output (``pagefind
--help``), and a search of Pagefind's issues found none open asking for it. Pagefind's source
after 1.5.2 (``pagefind/src/index/mod.rs`` at commit 0c33f6a, which has a ``max_fragments``
option 1.5.2 lacks) sorts the filters and their values before encoding them "to produce a
stable hash". This module goes away, with its one call in ``pagefind_run``, once the Pagefind
versions pyproject.toml requires write sorted filter files themselves: check that two
builds of the same content give the same bundle without it. (Pagefind names its files after
a hash of their CBOR, this module after one of the gzipped file: dropping it renames the
filter and metadata files once.)
"""

from __future__ import annotations

from pathlib import Path

from generator.pipeline.pagefind_format import read_pagefind_file, rewrite_metadata, write_pagefind_file


def make_index_deterministic(bundle: Path) -> None:
    """Sort Pagefind's filter values and rename the files that depend on them (Pagefind 1.3 to 1.5 only:
    a bundle of another version is refused with ``SearchIndexError``, left as Pagefind wrote it)."""
    def sort_filters(language: str, meta: list) -> None:
        filters = []
        for filter_name, old_hash in meta[3]:
            old_path = bundle / "filter" / f"{old_hash}.pf_filter"
            name, values = read_pagefind_file(old_path)
            old_path.unlink()
            new_hash = write_pagefind_file(bundle / "filter", f"{language}_", ".pf_filter", 7, [name, sorted(values)])
            filters.append([filter_name, new_hash])
        meta[3] = sorted(filters)

    rewrite_metadata(bundle, sort_filters)
