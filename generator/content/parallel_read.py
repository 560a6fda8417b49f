"""Reading a large content tree: one forked process per core, and what clean files gave kept.

``summarize_in_parallel`` reads a tree of thousands of event files: each worker parses and
validates a share of them and sends back, per file, what the rules across files need (its
``EventSummary``); the reader (``generator.content.reader``) runs those rules in file order.

``KeptEvents`` keeps that per-file result for the next read, in the project's cache folder,
for files that read without an error and have no media (whose checks read other files). The
next ``timeline build`` or ``timeline check`` then parses and validates only the files whose
size or modification time changed; the rules across files still run over every file. The
kept results are dropped whole when the code or the libraries change (``code_version``).
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from generator.content.cross_file import EventSummary
from generator.content.errors import ContentError
from generator.content.load import event_files, load_file, path_shower

from generator.content.media import media_root
from generator.content.validate import summarize_event
from generator.runtime import code_version, cores, fork_map, keep_checked, read_checked

PARALLEL_FROM = 2000  # event files; below this, one process is faster

Errors = list[ContentError]


class KeptEvents:
    """What the last read found in each clean event file, keyed by path, size and modification time."""

    def __init__(self, path: Path) -> None:
        self.path = path  # CacheFolder.kept_events
        self._entries: dict[str, tuple[int, int, EventSummary]] | None = None  # read when first needed
        self.changed = False

    @property
    def entries(self) -> dict[str, tuple[int, int, EventSummary]]:
        """Absolute path -> (modification time, size, summary), as the last read left them."""
        if self._entries is None:
            self._entries = {}
            data = read_checked(self.path)  # None when missing, truncated or damaged: read everything
            try:
                version, entries = pickle.loads(data) if data is not None else (None, None)
            except Exception:  # noqa: BLE001 - a file this code cannot read: read everything
                return self._entries
            if version == code_version() and isinstance(entries, dict):
                self._entries = entries
        return self._entries

    def get(self, path: str, shown: str) -> EventSummary | None:
        """The kept summary of ``path`` if the file has not changed since, else None."""
        kept = self.entries.get(os.path.abspath(path))  # `timeline check content` and a build name files differently
        if kept is None or kept[2].path != shown:
            return None
        try:
            stat = os.stat(path)
        except OSError:
            return None
        return kept[2] if kept[:2] == (stat.st_mtime_ns, stat.st_size) else None

    def keep(self, path: str, stat: os.stat_result, summary: EventSummary) -> None:
        """Remember a clean file's summary (with its event) for the next read."""
        self.entries[os.path.abspath(path)] = (stat.st_mtime_ns, stat.st_size, summary)
        self.changed = True

    def save(self, paths: list[str]) -> None:
        """Write what is kept for ``paths`` (the tree's event files now), if anything changed."""
        if len(self.entries) != len(paths):
            present = map(os.path.abspath, paths)
            self._entries = {path: self.entries[path] for path in present if path in self.entries}
            self.changed = True
        if not self.changed:
            return
        try:
            keep_checked(self.path, pickle.dumps((code_version(), self.entries), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:  # a read-only checkout still reads; it just stays cold
            pass


def event_files_to_split(content_dir: Path) -> list[str]:
    """The event files, when there are enough of them and cores to read them in parallel; else []."""
    if cores() < 2 or not (content_dir / "events").is_dir():
        return []
    paths = event_files(content_dir)
    return paths if len(paths) >= PARALLEL_FROM else []


def summarize_in_parallel(content_dir: Path, project_root: Path, paths: list[str], errors: Errors,
                          keep_events: bool, kept: KeptEvents | None = None) -> list[EventSummary]:
    """The summaries of the event files ``paths`` (those that parsed into a mapping, in file order),
    read by one forked process per core; their errors go to ``errors``. Without ``keep_events`` (or
    ``kept``, which keeps them) the workers send no events back. With ``kept``, unchanged clean
    files are not read again."""
    shown = path_shower(content_dir, project_root)
    found: dict[str, EventSummary] = {}
    if kept is not None:
        found = {path: summary for path in paths if (summary := kept.get(path, shown(path))) is not None}
    todo = [path for path in paths if path not in found]
    if todo:
        size = -(-len(todo) // cores())
        shares = [todo[start:start + size] for start in range(0, len(todo), size)]
        keep = keep_events or kept is not None
        for share_errors, share_summaries in fork_map(_read_share, shares, (content_dir, project_root, keep)):
            errors.extend(share_errors)
            with_errors = {error.path for error in share_errors}
            for path, stat, summary in share_summaries:
                found[path] = summary
                clean = summary.event is not None and not summary.later_errors and summary.path not in with_errors
                if kept is not None and stat is not None and clean and not summary.event.media:
                    kept.keep(path, stat, summary)
    if kept is not None:
        kept.save(paths)
    return [found[path] for path in paths if path in found]


def _read_share(shared: tuple[Path, Path, bool], paths: list[str]
                ) -> tuple[Errors, list[tuple[str, os.stat_result | None, EventSummary]]]:
    """A forked worker's share: per event file that parsed into a mapping, its path, stat and summary."""
    content_dir, project_root, keep_events = shared
    errors: Errors = []
    shown = path_shower(content_dir, project_root)
    summaries = []
    for path in paths:
        try:
            stat = os.stat(path)  # before reading: a file changed meanwhile is read again next time
        except OSError:
            stat = None
        file = load_file(path, shown(path), errors)
        if file.root is None:
            continue
        with media_root(content_dir):  # set here too: a worker does not rely on what it inherited
            summary = summarize_event(file, errors, keep_events)
        if summary is not None:
            summaries.append((path, stat, summary))
    return errors, summaries
