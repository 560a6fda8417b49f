"""Model stage: the validated, immutable records of a chronology.

Nothing here reads files or knows YAML; ``generator.content.validate`` builds these
records from loaded nodes and is the one place that decides what is valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as _date

from generator.content.dates import Date

STATUSES = ("confirmed", "reported", "disputed", "unverified")
ACTOR_KINDS = ("group", "person", "organization", "government", "military", "other")
QUALIFIERS = ("exactly", "at-least", "about", "up-to")


@dataclass(frozen=True)
class SourceRef:
    """An event's citation of one article."""

    source: str
    quote: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Quote:
    """Words someone said, as an article reported them."""

    text: str
    by: str
    source: str
    role: str | None = None


@dataclass(frozen=True)
class Casualty:
    """A casualty figure for one party, with how sure the figure is."""

    party: str
    source: str
    killed: int | None = None
    wounded: int | None = None
    qualifier: str | None = None

    def describe(self, count: int) -> str:
        """'at least 25', 'about 3', 'exactly 2', '2'."""
        words = {"at-least": "at least", "up-to": "up to", "about": "about", "exactly": "exactly"}
        return f"{words[self.qualifier]} {count}" if self.qualifier else str(count)


@dataclass(frozen=True)
class Update:
    """One entry of an event's corrections log."""

    date: _date
    note: str


@dataclass(frozen=True)
class Event:
    """One event of the chronology, as an editor wrote it."""

    id: str
    path: str
    date: Date
    title: str
    summary: str
    sources: tuple[SourceRef, ...]
    end_date: Date | None = None
    approximate: bool = False
    display_date: str | None = None
    body: str | None = None
    place: str | None = None
    actors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    status: str = "reported"
    quotes: tuple[Quote, ...] = ()
    casualties: tuple[Casualty, ...] = ()
    related: tuple[str, ...] = ()
    updates: tuple[Update, ...] = ()

    @property
    def when(self) -> str:
        """The date as readers see it: the display date, or the date (and end date) at their precision."""
        if self.display_date:
            return self.display_date
        text = self.date.human(self.approximate)
        if self.end_date is not None:
            text += f" – {self.end_date.human()}"
        return text

    @property
    def sort_key(self) -> tuple:
        """Chronological order; ties break by end date, then id, so the order is total."""
        end = self.end_date.sort_key if self.end_date else ()
        return (self.date.sort_key, end, self.id)


@dataclass(frozen=True)
class Source:
    """An article events are derived from."""

    id: str
    path: str
    title: str
    publisher: str | None = None
    published: Date | None = None
    url: str | None = None
    archived_url: str | None = None
    author: str | None = None
    language: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Actor:
    """A person, group or institution that events involve."""

    id: str
    name: str
    kind: str = "other"
    description: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    """Where events happen; coordinates are optional."""

    id: str
    name: str
    region: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Content:
    """A whole validated content tree. Registries are keyed by id; treat them as read-only."""

    events: tuple[Event, ...]
    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
