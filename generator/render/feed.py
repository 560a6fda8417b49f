"""The Atom feed of the latest events, built with ``feedgen``.

Deterministic: feedgen stamps ``datetime.now()`` into the feed and into every
entry when they are created, and writes its own version into ``<generator>``;
every one of those is overwritten here, so the output depends on the content
(and on ``updated_for``) only.
"""

from __future__ import annotations

from datetime import datetime, time, timezone

from feedgen.feed import FeedGenerator

from generator.chronology import Chronology
from generator.content.model import Event
from generator.render.exports.common import EPOCH, MarkdownToHtml, UpdatedFor, absolute_url, escaped_paragraphs, event_link, stamp_for

GENERATOR = "timeline-site"


def event_instant(event: Event) -> datetime:
    """When an event happened, as one aware datetime: the instant of a timed date,
    else midnight UTC at the start of the first day its date covers.

    The first day (not the last) keeps a month or year that is still under
    way from claiming a time in the future, and puts coarse dates where the
    chronology puts them: before the finer dates they contain.
    """
    exact = event.date.to_datetime()
    return exact if exact is not None else datetime.combine(event.date.first_day(), time(), tzinfo=timezone.utc)


def latest_events(chron: Chronology, limit: int) -> list[Event]:
    """The ``limit`` latest events by date, newest first."""
    return list(reversed(chron.events[-limit:])) if limit > 0 else []


def _entry_times(event: Event, updated_for: UpdatedFor | None) -> tuple[datetime, datetime]:
    """(published, updated): the event's instant, and ``updated_for(event)`` or that same instant."""
    published = event_instant(event)
    return published, stamp_for(event, updated_for) or published


def _add_entry(fg: FeedGenerator, event: Event, site_url: str, times: tuple[datetime, datetime], to_html: MarkdownToHtml) -> None:
    url = event_link(event, site_url)
    entry = fg.add_entry(order="append")
    entry.id(url)
    entry.title(event.title)
    entry.link(href=url, rel="alternate", type="text/html")
    entry.published(times[0])
    entry.updated(times[1])
    entry.summary(to_html(event.summary), type="html")
    for tag in event.tags:
        entry.category(term=tag)


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
) -> bytes:
    """An Atom 1.0 feed (UTF-8 bytes) of the ``limit`` latest events by date, newest first.

    Each entry: id and alternate link = the event page's absolute URL; title;
    summary as HTML (``markdown_to_html``, by default the escaped text in
    ``<p>``), type="html"; a category per tag; ``published`` = ``event_instant``;
    ``updated`` = ``updated_for(event)`` when it returns a datetime, else
    ``published``. The feed's id is ``site_url`` (a ``urn:`` made from the title without one), its ``updated`` the latest
    entry's (1970-01-01T00:00:00Z when there are none), its author ``author``
    (default: ``title``); ``self_url`` adds a rel="self" link.
    """
    to_html = markdown_to_html or escaped_paragraphs
    home = absolute_url(site_url, "")
    events = latest_events(chron, limit)
    times = [_entry_times(event, updated_for) for event in events]
    fg = FeedGenerator()
    # Atom needs an id even for a site without site_url (whose links then stay relative).
    fg.id(home or "urn:timeline-site:" + "-".join(title.lower().split()))
    fg.title(title)
    fg.author({"name": author or title})
    fg.link(href=home, rel="alternate", type="text/html")
    if self_url:
        fg.link(href=self_url, rel="self", type="application/atom+xml")
    fg.generator(GENERATOR)  # replaces feedgen's default, which carries feedgen's version
    fg.updated(max((t[1] for t in times), default=EPOCH))  # replaces feedgen's now()
    for event, event_times in zip(events, times):
        _add_entry(fg, event, site_url, event_times, to_html)
    return fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)
