"""timeline.json: a TimelineJS3 data file, a slide per event."""

from __future__ import annotations

import html

from generator.chronology import Chronology
from generator.content.dates import Date
from generator.content.model import Content, Event
from generator.render.exports.common import MarkdownToHtml, dump_json, escaped_paragraphs, event_link, place_of


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
    place = place_of(event, content)
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
    return dump_json(
        {
            "title": {"text": {"headline": html.escape(title), "text": description if description is not None else _timelinejs_intro(chron)}},
            "events": [_timelinejs_slide(e, chron.content, to_html, site_url) for e in chron.events],
        }
    )
