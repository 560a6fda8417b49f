"""What each commit changed in each event, in words for readers, from the semantic diff.

The history pass (``generator.editorial.history``) reads ``git log --raw``, which names the
blob of an event file before and after each commit. Only those event files are diffed: each
distinct blob is read once (one ``git cat-file --batch`` for all of them) and parsed once,
and each (before, after) pair is compared once with the same field table as ``timeline
diff``. The result of a pair never changes, so it is kept in ``history_words.json`` in the
cache folder, across HEADs: after a new commit only the files it touched are diffed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from generator.editorial.diff.compare import compare
from generator.editorial.diff.records import read_side
from generator.editorial.diff.revisions import DiffError, read_blobs
from generator.editorial.diff.words import EVENT_CHANGED, change_words
from generator.cache_folder import CacheFolder
from generator.runtime import keep_checked, read_checked

WORDS_VERSION = 1
NO_BLOB = "0" * 40  # git's name for "no file" on one side of a change (also 64 zeros for SHA-256)

Pair = tuple[str, str, str, str]  # (old path, old blob, new path, new blob), paths content-relative
Said = tuple[tuple[str, ...], "str | None"]  # (phrases, the event's title as of the newer side)


def is_event_file(local: str) -> bool:
    """True for a content-relative path that holds an event (``events/**/*.yaml``, as ``kind_of`` says,
    with string tests only: it is asked for every file of every commit)."""
    return local.startswith("events/") and local.endswith(".yaml")


def event_words(top: Path, pairs: Iterable[Pair], cache: CacheFolder | None = None) -> dict[tuple[str, str], Said]:
    """(old blob, new blob) -> (what changed in words, the event's title) for every pair.

    A side without a file has an all-zero blob. When git cannot read the blobs, every
    pair reads 'Event changed' (the history still shows that something changed).
    """
    wanted = {(p[1], p[3]): p for p in pairs}
    kept = _read_kept(cache)
    out: dict[tuple[str, str], Said] = {}
    todo = []
    for key, pair in wanted.items():
        said = kept.get(f"{key[0]} {key[1]}")
        if said is not None:
            out[key] = (tuple(said[0]), said[1])
        else:
            todo.append(pair)
    if not todo:
        return out
    blobs = {b for _, old, _, new in todo for b in (old, new) if not _none(b)}
    try:
        data = read_blobs(top, blobs)
    except DiffError:
        return {**out, **{(p[1], p[3]): ((EVENT_CHANGED,), None) for p in todo}}
    sides: dict[tuple[str, str], dict] = {}

    def side(path: str, blob: str) -> dict:
        if _none(blob):
            return {}
        key = (path, blob)
        if key not in sides:
            sides[key] = read_side({path: data.get(blob, b"")}, "")
        return sides[key]

    for old_path, old, new_path, new in todo:
        before, after = side(old_path, old), side(new_path, new)
        if len(before) == 1 and len(after) == 1:  # one file, one event: the same event, even renamed
            before = {next(iter(after)): next(iter(before.values()))}
        changes = compare(before, after, "")
        titles = [s.title for s in (after or before).values()]
        out[(old, new)] = (change_words(changes), titles[0] if titles else None)
    _write_kept(cache, kept, {f"{p[1]} {p[3]}": list(out[(p[1], p[3])]) for p in todo})
    return out


def _none(blob: str) -> bool:
    return not blob or set(blob) == {"0"}


def _read_kept(cache: CacheFolder | None) -> dict:
    if cache is None:
        return {}
    kept = read_checked(cache.history_words)  # None when missing or damaged
    try:
        data = json.loads(kept) if kept is not None else {}
        return data["pairs"] if data.get("version") == WORDS_VERSION else {}
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}


def _write_kept(cache: CacheFolder | None, kept: dict, new: dict) -> None:
    if cache is None or not new:
        return
    try:
        data = json.dumps({"version": WORDS_VERSION, "pairs": {**kept, **new}}, ensure_ascii=False)
        keep_checked(cache.history_words, data.encode("utf-8"))
    except OSError:
        pass  # a cache that cannot be written is only slower
