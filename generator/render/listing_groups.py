"""How listings group and order their events: by month, names by a language-neutral key, and the
status most of a page's events have (said once in the legend, not on every card)."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

from generator.chronology import MonthGroup
from generator.content.model import Event


@dataclass(frozen=True)
class MonthGroups:
    """A listing's events by month. Compared by its events, so that a live preview can tell
    cheaply whether a listing changed; grouped only when iterated."""

    events: tuple[Event, ...]
    newest_first: bool = False

    def __iter__(self):
        groups = group_by_month(self.events)
        return iter(reversed(groups) if self.newest_first else groups)


def name_key(name: str) -> str:
    """A language-neutral sort key for a name: case and accents folded (NFKD, combining marks
    dropped, then casefold), so "Émile" sorts with "emile" — not a locale's collation (no ICU)."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


def usual_status(events) -> str | None:
    """The status more than half of the events have (the one the legend says once, and cards do not
    repeat); None when no status has a majority."""
    counts = Counter(event.status for event in events)
    for status, count in counts.most_common(1):
        if count * 2 > sum(counts.values()):
            return status
    return None


def group_by_month(events) -> list[MonthGroup]:
    """Consecutive events grouped by (year, month), oldest first."""
    groups: list[MonthGroup] = []
    current: list[Event] = []
    key = None
    for event in events:
        event_key = (event.date.year, event.date.month)
        if current and event_key != key:
            groups.append(MonthGroup(key[0], key[1], tuple(current)))
            current = []
        key = event_key
        current.append(event)
    if current:
        groups.append(MonthGroup(key[0], key[1], tuple(current)))
    return groups
