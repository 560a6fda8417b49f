"""One side of a diff: changed content files parsed into records, keyed by (kind, id).

Parsed with the same loader and field table as ``timeline check``, so a
record that does not validate is kept with its errors rather than raising.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from generator.content.format import ACTOR, EVENT, PLACE, SOURCE
from generator.content.errors import ContentError
from generator.content.fields import INVALID, is_slug, slug_problem
from generator.content.yaml_nodes import Mapping, Node, Scalar, parse_bytes
from generator.content.validate import end_before_date


@dataclass
class Side:
    """What one revision says about one record."""

    path: str
    values: Any  # dict of validated values, or INVALID
    errors: list[ContentError]
    title: str | None


def kind_of(local: str) -> str | None:
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


def read_side(files: dict[str, bytes], prefix: str) -> dict[tuple[str, str], Side]:
    """(record kind, id) -> what this side says, for every changed file (paths start with ``prefix``)."""
    out: dict[tuple[str, str], Side] = {}
    for path, data in sorted(files.items()):
        kind = kind_of(path[len(prefix):])
        errors: list[ContentError] = []
        root = parse_bytes(data, path, errors)
        if kind in ("actor", "place"):
            out.update(_registry(kind, path, root, errors))
            continue
        stem = PurePosixPath(path).stem
        if root is None:
            out.setdefault((kind, stem), Side(path, INVALID, errors, None))
            continue
        spec = EVENT if kind == "event" else SOURCE
        values = spec.values(root, errors)
        record_id = (_scalar_text(root, "id") or stem) if kind == "event" else stem
        title = _scalar_text(root, "title")
        if values is not INVALID:
            values = dict(values)
            values.pop("id", None)
            if kind == "event":
                if "id" not in root.keys() and not is_slug(stem):  # type: ignore[union-attr]
                    errors.append(ContentError(path, 1, 1, f"file name: {slug_problem(stem)}; or set 'id'"))
                end = values.get("end_date")
                if end_before_date(values["date"], end):
                    errors.append(ContentError(path, 1, 1, f"end_date {end} is before date {values['date']}"))
            elif not is_slug(stem):
                errors.append(ContentError(path, 1, 1, f"file name: {slug_problem(stem)}"))
            elif _scalar_text(root, "id") not in (None, stem):
                errors.append(ContentError(path, 1, 1, f"a source's id must equal its file name '{stem}'"))
            if errors:
                values = INVALID
        key = (kind, record_id)
        if key in out:  # two files claim one id: the second is the invalid one
            errors.append(ContentError(path, 1, 1, f"{kind} id '{record_id}' is already used by {out[key].path}"))
            key = (kind, f"{record_id} ({path})")
            values = INVALID
        out[key] = Side(path, values, errors, title)
    return out


def _registry(kind: str, path: str, root: Node | None, errors: list[ContentError]) -> dict:
    """The records of actors.yaml or places.yaml; the whole file as one invalid record when it cannot be read."""
    if root is not None and not isinstance(root, Mapping):
        errors.append(root.pos.error("expected a mapping of id: record"))
    if not isinstance(root, Mapping):
        return {(kind, PurePosixPath(path).name): Side(path, INVALID, errors, None)}
    spec = ACTOR if kind == "actor" else PLACE
    out = {}
    for key, node in root.items:
        record_errors: list[ContentError] = []
        if not is_slug(key.text):
            record_errors.append(key.pos.error(slug_problem(key.text)))
            values: Any = INVALID
        else:
            values = spec.values(node, record_errors)
        out[(kind, key.text)] = Side(path, values, record_errors, _scalar_text(node, "name"))
    return out


def _scalar_text(root: Node | None, name: str) -> str | None:
    """The text of a top-level scalar field, on one line; None when absent, null or not a scalar."""
    if isinstance(root, Mapping):
        for key, node in root.items:
            if key.text == name and isinstance(node, Scalar) and not node.is_null:
                return " ".join(node.text.split())
    return None
