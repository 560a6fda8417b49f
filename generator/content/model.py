"""Model stage: the validated, immutable records of a chronology.

Nothing here reads files or knows YAML; ``generator.content.validate`` (each file) and
``generator.content.cross_file`` (across files) build these records from loaded nodes and
decide what is valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as _date

from generator.content.dates import Date, OpenEnd, human_range

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
class Figure:
    """A count as a claim gives it: one number (``low == high``) or a range from ``low`` to ``high``."""

    low: int
    high: int

    @classmethod
    def of(cls, value: "Figure | int | None") -> "Figure | None":
        """``value`` as a Figure: a whole number is the range of that one number; None stays None."""
        if value is None or isinstance(value, Figure):
            return value
        return cls(value, value)

    @property
    def is_range(self) -> bool:
        """True when the figure is a range of several numbers (25–30), not one number."""
        return self.low != self.high

    def __str__(self) -> str:
        """'25', or '25–30' (an en dash) for a range."""
        return f"{self.low}–{self.high}" if self.is_range else str(self.low)


QUALIFIER_WORDS = {"exactly": "exactly", "at-least": "at least", "about": "about", "up-to": "up to"}


@dataclass(frozen=True)
class Casualty:
    """One claim about the casualties of one party: who says how many were killed or wounded, as of when.

    ``killed`` and ``wounded`` are ``Figure``s (a whole number given here becomes one);
    ``qualifier`` applies to both; ``claimed_by`` is an actor id or free text ("provincial
    police") exactly as written: it names an actor when it is the id of one in actors.yaml;
    ``as_of`` is the date the figure was given.
    """

    party: str
    source: str
    killed: Figure | None = None
    wounded: Figure | None = None
    qualifier: str | None = None
    claimed_by: str | None = None
    as_of: Date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "killed", Figure.of(self.killed))
        object.__setattr__(self, "wounded", Figure.of(self.wounded))

    def describe(self, count: "Figure | int") -> str:
        """A figure with this claim's qualifier: 'at least 25', 'about 25–30', 'exactly 2', '2'."""
        return f"{QUALIFIER_WORDS[self.qualifier]} {count}" if self.qualifier else str(count)


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
    end_date: Date | OpenEnd | None = None  # OPEN_END ('..'): still going
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
    sequence: int | None = None
    featured: bool = False
    aliases: tuple[str, ...] = ()  # former ids: /events/<alias>/ redirects to this event's page
    # Photos, videos, posts: ``generator.content.media.Media`` records (not imported here: that
    # module builds on the field specs, which build on this one).
    media: tuple = ()

    @property
    def when(self) -> str:
        """The date as readers see it: the display date, or the date (and end date) in words, with their
        qualifiers: '28 September 2015', 'c. September 2015', 'October 2001 – 2021', 'since March 2021'
        (an open end), '15 March 44 BC', 'the 2010s'."""
        return self.display_date or human_range(self.date, self.end_date, self.approximate)

    @property
    def sort_key(self) -> tuple:
        """The one order of events (DESIGN.md, "Order"), total because ids are unique.

        By the earliest instant the date can mean, then by the latest, later first (so
        2015 comes before September 2015, which comes before 28 September 2015), then by
        ``sequence`` (events without one after those with one), then by end date (none
        first, an open end after every end date: ``..`` is later than any date), then by id.
        Dates are compared by ``Date.instant_bounds``, so ``201X`` covers 2010–2019, and
        years before 1 and after 9999 have their place.
        """
        earliest, later_first = self.date.sort_key[:2]  # instant_bounds, computed once per Date
        order = (0, self.sequence) if self.sequence is not None else (1, 0)
        if self.end_date is None:
            return (earliest, later_first, order, (), self.id)
        if self.end_date.is_open:
            return (earliest, later_first, order, (1,), self.id)
        return (earliest, later_first, order, (0, *self.end_date.sort_key[:2]), self.id)


def date_bounds(date: Date) -> tuple[int, int]:
    """The earliest and the latest instant a date can mean, in seconds (UTC, proleptic Gregorian, any
    year): ``date.instant_bounds()`` (see there; ``201X`` covers 2010–2019)."""
    return date.instant_bounds()


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
    """Where events happen; coordinates are optional; ``within`` is the id of the place that contains it."""

    id: str
    name: str
    region: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    within: str | None = None


@dataclass(frozen=True)
class Content:
    """A whole validated content tree. Registries are keyed by id; treat them as read-only."""

    events: tuple[Event, ...]
    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
