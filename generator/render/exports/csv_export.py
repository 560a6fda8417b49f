"""events.csv: one row per event (RFC 4180, UTF-8), in the columns the content format declares
(``generator.content.format.CSV_COLUMNS``), which ``timeline import csv`` reads back."""

from __future__ import annotations

import csv
import io

from generator.chronology import Chronology
from generator.content.format import CSV_COLUMNS, LIST_SEPARATOR
from generator.content.model import Event
from generator.render.exports.common import event_link, text_or_none

__all__ = ["CSV_COLUMNS", "LIST_SEPARATOR", "events_csv"]


def _csv_row(event: Event, site_url: str | None) -> list[str]:
    return [
        event.id,
        str(event.date),
        text_or_none(event.end_date) or "",
        "true" if event.approximate else "false",
        event.display_date or "",
        event.title,
        event.summary,
        event.body or "",
        event.place or "",
        LIST_SEPARATOR.join(event.actors),
        LIST_SEPARATOR.join(event.tags),
        event.status,
        LIST_SEPARATOR.join(ref.source for ref in event.sources),
        event_link(event, site_url),
    ]


def events_csv(chron: Chronology, site_url: str | None = None) -> bytes:
    """One row per event in date order, after a header row of ``CSV_COLUMNS``.

    RFC 4180: fields quoted when needed (commas, quotes, line breaks), CRLF
    between records, UTF-8 without a BOM. ``approximate`` is ``true``/``false``;
    summary and body are the Markdown as written; place, actors, tags and
    sources are ids, lists joined with ``"; "``; ``url`` is relative to the
    site root unless ``site_url`` is given.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_csv_row(event, site_url) for event in chron.events)
    return buffer.getvalue().encode("utf-8")
