"""A live preview's index from each event to the pages it feeds, so that an edit of an event's text
renders and compares only those pages (the other events' pages and feeds are not listed; the other
index pages are described but not compared).

An edit that changes only what events say (``TEXT_FIELDS``), never where they go, leaves the chronology's
shape as it was: the same events in the same order, with the same years, months, indexes, neighbours and
related links, so the same pages. Then the pages whose inputs change are exactly those whose inputs hold
one of the edited events (``PageReuse.key`` tells which events a page's inputs hold), plus the few pages
whose inputs hold no event at all (a redirect's title, the index of tags: compared on every rebuild).
"""

from __future__ import annotations

import dataclasses
from typing import Iterable

from generator.content.model import Event
from generator.render import urls

# What an event says, not where it goes: none of these decides an event's order, group, index or links.
TEXT_FIELDS = frozenset({"title", "summary", "body", "quotes"})
_PLACING_FIELDS = tuple(field.name for field in dataclasses.fields(Event) if field.name not in TEXT_FIELDS)


def text_edits(before: tuple[Event, ...], after: tuple[Event, ...]) -> set[str] | None:
    """The ids of the events whose text alone changed between two chronologies' ``events`` (each event
    read again is taken as edited); None when the edit did more: an event came, went, moved or changed
    anything else (then the shape of the chronology may have changed with it)."""
    if len(before) != len(after):
        return None
    edited = set()
    for old, new in zip(before, after):
        if old is new:
            continue
        if any(getattr(old, name) != getattr(new, name) for name in _PLACING_FIELDS):
            return None
        edited.add(new.id)
    return edited


class PageIndex:
    """Event id -> the pages whose inputs hold that event; and the pages whose inputs hold no event."""

    def __init__(self) -> None:
        self._events_of: dict[str, frozenset[str]] = {}  # page path -> the ids of the events its inputs hold
        self._pages_of: dict[str, set[str]] = {}  # event id -> the paths of the pages whose inputs hold it
        self._eventless: set[str] = set()  # pages whose inputs hold no event, or could not be keyed

    def clear(self) -> None:
        """Forget every page."""
        self._events_of.clear()
        self._pages_of.clear()
        self._eventless.clear()

    def note(self, path: str, events: Iterable[str] | None) -> None:
        """The page at ``path`` now has inputs that hold ``events`` (None: inputs that could not be keyed)."""
        held = frozenset(events or ())
        if held and self._events_of.get(path) == held:
            return
        self.forget(path)
        if not held:
            self._eventless.add(path)
            return
        self._events_of[path] = held
        for event_id in held:
            self._pages_of.setdefault(event_id, set()).add(path)

    def forget(self, path: str) -> None:
        """The page at ``path`` is gone."""
        self._eventless.discard(path)
        for event_id in self._events_of.pop(path, ()):
            pages = self._pages_of[event_id]
            pages.discard(path)
            if not pages:
                del self._pages_of[event_id]

    def pages_fed_by(self, event_ids: Iterable[str]) -> set[str]:
        """The pages whose inputs may change with ``event_ids``: those holding one, and those holding none."""
        found = set(self._eventless)
        for event_id in event_ids:
            found |= self._pages_of.get(event_id, set())
        return found

    def event_pages(self, paths: Iterable[str]) -> set[str]:
        """The ids of the events whose own pages are among ``paths`` (an event's page holds the event)."""
        found = set()
        for path in paths:
            parts = path.split("/")
            if len(parts) == 3 and parts[1] in self._events_of.get(path, ()) and \
                    urls.page_path(urls.event_url(parts[1])) == path:
                found.add(parts[1])
        return found
