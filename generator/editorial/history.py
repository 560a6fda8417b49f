"""History stage: when each content file was first published and last changed, from git.

``read_history`` reads the content folder's whole history in one ``git log``
pass (plus one ``git rev-parse`` and one ``git ls-tree``, whatever the number of
files) and follows renames the way ``git log --follow`` would, so an event
moved from ``events/2015/`` to ``events/2016/`` keeps its history.

Paths in a ``History`` are **relative to the content folder**, in POSIX form:
``events/2015/taliban-seize-kunduz.yaml``, ``sources/bbc-2015-09-28.yaml``,
``actors.yaml``. ``History.for_file`` maps any path of a file (absolute, or
relative to the current directory) to its history.

Dates are the **committer dates** (when a change entered the history), as
aware datetimes carrying the commit's own UTC offset. Authors are author
names (as ``.mailmap`` maps them); emails are never read.

A commit keeps itself out of the reader-facing history with the trailer line
``Timeline-History: skip`` in its message (read in the same ``git log`` pass):
it is then no change of any file, no entry of the log or of the deletions and
no "last changed" date; its renames are still followed (and listed in
``History.renames``), so a tooling commit that moves files keeps their history
and their former URLs. ``dates_only`` makes the ``history: dates`` form of a
history: dates only, no commit subjects, no author names.

It never fails because of git: outside a repository, without a ``git``
program, or in a repository without commits it returns an empty ``History``.
In a shallow clone the history goes as far back as the clone does; the
commits at the clone's boundary are left out, because git shows them as
adding every file, which would make every event look "first published" then.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from generator.cache_folder import CacheFolder
from generator.editorial.history_cache import cache_path, read_cache_file, write_cache_file
from generator.editorial.history_words import event_words, is_event_file
from generator.editorial.history_records import (EMPTY_FILE_HISTORY, EMPTY_HISTORY, Change, ChangeEntry, Deletion,
                                                 FileHistory, History, LogEntry)

# Commit header fields, separated by NUL; each commit starts with \x01. The last field is
# the values of the commit's Timeline-History trailers, one a line.
SKIP_TRAILER = "Timeline-History"
_FORMAT = f"%x01%H%x00%cI%x00%aN%x00%s%x00%(trailers:key={SKIP_TRAILER},valueonly)"

# (repo top level, content dir relative to it, HEAD) -> History; the newest few only
_CACHE: dict[tuple[str, str, str], History] = {}
CACHE_ENTRIES = 4
_DATES_ONLY: dict[tuple[str, str], tuple[History, History]] = {}  # (content folder, HEAD) -> (history, dates-only form)


def read_history(repo_root: Path, content_dir: Path, cache: CacheFolder | None = None) -> History:
    """The git history of ``content_dir`` (relative paths are taken from ``repo_root``).

    Cached in memory by HEAD commit and content folder; with ``cache`` also
    kept as a JSON file there (``CacheFolder.history``), so a new process
    reuses it while HEAD has not moved. Never raises because of git.
    """
    repo_root = Path(repo_root)
    content = Path(content_dir)
    if not content.is_absolute():
        content = repo_root / content
    content = content.resolve()
    if shutil.which("git") is None or not repo_root.is_dir():
        return EMPTY_HISTORY
    out = _git(repo_root, "rev-parse", "--show-toplevel", "--git-path", "shallow", "HEAD")
    if out is None:
        return EMPTY_HISTORY
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) != 3:
        return EMPTY_HISTORY
    top, shallow_file, head = Path(lines[0]).resolve(), repo_root / lines[1], lines[2]
    try:
        rel = content.relative_to(top).as_posix()
    except ValueError:
        return EMPTY_HISTORY  # the content folder is not in this repository
    key = (str(top), rel, head)
    history = _CACHE.get(key)
    if history is not None:
        if cache is not None and not cache_path(cache, key).exists():
            write_cache_file(cache, key, history)
        return history
    history = read_cache_file(cache, key, content)
    if history is None:
        history = _read_from_git(top, rel, head, content, shallow_file, cache)
        if history is None:
            return EMPTY_HISTORY
        write_cache_file(cache, key, history)
    _CACHE[key] = history
    while len(_CACHE) > CACHE_ENTRIES:
        del _CACHE[next(iter(_CACHE))]  # dicts keep insertion order: drop the oldest
    return history


def clear_cache() -> None:
    """Forget every history read in this process."""
    _CACHE.clear()
    _DATES_ONLY.clear()


def dates_only(history: History) -> History:
    """``history`` as ``history: dates`` shows it: the dates, without commit subjects or author names.

    Files keep their first-published and last-changed dates but no list of changes;
    log entries and deletions keep their dates and paths, with empty subjects and authors.
    The result is kept for the same ``history`` object (a live preview asks at every rebuild).
    """
    key = (str(history.content_dir), history.head)
    kept = _DATES_ONLY.get(key)
    if kept is not None and kept[0] is history:
        return kept[1]
    files = {path: FileHistory(h.first_published, h.last_changed) for path, h in history.files.items()}
    log = tuple(replace(entry, subject="", author="") for entry in history.log)
    deletions = tuple(replace(d, subject="", author="") for d in history.deletions)
    result = replace(history, files=files, log=log, deletions=deletions)
    _DATES_ONLY[key] = (history, result)
    while len(_DATES_ONLY) > CACHE_ENTRIES:
        del _DATES_ONLY[next(iter(_DATES_ONLY))]
    return result


def recent_changes(history: History, limit: int = 50, events_only: bool = False) -> list[ChangeEntry]:
    """The newest ``limit`` file changes (added, changed, removed, renamed), newest first.

    ``events_only``: only the changes of event files that change what the event says
    (what readers see: a re-indented file or a pure move is no change to them).
    """
    entries = sorted(history.log, key=lambda e: e.date, reverse=True)  # stable: keeps git's order on ties
    if events_only:
        entries = [e for e in entries if is_event_file(e.path) and (e.words is None or e.words)]
    return [
        ChangeEntry(e.kind, e.path, e.date, e.subject, e.author, e.commit, e.old_path, e.current_path, e.words, e.title)
        for e in entries[: max(limit, 0)]
    ]


# -- reading git ----------------------------------------------------------------


def _git(cwd: Path, *args: str) -> bytes | None:
    """Run git and return its stdout, or None when it fails or is missing."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}
    try:
        proc = subprocess.run(
            ["git", "--no-pager", *args], cwd=cwd, env=env, capture_output=True, check=False
        )
    except OSError:
        return None
    return proc.stdout if proc.returncode == 0 else None


def _read_from_git(top: Path, rel: str, head: str, content: Path, shallow_file: Path,
                   cache: CacheFolder | None = None) -> History | None:
    pathspec = rel if rel != "." else ""
    prefix = "" if not pathspec else pathspec + "/"
    spec = [pathspec] if pathspec else []
    listing = _git(top, "ls-tree", "-r", "-z", "--name-only", "--full-tree", head, "--", *spec)
    if listing is None:
        return None
    current = [p for p in listing.decode("utf-8", "surrogateescape").split("\0") if p]
    log = _git(
        top,
        "-c", "log.showRoot=true",
        "-c", "log.showSignature=false",
        "-c", "diff.renames=true",
        "log", "--no-merges", "--date-order", "-M", "--raw", "--no-abbrev", "-z", "--no-color",
        "--no-ext-diff", f"--format={_FORMAT}", head, "--", *spec,
    )
    if log is None:
        return None
    boundary: set[str] = set()
    try:
        boundary = set(shallow_file.read_text(encoding="ascii").split())
    except OSError:
        pass
    return _build(log.decode("utf-8", "surrogateescape"), current, prefix, head, content, boundary, top, cache)


def _commits(text: str):
    """Yield (hash, date, author, subject, skip, [(status, path, old_path, old_blob, new_blob)]) from
    ``git log --raw -z`` output. ``skip`` is True for a commit with a ``Timeline-History: skip`` trailer.
    """
    for chunk in text.split("\x01")[1:]:
        parts = chunk.split("\0")
        if len(parts) < 5:
            continue
        commit, date, author, subject, trailers = parts[:5]
        skip = any(value.strip().lower() == "skip" for value in trailers.splitlines())
        tokens = parts[5:]
        files = []
        i = 0
        while i < len(tokens):
            meta = tokens[i].lstrip("\n")
            fields = meta[1:].split() if meta.startswith(":") else []
            if len(fields) < 5:
                i += 1
                continue
            old_blob, new_blob, status = fields[2], fields[3], fields[4]
            if status[0] in "RC" and i + 2 < len(tokens):
                files.append((status, tokens[i + 2], tokens[i + 1], old_blob, new_blob))
                i += 3
            elif i + 1 < len(tokens):
                files.append((status, tokens[i + 1], None, old_blob, new_blob))
                i += 2
            else:
                break
        yield commit, date, author, subject, skip, files


def _build(text: str, current: list[str], prefix: str, head: str, content: Path, boundary: set[str],
           top: Path | None = None, cache: CacheFolder | None = None) -> History:
    def local(path: str) -> str:
        return path[len(prefix):] if prefix and path.startswith(prefix) else path

    # alias: a path as some older commit names it -> the current file it became
    alias: dict[str, str] = {p: p for p in current}
    touched: list[tuple] = []  # (LogEntry fields, owner, blob pair or None), newest first
    deletions: list[Deletion] = []
    renames: list[tuple[str, str]] = []
    for commit, date_text, author, subject, skip, files in _commits(text):
        if commit in boundary:
            continue  # a shallow clone's boundary: git shows it adding every file
        try:
            date = datetime.fromisoformat(date_text)
        except ValueError:
            continue
        # Resolve every path against the state *after* this commit before changing
        # the aliases, so swaps and "rename a, add a new a" in one commit stay right.
        resolved = [(status, path, old, alias.get(path), blobs) for status, path, old, *blobs in files]
        for status, path, old, owner, (old_blob, new_blob) in [] if skip else resolved:
            kind = {"A": "added", "D": "removed", "R": "renamed", "C": "added"}.get(status[0], "changed")
            moved_only = status[0] == "R" and status[1:] == "100"
            if kind == "removed":
                owner = None  # a deleted file is never the current file at that path
                deletions.append(Deletion(local(path), date, subject, author, commit))
            pair = None
            if is_event_file(local(path)):
                before = local(old) if old else local(path)
                pair = (before, "" if kind == "added" else old_blob, local(path), "" if kind == "removed" else new_blob)
            touched.append(((kind, local(path), date, subject, author, commit, local(old) if old else None,
                             local(owner) if owner else None, moved_only), owner, pair))
        for status, path, old, owner, _ in resolved:
            if status[0] in "AR":
                alias.pop(path, None)  # older commits' file at this path is another file
        for status, path, old, owner, _ in resolved:
            if status[0] == "R" and owner is not None:
                alias[old] = owner
                renames.append((local(old), local(owner)))
    said = event_words(top, [t[2] for t in touched if t[2]], cache) if top is not None else {}
    changes: dict[str, list[Change]] = {p: [] for p in current}
    first: dict[str, datetime] = {}
    log: list[LogEntry] = []
    for fields, owner, pair in touched:
        words, title = said.get((pair[1], pair[3]), (None, None)) if pair else (None, None)
        entry = LogEntry(*fields, words=words, title=title)
        log.append(entry)
        if owner is not None:
            changes[owner].append(Change(entry.date, entry.subject, entry.author, entry.commit, entry.kind,
                                         entry.moved_only, words))
            if entry.kind == "added":
                first[owner] = entry.date
    files = {}
    for path in current:
        history = changes[path]
        edits = [c for c in history if not c.moved_only]
        files[local(path)] = FileHistory(
            first_published=first.get(path),
            last_changed=edits[0].date if edits else None,
            changes=tuple(history),
        )
    return History(files, tuple(deletions), tuple(log), head, content, bool(boundary), tuple(renames))


__all__ = [
    "Change",
    "ChangeEntry",
    "Deletion",
    "EMPTY_FILE_HISTORY",
    "EMPTY_HISTORY",
    "FileHistory",
    "History",
    "LogEntry",
    "clear_cache",
    "dates_only",
    "read_history",
    "recent_changes",
]
