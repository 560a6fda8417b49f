"""Machine-readable exports: events.json (and its JSON Schema), CSV, iCalendar and TimelineJS JSON.

One module per file the site publishes — ``json_export`` (events.json),
``json_schema`` (events.schema.json), ``csv_export`` (events.csv), ``ics``
(events.ics), ``timelinejs`` (timeline.json) — and ``common`` for what they
(and the Atom feed in ``render.feed``) share. Import from this package.

Every function here is pure: it takes a ``Chronology`` and returns ``bytes``,
reads no files and never looks at the clock, so the same content always gives
byte-identical output. Where a format wants a "generated" or "stamped" time,
it is derived from the content (see ``content_stamp``) or passed in.

Choices worth knowing:

* Dates are written as the editor wrote them (``str(Date)``: ``2015``,
  ``2015-09``, ``2015-09-28``, ``2015-09-28T05:30+04:30``) together with
  their precision.
* Event URLs are absolute when a site URL is given, else relative to the
  site root (``events/<id>/``).
* CSV list columns (actors, tags, sources) hold ids joined with ``"; "``; ids
  are slugs, so they never contain the separator.
* iCalendar: day, month and year dates become all-day entries covering every
  day the date covers; timed dates are written in UTC (see ``ics``).
"""

from __future__ import annotations

from generator.render.exports.common import (
    EPOCH,
    MarkdownToHtml,
    UpdatedFor,
    absolute_url,
    escaped_paragraphs,
    event_link,
    plain_text,
    stamp_for,
)
from generator.render.exports.csv_export import CSV_COLUMNS, LIST_SEPARATOR, events_csv
from generator.render.exports.ics import DEFAULT_UID_DOMAIN, ICS_PRODID, ICS_SUMMARY_CHARS, content_stamp, events_ics, ics_span, precision_notes
from generator.render.exports.json_export import SCHEMA_VERSION, events_json
from generator.render.exports.json_schema import events_json_schema
from generator.render.exports.timelinejs import timelinejs_json

__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_UID_DOMAIN",
    "EPOCH",
    "ICS_PRODID",
    "ICS_SUMMARY_CHARS",
    "LIST_SEPARATOR",
    "SCHEMA_VERSION",
    "MarkdownToHtml",
    "UpdatedFor",
    "absolute_url",
    "content_stamp",
    "escaped_paragraphs",
    "event_link",
    "events_csv",
    "events_ics",
    "events_json",
    "events_json_schema",
    "ics_span",
    "plain_text",
    "precision_notes",
    "stamp_for",
    "timelinejs_json",
]
