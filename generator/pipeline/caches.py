"""What one build keeps for the next: which pages and files it made from which inputs.

Two caches, both keyed by everything their output is made from (content, options,
templates, git history, and the code and libraries that write them):

* ``files_key`` keys the feeds, exports and sitemap (``kept_file`` keeps their bytes);
* ``PageReuse`` lets a build hard-link a page from the site it replaces instead of
  rendering and writing it again, when the page's inputs are the same and the old
  copy is still byte for byte what was written.

A live preview keeps the last inputs of each page in memory, and a manifest of its own for
the next ``timeline serve`` (``generator.pipeline.preview``).

Every cache file is replaced at once and carries a digest of its bytes (``keep_checked``): a
truncated or damaged file reads as missing, and is made again. ``build_lock`` lets one
``timeline build`` of a project run at a time; a ``serve`` takes no lock (its rebuilds must not
wait for a build), which the caches allow: each file is whole and checked, never half written.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import pickle
import time
from pathlib import Path
from typing import Any, Callable, Iterator

from generator.cache_folder import CacheFolder, cache_key
from generator.chronology import Chronology
from generator.editorial.history import FileHistory
from generator.content.model import Event
from generator.runtime import PARTIAL_AGE, code_version, keep_checked, read_checked

def files_key(chron: Chronology, options: Any, event_history: Callable[[Event], FileHistory]) -> bytes:
    """What the feeds, exports and sitemap are made from: the content, the site's options, each
    event's last change in git, and the code and libraries that write them. Same key, same bytes."""
    last_changed = [event_history(event).last_changed for event in chron.events]
    return cache_key(code_version(), pickle.dumps((chron.content, options, last_changed), protocol=5))


def kept_file(cached: Path, key: str, make: Callable[[], bytes]) -> bytes:
    """A feed or export as the last build with the same ``key`` made it, else made now and kept
    (key and bytes in one file, replaced at once, so that they always belong together)."""
    kept = read_checked(cached)
    if kept is not None:
        kept_key, _, data = kept.partition(b"\n")
        if kept_key == key.encode("ascii"):
            return data
    data = make()
    _write_kept(cached, key.encode("ascii") + b"\n" + data)
    return data


def pages_key(chron: Chronology, options: Any, templates_dirs: tuple[Path, ...]) -> bytes:
    """What every page depends on besides its own inputs: the registries (cards show actor and
    place names), the options, the templates' text, and the code."""
    content = chron.content
    templates = [part for folder in templates_dirs for template in sorted(folder.rglob("*")) if template.is_file()
                 for part in (template.relative_to(folder).as_posix(), template.read_bytes())]
    return cache_key(code_version(), pickle.dumps((content.sources, content.actors, content.places, options), protocol=5),
                     *templates)


Manifest = dict[str, tuple[bytes, bytes]]  # page path -> (inputs key, digest of the HTML written)
EventDigests = dict[str, tuple[Event, bytes]]  # event id -> (the event, its digest in page keys)


class PageReuse:
    """A full build's page cache, backed by the site the build replaces.

    Ask ``reusable(path, key)`` whether the old page can stand for the new one (its inputs
    key matches the manifest of the build that wrote it, and the old file still has the
    bytes that build wrote, so a page edited or damaged in the site folder is made again);
    then ``link(path)`` it into the new site, or render it and keep its manifest ``entry``.
    """

    def __init__(self, global_key: bytes, manifest: Manifest, old_site: Path | None, new_site: Path,
                 event_digests: dict | None = None) -> None:
        self.global_key = global_key
        self.old = manifest
        self.old_site = old_site
        self.new_site = new_site
        # event id -> (event, digest): a live preview passes the same dict to every rebuild
        self._event_digests: EventDigests = {} if event_digests is None else event_digests

    def key(self, inputs: Any, events: set[str] | None = None) -> bytes | None:
        """The digest of a page's inputs (and of what every page shares); None if they cannot be keyed.
        ``events``: given, the ids of the events the inputs hold are added to it."""
        buffer = io.BytesIO()
        buffer.write(self.global_key)
        try:
            _EventDigestPickler(buffer, self._event_digests, events).dump(inputs)
        except (pickle.PicklingError, TypeError, AttributeError):  # inputs that cannot be keyed: always render
            return None
        return cache_key(buffer.getvalue())

    def reusable(self, path: str, key: bytes | None) -> bool:
        """Whether the replaced site's copy of ``path`` is what rendering it now would write."""
        previous = self.old.get(path)
        if key is None or self.old_site is None or previous is None or previous[0] != key:
            return False
        try:
            return cache_key((self.old_site / path).read_bytes()) == previous[1]
        except OSError:
            return False

    def link(self, path: str) -> bool:
        """Hard-link the replaced site's copy of ``path`` into the new site; False if it cannot be."""
        target = self.new_site / path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(self.old_site / path, target)
        except OSError:  # gone, or another file system: the caller renders it
            return False
        return True

    @staticmethod
    def entry(key: bytes | None, data: bytes) -> tuple[bytes, bytes] | None:
        """The next build's manifest entry for a page written from inputs ``key`` (None: not reusable)."""
        return None if key is None else (key, cache_key(data))


class _EventDigestPickler(pickle.Pickler):
    """Pickles page inputs with each event replaced by its digest, computed once per build:
    a year's pages and the home page would otherwise pickle thousands of events each.
    (A dispatch table, not ``persistent_id``, so that Python runs only for events.)"""

    def __init__(self, file: io.BytesIO, digests: EventDigests, seen: set[str] | None = None) -> None:
        super().__init__(file, protocol=5)
        self.digests = digests
        self.seen = seen
        self.dispatch_table = {Event: self._as_digest}

    def _as_digest(self, event: Event) -> tuple:
        if self.seen is not None:
            self.seen.add(event.id)
        found = self.digests.get(event.id)
        if found is None or found[0] is not event:  # an event read again (edited) since: its digest again
            found = self.digests[event.id] = (event, cache_key(pickle.dumps(event, protocol=5)))
        return _event_with_digest, (found[1],)


def _event_with_digest(digest: bytes) -> bytes:
    """What an event stands for in a page's inputs key (never called: keys are not unpickled)."""
    return digest


def load_manifest(path: Path, site_dir: Path) -> Manifest:
    """The pages the last build wrote, when that build's site is ``site_dir``; else nothing."""
    data = read_checked(path)
    try:
        kept = pickle.loads(data) if data is not None else {}
        return kept["pages"] if kept.get("site") == str(site_dir) else {}
    except Exception:  # noqa: BLE001 - the file of another version of this code: nothing to reuse
        return {}


def save_manifest(path: Path, site_dir: Path, pages: Manifest) -> None:
    """Keep this build's manifest for the next build."""
    _write_kept(path, pickle.dumps({"site": str(site_dir), "pages": pages}, protocol=5))


def _write_kept(path: Path, data: bytes) -> None:
    """Replace a cache file at once; a read-only checkout still builds, it just stays cold."""
    try:
        keep_checked(path, data)
    except OSError:
        pass


@contextlib.contextmanager
def build_lock(cache: CacheFolder, waiting: Callable[[], None]) -> Iterator[None]:
    """Hold the project's build lock while the block runs: one build of a project at a time. When another
    build holds it, ``waiting()`` is called once and this one waits. A POSIX lock: it is this process's
    alone (forked workers do not hold it) and the system drops it when the process ends, however it ends.
    A cache folder that cannot be written takes no lock (such a build keeps nothing in it)."""
    try:
        cache.root.mkdir(parents=True, exist_ok=True)
        stream = open(cache.build_lock, "ab")
    except OSError:
        yield
        return
    with stream:
        try:
            fcntl.lockf(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            waiting()
            fcntl.lockf(stream, fcntl.LOCK_EX)
        sweep_partial_files(cache)
        yield


def sweep_partial_files(cache: CacheFolder) -> None:
    """Remove the temporary copies of cache files (``write_atomically``) that killed processes left."""
    old = time.time() - PARTIAL_AGE
    for folder in (cache.root, cache.files):
        for partial in folder.glob(".*.partial"):
            with contextlib.suppress(OSError):
                if partial.stat().st_mtime < old:
                    partial.unlink()
