"""Reading a large content tree: one forked process per core, and what clean files gave kept.

``read_in_parallel`` applies ``build_content``'s rules to a tree of thousands of event files:
each worker parses and validates a share of them and sends back, per file, what the rules
across files need (its id, references and event); the parent runs those rules in file order.

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
from typing import NamedTuple

from generator.content.errors import ContentError
from generator.content.load import event_files, load_content, load_file, path_shower
from generator.content.yaml_nodes import Mapping, Position
from generator.content.media import media_root
from generator.content.model import Content, Event
from generator.runtime import code_version, cores, fork_map, keep_checked, read_checked

PARALLEL_FROM = 2000  # event files; below this, one process is faster

Errors = list[ContentError]


class Summary(NamedTuple):
    """What the rules across files need of one event file."""

    path: str  # as errors show it
    claim: str | None  # the id it claims; None when its fields are invalid
    id_pos: Position
    later_errors: Errors  # errors that count unless the id is a duplicate
    own: str  # its own id, for its references
    references: list
    event: Event | None  # None when invalid, or when the reader does not need the events


class KeptEvents:
    """What the last read found in each clean event file, keyed by path, size and modification time."""

    def __init__(self, path: Path) -> None:
        self.path = path  # CacheFolder.kept_events
        self._entries: dict[str, tuple[int, int, Summary]] | None = None  # read when first needed
        self.changed = False

    @property
    def entries(self) -> dict[str, tuple[int, int, Summary]]:
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

    def get(self, path: str, shown: str) -> Summary | None:
        """The kept summary of ``path`` if the file has not changed since, else None."""
        kept = self.entries.get(os.path.abspath(path))  # `timeline check content` and a build name files differently
        if kept is None or kept[2].path != shown:
            return None
        try:
            stat = os.stat(path)
        except OSError:
            return None
        return kept[2] if kept[:2] == (stat.st_mtime_ns, stat.st_size) else None

    def keep(self, path: str, stat: os.stat_result, summary: Summary) -> None:
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


def read_in_parallel(content_dir: Path, project_root: Path, paths: list[str], errors: Errors,
                     keep_events: bool, kept: KeptEvents | None = None) -> tuple[Content, int]:
    """Read a large tree; return the content and its event count (without ``keep_events`` the
    content holds no events). With ``kept``, unchanged clean files are not read again.

    The rules across files (duplicate ids, references) run here, in file order, as
    ``build_content`` runs them; tests hold the two paths to the same results.
    """
    from generator.content import validate as rules  # the rules live there; it calls this module

    files = load_content(content_dir, project_root, errors, events=[])
    actors, places, sources = rules._registries(files, errors)
    shown = path_shower(content_dir, project_root)
    found: dict[str, Summary] = {}
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
    summaries = [found[path] for path in paths if path in found]
    if kept is not None:
        kept.save(paths)
    first_seen: dict[str, str] = {}
    events = []
    for path, claim, id_pos, later_errors, _, _, event in summaries:
        if claim is None:
            continue
        if claim in first_seen:
            errors.append(id_pos.error(f"event id '{claim}' is already used by {first_seen[claim]}"))
            continue
        first_seen[claim] = path
        errors.extend(later_errors)
        if event is not None and keep_events:
            events.append(event)
    registries = {"place": places, "actor": actors, "source": sources, "event": {s.own for s in summaries}}
    for summary in summaries:
        rules._check_reference_list(summary.own, summary.references, registries, errors)
    rules._check_aliases([(s.own, s.references) for s in summaries], registries["event"], errors)
    content = Content(tuple(sorted(events, key=lambda e: e.sort_key)),
                      rules._valid(sources), rules._valid(actors), rules._valid(places))
    return content, len(first_seen)


def _read_share(shared: tuple[Path, Path, bool], paths: list[str]) -> tuple[Errors, list[tuple[str, os.stat_result | None, Summary]]]:
    """A forked worker's share: per event file that parsed, its path, stat and summary."""
    from generator.content import validate as rules

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
            claim, event, later_errors = rules._event_from(file, errors)
        if not isinstance(file.root, Mapping):
            continue
        own, references = rules._references_of(file, None)
        summary = Summary(file.path, claim, rules._field_pos(file, "id"), later_errors, own, references,
                          event if keep_events else None)
        summaries.append((path, stat, summary))
    return errors, summaries
