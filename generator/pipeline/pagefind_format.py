"""Pagefind's bundle files, for the few places that rewrite them: its entry file and its CBOR files.

Pagefind's file format is internal to Pagefind and changes between versions: a file
rewritten in another version's format could give an index that loads in no browser,
without any error at build time. So ``checked_entry`` refuses a bundle of a version
whose files this package has not been tested on (``TESTED_VERSIONS``, the range that
pyproject.toml requires). Two rewrites use these files: ``pagefind_sorted`` (the filter
values in a fixed order, until Pagefind writes them so) and ``empty_index`` here (a
chronology with no events: Pagefind refuses to index nothing).

The index files are gzip(b"pagefind_dcd" + CBOR), each named after a hash of its bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Callable

import cbor2


class SearchIndexError(RuntimeError):
    """Pagefind failed, or wrote an index this package cannot safely rewrite; the message says which."""


# The Pagefind versions whose index files this package has been tested on, in a browser too
# (1.3.0, 1.4.0, 1.5.2; 1.2 has no --silent). Keep in step with pagefind-bin in pyproject.toml.
TESTED_VERSIONS = ((1, 3), (1, 6))  # from 1.3 up to, not including, 1.6
TESTED_REQUIREMENT = "pagefind-bin>=1.3,<1.6"

_SIGNATURE = b"pagefind_dcd"


def read_pagefind_file(path: Path):
    """The CBOR value of one of Pagefind's index files (``.pf_meta``, ``.pf_filter``, ...)."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise SearchIndexError(f"unexpected Pagefind file format in {path.name}")
    return cbor2.loads(data[len(_SIGNATURE):])


def write_pagefind_file(folder: Path, prefix: str, suffix: str, digits: int, value) -> str:
    """Write ``value`` as a Pagefind index file named after its content (``digits`` hex digits of
    its hash between ``prefix`` and ``suffix``); return the name without its suffix."""
    data = gzip.compress(_SIGNATURE + cbor2.dumps(value), mtime=0)
    name = f"{prefix}{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(data)
    return name


def checked_entry(bundle: Path) -> dict:
    """Pagefind's ``pagefind-entry.json``, once its version is one whose files this package was tested on.

    Rewriting the files of another version could write an index that loads in no browser,
    without any error at build time: refuse instead.
    """
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        version = entry["version"]
        languages = entry["languages"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SearchIndexError(f"Pagefind wrote no readable {entry_path} ({exc}); "
                               f"install a tested version: pip install '{TESTED_REQUIREMENT}'") from None
    found = re.match(r"(\d+)\.(\d+)\.", str(version))
    low, high = TESTED_VERSIONS
    if not found or not low <= (int(found[1]), int(found[2])) < high or not isinstance(languages, dict):
        raise SearchIndexError(
            f"Pagefind {version} wrote the search index, but timeline-site is tested only with Pagefind "
            f"{low[0]}.{low[1]} up to (not including) {high[0]}.{high[1]}, whose index files it rewrites for "
            f"byte-identical builds; install a tested version: pip install '{TESTED_REQUIREMENT}' "
            f"(or turn search off: plugins: - timeline: search: false)")
    return entry


def write_entry(bundle: Path, entry: dict) -> None:
    """Write ``pagefind-entry.json`` back, compact as Pagefind writes it."""
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                                encoding="utf-8")


def meta_path(bundle: Path, info: dict) -> Path:
    """The metadata file (``.pf_meta``) of one language of the entry."""
    return bundle / f"pagefind.{info['hash']}.pf_meta"


def write_meta(bundle: Path, language: str, meta) -> str:
    """Write a language's metadata file, named after its new bytes; return the entry's ``hash`` for it."""
    return write_pagefind_file(bundle, f"pagefind.{language}_", ".pf_meta", 10, meta).removeprefix("pagefind.")


def rewrite_metadata(bundle: Path, edit: Callable[[str, list], None]) -> None:
    """Let ``edit(language, meta)`` change each language's metadata file in place (``meta`` is
    ``[version, pages, index chunks, filters, sorts, metadata fields]``), then write it back under
    its new name and the entry that names it (with its page count). A bundle of an untested version is
    refused first."""
    entry = checked_entry(bundle)
    for language, info in sorted(entry["languages"].items()):
        path = meta_path(bundle, info)
        meta = read_pagefind_file(path)
        edit(language, meta)
        path.unlink()
        info["page_count"] = len(meta[1])
        info["hash"] = write_meta(bundle, language, meta)
    write_entry(bundle, entry)


def empty_index(bundle: Path) -> None:
    """Remove every page from a bundle: its metadata (pages, word index, filters, sorts) becomes empty lists."""
    checked_entry(bundle)  # before anything is removed
    for folder in ("fragment", "index", "filter"):
        shutil.rmtree(bundle / folder, ignore_errors=True)

    def no_pages(language: str, meta: list) -> None:
        meta[1:5] = [[], [], [], []]

    rewrite_metadata(bundle, no_pages)
