"""Static search: Pagefind (the binary inside the ``pagefind_bin`` wheel) indexes every event.

Readers download only the index fragments their query needs, instead of one
whole-site index as with MkDocs' lunr search. A chronology with no events still
gets a bundle (an empty index), so that its search page loads without error.

Pagefind reads the events from the model, not from the built pages: ``event_records``
makes one small record per event (its title, date, the words of its summary, body and
quotes, the names of its place, actors and quoted people, and its filters), which is
written as a small HTML file into a scratch folder for the binary to index, under the
event page's own URL. A built event page is ~40 KB of navigation, facets, sources and
markup around ~2 KB of words; Pagefind spends its time parsing it all. Labels
("Place", "Sources", "Permalink") and navigation are never indexed.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import html
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import cbor2

from generator.render.axis import html_datetime
from generator.render.pages import STATUS_LABELS
from generator.runtime import PARTIAL_AGE, end_with_parent


class SearchIndexError(RuntimeError):
    """Pagefind failed, or wrote an index this module cannot safely rewrite; the message says which."""


# The Pagefind versions whose index files this module has been tested on, in a browser too
# (1.3.0, 1.4.0, 1.5.2; 1.2 has no --silent). Keep in step with pagefind-bin in pyproject.toml.
TESTED_VERSIONS = ((1, 3), (1, 6))  # from 1.3 up to, not including, 1.6
TESTED_REQUIREMENT = "pagefind-bin>=1.3,<1.6"


def pagefind_executable() -> Path:
    """The Pagefind binary shipped in the ``pagefind_bin`` package."""
    from pagefind_bin import get_executable  # the binary's package is looked up only when search is built

    return Path(get_executable())


PAGES_GLOB = "events/**/*.html"
RECORDS_VERSION = "2"  # part of the cache key: change it when the records' HTML below changes
# What Pagefind indexes when a chronology has no events yet; the index is then emptied.
_PLACEHOLDER = ('<!doctype html><html lang="en"><head><title>placeholder</title></head>'
                '<body><main data-pagefind-body>placeholder</main></body></html>\n')


@dataclass(frozen=True)
class SearchRecord:
    """One event as the search index holds it (all text plain, HTML unescaped, but ``html``)."""

    path: str  # the event page's folder in the site: "events/<id>/", also the result's URL
    title: str
    date: str  # the date as the event page words it: shown with each result
    html: str  # the event's own words, sanitized HTML: summary, body, quotes
    names: tuple[str, ...]  # its place, actors and quoted people: found by a search, not shown apart
    filters: tuple[tuple[str, tuple[str, ...]], ...]  # (filter, values), e.g. ("tag", ("ceasefire",))
    status: str = "reported"  # the status's key: the result's marker class (status-<key>), as on the site's cards
    status_label: str = ""  # the status in words, as the cards word it
    datetime: str = ""  # the date for <time datetime>, "" when HTML has no form for it (a season, a BC year)
    order: int = 0  # the event's place in the chronology (date order): the search page's sort by date


# The search page's filters. A filter is one file that the search page loads whole before
# the first query, and its size grows with the events (each event's values): place, the
# one a reader is least likely to need among them, is left out of large chronologies.
FILTERS = ("tag", "actor", "place", "status", "year")
PLACE_FILTER_UP_TO = 5000  # events


def event_records(chron, md, words) -> list[SearchRecord]:
    """The search record of every event, in the chronology's order.

    ``md`` is the build's ``MarkdownRenderer`` (its texts are rendered already) and ``words``
    the site's ``Words``: dates and status labels as the event pages word them.
    """
    status_labels = {status: words.gettext(label) for status, label in STATUS_LABELS.items()}
    content = chron.content
    with_place = len(chron.events) <= PLACE_FILTER_UP_TO
    records = []
    for order, event in enumerate(chron.events):
        place = content.places.get(event.place) if event.place else None
        actors = [content.actors[actor].name for actor in event.actors if actor in content.actors]
        parts = [str(md(event.summary))]
        if event.body:
            parts.append(str(md(event.body)))
        parts.extend(str(md(quote.text)) for quote in event.quotes)
        speakers = [quote.by for quote in event.quotes if quote.by]
        filters = [("tag", tuple(event.tags)), ("actor", tuple(actors)),
                   ("place", (place.name,) if place and with_place else ()),
                   ("status", (status_labels.get(event.status, event.status),)),
                   ("year", (str(event.date.year),))]
        records.append(SearchRecord(
            path=f"events/{event.id}/", title=event.title, date=words.when(event), html="\n".join(parts),
            names=tuple(dict.fromkeys([*([place.name] if place else []), *actors, *speakers])),
            filters=tuple((name, values) for name, values in filters if values),
            status=event.status, status_label=status_labels.get(event.status, event.status),
            datetime=html_datetime(event.date) or "", order=order))
    return records


def record_html(record: SearchRecord, language: str) -> str:
    """The small page Pagefind indexes for one record: the title weighs as a heading; the date, the status
    and the filters are metadata only, kept out of the indexed words. ``order`` is the date sort's key,
    zero-padded so that it sorts the same as text or as a number."""
    e = html.escape
    meta = {"date": record.date, "datetime": record.datetime, "status": record.status, "status_label": record.status_label}
    metadata = "".join(f'<span data-pagefind-meta="{name}">{e(value)}</span>' for name, value in meta.items() if value)
    filters = "".join(f'<span data-pagefind-filter="{e(name)}">{e(value)}</span>'
                      for name, values in record.filters for value in values)
    names = f"<p>{e(', '.join(record.names))}</p>" if record.names else ""
    return (f'<!doctype html><html lang="{e(language)}"><head><meta charset="utf-8"><title>{e(record.title)}</title></head>'
            f'<body data-pagefind-body><h1>{e(record.title)}</h1>'
            f'<div data-pagefind-ignore data-pagefind-sort="date:{record.order:06d}">{metadata}{filters}</div>'
            f"{record.html}{names}</body></html>\n")


def build_search_index(site_dir: Path, cache_dir: Path | None = None, records: Iterable[SearchRecord] | None = None,
                       language: str = "en") -> bool:
    """Index the events into ``site_dir/pagefind/``; return whether Pagefind ran.

    ``records`` are the events' search records (``event_records``); without them, the
    built event pages of the site are indexed as they are (slower: they are large).
    With ``cache_dir``, the bundle is kept there with a digest of what it indexed, and a
    later build with the same records (or event pages) reuses it instead of running
    Pagefind again. The bundle is copied both ways, never hard-linked: a file edited in
    place in the site must not change the cache. A kept bundle is published only when its
    files are, in count and digest, those kept (``_reuse``); a damaged one is dropped.
    """
    bundle = site_dir / "pagefind"
    if records is None:
        pages = sorted(site_dir.glob(PAGES_GLOB))
        key = _pages_digest(site_dir, pages) if cache_dir is not None else ""
        documents = None
    else:
        documents = {record.path + "index.html": record_html(record, language).encode("utf-8") for record in records}
        key = _documents_digest(documents)
        pages = list(documents)
    if cache_dir is not None and _reuse(cache_dir, key, bundle):
        return False
    shutil.rmtree(bundle, ignore_errors=True)
    try:
        if not pages:
            _write_empty_bundle(bundle)
        elif documents is None:
            _run_pagefind(site_dir)
            make_index_deterministic(bundle)
        else:
            # Pagefind writes scratch/pagefind, renamed into place: the scratch folder is in the site
            # (the same file system; a failed build's site is thrown away, and so is the folder).
            with tempfile.TemporaryDirectory(prefix=".timeline-search-", dir=site_dir) as scratch:
                _write_documents(Path(scratch), documents)
                _run_pagefind(Path(scratch))
                os.replace(Path(scratch) / "pagefind", bundle)
            make_index_deterministic(bundle)
    except Exception as exc:
        # Pagefind exits 0 on a full disk, leaving empty files: say that, not that its version is wrong.
        if _disk_full(site_dir) or _NO_SPACE.search(str(exc)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(site_dir)) from None
        raise
    if cache_dir is not None:
        _keep_in_cache(bundle, cache_dir, key)
    return True


def _write_documents(folder: Path, documents: dict[str, bytes]) -> None:
    made: set[str] = set()
    for path, data in documents.items():
        parent = os.path.dirname(path)
        if parent not in made:
            os.makedirs(folder / parent, exist_ok=True)
            made.add(parent)
        with open(folder / path, "wb") as handle:
            handle.write(data)


def _documents_digest(documents: dict[str, bytes]) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(importlib.metadata.version("pagefind_bin").encode() + b"\0records " + RECORDS_VERSION.encode() + b"\0")
    for path, data in sorted(documents.items()):
        digest.update(path.encode() + b"\0" + len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def _run_pagefind(site_dir: Path) -> None:
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


def _write_empty_bundle(bundle: Path) -> None:
    """A bundle with Pagefind's scripts and an index of no pages (Pagefind refuses to index nothing)."""
    with tempfile.TemporaryDirectory(prefix=".timeline-search-", dir=bundle.parent) as scratch:  # in the site, as above
        page = Path(scratch) / "events" / "placeholder" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(_PLACEHOLDER, encoding="utf-8")
        _run_pagefind(Path(scratch))
        made = Path(scratch) / "pagefind"
        _empty_index(made)
        shutil.copytree(made, bundle)


def _pages_digest(site_dir: Path, pages: list[Path]) -> str:
    """A digest of Pagefind's version and every page it indexes (paths and bytes)."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(importlib.metadata.version("pagefind_bin").encode() + b"\0")
    digest.update(PAGES_GLOB.encode())
    for page in pages:
        digest.update(page.relative_to(site_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.blake2b(page.read_bytes(), digest_size=20).digest())
    return digest.hexdigest()


# -- the kept bundle ----------------------------------------------------------------------------
# cache_dir/bundle-<key>/ holds a bundle (pagefind/) and its manifest (the key, the count of its
# files and a digest of their paths and bytes). It is made under a temporary name and renamed
# into place whole, so that two builds (or a build and a serve) never see half of one; and it is
# checked as it is copied into a site.

_MANIFEST = "manifest.json"
_KEPT_PREFIX = "bundle-"
_NO_SPACE = re.compile(r"no space left on device|os error 28", re.IGNORECASE)
DISK_FULL_BELOW = 1 << 20  # bytes free: Pagefind's empty files on a disk this full are the disk's fault


def _reuse(cache_dir: Path, key: str, bundle: Path) -> bool:
    """Copy the bundle kept for ``key`` into the site, if its files are those its manifest counts;
    False, with nothing left in the site, if there is none. A damaged bundle is dropped."""
    kept = cache_dir / (_KEPT_PREFIX + key)
    try:
        manifest = json.loads((kept / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    shutil.rmtree(bundle, ignore_errors=True)
    try:
        copied = _copy_counted(kept / "pagefind", bundle)
    except OSError:
        copied = None
    if not isinstance(manifest, dict) or manifest.get("key") != key or copied != (manifest.get("files"), manifest.get("digest")):
        shutil.rmtree(bundle, ignore_errors=True)
        shutil.rmtree(kept, ignore_errors=True)
        return False
    return True


def _keep_in_cache(bundle: Path, cache_dir: Path, key: str) -> None:
    """Keep a copy of this bundle for ``key`` (replacing those of other keys); a cache that cannot be
    written only stays cold."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".new-", dir=cache_dir))
    except OSError:
        return
    try:
        files, digest = _copy_counted(bundle, scratch / "pagefind")
        (scratch / _MANIFEST).write_text(json.dumps({"key": key, "files": files, "digest": digest}), encoding="utf-8")
        os.chmod(scratch, 0o755)
        os.rename(scratch, cache_dir / (_KEPT_PREFIX + key))
    except OSError:  # the disk, or another build kept the same bundle first
        pass
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    old = time.time() - PARTIAL_AGE
    for other in cache_dir.iterdir():
        try:
            stale = (other.name.startswith(_KEPT_PREFIX) and other.name != _KEPT_PREFIX + key) or (
                other.name.startswith(".new-") and other.stat().st_mtime < old) or other.name in ("key", "pagefind")
            if stale:
                shutil.rmtree(other) if other.is_dir() else other.unlink()
        except OSError:
            pass


def _copy_counted(source: Path, target: Path) -> tuple[int, str]:
    """Copy the files under ``source`` to ``target`` (a new folder); return their count and a digest
    of their paths and bytes, as read."""
    digest = hashlib.blake2b(digest_size=20)
    count = 0
    for folder, subfolders, names in os.walk(source):
        subfolders.sort()
        relative = Path(folder).relative_to(source)
        (target / relative).mkdir(parents=True, exist_ok=True)
        for name in sorted(names):
            data = (Path(folder) / name).read_bytes()
            digest.update((relative / name).as_posix().encode() + b"\0" + len(data).to_bytes(8, "little") + data)
            (target / relative / name).write_bytes(data)
            count += 1
    if not count:
        raise FileNotFoundError(errno.ENOENT, "no bundle", str(source))
    return count, digest.hexdigest()


def _disk_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < DISK_FULL_BELOW
    except OSError:
        return False


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


def checked_entry(bundle: Path) -> dict:
    """Pagefind's ``pagefind-entry.json``, once its version is one whose files this module was tested on.

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


def _write_entry(bundle: Path, entry: dict) -> None:
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                                encoding="utf-8")


def make_index_deterministic(bundle: Path) -> None:
    """Sort Pagefind's filter values and rename the files that depend on them."""
    entry = checked_entry(bundle)
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
    _write_entry(bundle, entry)


def _empty_index(bundle: Path) -> None:
    """Remove every page from a bundle: its metadata (pages, word index, filters, sorts) becomes empty lists."""
    entry = checked_entry(bundle)
    for folder in ("fragment", "index", "filter"):
        shutil.rmtree(bundle / folder, ignore_errors=True)
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_cbor(meta_path)
        meta[1:5] = [[], [], [], []]  # [version, pages, index chunks, filters, sorts, metadata fields]
        meta_path.unlink()
        info["page_count"] = 0
        info["hash"] = _write_cbor(bundle, f"pagefind.{language}_", ".pf_meta", 10, meta).removeprefix("pagefind.")
    _write_entry(bundle, entry)
