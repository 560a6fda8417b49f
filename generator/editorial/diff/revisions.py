"""Reading both sides of a diff: the content files that differ between two revisions, as bytes.

A git revision is listed with ``git ls-tree`` and its blobs are read with one
``git cat-file --batch``; the working tree is read from disk (the same files
``timeline check`` reads). Only files whose blob differs are read at all.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from generator.content.load import event_paths
from generator.editorial.diff.records import kind_of


class DiffError(Exception):
    """A revision or repository problem that stops the diff (bad revision, not a repository)."""


@dataclass(frozen=True)
class ChangedFiles:
    """The content files that differ, by repo-relative path (each starts with ``prefix``)."""

    prefix: str  # the content folder relative to the repository top, with a final '/' ('' at the top)
    before: dict[str, bytes]
    after: dict[str, bytes]


def changed_files(repo_root: Path, content_dir: Path, rev_a: str, rev_b: str | None) -> ChangedFiles:
    """The record files under ``content_dir`` that differ from ``rev_a`` to ``rev_b`` (None: the working tree).

    ``content_dir`` is relative to ``repo_root`` unless absolute. Raises
    ``DiffError`` when git is missing, the folder is not in a repository, or a
    revision does not exist.
    """
    content = content_dir if content_dir.is_absolute() else repo_root / content_dir
    content = content.resolve()
    top_out = _git(repo_root, "rev-parse", "--show-toplevel")
    top = Path(top_out.decode("utf-8", "surrogateescape").strip()).resolve()
    try:
        rel = content.relative_to(top).as_posix()
    except ValueError:
        raise DiffError(f"{content} is not inside the git repository {top}") from None
    prefix = "" if rel == "." else rel + "/"
    side_a = _tree(top, _resolve(top, rev_a), rel)
    if rev_b is None:
        side_b, data_b = _working_tree(content, prefix)
    else:
        side_b, data_b = _tree(top, _resolve(top, rev_b), rel), {}
    changed = sorted(p for p in set(side_a) | set(side_b) if side_a.get(p) != side_b.get(p) and kind_of(p[len(prefix):]))
    wanted = {side_a[p] for p in changed if p in side_a} | {side_b[p] for p in changed if p in side_b and p not in data_b}
    blobs = _cat_blobs(top, wanted)
    before = {p: blobs[side_a[p]] for p in changed if p in side_a}
    after = {p: data_b[p] if p in data_b else blobs[side_b[p]] for p in changed if p in side_b}
    return ChangedFiles(prefix, before, after)


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}
    try:
        proc = subprocess.run(["git", "--no-pager", *args], cwd=cwd, env=env, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed; timeline diff needs it") from None
    except OSError as exc:
        raise DiffError(f"cannot run git: {exc}") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        if args[:2] == ("rev-parse", "--show-toplevel"):
            raise DiffError(f"{cwd} is not in a git repository")
        raise DiffError(f"git {args[0]} failed: {message[-1] if message else proc.returncode}")
    return proc.stdout


def _resolve(top: Path, rev: str) -> str:
    if rev.startswith("-"):
        raise DiffError(f"'{rev}' is not a revision")
    try:
        return _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip()
    except DiffError:
        raise DiffError(f"unknown revision '{rev}'; give a commit, branch or tag (e.g. HEAD~1, main)") from None


def _tree(top: Path, commit: str, rel: str) -> dict[str, str]:
    """Repo-relative path -> blob id of every file under the content folder at ``commit``."""
    spec = [] if rel == "." else [rel]
    out = _git(top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *spec)
    files = {}
    for entry in out.decode("utf-8", "surrogateescape").split("\0"):
        if not entry:
            continue
        meta, _, path = entry.partition("\t")
        mode, kind, oid = meta.split()
        if kind == "blob" and mode != "120000":
            files[path] = oid
    return files


def _working_tree(content: Path, prefix: str) -> tuple[dict[str, str], dict[str, bytes]]:
    """Paths -> git blob ids of the content files on disk, and their bytes."""
    ids: dict[str, str] = {}
    data: dict[str, bytes] = {}
    if not content.is_dir():
        return ids, data
    candidates = event_paths(content) + list((content / "sources").glob("*.yaml"))
    candidates += [content / "actors.yaml", content / "places.yaml"]
    for path in candidates:
        if not path.is_file() or path.is_symlink():
            continue
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        key = prefix + path.relative_to(content).as_posix()
        ids[key] = hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()
        data[key] = raw
    return ids, data


def read_blobs(top: Path, oids: Iterable[str]) -> dict[str, bytes]:
    """The bytes of many blobs of the repository at ``top``, read with one ``git cat-file --batch``
    (a missing blob reads as empty). Raises ``DiffError`` when git cannot be run."""
    return _cat_blobs(top, oids)


def _cat_blobs(top: Path, oids: Iterable[str]) -> dict[str, bytes]:
    """Read many blobs with one ``git cat-file --batch``."""
    order = sorted(set(oids))
    if not order:
        return {}
    out = _git(top, "cat-file", "--batch", stdin=("\n".join(order) + "\n").encode())
    blobs: dict[str, bytes] = {}
    pos = 0
    for oid in order:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] == b"missing":
            blobs[oid] = b""
            continue
        size = int(header[2])
        blobs[oid] = out[pos : pos + size]
        pos += size + 1  # the content is followed by a newline
    return blobs
