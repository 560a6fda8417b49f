"""Machine-readable exports: events.json (and its JSON Schema), CSV, iCalendar and TimelineJS JSON.

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
  day the date covers (a month-precision event spans the whole month, and
  its description says "Date known to the month only"); timed dates are
  written in UTC (see ``_ics_instant`` for why).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date as _date
from datetime import datetime, time, timedelta, timezone
from typing import Any, Callable
from urllib.parse import urlsplit

import icalendar

from ..chronology import Chronology
from ..dates import Date
from ..model import ACTOR_KINDS, QUALIFIERS, STATUSES, Content, Event
from .urls import event_url

SCHEMA_VERSION = 1
LIST_SEPARATOR = "; "
CSV_COLUMNS = (
    "id", "date", "end_date", "approximate", "display_date", "title", "summary", "body",
    "place", "actors", "tags", "status", "sources", "url",
)
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
ICS_PRODID = "-//timeline-site//timeline-site//EN"
DEFAULT_UID_DOMAIN = "timeline-site"

MarkdownToHtml = Callable[[str], str]
UpdatedFor = Callable[[Event], "datetime | None"]


# -- shared helpers -------------------------------------------------------------------


def absolute_url(site_url: str | None, path: str) -> str:
    """``path`` (relative to the site root) joined to ``site_url``; ``path`` itself when there is no site URL."""
    if not site_url:
        return path
    return site_url.rstrip("/") + "/" + path


def event_link(event: Event, site_url: str | None) -> str:
    """The URL of an event's page, absolute when ``site_url`` is given."""
    return absolute_url(site_url, event_url(event.id))


def _paragraphs(markdown: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n[ \t]*\n", markdown.strip()) if p.strip()]


def escaped_paragraphs(markdown: str) -> str:
    """The default Markdown-to-HTML fallback: the text, HTML-escaped, one ``<p>`` per paragraph."""
    return "\n".join(f"<p>{html.escape(p)}</p>" for p in _paragraphs(markdown))


_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s")
_EMPHASIS = re.compile(r"\*\*|__|`")


def plain_text(markdown: str) -> str:
    """Markdown made readable as plain text: links become 'text (url)', bold and code marks go,
    lines of a paragraph are joined (list items keep their own lines)."""
    out = []
    for paragraph in _paragraphs(markdown):
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


def precision_notes(event: Event) -> list[str]:
    """Sentences saying when the date or end date is known only to the month or year."""
    notes = []
    for label, when in (("Date", event.date), ("End date", event.end_date)):
        if when is not None and when.precision in ("month", "year"):
            notes.append(f"{label} known to the {when.precision} only.")
    return notes


def _midnight_utc(day: _date) -> datetime:
    return datetime.combine(day, time(), tzinfo=timezone.utc)


def content_stamp(event: Event, content: Content) -> datetime:
    """A deterministic 'last changed' time for an event, derived from the content alone.

    The latest date of its corrections log; else the latest ``published``
    date of its sources (their last day); else 1970-01-01. Always midnight UTC.
    """
    if event.updates:
        return _midnight_utc(max(u.date for u in event.updates))
    published = [
        content.sources[ref.source].published
        for ref in event.sources
        if ref.source in content.sources and content.sources[ref.source].published is not None
    ]
    return _midnight_utc(max(p.last_day() for p in published)) if published else EPOCH


def stamp_for(event: Event, updated_for: UpdatedFor | None) -> datetime | None:
    """``updated_for(event)``, checked to be timezone-aware (a naive time would depend on the machine)."""
    stamp = updated_for(event) if updated_for else None
    if stamp is not None and stamp.utcoffset() is None:
        raise ValueError(f"updated_for returned a naive datetime for event '{event.id}'; give it a timezone")
    return stamp


def _dump_json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n").encode("utf-8")


def _text_or_none(value: Date | _date | None) -> str | None:
    return None if value is None else str(value) if isinstance(value, Date) else value.isoformat()


# -- events.json ------------------------------------------------------------------------


def _event_record(event: Event, site_url: str | None) -> dict:
    return {
        "id": event.id,
        "url": event_link(event, site_url),
        "date": str(event.date),
        "precision": event.date.precision,
        "end_date": _text_or_none(event.end_date),
        "end_precision": event.end_date.precision if event.end_date else None,
        "approximate": event.approximate,
        "display_date": event.display_date,
        "when": event.when,
        "title": event.title,
        "summary": event.summary,
        "body": event.body,
        "place": event.place,
        "actors": list(event.actors),
        "tags": list(event.tags),
        "status": event.status,
        "sources": [{"source": r.source, "quote": r.quote, "note": r.note} for r in event.sources],
        "quotes": [{"text": q.text, "by": q.by, "role": q.role, "source": q.source} for q in event.quotes],
        "casualties": [
            {"party": c.party, "killed": c.killed, "wounded": c.wounded, "qualifier": c.qualifier, "source": c.source}
            for c in event.casualties
        ],
        "related": list(event.related),
        "updates": [{"date": u.date.isoformat(), "note": u.note} for u in event.updates],
    }


def _registries(content: Content) -> dict:
    sources = {
        s.id: {
            "title": s.title, "publisher": s.publisher, "published": _text_or_none(s.published),
            "url": s.url, "archived_url": s.archived_url, "author": s.author,
            "language": s.language, "notes": s.notes,
        }
        for s in sorted(content.sources.values(), key=lambda s: s.id)
    }
    actors = {
        a.id: {"name": a.name, "kind": a.kind, "description": a.description, "aliases": list(a.aliases)}
        for a in sorted(content.actors.values(), key=lambda a: a.id)
    }
    places = {
        p.id: {"name": p.name, "region": p.region, "country": p.country, "lat": p.lat, "lon": p.lon}
        for p in sorted(content.places.values(), key=lambda p: p.id)
    }
    return {"sources": sources, "actors": actors, "places": places}


def events_json(chron: Chronology, site_url: str | None = None) -> bytes:
    """The whole model as compact UTF-8 JSON: ``{schema_version, events, sources, actors, places}``.

    Events are in chronological order; registries are keyed by id in id
    order; every record always has every key (absent values are ``null``
    or ``[]``), in a fixed order.
    """
    return _dump_json(
        {
            "schema_version": SCHEMA_VERSION,
            "events": [_event_record(e, site_url) for e in chron.events],
            **_registries(chron.content),
        }
    )


# -- JSON Schema of events.json -------------------------------------------------------------

_SLUG = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80}
_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?[+-]\d{2}:\d{2})?)?)?$"
_DATE = {"type": "string", "pattern": _DATE_PATTERN}
_DAY = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_PRECISION = {"enum": ["year", "month", "day", "minute", "second"]}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _record(properties: dict) -> dict:
    """An object with exactly these keys, all required (absent values are null)."""
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def _list(items: dict) -> dict:
    return {"type": "array", "items": items}


_TEXT = {"type": "string"}
_OPT_TEXT = _nullable(_TEXT)
_COUNT = _nullable({"type": "integer", "minimum": 0})


def _event_schema() -> dict:
    return _record(
        {
            "id": _SLUG,
            "url": {"type": "string", "description": "the event page; absolute, or relative to the site root"},
            "date": _DATE,
            "precision": _PRECISION,
            "end_date": _nullable(_DATE),
            "end_precision": _nullable(_PRECISION),
            "approximate": {"type": "boolean"},
            "display_date": _OPT_TEXT,
            "when": {"type": "string", "description": "the date as the site shows it"},
            "title": _TEXT,
            "summary": {"type": "string", "description": "Markdown"},
            "body": _OPT_TEXT,
            "place": _nullable(_SLUG),
            "actors": _list(_SLUG),
            "tags": _list(_SLUG),
            "status": {"enum": list(STATUSES)},
            "sources": {**_list(_record({"source": _SLUG, "quote": _OPT_TEXT, "note": _OPT_TEXT})), "minItems": 1},
            "quotes": _list(_record({"text": _TEXT, "by": _TEXT, "role": _OPT_TEXT, "source": _SLUG})),
            "casualties": _list(
                _record(
                    {
                        "party": _SLUG, "killed": _COUNT, "wounded": _COUNT,
                        "qualifier": _nullable({"enum": list(QUALIFIERS)}), "source": _SLUG,
                    }
                )
            ),
            "related": _list(_SLUG),
            "updates": _list(_record({"date": _DAY, "note": _TEXT})),
        }
    )


def _coordinate(limit: int) -> dict:
    return _nullable({"type": "number", "minimum": -limit, "maximum": limit})


def _registry_schema(record: dict) -> dict:
    return {"type": "object", "propertyNames": _SLUG, "additionalProperties": record}


def events_json_schema() -> dict:
    """The JSON Schema (draft 2020-12) that every ``events_json`` output validates against."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://timeline-site.invalid/events.schema.json",
        "title": "timeline-site events.json",
        "description": "The whole chronology: events in date order and the registries they refer to.",
        **_record(
            {
                "schema_version": {"const": SCHEMA_VERSION},
                "events": _list({"$ref": "#/$defs/event"}),
                "sources": _registry_schema(
                    _record(
                        {
                            "title": _TEXT, "publisher": _OPT_TEXT, "published": _nullable(_DATE),
                            "url": _OPT_TEXT, "archived_url": _OPT_TEXT, "author": _OPT_TEXT,
                            "language": _OPT_TEXT, "notes": _OPT_TEXT,
                        }
                    )
                ),
                "actors": _registry_schema(
                    _record({"name": _TEXT, "kind": {"enum": list(ACTOR_KINDS)}, "description": _OPT_TEXT, "aliases": _list(_TEXT)})
                ),
                "places": _registry_schema(
                    _record(
                        {"name": _TEXT, "region": _OPT_TEXT, "country": _OPT_TEXT, "lat": _coordinate(90), "lon": _coordinate(180)}
                    )
                ),
            }
        ),
        "$defs": {"event": _event_schema()},
    }


# -- CSV ----------------------------------------------------------------------------------


def _csv_row(event: Event, site_url: str | None) -> list[str]:
    return [
        event.id,
        str(event.date),
        _text_or_none(event.end_date) or "",
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


# -- iCalendar ----------------------------------------------------------------------------


def _uid(event: Event, site_url: str | None) -> str:
    """'<id>@<host><path>' for a site URL (so two sites on one host differ), else '<id>@timeline-site'."""
    if site_url:
        parts = urlsplit(site_url)
        if parts.hostname:
            return f"{event.id}@{parts.hostname}{parts.path.rstrip('/')}"
    return f"{event.id}@{DEFAULT_UID_DOMAIN}"


def _utc(moment: datetime) -> datetime:
    """An aware datetime in UTC; clamped to the calendar's ends when UTC falls in year 0 or 10000."""
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:
        edge = datetime.min if moment.year == 1 else datetime.max.replace(microsecond=0)
        return edge.replace(tzinfo=timezone.utc)


def _ics_instant(when: Date) -> datetime:
    """A timed date as an aware UTC datetime (serialized with a trailing 'Z').

    icalendar writes a fixed-offset datetime as ``DTSTART;TZID="UTC+04:30":...``
    without the VTIMEZONE that TZID needs, so readers see a floating or
    unknown time. UTC is exact and every calendar understands it; the local
    time as written stays in the description.
    """
    return _utc(when.to_datetime())  # type: ignore[arg-type]


def _day_after(day: _date) -> _date | None:
    """The next day; None after 9999-12-31 (DTEND is then left out)."""
    return day + timedelta(days=1) if day < _date.max else None


def ics_span(event: Event) -> tuple[_date | datetime, _date | datetime | None]:
    """(DTSTART, DTEND) of an event; DTEND is exclusive and None for an instant.

    Timed start: UTC instants; a day/month/year end then lasts until midnight
    after its last day, at the start's UTC offset. Otherwise all-day dates
    from the first day the date covers to the day after the last day the end
    (or the date) covers: a month-precision event spans the whole month.
    """
    start, end = event.date, event.end_date
    if not start.has_time:
        return start.first_day(), _day_after((end or start).last_day())
    if end is None or end.has_time:
        return _ics_instant(start), _ics_instant(end) if end else None
    after = _day_after(end.last_day())
    if after is None:
        return _ics_instant(start), None
    return _ics_instant(start), _utc(datetime.combine(after, time(), tzinfo=start.to_datetime().tzinfo))  # type: ignore[union-attr]


def _source_line(ref_source: str, content: Content) -> str:
    source = content.sources.get(ref_source)
    if source is None:
        return f"- {ref_source}"
    details = ", ".join(x for x in (source.publisher, _text_or_none(source.published)) if x)
    line = f"- {source.title}" + (f" ({details})" if details else "")
    return line + (f" {source.url}" if source.url else "")


ICS_SUMMARY_CHARS = 400  # calendar apps show a few lines; icalendar's line folding is slow on long text


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + " …"


def _ics_description(event: Event, content: Content, url: str | None) -> str:
    parts = [_shortened(plain_text(event.summary), ICS_SUMMARY_CHARS), "\n".join([f"When: {event.when}", *precision_notes(event), f"Status: {event.status}"])]
    sources = dict.fromkeys(ref.source for ref in event.sources)
    parts.append("Sources:\n" + "\n".join(_source_line(s, content) for s in sources))
    if url:
        parts.append(url)
    return "\n\n".join(parts)


def _location(place) -> str:
    return ", ".join(dict.fromkeys(x for x in (place.name, place.region, place.country) if x))


def _vevent(event: Event, content: Content, site_url: str | None, stamp: datetime) -> icalendar.Event:
    url = event_link(event, site_url) if site_url else None
    vevent = icalendar.Event()
    vevent.add("uid", _uid(event, site_url))
    vevent.add("dtstamp", stamp.astimezone(timezone.utc))
    start, end = ics_span(event)
    vevent.add("dtstart", start)
    if end is not None:
        vevent.add("dtend", end)
    vevent.add("summary", event.title)
    vevent.add("description", _ics_description(event, content, url))
    if url:
        vevent.add("url", url)
    place = content.places.get(event.place) if event.place else None
    if place is not None:
        vevent.add("location", _location(place))
        if place.lat is not None and place.lon is not None:
            vevent.add("geo", (place.lat, place.lon))
    if event.tags:
        vevent.add("categories", list(event.tags))
    return vevent


def events_ics(
    chron: Chronology,
    site_url: str | None = None,
    *,
    title: str | None = None,
    updated_for: UpdatedFor | None = None,
) -> bytes:
    """An iCalendar (RFC 5545) file with one VEVENT per event, in date order.

    UID is ``<id>@<site host and path>`` (``<id>@timeline-site`` without a site
    URL). DTSTAMP is ``updated_for(event)`` when that gives a datetime, else
    ``content_stamp`` (corrections log, else source publication, else
    1970-01-01T00:00:00Z). See ``ics_span`` for DTSTART/DTEND. ``title`` sets
    X-WR-CALNAME.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", ICS_PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if title:
        calendar.add("x-wr-calname", title)
    for event in chron.events:
        stamp = stamp_for(event, updated_for) or content_stamp(event, chron.content)
        calendar.add_component(_vevent(event, chron.content, site_url, stamp))
    return calendar.to_ical()


# -- TimelineJS -------------------------------------------------------------------------------


def _timelinejs_date(when: Date, display: str) -> dict:
    """A TimelineJS date object at the date's precision, numbers as strings.

    TimelineJS reads dates as wall-clock time, so a timed date keeps the
    local time as written; ``display_date`` shows its offset.
    """
    fields = {"year": when.year, "month": when.month, "day": when.day, "hour": when.hour, "minute": when.minute, "second": when.second}
    out = {key: str(value) for key, value in fields.items() if value is not None}
    out["display_date"] = display
    return out


def _timelinejs_slide(event: Event, content: Content, to_html: MarkdownToHtml, site_url: str | None) -> dict:
    text = to_html(event.summary)
    if site_url:
        text += f'\n<p><a href="{html.escape(event_link(event, site_url))}">Event page</a></p>'
    slide: dict = {"start_date": _timelinejs_date(event.date, event.date.human(event.approximate))}
    if event.end_date is not None:
        slide["end_date"] = _timelinejs_date(event.end_date, event.end_date.human())
    if event.display_date:
        slide["display_date"] = event.display_date
    slide["text"] = {"headline": html.escape(event.title), "text": text}
    place = content.places.get(event.place) if event.place else None
    group = event.tags[0] if event.tags else place.name if place else None
    if group:
        slide["group"] = group
    slide["unique_id"] = event.id
    return slide


def _timelinejs_intro(chron: Chronology) -> str:
    if not chron.events:
        return "<p>No events yet.</p>"
    first, last = chron.events[0], chron.events[-1]
    count = f"{len(chron.events)} event" + ("s" if len(chron.events) != 1 else "")
    return f"<p>{count}, {html.escape(first.when)} – {html.escape(last.when)}.</p>"


def timelinejs_json(
    chron: Chronology,
    title: str,
    *,
    description: str | None = None,
    markdown_to_html: MarkdownToHtml | None = None,
    site_url: str | None = None,
) -> bytes:
    """A TimelineJS3 data file: ``{"title": slide, "events": [slide, ...]}``.

    Each slide has ``start_date`` (and ``end_date``) at the event's precision
    (no month or day when they are not known), ``text.headline`` (the title,
    HTML-escaped) and ``text.text`` (the summary as HTML: ``markdown_to_html``,
    by default the escaped text in ``<p>``), plus a link to the event page when
    ``site_url`` is given; ``group`` is the first tag, else the place name;
    ``unique_id`` is the event id. ``description`` (HTML) is the title slide's
    text; by default it counts the events and gives the span of dates.
    """
    to_html = markdown_to_html or escaped_paragraphs
    return _dump_json(
        {
            "title": {"text": {"headline": html.escape(title), "text": description if description is not None else _timelinejs_intro(chron)}},
            "events": [_timelinejs_slide(e, chron.content, to_html, site_url) for e in chron.events],
        }
    )
