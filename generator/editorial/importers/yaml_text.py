"""The YAML text of the files an import writes: event files and the import's source record."""

from __future__ import annotations

import json
import re
from typing import Any

from generator.content.fields import is_slug
from generator.editorial.scaffold import SCHEMA_FILE

EVENT_KEY_ORDER = (
    "id", "date", "end_date", "approximate", "display_date", "title", "summary", "body",
    "place", "actors", "tags", "status", "sources", "media",
)
MEDIA_KEY_ORDER = ("file", "url", "alt", "caption", "credit", "license", "link", "thumbnail")

_UNSAFE_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (a JSON string, with YAML's unprintable characters escaped)."""
    return _UNSAFE_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _yaml_text(key: str, text: str, block: bool) -> list[str]:
    """A Markdown field as a literal block when that is safe, else a quoted string."""
    safe = (
        block
        and text
        and not text[0].isspace()
        and "\t" not in text
        and "\r" not in text
        and not _UNSAFE_YAML.search(text)
        and "\x85" not in text
        and all(line == line.rstrip() for line in text.split("\n"))
    )
    if not safe:
        return [f"{key}: {yaml_string(text)}"]
    return [f"{key}: |"] + [f"  {line}" if line else "" for line in text.split("\n")]


def event_file_text(values: dict[str, Any], block: bool = True) -> str:
    """The YAML of an event file: the schema comment, then fields in the usual order."""
    lines = [f"# yaml-language-server: $schema=../../{SCHEMA_FILE}"]
    for key in EVENT_KEY_ORDER:
        value = values.get(key)
        if value is None or value == () or value == []:
            continue
        if key in ("summary", "body"):
            lines += _yaml_text(key, value, block)
        elif isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif key == "sources":
            lines.append("sources:")
            lines += [f"  - source: {_id_value(source)}" for source in value]
        elif key == "media":  # entries as mappings of text: {url: …, alt: …, caption: …}
            lines.append("media:")
            for entry in value:
                fields = [f"{name}: {yaml_string(str(entry[name]))}" for name in MEDIA_KEY_ORDER if entry.get(name)]
                lines += [("  - " if n == 0 else "    ") + field for n, field in enumerate(fields)]
        elif isinstance(value, (list, tuple)):
            lines.append(f"{key}:")
            lines += [f"  - {_id_value(item)}" for item in value]
        elif key in ("id", "place", "status"):
            lines.append(f"{key}: {_id_value(value)}")
        else:
            lines.append(f"{key}: {yaml_string(str(value))}")
    return "\n".join(lines) + "\n"


def _id_value(value: str) -> str:
    """An id as a plain scalar (quoted only where YAML would read it as null)."""
    return value if is_slug(value) and value != "null" else yaml_string(value)


def source_file_text(title: str, notes: str) -> str:
    """The YAML of a source record: its title, and notes (Markdown)."""
    return "\n".join([f"title: {yaml_string(title)}", *_yaml_text("notes", notes, True)]) + "\n"
