"""``timeline diff``: what changed between two revisions, record by record, field by field.

Both sides are read from git (``git ls-tree`` lists a revision's files, one
``git cat-file --batch`` reads every blob that differs) or from the working
tree, and parsed with the same loader and field table as ``timeline check``,
so the diff reflects meaning: re-indenting a file, re-quoting a value or
re-wrapping a paragraph is not a change; moving an event to another year
folder is not a change either (events are matched by id, not by path).

A record that does not validate on the newer side is reported as invalid with
its first errors, never as a crash.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable

from .content_format import ACTOR, EVENT, PLACE, SOURCE
from .errors import ContentError
from .fields import INVALID, is_slug, slug_problem
from .load import Mapping, Node, Scalar, parse_bytes

WORKING_TREE = "working tree"
RECORD_ORDER = ("event", "source", "actor", "place")
KIND_ORDER = ("added", "changed", "removed", "invalid")
SHORT_TEXT = 80


class DiffError(Exception):
    """A revision or repository problem that stops the diff (bad revision, not a repository)."""


@dataclass(frozen=True)
class FieldChange:
    """One difference inside a record.

    * a single value: ``field`` changed ``before`` → ``after``, was added
      (``after``) or removed (``before``); long text has neither ("summary changed");
    * an item of a list: ``item`` (a source id, a tag, a quote's speaker) was
      added, removed or changed (``detail`` says how);
    * ``kind == 'note'``: ``detail`` is a whole sentence.

    ``prose`` marks values that are words for people (titles, names), which
    are shown in quotes, rather than ids, dates and codes.
    """

    field: str
    kind: str  # changed | added | removed | note
    before: str | None = None
    after: str | None = None
    item: str | None = None
    detail: str | None = None
    prose: bool = False

    def text(self) -> str:
        return self._render(lambda v: _quote(v) if self.prose else v, lambda i: i)

    def markdown(self) -> str:
        value = (lambda v: _md_escape(_quote(v))) if self.prose else _code
        item = _md_escape if self.prose else _code
        return self._render(value, item, md=True)

    def _render(self, value: Callable[[str], str], item: Callable[[str], str], md: bool = False) -> str:
        detail = _md_escape(self.detail) if (md and self.detail) else self.detail
        if self.kind == "note":
            return detail or ""
        if self.item is not None:
            head = f"{self.kind} {self.field} {item(self.item)}"
            if self.kind == "changed":
                return f"{head}: {detail}" if detail else head
            return f"{head} ({detail})" if detail else head
        if self.kind == "changed":
            if self.before is None and self.after is None:
                return f"{self.field} changed"
            return f"{self.field} {value(self.before or '')} → {value(self.after or '')}"
        shown = self.after if self.kind == "added" else self.before
        return f"{self.kind} {self.field}" + (f" {value(shown)}" if shown is not None else "")


@dataclass(frozen=True)
class EventChange:
    """A record (event, source, actor or place) that was added, changed, removed, or is invalid."""

    kind: str  # added | changed | removed | invalid
    id: str
    path: str  # repo-relative path of the newer side (the older one for 'removed')
    record: str = "event"
    title: str | None = None
    fields: tuple[FieldChange, ...] = ()
    errors: tuple[str, ...] = ()  # for 'invalid': 'path:line:col: message'
    revision: str = ""  # for 'invalid': the revision label it is invalid in


@dataclass
class _Side:
    """What one revision says about one record."""

    path: str
    values: Any  # dict of validated values, or INVALID
    errors: list[ContentError]
    title: str | None


# -- the entry point ------------------------------------------------------------------


def diff_revisions(repo_root: Path, content_dir: Path, rev_a: str = "HEAD", rev_b: str | None = None) -> list[EventChange]:
    """Record-level, field-level changes from ``rev_a`` to ``rev_b`` (None: the working tree).

    ``content_dir`` is relative to ``repo_root`` unless absolute. Raises
    ``DiffError`` when git is missing, the folder is not in a repository, or a
    revision does not exist.
    """
    repo_root = Path(repo_root)
    content = Path(content_dir)
    if not content.is_absolute():
        content = repo_root / content
    content = content.resolve()
    top_out = _git(repo_root, "rev-parse", "--show-toplevel")
    top = Path(top_out.decode("utf-8", "surrogateescape").strip()).resolve()
    try:
        rel = content.relative_to(top).as_posix()
    except ValueError:
        raise DiffError(f"{content} is not inside the git repository {top}") from None
    prefix = "" if rel == "." else rel + "/"
    commit_a = _resolve(top, rev_a)
    side_a = _tree(top, commit_a, rel)
    if rev_b is None:
        side_b, data_b = _working_tree(content, prefix)
    else:
        side_b, data_b = _tree(top, _resolve(top, rev_b), rel), {}
    changed = sorted(p for p in set(side_a) | set(side_b) if side_a.get(p) != side_b.get(p) and _kind_of(p[len(prefix):]))
    wanted = {side_a[p] for p in changed if p in side_a} | {side_b[p] for p in changed if p in side_b and p not in data_b}
    blobs = _cat_blobs(top, wanted)
    files_a = {p: blobs[side_a[p]] for p in changed if p in side_a}
    files_b = {p: data_b[p] if p in data_b else blobs[side_b[p]] for p in changed if p in side_b}
    label_b = WORKING_TREE if rev_b is None else rev_b
    return _compare(_records(files_a, prefix), _records(files_b, prefix), label_b)


# -- reading revisions ----------------------------------------------------------------


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
    candidates = list((content / "events").rglob("*.yaml")) + list((content / "sources").glob("*.yaml"))
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


def _kind_of(local: str) -> str | None:
    """Which record kind a content-relative path holds, or None for other files."""
    parts = PurePosixPath(local).parts
    if not local.endswith(".yaml"):
        return None
    if len(parts) >= 2 and parts[0] == "events":
        return "event"
    if len(parts) == 2 and parts[0] == "sources":
        return "source"
    if local == "actors.yaml":
        return "actor"
    if local == "places.yaml":
        return "place"
    return None


# -- parsing one side ---------------------------------------------------------------------


def _records(files: dict[str, bytes], prefix: str) -> dict[tuple[str, str], _Side]:
    """(record kind, id) -> what this side says, for every changed file."""
    out: dict[tuple[str, str], _Side] = {}
    for path, data in sorted(files.items()):
        kind = _kind_of(path[len(prefix):])
        errors: list[ContentError] = []
        root = parse_bytes(data, path, errors)
        if kind in ("actor", "place"):
            out.update(_registry(kind, path, root, errors))
            continue
        stem = PurePosixPath(path).stem
        if root is None:
            out.setdefault((kind, stem), _Side(path, INVALID, errors, None))
            continue
        spec = EVENT if kind == "event" else SOURCE
        values = spec.values(root, errors)
        record_id = _id_of(root, stem) if kind == "event" else stem
        title = _title_of(root, "title")
        if values is not INVALID:
            values = dict(values)
            values.pop("id", None)
            if kind == "event":
                if "id" not in root.keys() and not is_slug(stem):  # type: ignore[union-attr]
                    errors.append(ContentError(path, 1, 1, f"file name: {slug_problem(stem)}; or set 'id'"))
                end = values.get("end_date")
                if end is not None and end < values["date"]:
                    errors.append(ContentError(path, 1, 1, f"end_date {end} is before date {values['date']}"))
            elif not is_slug(stem):
                errors.append(ContentError(path, 1, 1, f"file name: {slug_problem(stem)}"))
            elif _title_of(root, "id") not in (None, stem):
                errors.append(ContentError(path, 1, 1, f"a source's id must equal its file name '{stem}'"))
            if errors:
                values = INVALID
        key = (kind, record_id)
        if key in out:  # two files claim one id: the second is the invalid one
            errors.append(ContentError(path, 1, 1, f"{kind} id '{record_id}' is already used by {out[key].path}"))
            key = (kind, f"{record_id} ({path})")
            values = INVALID
        out[key] = _Side(path, values, errors, title)
    return out


def _registry(kind: str, path: str, root: Node | None, errors: list[ContentError]) -> dict:
    if root is None:
        return {(kind, PurePosixPath(path).name): _Side(path, INVALID, errors, None)}
    if not isinstance(root, Mapping):
        errors.append(root.pos.error("expected a mapping of id: record"))
        return {(kind, PurePosixPath(path).name): _Side(path, INVALID, errors, None)}
    spec = ACTOR if kind == "actor" else PLACE
    out = {}
    for key, node in root.items:
        record_errors: list[ContentError] = []
        if not is_slug(key.text):
            record_errors.append(key.pos.error(slug_problem(key.text)))
            values: Any = INVALID
        else:
            values = spec.values(node, record_errors)
        out[(kind, key.text)] = _Side(path, values, record_errors, _title_of(node, "name"))
    return out


def _id_of(root: Node, stem: str) -> str:
    value = _title_of(root, "id")
    return value if value else stem


def _title_of(root: Node | None, name: str) -> str | None:
    if isinstance(root, Mapping):
        for key, node in root.items:
            if key.text == name and isinstance(node, Scalar) and not node.is_null:
                return " ".join(node.text.split())
    return None


# -- comparing -----------------------------------------------------------------------------


def _compare(side_a: dict, side_b: dict, label_b: str) -> list[EventChange]:
    changes: list[EventChange] = []
    for key in set(side_a) | set(side_b):
        kind, record_id = key
        a, b = side_a.get(key), side_b.get(key)
        if b is not None and b.values is INVALID:
            errors = tuple(str(e) for e in sorted(b.errors)) or (f"{b.path}:1:1: invalid",)
            changes.append(EventChange("invalid", record_id, b.path, kind, b.title, errors=errors, revision=label_b))
        elif a is None:
            changes.append(EventChange("added", record_id, b.path, kind, _display_title(kind, b)))
        elif b is None:
            changes.append(EventChange("removed", record_id, a.path, kind, _display_title(kind, a)))
        elif a.values is INVALID:
            note = FieldChange("", "note", detail="was invalid, now valid")
            changes.append(EventChange("changed", record_id, b.path, kind, _display_title(kind, b), (note,)))
        else:
            fields = _FIELD_DIFFS[kind](a.values, b.values)
            if fields:
                changes.append(EventChange("changed", record_id, b.path, kind, _display_title(kind, b), tuple(fields)))
    changes.sort(key=lambda c: (RECORD_ORDER.index(c.record), KIND_ORDER.index(c.kind), c.id))
    return changes


def _display_title(kind: str, side: _Side) -> str | None:
    if side.values is not INVALID:
        return side.values.get("name" if kind in ("actor", "place") else "title")
    return side.title


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1].rstrip() + "…"


def _same_text(a: str | None, b: str | None) -> bool:
    """Markdown text compared paragraph by paragraph, ignoring how lines are wrapped."""
    if a is None or b is None:
        return a is b

    def norm(text: str) -> list[str]:
        paragraphs, current = [], []
        for line in text.split("\n"):
            if line.strip():
                current.append(line.strip())
            elif current:
                paragraphs.append(" ".join(" ".join(current).split()))
                current = []
        if current:
            paragraphs.append(" ".join(" ".join(current).split()))
        return paragraphs

    return norm(a) == norm(b)


class _Fields:
    """Collects field changes between two value dicts."""

    def __init__(self, a: dict, b: dict):
        self.a, self.b, self.out = a, b, []

    def value(self, name: str, show: Callable[[Any], str] = str, default: Any = None, prose: bool = False) -> None:
        before, after = self.a.get(name, default), self.b.get(name, default)
        if before == after or (prose and isinstance(before, str) and isinstance(after, str) and before.split() == after.split()):
            return
        fmt = (lambda v: _short(show(v))) if prose else show
        if before is None:
            self.out.append(FieldChange(name, "added", after=fmt(after), prose=prose))
        elif after is None:
            self.out.append(FieldChange(name, "removed", before=fmt(before), prose=prose))
        else:
            self.out.append(FieldChange(name, "changed", fmt(before), fmt(after), prose=prose))

    def long_text(self, name: str) -> None:
        before, after = self.a.get(name), self.b.get(name)
        if _same_text(before, after):
            return
        kind = "added" if before is None else "removed" if after is None else "changed"
        self.out.append(FieldChange(name, kind))

    def ids(self, name: str, label: str) -> None:
        before, after = list(self.a.get(name, ())), list(self.b.get(name, ()))
        self.out += [FieldChange(label, "added", item=i) for i in after if i not in before]
        self.out += [FieldChange(label, "removed", item=i) for i in before if i not in after]

    def keyed(self, name: str, label: str, key: Callable, item: Callable, describe: Callable, compare: Callable, prose=False) -> None:
        before, after = _group(self.a.get(name, ()), key), _group(self.b.get(name, ()), key)
        for k, new in after.items():
            if k not in before:
                self.out.append(FieldChange(label, "added", item=item(new), detail=describe(new), prose=prose))
            else:
                details = compare(before[k], new)
                if details:
                    self.out.append(FieldChange(label, "changed", item=item(new), detail="; ".join(details), prose=prose))
        for k, old in before.items():
            if k not in after:
                self.out.append(FieldChange(label, "removed", item=item(old), detail=describe(old), prose=prose))


def _group(items: Iterable, key: Callable) -> dict:
    """Items by key; repeated keys get a counter so they pair up in order."""
    out: dict = {}
    for it in items:
        k = key(it)
        n = 0
        while (k, n) in out:
            n += 1
        out[(k, n)] = it
    return out


def _attr_changes(old: Any, new: Any, names: Iterable[str], long_names: Iterable[str] = ()) -> list[str]:
    """'quote changed', 'role "A" → "B"', 'killed 25 → 27' for the attributes that differ."""
    out = []
    for name in names:
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        if name in long_names:
            if _same_text(before, after):
                continue
            out.append(f"{name} {'added' if before is None else 'removed' if after is None else 'changed'}")
        elif before is None:
            out.append(f"{name} {after} added")
        elif after is None:
            out.append(f"{name} {before} removed")
        else:
            out.append(f"{name} {before} → {after}")
    return out


def _casualty_text(c) -> str:
    parts = []
    if c.killed is not None:
        parts.append(f"killed {c.describe(c.killed)}")
    if c.wounded is not None:
        parts.append(f"wounded {c.describe(c.wounded)}")
    return ", ".join(parts) or None  # type: ignore[return-value]


def _event_fields(a: dict, b: dict) -> list[FieldChange]:
    f = _Fields(a, b)
    f.value("date")
    f.value("end_date")
    f.value("approximate", lambda v: "true" if v else "false", default=False)
    f.value("display_date", prose=True)
    f.value("title", prose=True)
    f.long_text("summary")
    f.long_text("body")
    f.value("status", default="reported")
    f.value("place")
    f.ids("actors", "actor")
    f.ids("tags", "tag")
    f.keyed("sources", "source", key=lambda r: r.source, item=lambda r: r.source, describe=lambda r: None,
            compare=lambda x, y: _attr_changes(x, y, ("quote", "note"), ("quote", "note")))
    f.keyed("quotes", "quote by", key=lambda q: (q.by, " ".join(q.text.split())), item=lambda q: q.by,
            describe=lambda q: None, compare=lambda x, y: _attr_changes(x, y, ("role", "source")), prose=True)
    f.keyed("casualties", "casualties for", key=lambda c: (c.party, c.source), item=lambda c: c.party,
            describe=_casualty_text,
            compare=lambda x, y: _attr_changes(x, y, ("killed", "wounded", "qualifier")))
    f.ids("related", "related event")
    f.keyed("updates", "correction", key=lambda u: u.date, item=lambda u: u.date.isoformat(), describe=lambda u: None,
            compare=lambda x, y: _attr_changes(x, y, ("note",), ("note",)))
    return f.out


def _source_fields(a: dict, b: dict) -> list[FieldChange]:
    f = _Fields(a, b)
    f.value("title", prose=True)
    for name in ("publisher", "author"):
        f.value(name, prose=True)
    for name in ("published", "url", "archived_url", "language"):
        f.value(name)
    f.long_text("notes")
    return f.out


def _actor_fields(a: dict, b: dict) -> list[FieldChange]:
    f = _Fields(a, b)
    f.value("name", prose=True)
    f.value("kind", default="other")
    f.long_text("description")
    f.ids("aliases", "alias")
    return f.out


def _place_fields(a: dict, b: dict) -> list[FieldChange]:
    f = _Fields(a, b)
    for name in ("name", "region", "country"):
        f.value(name, prose=True)
    for name in ("lat", "lon"):
        f.value(name, lambda v: f"{v:g}")
    return f.out


_FIELD_DIFFS = {"event": _event_fields, "source": _source_fields, "actor": _actor_fields, "place": _place_fields}


# -- output ----------------------------------------------------------------------------------


def _quote(text: str) -> str:
    return '"' + text + '"'


def _code(text: str) -> str:
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def _md_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in "\\`*_[]<>|#":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out).replace("\n", " ")


def format_text(changes: list[EventChange]) -> str:
    """One line per record: 'changed event x: date 2015-09-28 → 2015-09-29; added source y'."""
    if not changes:
        return "no changes\n"
    lines = []
    for change in changes:
        head = f"{change.kind} {change.record} {change.id}"
        if change.kind == "invalid":
            lines.append(f"{head} in {change.revision}: {change.errors[0]}" + _more(change.errors))
        elif change.kind == "changed":
            lines.append(f"{head}: " + "; ".join(f.text() for f in change.fields))
        else:
            lines.append(head + (f": {_quote(_short(change.title))}" if change.title else ""))
    return "\n".join(lines) + "\n"


def _more(errors: tuple[str, ...]) -> str:
    return f" (and {len(errors) - 1} more error{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""


def format_markdown(changes: list[EventChange], rev_a: str | None = None, rev_b: str | None = None) -> str:
    """A Markdown list for a pull request: a summary line, then one item per record."""
    span = ""
    if rev_a is not None:
        span = f" ({_code(rev_a)} → {_code(rev_b) if rev_b else WORKING_TREE})"
    if not changes:
        return f"**Timeline changes**{span}: none.\n"
    counts = [f"{sum(c.kind == k for c in changes)} {k}" for k in KIND_ORDER if any(c.kind == k for c in changes)]
    lines = [f"**Timeline changes**{span}: {', '.join(counts)}.", ""]
    for change in changes:
        head = f"- **{change.kind.capitalize()}** {change.record} {_code(change.id)}"
        if change.title and change.kind != "invalid":
            head += f": {_md_escape(_short(change.title))}"
        if change.kind == "invalid":
            head += f" in {change.revision}"
        lines.append(head)
        if change.kind == "changed":
            lines += [f"  - {f.markdown()}" for f in change.fields]
        elif change.kind == "invalid":
            lines += [f"  - {_code(e)}" for e in change.errors[:5]]
            if len(change.errors) > 5:
                lines.append(f"  - … and {len(change.errors) - 5} more")
    return "\n".join(lines) + "\n"


__all__ = ["DiffError", "EventChange", "FieldChange", "diff_revisions", "format_markdown", "format_text"]
