"""The search bundle: Pagefind (the binary inside the ``pagefind_bin`` wheel) run over the events, its bundle kept.

Readers download only the index fragments their query needs, instead of one
whole-site index as with MkDocs' lunr search. A chronology with no events still
gets a bundle (an empty index), so that its search page loads without error.

``build_search_index`` writes the records' pages (``generator.pipeline.search_records``)
into a scratch folder in the site, runs Pagefind over them, puts its bundle in
``site/pagefind/``, sorts it (``pagefind_sorted``) and names its fragments after the records'
places in the chronology (``pagefind_names``); past ``SHARD_RECORDS`` records, it does
so for each shard of them (``search_shards``), a Pagefind run each, up to ``PAGEFIND_RUNS_AT_ONCE`` at once.
Each bundle is kept in the cache folder with a digest of what it indexed (for the records, of
what their pages are made from: ``search_records.records_key``), and reused while that is
unchanged: hard-linked into the site, each file checked against the kept manifest as it is
linked. A full disk is reported as one (Pagefind exits 0 on it, leaving empty files).
"""

from __future__ import annotations

import errno
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from dataclasses import dataclass
from typing import Callable, Iterable

from pagefind_bin import get_executable

from generator.cache_folder import cache_key
from generator.pipeline.pagefind_format import TESTED_REQUIREMENT, SearchIndexError, empty_index
from generator.pipeline.pagefind_names import name_by_order
from generator.pipeline.pagefind_sorted import make_index_deterministic
from generator.pipeline.search_records import SearchRecord, record_documents, records_key
from generator.pipeline.search_shards import (PAGEFIND_RUNS_AT_ONCE, SHARDS_FOLDER, SHARDS_LIST, keep_only_the_index,
                                              shard_folder, shard_records, shards_list)
from generator.runtime import PARTIAL_AGE, end_with_parent, fork_map, write_atomically


def pagefind_executable() -> Path:
    """The Pagefind binary shipped in the ``pagefind_bin`` package."""
    return Path(get_executable())


PAGES_GLOB = "events/**/*.html"
# What Pagefind indexes when a chronology has no events yet; the index is then emptied.
_PLACEHOLDER = ('<!doctype html><html lang="en"><head><title>placeholder</title></head>'
                '<body><main data-pagefind-body>placeholder</main></body></html>\n')
_NO_SPACE = re.compile(r"no space left on device|os error 28", re.IGNORECASE)
DISK_FULL_BELOW = 1 << 20  # bytes free: Pagefind's empty files on a disk this full are the disk's fault


def build_search_index(site_dir: Path, cache_dir: Path | None, records: Iterable[SearchRecord],
                       language: str = "en") -> bool:
    """Index the events into ``site_dir/pagefind/`` (past ``search_shards.SHARD_RECORDS`` records, into
    shards: ``search_shards``); return whether Pagefind ran.

    ``records`` are the events' search records (``search_records.event_records``).
    With ``cache_dir``, each bundle is kept there with a digest of what it indexed, and a
    later build with the same records reuses it instead of running
    Pagefind again. The bundle's files are hard-linked both ways (copied where the site and
    the cache are on different file systems): a warm build writes none of them. So a file
    edited in place in the site changes the kept one too; but a kept bundle is published only
    when its files are, in count and digest, those its manifest names (``_reuse``), so such
    an edit, like any damage, drops the kept bundle and Pagefind runs again: a damaged bundle
    is never published.
    The shards are indexed by up to ``PAGEFIND_RUNS_AT_ONCE`` Pagefind runs at once (``fork_map``).
    """
    shutil.rmtree(site_dir / SHARDS_FOLDER, ignore_errors=True)  # an earlier build's, in a preview's site
    try:
        plan = _Plan(site_dir, cache_dir, language, shard_records(list(records)))
        made = list(fork_map(_index_shard, range(len(plan.shards)), plan, workers=PAGEFIND_RUNS_AT_ONCE))
        if len(plan.shards) > 1:
            write_atomically(site_dir / SHARDS_LIST, json.dumps(shards_list(len(plan.shards))).encode())
    except Exception as exc:
        # Pagefind exits 0 on a full disk, leaving empty files: say that, not that its version is wrong.
        if _disk_full(site_dir) or _NO_SPACE.search(str(exc)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(site_dir)) from None
        raise
    if cache_dir is not None:
        _drop_others(cache_dir, {key for key, _ in made})
    return any(ran for _, ran in made)


@dataclass(frozen=True)
class _Plan:
    """What the workers indexing the shards share (inherited by the forked workers, never pickled)."""

    site_dir: Path
    cache_dir: Path | None
    language: str
    shards: list[list[SearchRecord]]


def _index_shard(plan: _Plan, index: int) -> tuple[str, bool]:
    """Index the shard ``index`` of ``plan`` into its bundle (or reuse the one kept); (its key, whether Pagefind ran)."""
    records = plan.shards[index]
    first_place = records[0].order if records else 0  # its fragments are named from here on (pagefind_names)
    key = cache_key(_pagefind_version(), records_key(records, plan.language)).hex()  # the records' places included
    bundle = plan.site_dir / shard_folder(index)

    def make() -> None:
        if not records:
            _write_empty_bundle(bundle)
            return
        documents = record_documents(records, plan.language)  # only now: a reused bundle needs none
        # Pagefind writes scratch/pagefind, renamed into place: the scratch folder is in the site
        # (the same file system; a failed build's site is thrown away, and so is the folder).
        with tempfile.TemporaryDirectory(prefix=".timeline-search-", dir=plan.site_dir) as scratch:
            write_documents(Path(scratch), documents)
            run_pagefind(Path(scratch))
            bundle.parent.mkdir(parents=True, exist_ok=True)
            os.replace(Path(scratch) / "pagefind", bundle)
        make_index_deterministic(bundle)
        name_by_order(bundle, first_place, key)
        if index:
            keep_only_the_index(bundle)

    return key, _made_or_reused(bundle, plan.cache_dir, key, make)


def _made_or_reused(bundle: Path, cache_dir: Path | None, key: str, make: Callable[[], None]) -> bool:
    """Link (across file systems, copy) the bundle kept for ``key`` to ``bundle``, or ``make`` it there and keep it; whether it was made."""
    if cache_dir is not None and _reuse(cache_dir, key, bundle):
        return False
    shutil.rmtree(bundle, ignore_errors=True)
    make()
    if cache_dir is not None:
        _keep_in_cache(bundle, cache_dir, key)
    return True


def write_documents(folder: Path, documents: dict[str, bytes]) -> None:
    """Write the records' pages (``search_records.record_documents``) under ``folder``, for Pagefind to index."""
    made: set[str] = set()
    for path, data in documents.items():
        parent = os.path.dirname(path)
        if parent not in made:
            os.makedirs(folder / parent, exist_ok=True)
            made.add(parent)
        with open(folder / path, "wb") as handle:
            handle.write(data)


def _pagefind_version() -> str:
    return "pagefind_bin=" + importlib.metadata.version("pagefind_bin")


def run_pagefind(site_dir: Path) -> None:
    """Run Pagefind over the event pages of ``site_dir``, writing ``site_dir/pagefind``."""
    executable = pagefind_executable()
    try:
        result = subprocess.run([str(executable), "--site", str(site_dir), "--glob", PAGES_GLOB, "--silent"],
                                capture_output=True, text=True, preexec_fn=end_with_parent)  # ends with the build
    except OSError as exc:
        raise SearchIndexError(f"could not run Pagefind ({executable}): {exc.strerror or exc}; "
                               f"reinstall it: pip install --force-reinstall '{TESTED_REQUIREMENT}'") from None
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip() or "(no output)"
        raise SearchIndexError(f"Pagefind failed (exit code {result.returncode}): {output}\n"
                               "(to build without search meanwhile: plugins: - timeline: search: false in mkdocs.yml)")
    # Pagefind exits 0 when a write fails (a full disk), leaving that file empty; it never writes one
    # otherwise (every file it writes is compressed), so an empty file is a failed run, not an index.
    empty = next((path for path in (site_dir / "pagefind").rglob("*") if path.is_file() and not path.stat().st_size), None)
    if empty is not None:
        raise SearchIndexError(f"Pagefind left {empty.relative_to(site_dir)} empty")


def _write_empty_bundle(bundle: Path) -> None:
    """A bundle with Pagefind's scripts and an index of no pages (Pagefind refuses to index nothing)."""
    with tempfile.TemporaryDirectory(prefix=".timeline-search-", dir=bundle.parent) as scratch:  # in the site, as above
        page = Path(scratch) / "events" / "placeholder" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(_PLACEHOLDER, encoding="utf-8")
        run_pagefind(Path(scratch))
        made = Path(scratch) / "pagefind"
        empty_index(made)
        shutil.copytree(made, bundle)


def _disk_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < DISK_FULL_BELOW
    except OSError:
        return False


# -- the kept bundle ----------------------------------------------------------------------------
# cache_dir/bundle-<key>/ holds a bundle (pagefind/) and its manifest (the key, the count of its
# files and a digest of their paths and bytes). It is made under a temporary name and renamed
# into place whole, so that two builds (or a build and a serve) never see half of one; and it is
# checked as it is linked into a site. Its files are the site's (hard links): nothing here ever
# writes to a bundle's file once it is kept (each is made new, never rewritten in place).

_MANIFEST = "manifest.json"
_KEPT_PREFIX = "bundle-"


def _reuse(cache_dir: Path, key: str, bundle: Path) -> bool:
    """Link the bundle kept for ``key`` into the site, if its files are those its manifest counts;
    False, with nothing left in the site, if there is none. A damaged bundle is dropped."""
    kept = cache_dir / (_KEPT_PREFIX + key)
    try:
        manifest = json.loads((kept / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    shutil.rmtree(bundle, ignore_errors=True)
    try:
        published = _link_counted(kept / "pagefind", bundle)
    except OSError:
        published = None
    if not isinstance(manifest, dict) or manifest.get("key") != key or published != (manifest.get("files"), manifest.get("digest")):
        shutil.rmtree(bundle, ignore_errors=True)
        shutil.rmtree(kept, ignore_errors=True)
        return False
    return True


def _keep_in_cache(bundle: Path, cache_dir: Path, key: str) -> None:
    """Keep this bundle (its files linked) for ``key``; a cache that cannot be written only stays cold."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".new-", dir=cache_dir))
    except OSError:
        return
    try:
        files, digest = _link_counted(bundle, scratch / "pagefind")
        (scratch / _MANIFEST).write_text(json.dumps({"key": key, "files": files, "digest": digest}), encoding="utf-8")
        os.chmod(scratch, 0o755)
        os.rename(scratch, cache_dir / (_KEPT_PREFIX + key))
    except OSError:  # the disk, or another build kept the same bundle first
        pass
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _drop_others(cache_dir: Path, keys: set[str]) -> None:
    """Drop the bundles kept for other keys than ``keys`` (this build's), and what killed builds left."""
    old = time.time() - PARTIAL_AGE
    kept = {_KEPT_PREFIX + key for key in keys}
    try:
        others = list(cache_dir.iterdir())
    except OSError:
        return
    for other in others:
        try:
            stale = (other.name.startswith(_KEPT_PREFIX) and other.name not in kept) or (
                other.name.startswith(".new-") and other.stat().st_mtime < old) or other.name in ("key", "pagefind")
            if stale:
                shutil.rmtree(other) if other.is_dir() else other.unlink()
        except OSError:
            pass


def _link_counted(source: Path, target: Path) -> tuple[int, str]:
    """Hard-link the files under ``source`` into ``target`` (a new folder), or copy those that cannot be
    linked (another file system); return their count and a digest of their paths and bytes, as read."""
    digests = []
    for folder, subfolders, names in os.walk(source):  # paths as text: ~10,000 files a bundle, pathlib costs
        subfolders.sort()
        relative = os.path.relpath(folder, source)
        prefix = "" if relative == os.curdir else relative.replace(os.sep, "/") + "/"
        into = os.path.join(target, relative)
        os.makedirs(into, exist_ok=True)
        for name in sorted(names):
            kept = os.path.join(folder, name)
            with open(kept, "rb") as handle:
                data = handle.read()
            digests.append(cache_key(prefix + name, data))
            try:
                os.link(kept, os.path.join(into, name))
            except OSError:
                with open(os.path.join(into, name), "wb") as handle:
                    handle.write(data)
    if not digests:
        raise FileNotFoundError(errno.ENOENT, "no bundle", str(source))
    return len(digests), cache_key(*digests).hex()
