"""The Atom feed of the latest events, built with ``feedgen``.

Deterministic: feedgen stamps ``datetime.now()`` into the feed and into every
entry when they are created, and writes its own version into ``<generator>``;
every one of those is overwritten here, so the output depends on the content
(and on ``updated_for``) only.

Dates Atom cannot hold (years before 1 or after 9999: ``-0043-03-15``,
``Y-13800000000``) give an entry without ``published`` (it is optional in Atom;
any value would be a made-up time) and with ``updated`` = ``updated_for(event)``
or 1970-01-01T00:00:00Z; such entries, and those whose dates are approximate,
uncertain or partly unknown (EDTF), begin their summary with the date in words
("15 March 44 BC", "c. September 2015").
"""

from __future__ import annotations

import html
from datetime import datetime, time, timezone
from typing import Sequence

from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from generator.chronology import Chronology
from generator.content.model import Event
from generator.render.exports.common import EPOCH, MarkdownToHtml, UpdatedFor, absolute_url, escaped_paragraphs, event_link, stamp_for
from generator.render.media_urls import Images, lead_image, site_link

GENERATOR = "timeline-site"


def event_instant(event: Event) -> datetime | None:
    """When an event happened, as one aware datetime: the instant of a timed date,
    else midnight UTC at the start of the first day its date covers; None for a date
    without a calendar day (a year before 1 or after 9999).

    The first day (not the last) keeps a month or year that is still under
    way from claiming a time in the future, and puts coarse dates where the
    chronology puts them: before the finer dates they contain.
    """
    if not event.date.has_calendar_day:
        return None
    exact = event.date.to_datetime()
    return exact if exact is not None else datetime.combine(event.date.first_day(), time(), tzinfo=timezone.utc)  # type: ignore[arg-type]


def date_in_words(event: Event) -> str | None:
    """The event's date in words for the summary, when ``published`` cannot say it all: the date has
    no calendar day, or is approximate, uncertain or partly unknown (EDTF); None otherwise."""
    if event.date.needs_edtf or (event.end_date is not None and event.end_date.needs_edtf):
        return event.when
    return None


def latest_events(chron: Chronology, limit: int) -> list[Event]:
    """The ``limit`` latest events by date, newest first."""
    return list(reversed(chron.events[-limit:])) if limit > 0 else []


def _entry_times(event: Event, updated_for: UpdatedFor | None) -> tuple[datetime | None, datetime]:
    """(published, updated): the event's instant (None without a calendar day), and
    ``updated_for(event)``, else that same instant, else 1970-01-01T00:00:00Z."""
    published = event_instant(event)
    return published, stamp_for(event, updated_for) or published or EPOCH


def _add_enclosure(entry, event: Event, site_url: str, images: Images | None) -> None:
    """The event's first local image (a photo at its largest size, else a video's thumbnail) as an
    ``enclosure`` link, with its type and size in bytes."""
    lead = lead_image(event, images)
    if lead is None:
        return
    media, image = lead
    shown = image.full if media.file else image.thumbnail
    link = {"href": site_link(shown.path, site_url or None), "rel": "enclosure", "type": shown.media_type,
            "title": media.alt or media.caption or event.title}
    try:
        link["length"] = str(shown.file.stat().st_size)
    except OSError:
        pass
    entry.register_extension("timeline_links", _EntryLinks, atom=True, rss=False)
    entry.timeline_links.links.append(link)


class _EntryLinks:
    """More ``<link>``s of an entry, written as given. (feedgen 1.0's Atom writer keeps only the ``href``
    of an entry's links: an enclosure added with ``entry.link`` would come out as a second alternate link.)"""

    def __init__(self) -> None:
        self.links: list[dict[str, str]] = []

    def extend_atom(self, entry):
        for link in self.links:
            xml_elem("link", entry, **link)
        return entry

    def extend_rss(self, item):
        return item


def _add_entry(fg: FeedGenerator, event: Event, site_url: str, times: tuple[datetime | None, datetime],
               to_html: MarkdownToHtml, images: Images | None = None) -> None:
    url = event_link(event, site_url)
    entry = fg.add_entry(order="append")
    entry.id(url)
    entry.title(event.title)
    entry.link(href=url, rel="alternate", type="text/html")
    if times[0] is not None:
        entry.published(times[0])
    entry.updated(times[1])
    words = date_in_words(event)
    summary = to_html(event.summary)
    entry.summary(f"<p>{html.escape(words)}</p>\n{summary}" if words else summary, type="html")
    for tag in event.tags:
        entry.category(term=tag)
    _add_enclosure(entry, event, site_url, images)


def atom_feed(
    chron: Chronology,
    site_url: str,
    title: str,
    updated_for: UpdatedFor | None = None,
    limit: int = 50,
    *,
    self_url: str | None = None,
    author: str | None = None,
    markdown_to_html: MarkdownToHtml | None = None,
    images: Images | None = None,
    events: Sequence[Event] | None = None,
    page_url: str = "",
    feed_id: str | None = None,
    language: str | None = None,
) -> bytes:
    """An Atom 1.0 feed (UTF-8 bytes) of the ``limit`` latest events by date, newest first.

    Each entry: id and alternate link = the event page's absolute URL; title;
    summary as HTML (``markdown_to_html``, by default the escaped text in
    ``<p>``), type="html", after the date in words for EDTF dates (``date_in_words``);
    a category per tag; ``published`` = ``event_instant`` (left out when None);
    ``updated`` = ``updated_for(event)`` when it returns a datetime, else
    ``published``, else 1970-01-01T00:00:00Z. The feed's id is ``site_url`` (a ``urn:`` made from the title without one), its ``updated`` the latest
    entry's (1970-01-01T00:00:00Z when there are none), its author ``author``
    (default: ``title``); ``self_url`` adds a rel="self" link. An entry whose event has a
    local image (``images``: the build's processed images) links it as its ``enclosure``.

    An index page's feed (``index_feed``) gives ``events``, the events to take the latest from (in
    the chronology's order) instead of all of ``chron``'s, ``page_url``, the page it follows (its
    alternate link, relative to the site root), and ``feed_id``.
    """
    to_html = markdown_to_html or escaped_paragraphs
    home = absolute_url(site_url, page_url)
    events = latest_events(chron, limit) if events is None else list(reversed(events[-limit:])) if limit > 0 else []
    times = [_entry_times(event, updated_for) for event in events]
    fg = FeedGenerator()
    # Atom needs an id even for a site without site_url (whose links then stay relative).
    fg.id(feed_id or home or "urn:timeline-site:" + "-".join(title.lower().split()))
    fg.title(title)
    if language:
        fg.language(language)  # Atom: xml:lang on <feed>
    fg.author({"name": author or title})
    fg.link(href=home, rel="alternate", type="text/html")
    if self_url:
        fg.link(href=self_url, rel="self", type="application/atom+xml")
    fg.generator(GENERATOR)  # replaces feedgen's default, which carries feedgen's version
    fg.updated(max((t[1] for t in times), default=EPOCH))  # replaces feedgen's now()
    for event, event_times in zip(events, times):
        _add_entry(fg, event, site_url, event_times, to_html, images)
    return fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def index_feed(events: Sequence[Event], title: str, page_url: str, site_url: str | None,
               updated_for: UpdatedFor | None = None, limit: int = 50, *, author: str | None = None,
               markdown_to_html: MarkdownToHtml | None = None, images: Images | None = None,
               language: str | None = None) -> bytes:
    """The Atom feed of an index page (a tag, an actor, a place, a source, a status) at
    ``<page_url>feed.xml``: the ``limit`` latest of its ``events``. With ``site_url`` its links and
    id are absolute; without, the links are relative to the feed's own folder and the id a ``urn:``."""
    base = site_url or "/".join([".."] * page_url.count("/")) or "."  # the way from the feed's folder to the root
    self_url = absolute_url(site_url, page_url + "feed.xml") if site_url else None
    feed_id = None if site_url else ("urn:timeline-site:" + "-".join(title.lower().split()) + ":"
                                     + page_url.strip("/").replace("/", ":"))
    return atom_feed(None, base, title, updated_for, limit, self_url=self_url, author=author,  # type: ignore[arg-type]
                     markdown_to_html=markdown_to_html, images=images, events=events, page_url=page_url, feed_id=feed_id,
                     language=language)
