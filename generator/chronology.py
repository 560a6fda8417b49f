"""Chronology stage: validated content -> an ordered, grouped, cross-referenced timeline.

Pure functions over the model; every index is built in one pass over the
events (no O(N^2) step anywhere: prev/next are positions, related links are
one dictionary). Every listing is in the one order of ``Event.sort_key``.

Places nest (``Place.within``): a place's events include the events at the
places within it, at any depth, so /places/kunduz/ lists the hospital's events.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from generator.content.dates import MONTHS, year_slug
from generator.content.date_words import year_words
from generator.content.model import STATUSES, Content, Event, Place


@dataclass(frozen=True)
class MonthGroup:
    """The events of one month of one year; ``month`` is None for events dated to the year only."""

    year: int
    month: int | None
    events: tuple[Event, ...]

    @property
    def label(self) -> str:
        """'September 2015', '2015 (month not known)', 'March 44 BC', '13.8 billion years ago (month not known)'."""
        year = year_words(self.year)
        return f"{MONTHS[self.month]} {year}" if self.month else f"{year} (month not known)"

    @property
    def slug(self) -> str:
        """The month's URL segment and anchor: '09', or 'year' for year-only events."""
        return f"{self.month:02d}" if self.month else "year"

    @property
    def year_slug(self) -> str:
        """The year's URL segment: '2015', '-0043' (44 BC), '-13800000000' (``urls.month_url``)."""
        return year_slug(self.year)


@dataclass(frozen=True)
class YearGroup:
    """One year of the chronology, split into months."""

    year: int
    months: tuple[MonthGroup, ...]

    @property
    def slug(self) -> str:
        """The year's URL segment: '2015', '-0043' (44 BC), '-13800000000' (``urls.year_url``)."""
        return year_slug(self.year)

    @property
    def label(self) -> str:
        """The year in words: '2015', '44 BC', '13.8 billion years ago'."""
        return year_words(self.year)

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
    by_place: dict[str, tuple[Event, ...]]  # at the place or at any place within it
    by_source: dict[str, tuple[Event, ...]]
    by_status: dict[str, tuple[Event, ...]]
    related: dict[str, tuple[Event, ...]]
    position: dict[str, int]
    places_within: dict[str, tuple[str, ...]] = field(default_factory=dict)
    featured: tuple[Event, ...] = ()

    def containing(self, place_id: str) -> tuple[str, ...]:
        """The ids of the places that contain ``place_id``, innermost first: hospital -> (city, province, …)."""
        return _containing(place_id, self.content.places)

    def previous(self, event: Event) -> Event | None:
        """The event just before in time, or None for the first."""
        index = self.position[event.id]
        return self.events[index - 1] if index > 0 else None

    def next(self, event: Event) -> Event | None:
        """The event just after in time, or None for the last."""
        index = self.position[event.id] + 1
        return self.events[index] if index < len(self.events) else None


def build_chronology(content: Content) -> Chronology:
    """Sort, group and index the events of ``content``. (An index added here needs its events swapped in
    ``with_events_replaced`` too: tests/test_preview_index.py checks the two chronologies are equal.)"""
    events = tuple(sorted(content.events, key=lambda e: e.sort_key))
    position = {event.id: index for index, event in enumerate(events)}
    by_tag: dict[str, list[Event]] = defaultdict(list)
    by_actor: dict[str, list[Event]] = defaultdict(list)
    by_place: dict[str, list[Event]] = defaultdict(list)
    by_source: dict[str, list[Event]] = defaultdict(list)
    by_status: dict[str, list[Event]] = defaultdict(list)
    related: dict[str, set[str]] = defaultdict(set)
    months: dict[tuple[int, int], list[Event]] = defaultdict(list)
    places = content.places
    around = {place_id: (place_id, *_containing(place_id, places)) for place_id in places}
    for event in events:
        months[(event.date.year, event.date.month or 0)].append(event)
        for tag in dict.fromkeys(event.tags):
            by_tag[tag].append(event)
        for actor in dict.fromkeys(event.actors):
            by_actor[actor].append(event)
        for source in dict.fromkeys(ref.source for ref in event.sources):
            by_source[source].append(event)
        if event.place:
            for place_id in around.get(event.place, (event.place,)):
                by_place[place_id].append(event)
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
        places_within=_places_within(places),
        featured=tuple(event for event in events if event.featured),
    )


def with_events_replaced(chron: Chronology, content: Content, edited: dict[str, Event]) -> Chronology:
    """``chron`` with the events ``edited`` (id -> the event read again) in place of its own, for ``content``:
    the chronology ``build_chronology(content)`` makes when those events changed only in what they say, never
    in where they go (a live preview's edit, ``page_index.text_edits``), so that every order, group and index
    stays. Only the tuples that hold an edited event are made again."""
    def swap(events: tuple[Event, ...]) -> tuple[Event, ...]:
        return tuple(edited.get(event.id, event) for event in events)

    def swapped(index: dict[str, tuple[Event, ...]], keys: set[str]) -> dict[str, tuple[Event, ...]]:
        index = dict(index)
        for key in keys & index.keys():
            index[key] = swap(index[key])
        return index

    old = [chron.events[chron.position[event_id]] for event_id in edited]
    months = {(event.date.year, event.date.month or None) for event in old}
    years = tuple(year if not any(key[0] == year.year for key in months) else YearGroup(year.year, tuple(
        MonthGroup(month.year, month.month, swap(month.events)) if (month.year, month.month) in months else month
        for month in year.months)) for year in chron.years)
    places = {place for event in old if event.place for place in (event.place, *chron.containing(event.place))}
    return Chronology(
        content=content,
        events=swap(chron.events),
        years=years,
        by_tag=swapped(chron.by_tag, {tag for event in old for tag in event.tags}),
        by_actor=swapped(chron.by_actor, {actor for event in old for actor in event.actors}),
        by_place=swapped(chron.by_place, places),
        by_source=swapped(chron.by_source, {ref.source for event in old for ref in event.sources}),
        by_status=swapped(chron.by_status, {event.status for event in old}),
        related=swapped(chron.related, {other.id for event in old for other in chron.related.get(event.id, ())}),
        position=chron.position,
        places_within=chron.places_within,
        featured=swap(chron.featured),
    )


def _containing(place_id: str, places: dict[str, Place]) -> tuple[str, ...]:
    """The chain of ``within`` outward from a place, stopping at an unknown id or a loop."""
    chain: list[str] = []
    place = places.get(place_id)
    while place is not None and place.within is not None and place.within != place_id and place.within not in chain:
        chain.append(place.within)
        place = places.get(place.within)
    return tuple(chain)


def _places_within(places: dict[str, Place]) -> dict[str, tuple[str, ...]]:
    """Place id -> the ids of the places directly within it, by name (then id); only places that contain some."""
    inside: dict[str, list[Place]] = defaultdict(list)
    for place in places.values():
        if place.within is not None and place.within in places:
            inside[place.within].append(place)
    return {
        parent: tuple(p.id for p in sorted(children, key=lambda p: (p.name.casefold(), p.id)))
        for parent, children in sorted(inside.items())
    }
