"""``timeline new``: a valid event file to start from, under an id no other event holds."""

from __future__ import annotations

import re
from pathlib import Path

from generator.content.dates import Date, year_slug
from generator.content.fields import SLUG_MAX, is_slug

SCHEMA_FILE = "event.schema.json"
# A top-level `id:` line, its value plain or quoted, perhaps with a comment after it.
_ID_LINE = re.compile(r"""^id:[ \t]*(["']?)([^"'#\s]+)\1[ \t]*(?:#.*)?\r?$""", re.MULTILINE)


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
    lines += MEDIA_EXAMPLE
    return "\n".join(lines) + "\n"


# What a new event file says about ``media`` (commented out: the file is valid as it is).
MEDIA_EXAMPLE = [
    "# media:  # photos (files under content/media/), videos, posts, documents; uncomment and edit",
    "#   - file: photos/example.jpg",
    "#     alt: What the photo shows, for people who cannot see it (required for images)",
    "#     caption: What it shows and when",
    '#     credit: "Photo: Name / Agency"',
    "#     license: CC BY 4.0",
    "#   - url: https://www.youtube.com/watch?v=VIDEO_ID  # loads only when the reader asks",
    "#     caption: What the video shows",
]


def new_event_path(content_dir: Path, date: Date, event_id: str) -> Path:
    """Where an event file goes: ``content/events/<year>/<id>.yaml``; the year as ``year_slug`` writes it
    ('2015', '-0043' for 44 BC, '-13800000000'), as ``timeline import`` does."""
    if not is_slug(event_id):
        raise ValueError(f"'{event_id}' is not a valid id")
    return content_dir / "events" / year_slug(date.year) / f"{event_id}.yaml"


def event_holding_id(content_dir: Path, event_id: str) -> tuple[Path, str] | None:
    """The event file that already holds ``event_id`` and how: ``"name"`` (its file is
    ``<id>.yaml``) or ``"id"`` (an ``id:`` line in it sets that id, whatever its file name).

    A cheap scan of the text, not a full load: ``timeline new`` must stay instant and
    work while other files have errors.
    """
    for path in sorted((content_dir / "events").rglob("*.yaml")):
        if path.stem == event_id:
            return path, "name"
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        if event_id in text:
            match = _ID_LINE.search(text)
            if match and match[2] == event_id:
                return path, "id"
    return None
