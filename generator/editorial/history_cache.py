"""The history's cache file in ``.timeline-cache/``: a compact JSON form, read while HEAD has not moved."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from generator.editorial.history_records import Change, Deletion, FileHistory, History, LogEntry
from generator.cache_folder import CacheFolder, cache_key
from generator.runtime import keep_checked, read_checked

CACHE_VERSION = 4  # 3: renames, and commits with a Timeline-History: skip trailer left out; 4: words, titles


def cache_path(cache: CacheFolder, key: tuple[str, str, str]) -> Path:
    """The cache file of the history of one content folder at one HEAD."""
    return cache.history(cache_key(*key))


def read_cache_file(cache: CacheFolder | None, key: tuple[str, str, str], content: Path) -> History | None:
    """The history kept for ``key``, or None when there is none (or it is of another version)."""
    if cache is None:
        return None
    kept = read_checked(cache_path(cache, key))  # None when missing, truncated or damaged
    if kept is None:
        return None
    try:
        data = json.loads(kept.decode("utf-8"))
        if data.get("version") != CACHE_VERSION or data.get("key") != list(key):
            return None
        return _history_from_json(data, content)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None


def write_cache_file(cache: CacheFolder | None, key: tuple[str, str, str], history: History) -> None:
    """Keep ``history`` for ``key``; a folder that cannot be written only makes later builds slower."""
    if cache is None:
        return
    path = cache_path(cache, key)
    try:
        data = json.dumps({"version": CACHE_VERSION, "key": list(key), **_history_to_json(history)})
        keep_checked(path, data.encode("utf-8"))
    except OSError:
        pass  # a cache that cannot be written is only slower


def _history_to_json(history: History) -> dict:
    """A compact form: each commit once, files and log entries point at it by index."""
    commits: dict[str, int] = {}
    table: list[list] = []

    def ref(commit: str, date: datetime, subject: str, author: str) -> int:
        if commit not in commits:
            commits[commit] = len(table)
            table.append([commit, date.isoformat(), subject, author])
        return commits[commit]

    return {
        "head": history.head,
        "shallow": history.shallow,
        "commits": table,
        "files": {
            path: [
                h.first_published.isoformat() if h.first_published else None,
                [[ref(c.commit, c.date, c.subject, c.author), c.kind, c.moved_only, _words(c.words)] for c in h.changes],
            ]
            for path, h in history.files.items()
        },
        "deletions": [[d.path, ref(d.commit, d.date, d.subject, d.author)] for d in history.deletions],
        "log": [
            [e.kind, e.path, ref(e.commit, e.date, e.subject, e.author), e.old_path, e.current_path, e.moved_only,
             _words(e.words), e.title]
            for e in history.log
        ],
        "renames": [list(pair) for pair in history.renames],
    }


def _words(words: tuple[str, ...] | None) -> list[str] | None:
    return None if words is None else list(words)


def _unwords(words: list[str] | None) -> tuple[str, ...] | None:
    return None if words is None else tuple(words)


def _history_from_json(data: dict, content: Path) -> History:
    commits = [(c[0], datetime.fromisoformat(c[1]), c[2], c[3]) for c in data["commits"]]
    files = {}
    for path, (first, changes) in data["files"].items():
        built = []
        for index, kind, moved_only, words in changes:
            commit, date, subject, author = commits[index]
            built.append(Change(date, subject, author, commit, kind, moved_only, _unwords(words)))
        edits = [c for c in built if not c.moved_only]
        files[path] = FileHistory(
            datetime.fromisoformat(first) if first else None, edits[0].date if edits else None, tuple(built)
        )
    deletions = []
    for path, index in data["deletions"]:
        commit, date, subject, author = commits[index]
        deletions.append(Deletion(path, date, subject, author, commit))
    log = []
    for kind, path, index, old_path, current_path, moved_only, words, title in data["log"]:
        commit, date, subject, author = commits[index]
        log.append(LogEntry(kind, path, date, subject, author, commit, old_path, current_path, moved_only,
                            _unwords(words), title))
    renames = tuple((old, current) for old, current in data["renames"])
    return History(files, tuple(deletions), tuple(log), data["head"], content, data["shallow"], renames)
