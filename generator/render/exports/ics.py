"""events.ics: one iCalendar (RFC 5545) VEVENT per event that has calendar days.

Day, month and year dates become all-day entries covering every day the date
covers (a month-precision event spans the whole month, and its description
says "Date known to the month only"; ``201X`` spans the decade); timed dates
are written in UTC (see ``_ics_instant`` for why).

EDTF dates: an approximate or uncertain date (``~``, ``?``, ``%``, or
``approximate: true``) says so in the SUMMARY ("… (approximate date)") and in
the description's notes; an open end (``..``) makes an entry of the start alone,
"Still going" in the notes. Events whose dates have no calendar day — before
year 1 or after 9999 — are left out, and the calendar's description
(X-WR-CALDESC) says how many and which (``omitted_note``).
"""

from __future__ import annotations

from datetime import date as _date
from datetime import datetime, time, timedelta, timezone
from urllib.parse import urlsplit

import icalendar
from icalendar.parser import _foldline

from generator.chronology import Chronology
from generator.content.dates import Date
from generator.content.model import Content, Event, Place
from generator.render.exports.common import EPOCH, UpdatedFor, event_link, place_of, plain_text, stamp_for, text_or_none

ICS_PRODID = "-//timeline-site//timeline-site//EN"
DEFAULT_UID_DOMAIN = "timeline-site"
ICS_SUMMARY_CHARS = 400  # calendar apps show a few lines
ICS_LINE_OCTETS = 75  # RFC 5545: a content line is folded before it passes 75 octets


# -- when ------------------------------------------------------------------------------------


def _midnight_utc(day: _date) -> datetime:
    return datetime.combine(day, time(), tzinfo=timezone.utc)


def content_stamp(event: Event, content: Content) -> datetime:
    """A deterministic 'last changed' time for an event, derived from the content alone.

    The latest date of its corrections log; else the latest ``published``
    date of its sources (their last day; publication dates without a calendar
    day are passed over); else 1970-01-01. Always midnight UTC.
    """
    if event.updates:
        return _midnight_utc(max(u.date for u in event.updates))
    published = [
        content.sources[ref.source].published
        for ref in event.sources
        if ref.source in content.sources and content.sources[ref.source].published is not None
        and content.sources[ref.source].published.has_calendar_day  # type: ignore[union-attr]
    ]
    return _midnight_utc(max(p.last_day() for p in published)) if published else EPOCH


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


def in_calendar(event: Event) -> bool:
    """Whether the event can be a VEVENT: its date (and end date, unless open) has calendar days."""
    end = event.end_date
    return event.date.has_calendar_day and (end is None or end.is_open or end.has_calendar_day)


def ics_span(event: Event) -> tuple[_date | datetime, _date | datetime | None]:
    """(DTSTART, DTEND) of an event that is ``in_calendar``; DTEND is exclusive and None for an instant.

    Timed start: UTC instants; a day/month/year end then lasts until midnight
    after its last day, at the start's UTC offset. Otherwise all-day dates
    from the first day the date covers to the day after the last day the end
    (or the date) covers: a month-precision event spans the whole month. An
    open end (still going) counts as no end.
    """
    start, end = event.date, event.end_date
    if end is not None and end.is_open:
        end = None
    if not start.has_time:
        return start.first_day(), _day_after((end or start).last_day())
    if end is None or end.has_time:
        return _ics_instant(start), _ics_instant(end) if end else None
    after = _day_after(end.last_day())
    if after is None:
        return _ics_instant(start), None
    return _ics_instant(start), _utc(datetime.combine(after, time(), tzinfo=start.to_datetime().tzinfo))  # type: ignore[union-attr]


# -- what ------------------------------------------------------------------------------------


_COARSE = ("month", "year", "decade", "century", "millennium")


def precision_notes(event: Event) -> list[str]:
    """Sentences saying how well the dates are known: to the month, year, decade … only; approximate
    or uncertain (``~``, ``?``, ``%``, ``approximate: true``); still going (an open end)."""
    notes = []
    for label, when in (("Date", event.date), ("End date", event.end_date)):
        if when is None:
            continue
        if when.is_open:
            notes.append("Still going (no end date yet).")
            continue
        if when.precision in _COARSE:
            notes.append(f"{label} known to the {when.precision} only.")
        approximate = when.approximate or (event.approximate and when is event.date)
        words = [w for w, on in (("approximate", approximate), ("uncertain", when.uncertain)) if on]
        if words:
            notes.append(f"{label} {' and '.join(words)}.")
    return notes


def _summary(event: Event) -> str:
    """The title, and '(approximate date)', '(uncertain date)' or '(approximate, uncertain date)' when the date is so."""
    approximate, uncertain = event.approximate or event.date.approximate, event.date.uncertain
    words = ", ".join(w for w, on in (("approximate", approximate), ("uncertain", uncertain)) if on)
    return f"{event.title} ({words} date)" if words else event.title


OMITTED_LISTED = 10


def omitted_note(events: list[Event]) -> str | None:
    """The calendar's description when events are left out: how many, why, and (up to ten of) their ids."""
    if not events:
        return None
    ids = ", ".join(e.id for e in events[:OMITTED_LISTED]) + (f" and {len(events) - OMITTED_LISTED} more" if len(events) > OMITTED_LISTED else "")
    many = len(events) != 1
    return (f"{len(events)} event{'s are' if many else ' is'} not in this calendar: "
            f"{'their dates have' if many else 'its date has'} no calendar day (before year 1 or after 9999): {ids}.")


def _source_line(ref_source: str, content: Content) -> str:
    source = content.sources.get(ref_source)
    if source is None:
        return f"- {ref_source}"
    details = ", ".join(x for x in (source.publisher, text_or_none(source.published)) if x)
    line = f"- {source.title}" + (f" ({details})" if details else "")
    return line + (f" {source.url}" if source.url else "")


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + " …"


def _ics_description(event: Event, content: Content, url: str | None) -> str:
    parts = [_shortened(plain_text(event.summary), ICS_SUMMARY_CHARS), "\n".join([f"When: {event.when}", *precision_notes(event), f"Status: {event.status}"])]
    sources = dict.fromkeys(ref.source for ref in event.sources)
    parts.append("Sources:\n" + "\n".join(_source_line(s, content) for s in sources))
    if url:
        parts.append(url)
    return "\n\n".join(parts)


def _uid(event: Event, site_url: str | None) -> str:
    """'<id>@<host><path>' for a site URL (so two sites on one host differ), else '<id>@timeline-site'."""
    if site_url:
        parts = urlsplit(site_url)
        if parts.hostname:
            return f"{event.id}@{parts.hostname}{parts.path.rstrip('/')}"
    return f"{event.id}@{DEFAULT_UID_DOMAIN}"


def _location(place: Place) -> str:
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
    vevent.add("summary", _summary(event))
    vevent.add("description", _ics_description(event, content, url))
    if url:
        vevent.add("url", url)
    place = place_of(event, content)
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
    X-WR-CALNAME. Events that are not ``in_calendar`` are left out; ``omitted_note`` in
    X-WR-CALDESC says which.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", ICS_PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if title:
        calendar.add("x-wr-calname", title)
    omitted = [event for event in chron.events if not in_calendar(event)]
    note = omitted_note(omitted)
    if note:
        calendar.add("x-wr-caldesc", note)
    for event in chron.events:
        if not in_calendar(event):
            continue
        stamp = stamp_for(event, updated_for) or content_stamp(event, chron.content)
        calendar.add_component(_vevent(event, chron.content, site_url, stamp))
    return to_ical(calendar)


def to_ical(calendar: icalendar.Calendar) -> bytes:
    """``calendar.to_ical()``, byte for byte, with the lines folded by ``fold_line`` (icalendar folds
    character by character: half the time of a 10,000-event calendar)."""
    return "".join(fold_line(line) + "\r\n" for line in calendar.content_lines() if line).encode("utf-8")


def fold_line(line: str) -> str:
    """RFC 5545 folding as icalendar's ``_foldline`` does it, in slices for ASCII lines: 74 characters a
    line (a continuation line starts with a space), a backslash or caret that would end a line moved
    to the next one (so no escape is split)."""
    width = ICS_LINE_OCTETS - 1
    if len(line) <= width and line.isascii():
        return line
    if not line.isascii():  # octets and characters differ: icalendar's own
        return _foldline(line, ICS_LINE_OCTETS)
    pieces, start = [], 0
    while len(line) - start > width:
        end = start + width
        if line[end - 1] in "\\^":
            end -= 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return "\r\n ".join(pieces)
