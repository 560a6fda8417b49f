"""Comparing two sides of a diff, record by record and field by field.

Comparison is by meaning: Markdown re-wrapped is the same text, prose that
differs only in spacing is the same, list items are paired by their key.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from generator.content.fields import INVALID
from generator.editorial.diff.changes import KIND_ORDER, RECORD_ORDER, EventChange, FieldChange, short
from generator.editorial.diff.records import Side


def compare(side_a: dict[tuple[str, str], Side], side_b: dict[tuple[str, str], Side], label_b: str) -> list[EventChange]:
    """The changes from ``side_a`` to ``side_b``, by record kind, then kind of change, then id.

    ``label_b`` names the newer side in the report of a record invalid there.
    """
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


def _display_title(kind: str, side: Side) -> str | None:
    if side.values is not INVALID:
        return side.values.get("name" if kind in ("actor", "place") else "title")
    return side.title


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


def _change_kind(before: Any, after: Any) -> str:
    return "added" if before is None else "removed" if after is None else "changed"


class _FieldChanges:
    """Collects the field changes between two value dicts, one call per field."""

    def __init__(self, a: dict, b: dict):
        self.a, self.b = a, b
        self.out: list[FieldChange] = []

    def value(self, name: str, show: Callable[[Any], str] = str, default: Any = None, prose: bool = False) -> None:
        """A single value, shown with ``show``; ``prose`` ignores spacing and shortens what is shown."""
        before, after = self.a.get(name, default), self.b.get(name, default)
        if before == after or (prose and isinstance(before, str) and isinstance(after, str) and before.split() == after.split()):
            return
        fmt = (lambda v: short(show(v))) if prose else show
        if before is None:
            self.out.append(FieldChange(name, "added", after=fmt(after), prose=prose))
        elif after is None:
            self.out.append(FieldChange(name, "removed", before=fmt(before), prose=prose))
        else:
            self.out.append(FieldChange(name, "changed", fmt(before), fmt(after), prose=prose))

    def long_text(self, name: str) -> None:
        """Markdown, compared by paragraph; only that it changed is said."""
        before, after = self.a.get(name), self.b.get(name)
        if not _same_text(before, after):
            self.out.append(FieldChange(name, _change_kind(before, after)))

    def ids(self, name: str, label: str) -> None:
        """A list of ids: each one added or removed."""
        before, after = list(self.a.get(name, ())), list(self.b.get(name, ()))
        self.out += [FieldChange(label, "added", item=i) for i in after if i not in before]
        self.out += [FieldChange(label, "removed", item=i) for i in before if i not in after]

    def keyed(self, name: str, label: str, key: Callable, item: Callable, describe: Callable, compare: Callable, prose=False) -> None:
        """A list of records paired by ``key``: added and removed ones ``describe``d, paired ones ``compare``d."""
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
            if not _same_text(before, after):
                out.append(f"{name} {_change_kind(before, after)}")
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
    f = _FieldChanges(a, b)
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
    f.keyed("media", "media", key=lambda m: m.file or m.url, item=lambda m: m.file or m.url, describe=lambda m: None,
            compare=lambda x, y: _attr_changes(x, y, ("alt", "caption", "credit", "license", "link", "thumbnail")),
            prose=True)
    f.ids("related", "related event")
    f.keyed("updates", "correction", key=lambda u: u.date, item=lambda u: u.date.isoformat(), describe=lambda u: None,
            compare=lambda x, y: _attr_changes(x, y, ("note",), ("note",)))
    return f.out


def _source_fields(a: dict, b: dict) -> list[FieldChange]:
    f = _FieldChanges(a, b)
    f.value("title", prose=True)
    for name in ("publisher", "author"):
        f.value(name, prose=True)
    for name in ("published", "url", "archived_url", "language"):
        f.value(name)
    f.long_text("notes")
    return f.out


def _actor_fields(a: dict, b: dict) -> list[FieldChange]:
    f = _FieldChanges(a, b)
    f.value("name", prose=True)
    f.value("kind", default="other")
    f.long_text("description")
    f.ids("aliases", "alias")
    return f.out


def _place_fields(a: dict, b: dict) -> list[FieldChange]:
    f = _FieldChanges(a, b)
    for name in ("name", "region", "country"):
        f.value(name, prose=True)
    for name in ("lat", "lon"):
        f.value(name, lambda v: f"{v:g}")
    return f.out


_FIELD_DIFFS = {"event": _event_fields, "source": _source_fields, "actor": _actor_fields, "place": _place_fields}
