"""What every export shares: links to event pages, the stamps of events, JSON and text helpers."""

from __future__ import annotations

import html
import json
import re
from datetime import date as _date
from datetime import datetime, timezone
from typing import Any, Callable

from generator.content.dates import Date, OpenEnd
from generator.content.model import Content, Event, Place
from generator.render.urls import event_url

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

MarkdownToHtml = Callable[[str], str]
UpdatedFor = Callable[[Event], "datetime | None"]


# -- links ------------------------------------------------------------------------------


def absolute_url(site_url: str | None, path: str) -> str:
    """``path`` (relative to the site root) joined to ``site_url``; ``path`` itself when there is no site URL."""
    if not site_url:
        return path
    return site_url.rstrip("/") + "/" + path


def event_link(event: Event, site_url: str | None) -> str:
    """The URL of an event's page, absolute when ``site_url`` is given."""
    return absolute_url(site_url, event_url(event.id))


def place_of(event: Event, content: Content) -> Place | None:
    """The record of the event's place, or None when it names none."""
    return content.places.get(event.place) if event.place else None


# -- stamps -----------------------------------------------------------------------------


def stamp_for(event: Event, updated_for: UpdatedFor | None) -> datetime | None:
    """``updated_for(event)``, checked to be timezone-aware (a naive time would depend on the machine)."""
    stamp = updated_for(event) if updated_for else None
    if stamp is not None and stamp.utcoffset() is None:
        raise ValueError(f"updated_for returned a naive datetime for event '{event.id}'; give it a timezone")
    return stamp


# -- values and text ----------------------------------------------------------------------


def dump_json(value: Any) -> bytes:
    """Compact UTF-8 JSON with a final newline (no NaN; non-ASCII as is)."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n").encode("utf-8")


def text_or_none(value: Date | OpenEnd | _date | None) -> str | None:
    """A date as the editor wrote it (``Date``; ``OPEN_END`` is '..') or in ISO form (``date``); None stays None."""
    return None if value is None else str(value) if isinstance(value, (Date, OpenEnd)) else value.isoformat()


def paragraphs(markdown: str) -> list[str]:
    """The paragraphs of a text (split at blank lines), stripped, empty ones left out."""
    return [p.strip() for p in re.split(r"\n[ \t]*\n", markdown.strip()) if p.strip()]


def escaped_paragraphs(markdown: str) -> str:
    """The default Markdown-to-HTML fallback: the text, HTML-escaped, one ``<p>`` per paragraph."""
    return "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(markdown))


_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s")
_EMPHASIS = re.compile(r"\*\*|__|`")


def plain_text(markdown: str) -> str:
    """Markdown made readable as plain text: links become 'text (url)', bold and code marks go,
    lines of a paragraph are joined (list items keep their own lines)."""
    out = []
    for paragraph in paragraphs(markdown):
        lines: list[str] = []
        for line in paragraph.splitlines():
            if lines and not _LIST_ITEM.match(line):
                lines[-1] += " " + line.strip()
            else:
                lines.append(line.strip())
        text = "\n".join(lines)
        text = _LINK.sub(lambda m: f"{m[1]} ({m[2]})" if m[1] and m[1] != m[2] else m[2], text)
        out.append(_EMPHASIS.sub("", text))
    return "\n\n".join(out)
