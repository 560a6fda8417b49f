"""Static search: Pagefind (the binary inside the ``pagefind_bin`` wheel) indexes the built event pages.

Readers download only the index fragments their query needs, instead of one
whole-site index as with MkDocs' lunr search.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
from pathlib import Path

import cbor2


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message carries its output."""


def pagefind_executable() -> Path:
    """The Pagefind binary shipped in the ``pagefind_bin`` package."""
    from pagefind_bin import get_executable

    return Path(get_executable())


PAGES_GLOB = "events/**/*.html"


def build_search_index(site_dir: Path, cache_dir: Path | None = None) -> bool:
    """Index the event pages of a built site into ``site_dir/pagefind/``; return whether Pagefind ran.

    With ``cache_dir``, the bundle is kept there with a digest of what it indexed, and a
    later build whose event pages are byte for byte the same reuses it instead of
    running Pagefind again (seconds at 10,000 events).
    """
    key = _pages_digest(site_dir) if cache_dir is not None else ""
    if cache_dir is not None and _read_key(cache_dir) == key:
        shutil.rmtree(site_dir / "pagefind", ignore_errors=True)
        _copy_tree(cache_dir / "pagefind", site_dir / "pagefind")
        return False
    result = subprocess.run(
        [str(pagefind_executable()), "--site", str(site_dir), "--glob", PAGES_GLOB, "--silent"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SearchIndexError(f"pagefind failed ({result.returncode}): {result.stderr or result.stdout}")
    make_index_deterministic(site_dir / "pagefind")
    if cache_dir is not None:
        _keep_in_cache(site_dir / "pagefind", cache_dir, key)
    return True


def _pages_digest(site_dir: Path) -> str:
    """A digest of Pagefind's version and every page it indexes (paths and bytes)."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(importlib.metadata.version("pagefind_bin").encode() + b"\0")
    digest.update(PAGES_GLOB.encode())
    for page in sorted(site_dir.glob(PAGES_GLOB)):
        digest.update(page.relative_to(site_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.blake2b(page.read_bytes(), digest_size=20).digest())
    return digest.hexdigest()


def _read_key(cache_dir: Path) -> str | None:
    try:
        return (cache_dir / "key").read_text(encoding="utf-8")
    except OSError:
        return None


def _keep_in_cache(bundle: Path, cache_dir: Path, key: str) -> None:
    """Replace the cached bundle by this one; a cache that cannot be written only stays cold."""
    try:
        shutil.rmtree(cache_dir, ignore_errors=True)
        _copy_tree(bundle, cache_dir / "pagefind")
        (cache_dir / "key").write_text(key, encoding="utf-8")  # last: a half-copied bundle has no key
    except OSError:
        shutil.rmtree(cache_dir, ignore_errors=True)


def _copy_tree(source: Path, target: Path) -> None:
    """Copy a folder, hard-linking files where the file system allows (the files are never edited in place)."""

    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link_or_copy)


# -- deterministic output ----------------------------------------------------------------------
# Pagefind writes each filter's values in hash-map order, which changes from run to run, and
# names the filter files and the metadata file after their bytes. To keep the site
# byte-identical for the same content, the filter values are sorted and the files renamed
# after their new bytes. The files are gzip(b"pagefind_dcd" + CBOR).

_SIGNATURE = b"pagefind_dcd"


def _read_cbor(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise SearchIndexError(f"unexpected Pagefind file format in {path.name}")
    return cbor2.loads(data[len(_SIGNATURE):])


def _write_cbor(folder: Path, prefix: str, suffix: str, digits: int, value) -> str:
    """Write a Pagefind file named after its content; return the name's hash part."""
    data = gzip.compress(_SIGNATURE + cbor2.dumps(value), mtime=0)
    name = f"{prefix}{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(data)
    return name


def make_index_deterministic(bundle: Path) -> None:
    """Sort Pagefind's filter values and rename the files that depend on them."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_cbor(meta_path)
        filters = []
        for filter_name, old_hash in meta[3]:
            old_path = bundle / "filter" / f"{old_hash}.pf_filter"
            name, values = _read_cbor(old_path)
            old_path.unlink()
            new_hash = _write_cbor(bundle / "filter", f"{language}_", ".pf_filter", 7, [name, sorted(values)])
            filters.append([filter_name, new_hash])
        meta[3] = sorted(filters)
        meta_path.unlink()
        info["hash"] = _write_cbor(bundle, f"pagefind.{language}_", ".pf_meta", 10, meta).removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
