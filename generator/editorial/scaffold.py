"""``timeline new``: a valid event file to start from."""

from __future__ import annotations

import re
from pathlib import Path

from generator.content.dates import Date
from generator.content.fields import SLUG_MAX, is_slug

SCHEMA_FILE = "event.schema.json"


def slugify(text: str) -> str:
    """A slug made from a title: 'Taliban seize Kunduz!' -> 'taliban-seize-kunduz'."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "event"


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def event_yaml(date: Date, title: str, source: str, place: str | None, tags: list[str]) -> str:
    """The YAML text of a new event (a schema comment, required fields, TODO summary)."""
    lines = [
        f"# yaml-language-server: $schema=../../{SCHEMA_FILE}",
        f"date: {_quoted(str(date))}",
        f"title: {_quoted(title)}",
        "summary: |",
        "  TODO: one or two paragraphs of what happened, in Markdown.",
    ]
    if place:
        lines.append(f"place: {place}")
    if tags:
        lines.append("tags: [" + ", ".join(tags) + "]")
    lines += ["sources:", f"  - source: {source}"]
    return "\n".join(lines) + "\n"


def new_event_path(content_dir: Path, date: Date, event_id: str) -> Path:
    """Where an event file goes: ``content/events/<year>/<id>.yaml``."""
    if not is_slug(event_id):
        raise ValueError(f"'{event_id}' is not a valid id")
    return content_dir / "events" / f"{date.year:04d}" / f"{event_id}.yaml"
