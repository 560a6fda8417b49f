"""Chronology stage: validated content -> an ordered, grouped, cross-referenced timeline.

Pure functions over the model; every index is built in one pass over the
events (no O(N^2) step anywhere: prev/next are positions, related links are
one dictionary).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.content.dates import MONTHS
from generator.content.model import STATUSES, Content, Event


@dataclass(frozen=True)
class MonthGroup:
    """The events of one month of one year; ``month`` is None for events dated to the year only."""

    year: int
    month: int | None
    events: tuple[Event, ...]

    @property
    def label(self) -> str:
        return f"{MONTHS[self.month]} {self.year}" if self.month else f"{self.year} (month not known)"

    @property
    def slug(self) -> str:
        """The month's URL segment and anchor: '09', or 'year' for year-only events."""
        return f"{self.month:02d}" if self.month else "year"


@dataclass(frozen=True)
class YearGroup:
    """One year of the chronology, split into months."""

    year: int
    months: tuple[MonthGroup, ...]

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(e for m in self.months for e in m.events)

    @property
    def count(self) -> int:
        return sum(len(m.events) for m in self.months)


@dataclass(frozen=True)
class Chronology:
    """Everything the renderers need, computed once."""

    content: Content
    events: tuple[Event, ...]
    years: tuple[YearGroup, ...]
    by_tag: dict[str, tuple[Event, ...]]
    by_actor: dict[str, tuple[Event, ...]]
    by_place: dict[str, tuple[Event, ...]]
    by_source: dict[str, tuple[Event, ...]]
    by_status: dict[str, tuple[Event, ...]]
    related: dict[str, tuple[Event, ...]]
    position: dict[str, int]

    def previous(self, event: Event) -> Event | None:
        """The event just before in time, or None for the first."""
        index = self.position[event.id]
        return self.events[index - 1] if index > 0 else None

    def next(self, event: Event) -> Event | None:
        """The event just after in time, or None for the last."""
        index = self.position[event.id] + 1
        return self.events[index] if index < len(self.events) else None


def build_chronology(content: Content) -> Chronology:
    """Sort, group and index the events of ``content``."""
    events = tuple(sorted(content.events, key=lambda e: e.sort_key))
    position = {event.id: index for index, event in enumerate(events)}
    by_tag: dict[str, list[Event]] = defaultdict(list)
    by_actor: dict[str, list[Event]] = defaultdict(list)
    by_place: dict[str, list[Event]] = defaultdict(list)
    by_source: dict[str, list[Event]] = defaultdict(list)
    by_status: dict[str, list[Event]] = defaultdict(list)
    related: dict[str, set[str]] = defaultdict(set)
    months: dict[tuple[int, int], list[Event]] = defaultdict(list)
    for event in events:
        months[(event.date.year, event.date.month or 0)].append(event)
        for tag in dict.fromkeys(event.tags):
            by_tag[tag].append(event)
        for actor in dict.fromkeys(event.actors):
            by_actor[actor].append(event)
        for source in dict.fromkeys(ref.source for ref in event.sources):
            by_source[source].append(event)
        if event.place:
            by_place[event.place].append(event)
        by_status[event.status].append(event)
        for other in event.related:  # related links go both ways
            related[event.id].add(other)
            related[other].add(event.id)
    years: dict[int, list[MonthGroup]] = defaultdict(list)
    for (year, month), month_events in sorted(months.items()):
        years[year].append(MonthGroup(year, month or None, tuple(month_events)))

    def frozen(index: dict[str, list[Event]]) -> dict[str, tuple[Event, ...]]:
        return {key: tuple(value) for key, value in sorted(index.items())}

    return Chronology(
        content=content,
        events=events,
        years=tuple(YearGroup(year, tuple(groups)) for year, groups in sorted(years.items())),
        by_tag=frozen(by_tag),
        by_actor=frozen(by_actor),
        by_place=frozen(by_place),
        by_source=frozen(by_source),
        by_status={status: tuple(by_status.get(status, ())) for status in STATUSES if status in by_status},
        related={
            event_id: tuple(sorted((events[position[o]] for o in others), key=lambda e: position[e.id]))
            for event_id, others in sorted(related.items())
        },
        position=position,
    )
