"""timeline.json: a TimelineJS3 data file, a slide per event.

Years: TimelineJS shows a year -N as "N BCE", with no year 0, while the content format's
years are astronomical (EDTF: year 0 is 1 BC, -0043 is 44 BC), so years before 1 are written
one lower (-0043 as -44). A timeline with a year beyond JavaScript's dates (more than 271,820
years from year 0) is on TimelineJS's cosmological scale (``"scale": "cosmological"``), where
TimelineJS counts years as they are, so no year is renumbered there. Both are the inverse
of ``timeline import`` (``generator.editorial.importers.slide_dates``).

Size: TimelineJS is made for dozens of slides and slows to a crawl with thousands, so a
chronology of more than ``SLIDES_LIMIT`` events gets a file of its key (``featured``) events
and its latest, and says so on the title slide; ``events.json`` keeps every event.
"""

from __future__ import annotations

import html

from generator.chronology import Chronology
from generator.content.dates import Date
from generator.content.model import Content, Event
from generator.render.exports.common import MarkdownToHtml, dump_json, escaped_paragraphs, event_link, place_of
from generator.render.media_urls import Images, media_url, thumbnail_url

SLIDES_LIMIT = 500  # events past which timeline.json holds the key events and the latest only
JS_DATE_YEARS = 271_820  # JavaScript dates reach about 271,821 years either side of 1970 (slide_dates.JS_DATE_YEARS)


def timelinejs_year(year: int, cosmological: bool = False) -> int:
    """The TimelineJS year of an astronomical year: one lower before year 1 (-43, 44 BC, is TimelineJS's
    -44, "44 BCE"); as it is on the cosmological scale."""
    return year - 1 if year <= 0 and not cosmological else year


def is_cosmological(chron: Chronology) -> bool:
    """Whether a year of the chronology is beyond JavaScript's dates as TimelineJS counts it, which only
    TimelineJS's cosmological scale shows."""
    def beyond(date: Date) -> bool:
        return abs(timelinejs_year(date.year)) > JS_DATE_YEARS
    return any(beyond(e.date) or (e.end_date is not None and not e.end_date.is_open and beyond(e.end_date))
               for e in chron.events)


def _timelinejs_date(when: Date, display: str, cosmological: bool = False) -> dict:
    """A TimelineJS date object at the date's precision, numbers as strings; ``display`` escaped.

    TimelineJS reads dates as wall-clock time, so a timed date keeps the
    local time as written; ``display_date`` shows its offset. ``201X`` is at its first
    year, ``2015-XX`` at its year; ``display_date`` says them in words.
    """
    fields = {"year": timelinejs_year(when.year, cosmological), "month": when.month, "day": when.day,
              "hour": when.hour, "minute": when.minute, "second": when.second}
    out = {key: str(value) for key, value in fields.items() if value is not None}
    out["display_date"] = html.escape(display)  # TimelineJS shows it as HTML
    return out


def _timelinejs_media(event: Event, images: Images | None, site_url: str | None) -> dict | None:
    """TimelineJS's media object (one a slide) from the event's first media entry: ``url`` (a local
    image's published full-size file), ``caption`` and ``credit`` (HTML), ``alt``, ``thumbnail``, ``link``."""
    for media in event.media:
        url = media_url(media, images, site_url)
        if url is None:  # a local image without its processed files: nothing to point at
            continue
        out = {"url": url}
        if media.caption:
            out["caption"] = html.escape(media.caption)
        if media.credit:
            out["credit"] = html.escape(media.credit)
        if media.alt:
            out["alt"] = media.alt
        thumbnail = thumbnail_url(media, images, site_url)
        if thumbnail:
            out["thumbnail"] = thumbnail
        if media.link:
            out["link"] = media.link
        return out
    return None


def _timelinejs_slide(event: Event, content: Content, to_html: MarkdownToHtml, site_url: str | None,
                      images: Images | None = None, cosmological: bool = False) -> dict:
    text = to_html(event.summary)
    if site_url:
        text += f'\n<p><a href="{html.escape(event_link(event, site_url))}">Event page</a></p>'
    slide: dict = {"start_date": _timelinejs_date(event.date, event.date.human(event.approximate), cosmological)}
    end = event.end_date
    if end is not None and not end.is_open:  # an open end ('..'): no end_date, the slide's display_date says it
        slide["end_date"] = _timelinejs_date(end, end.human(), cosmological)
    if event.display_date or event.date.needs_edtf or (end is not None and end.needs_edtf):
        # TimelineJS has no form for ~ ? %, X digits or an open end: the dates in words ('c. 2015?', 'the 2010s',
        # 'since March 2021', '44 BC')
        slide["display_date"] = html.escape(event.when)
    slide["text"] = {"headline": html.escape(event.title), "text": text}
    media = _timelinejs_media(event, images, site_url)
    if media:
        slide["media"] = media
    place = place_of(event, content)
    group = event.tags[0] if event.tags else place.name if place else None
    if group:
        slide["group"] = html.escape(group)  # TimelineJS shows the group's label as HTML
    slide["unique_id"] = event.id
    return slide


WHOLE_EXPORT = "events.json"  # where the title slide says every event is, when the slides leave some out


def slide_events(events: tuple[Event, ...], limit: int = SLIDES_LIMIT) -> tuple[Event, ...]:
    """The events a TimelineJS file shows, in the chronology's order: all of them up to ``limit``;
    past it the featured ones (the latest ``limit`` of them), then the latest of the others."""
    if len(events) <= limit:
        return events
    featured = [event for event in events if event.featured][-limit:]
    room = limit - len(featured)
    others = [event for event in events if not event.featured][-room:] if room else []
    chosen = {id(event) for event in featured + others}
    return tuple(event for event in events if id(event) in chosen)


def _timelinejs_intro(chron: Chronology, shown: int, every_event_in: str = WHOLE_EXPORT) -> str:
    if not chron.events:
        return "<p>No events yet.</p>"
    first, last = chron.events[0], chron.events[-1]
    count = f"{len(chron.events)} event" + ("s" if len(chron.events) != 1 else "")
    intro = f"<p>{count}, {html.escape(first.when)} – {html.escape(last.when)}.</p>"
    if shown < len(chron.events):
        intro += (f"<p>{shown} of them here: the key events and the latest. "
                  f"Every event is in {html.escape(every_event_in)}, next to this file.</p>")
    return intro


def timelinejs_json(
    chron: Chronology,
    title: str,
    *,
    description: str | None = None,
    markdown_to_html: MarkdownToHtml | None = None,
    site_url: str | None = None,
    images: Images | None = None,
    limit: int = SLIDES_LIMIT,
    every_event_in: str = WHOLE_EXPORT,
) -> bytes:
    """A TimelineJS3 data file: ``{"title": slide, "events": [slide, ...]}``, a slide for each of
    ``slide_events(chron.events, limit)``.

    Each slide has ``start_date`` (and ``end_date``) at the event's precision
    (no month or day when they are not known), ``text.headline`` (the title,
    HTML-escaped) and ``text.text`` (the summary as HTML: ``markdown_to_html``,
    by default the escaped text in ``<p>``), plus a link to the event page when
    ``site_url`` is given; ``group`` is the first tag, else the place name;
    ``unique_id`` is the event id; the slide's ``display_date`` is the event's, or its dates in
    words when TimelineJS cannot show them (EDTF qualifiers, X digits, years before 1, an open
    end). TimelineJS writes headlines, texts, display dates, group labels, captions and credits
    into the page as HTML, so each is escaped text or sanitised Markdown (``alt`` and URLs are
    set as attributes: as they are); ``scale`` is ``cosmological`` when a year needs it (see the module's docstring);
    ``media`` is the first media entry (a local image by
    its published file, from ``images``: absolute with ``site_url``, else relative to the
    site root). ``description`` (HTML) is the title slide's
    text; by default it counts the events and gives the span of dates, and past ``limit`` says
    where every event is (``every_event_in``: the site's export of them all).
    """
    to_html = markdown_to_html or escaped_paragraphs
    cosmological = is_cosmological(chron)
    shown = slide_events(chron.events, limit)
    intro = description if description is not None else _timelinejs_intro(chron, len(shown), every_event_in)
    data: dict = {
        "title": {"text": {"headline": html.escape(title), "text": intro}},
        "events": [_timelinejs_slide(e, chron.content, to_html, site_url, images, cosmological) for e in shown],
    }
    if cosmological:
        data["scale"] = "cosmological"
    return dump_json(data)
