"""A leaner site past a size (issue 24): what a chronology of many events publishes shorter, or not at all.

An event appears on ~10 index pages (its year or month, its tags, actors, place, sources and status),
so at 100,000 events the listings, their embeds and the bulk exports weigh gigabytes (docs/performance.md,
"Where the bytes and files go"). Past the sizes below, counted in the chronology's events:

- ``COMPACT_LISTINGS_PAST``: index pages (years, months, tags, actors, places, sources, status) and
  their embeds list each event by its date, status and title, a link to its page, and nothing else
  (no summary, thumbnail, names or tags: those are on the event's page). The filters keep the words of
  the titles, the tags, the statuses and the dates; the chronology's home page keeps its full entries.
- ``TERM_EMBEDS_PAST``: no ``/embed/`` page for each tag, actor, place, source and status (nor an
  "Embed this" on their pages): the embeds of the chronology, its years and months stay (their number
  grows with the years covered, not with the events), and an event page offers its year's or month's.
- ``EXPORTS_BY_YEAR_PAST``: ``events.json``, ``events.csv`` and ``events.ics`` are published by year
  (``generator.render.exports.by_year``), with an index of them; the whole file is ``timeline export``'s.

Small sites (the demo, every fixture) are under every size, and built as they always were.
"""

from __future__ import annotations

COMPACT_LISTINGS_PAST = 5_000
TERM_EMBEDS_PAST = 5_000
EXPORTS_BY_YEAR_PAST = 5_000


def compact_listings(event_count: int) -> bool:
    """Whether the index pages of a chronology of ``event_count`` events list the short entries."""
    return event_count > COMPACT_LISTINGS_PAST


def term_embeds(event_count: int) -> bool:
    """Whether a chronology of ``event_count`` events has an embed of each tag, actor, place, source and status."""
    return event_count <= TERM_EMBEDS_PAST


def exports_by_year(event_count: int) -> bool:
    """Whether a site of ``event_count`` events publishes its bulk exports by year."""
    return event_count > EXPORTS_BY_YEAR_PAST


__all__ = ["COMPACT_LISTINGS_PAST", "EXPORTS_BY_YEAR_PAST", "TERM_EMBEDS_PAST", "compact_listings",
           "exports_by_year", "term_embeds"]
