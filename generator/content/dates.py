"""Dates at the precision an editor wrote them: the ISO forms of version 1, and EDTF level 1.

Version 1: ``2015``, ``2015-09``, ``2015-09-28``, ``2015-09-28T05:30+04:30`` and
``2015-09-28T05:30:15+04:30``. Version 2 adds EDTF level 1 (read in ``edtf_dates``
with the ``edtf`` package): ``2015-09~``, ``2015-09-28?``, ``2015%``, ``201X``,
``19XX``, ``2015-XX``, ``-0043-03-15``, ``Y-13800000000``; and, for an end date
only, ``..`` (``Date.parse(text, allow_open=True)`` returns ``OPEN_END``).

A ``Date`` keeps the precision, qualifiers and unspecified parts, prints back as
written (``str``: EDTF text), renders for people (``human``: "c. September 2015",
"the 2010s", "15 March 44 BC"; see ``date_words``) and sorts in one total order:

1. by the earliest instant it can mean (its strict lower bound: ``201X`` from
   2010-01-01; a date without a time from midnight at UTC+14:00 on its first day);
2. then by the latest instant it can mean, later first, so a coarser date comes
   before the finer dates it contains: ``201X``, 2015, September 2015, 28 September 2015;
3. then, for one span written in different ways, by precision, UTC offset, the
   number of ``XX`` parts (2015 before 2015-XX) and qualifier (none, ``~``,
   ``?``, ``%``) — so ``a < b`` or ``a == b`` or ``a > b`` always holds.

For version 1 forms this is version 1's order, unchanged.
"""

from __future__ import annotations

import math
import re
from dataclasses import KW_ONLY, dataclass, field
from datetime import date as _date
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import ClassVar, Literal, overload

from generator.content.calendar_days import ProlepticDay, day_number, days_in_month, year_slug, year_text
from generator.content.date_words import MONTHS, UNKNOWN_PARTS, calendar_words, human_range, period_words, qualified
from generator.content.edtf_dates import DateError, EdtfParts, read_edtf, year_zero_error

__all__ = [
    "MAX_OFFSET_MINUTES", "MONTHS", "OPEN_END", "PRECISIONS", "ALL_PRECISIONS", "Date", "DateError", "OpenEnd",
    "ProlepticDay", "human_range", "parse_calendar_day", "year_slug", "year_text",
]

PRECISIONS = ("year", "month", "day", "minute", "second")  # the precisions of version 1's forms
ALL_PRECISIONS = ("millennium", "century", "decade") + PRECISIONS  # coarsest first
_SPAN_PRECISION = {1000: "millennium", 100: "century", 10: "decade"}
_RANK = {name: rank for rank, name in enumerate(ALL_PRECISIONS)}
MAX_OFFSET_MINUTES = 14 * 60
_DAY = 86400

_PATTERN = re.compile(
    r"(?P<year>[0-9]{4})"
    r"(?:-(?P<month>[0-9]{2})"
    r"(?:-(?P<day>[0-9]{2})"
    r"(?:T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?"
    r"(?P<offset>(?P<sign>[+-])(?P<oh>[0-9]{2}):(?P<om>[0-9]{2}))?"
    r")?)?)?"
)


@lru_cache(maxsize=4096)
def _read_edtf(text: str) -> EdtfParts:
    return read_edtf(text)


class _Ordered:
    """Comparisons by ``_key``, shared by ``Date`` and ``OpenEnd`` (so that the two compare)."""

    __slots__ = ()
    _key: tuple

    def __lt__(self, other: "_Ordered") -> bool:
        return self._key < other._key

    def __le__(self, other: "_Ordered") -> bool:
        return self._key <= other._key

    def __gt__(self, other: "_Ordered") -> bool:
        return self._key > other._key

    def __ge__(self, other: "_Ordered") -> bool:
        return self._key >= other._key

    def __hash__(self) -> int:
        return hash(self._key)

    @property
    def sort_key(self) -> tuple:
        """A tuple whose order is the chronological order of dates (see the module's docstring)."""
        return self._key


@dataclass(frozen=True, eq=False)
class Date(_Ordered):
    """A date or instant as written: a year, month, day, minute or second (version 1), or an EDTF date.

    ``year`` is astronomical (0 is 1 BC, -43 is 44 BC) and, for ``201X``/``19XX``/``1XXX``,
    the first year of the ``span`` (10, 100, 1000 years). ``unknown`` counts the trailing
    parts written ``XX`` (their ``month``/``day`` are None). ``approximate`` (``~``) and
    ``uncertain`` (``?``) qualify the whole date; both together are written ``%``.
    """

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    offset_minutes: int | None = None  # set exactly when the date has a time
    _: KW_ONLY
    span: int = 1
    unknown: int = 0
    approximate: bool = False
    uncertain: bool = False
    _key: tuple = field(init=False, repr=False, compare=False)

    is_open: ClassVar[bool] = False  # OPEN_END says True

    def __post_init__(self) -> None:
        object.__setattr__(self, "_key", self._sort_key())

    # -- parsing and printing -------------------------------------------------

    @overload
    @classmethod
    def parse(cls, text: str, allow_open: Literal[False] = False) -> "Date": ...

    @overload
    @classmethod
    def parse(cls, text: str, allow_open: bool) -> "Date | OpenEnd": ...

    @classmethod
    def parse(cls, text: str, allow_open: bool = False) -> "Date | OpenEnd":
        """Parse one of the accepted forms; raise ``DateError`` saying what is wrong and showing a right form.

        ``..`` (an open end, for ``end_date``) gives ``OPEN_END`` when ``allow_open`` is
        true and is an error otherwise.
        """
        stripped = text.strip()
        if stripped == "..":
            if allow_open:
                return OPEN_END
            raise DateError(f"'{text}': '..' (still going) is only valid as end_date; "
                            "date is when it started, e.g. 2021-03")
        match = _PATTERN.fullmatch(stripped)
        if not match:
            parts = _read_edtf(text)
            return cls(parts.year, parts.month, parts.day, span=parts.span, unknown=parts.unknown,
                       approximate=parts.approximate, uncertain=parts.uncertain)
        g = match.groupdict()
        if g["hour"] is not None and g["offset"] is None:
            raise DateError(f"'{text}' has a time but no UTC offset; add one, e.g. '{text}+00:00'")
        year = int(g["year"])
        month = int(g["month"]) if g["month"] else None
        day = int(g["day"]) if g["day"] else None
        # version 1's messages, word for word (the EDTF path adds a right form: see edtf_dates)
        if year < 1:
            raise DateError(year_zero_error(text))
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"'{text}': month {month:02d} does not exist")
        if day is not None and not 1 <= day <= days_in_month(year, month or 1):
            raise DateError(f"'{text}': {MONTHS[month or 1]} {year} has no day {day}")
        if g["hour"] is None:
            return cls(year, month, day)
        hour, minute = int(g["hour"]), int(g["minute"])
        second = int(g["second"]) if g["second"] is not None else None
        if hour > 23 or minute > 59 or (second is not None and second > 59):
            raise DateError(f"'{text}': {g['hour']}:{g['minute']} is not a time of day")
        oh, om = int(g["oh"]), int(g["om"])
        offset = (oh * 60 + om) * (-1 if g["sign"] == "-" else 1)
        if om > 59 or abs(offset) > MAX_OFFSET_MINUTES:
            raise DateError(f"'{text}': UTC offset {g['offset']} is outside -14:00..+14:00")
        return cls(year, month, day, hour, minute, second, offset)

    @property
    def precision(self) -> str:
        """'millennium', 'century', 'decade' (``1XXX``, ``19XX``, ``201X``), 'year', 'month', 'day', 'minute' or 'second'.

        ``2015-XX`` is at year precision and ``2015-09-XX`` at month precision (with ``unknown`` set).
        """
        if self.span > 1:
            return _SPAN_PRECISION[self.span]
        if self.hour is not None:
            return "minute" if self.second is None else "second"
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def has_time(self) -> bool:
        """Whether the date has a time of day (and so a UTC offset)."""
        return self.hour is not None

    @property
    def qualifier(self) -> str:
        """'~' (approximate), '?' (uncertain), '%' (both) or ''."""
        if self.approximate:
            return "%" if self.uncertain else "~"
        return "?" if self.uncertain else ""

    @property
    def needs_edtf(self) -> bool:
        """Whether the form goes beyond version 1: a qualifier, X digits, or a year outside 1–9999."""
        return bool(self.qualifier) or self.span > 1 or self.unknown > 0 or not 1 <= self.year <= 9999

    @property
    def has_calendar_day(self) -> bool:
        """Whether every day the date covers is a ``datetime.date`` (years 1 to 9999).

        When false, ``first_day``/``last_day`` return ``ProlepticDay`` values and exporters
        that need real calendar days (iCalendar, Atom) leave the date out or say it in words.
        """
        return 1 <= self.year and self.year + self.span - 1 <= 9999

    def __str__(self) -> str:
        """The date exactly as it was written: version 1's ISO form, or EDTF text ('2015-09~', '201X', 'Y-13800000000')."""
        text = year_text(self.year)
        if self.span > 1:  # 10, 100, 1000: the last one, two or three digits are X
            unspecified = len(str(self.span)) - 1
            text = text[:-unspecified] + "X" * unspecified
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        text += "-XX" * self.unknown
        if self.hour is not None:
            text += f"T{self.hour:02d}:{self.minute:02d}"
            if self.second is not None:
                text += f":{self.second:02d}"
            text += self.offset_text
        return text + self.qualifier

    @property
    def html_datetime(self) -> str | None:
        """A value for ``<time datetime>``: version 1's form as written; for EDTF dates the year, month
        and day without qualifiers or XX parts ('2015-09' for ``2015-09~``); None when HTML has no
        form for the date (``201X``, years before 1 or after 9999)."""
        if not self.needs_edtf:
            return str(self)
        if self.span > 1 or not self.has_calendar_day:
            return None
        return str(Date(self.year, self.month, self.day))

    @property
    def offset_text(self) -> str:
        """The UTC offset as ``+HH:MM`` (empty for dates without a time)."""
        if self.offset_minutes is None:
            return ""
        sign = "-" if self.offset_minutes < 0 else "+"
        hours, minutes = divmod(abs(self.offset_minutes), 60)
        return f"{sign}{hours:02d}:{minutes:02d}"

    def human(self, approximate: bool = False) -> str:
        """The date for readers, with its qualifiers (see ``date_words``).

        '2015', 'September 2015', '28 September 2015', '28 September 2015, 05:30 UTC+04:30';
        'c. September 2015' (``~``, or ``approximate=True``: the event's ``approximate``),
        '28 September 2015?' (``?``), 'c. 28 September 2015?' (``%``), 'the 2010s', 'the 20th century',
        '2015 (month unknown)', '15 March 44 BC', '13.8 billion years ago'.
        """
        if self.span > 1:
            text = period_words(self.year, self.span)
        else:
            text = calendar_words(self.year, self.month, self.day)
        if self.hour is not None:
            clock = f"{self.hour:02d}:{self.minute:02d}" + (f":{self.second:02d}" if self.second is not None else "")
            text += f", {clock} UTC{self.offset_text}"
        unknown = UNKNOWN_PARTS.get((self.precision, self.unknown))
        return qualified(text, approximate or self.approximate, self.uncertain, unknown)

    # -- conversions ------------------------------------------------------------

    def first_calendar_day(self) -> tuple[int, int, int]:
        """(year, month, day) of the first day the date covers (local to its offset); any year."""
        return (self.year, self.month or 1, self.day or 1)

    def last_calendar_day(self) -> tuple[int, int, int]:
        """(year, month, day) of the last day the date covers; any year."""
        year = self.year + self.span - 1
        if self.day is not None:
            return (year, self.month or 1, self.day)
        if self.month is not None:
            return (year, self.month, days_in_month(year, self.month))
        return (year, 12, 31)

    def first_day(self) -> _date | ProlepticDay:
        """The first calendar day the date covers (local to its offset): a ``datetime.date``,
        or a ``ProlepticDay`` when ``has_calendar_day`` is false (years before 1 or after 9999)."""
        return self._day(self.first_calendar_day())

    def last_day(self) -> _date | ProlepticDay:
        """The last calendar day the date covers; a ``ProlepticDay`` when ``has_calendar_day`` is false."""
        return self._day(self.last_calendar_day())

    def _day(self, ymd: tuple[int, int, int]) -> _date | ProlepticDay:
        return _date(*ymd) if self.has_calendar_day else ProlepticDay(*ymd)

    def bounds(self) -> tuple[str, str]:
        """The first and last day the date covers, as text: ('2010-01-01', '2019-12-31') for ``201X``,
        ('-0043-03-15', '-0043-03-15'), ('-13800000000-01-01', '-13800000000-12-31'); for events.json."""
        return ProlepticDay(*self.first_calendar_day()).isoformat(), ProlepticDay(*self.last_calendar_day()).isoformat()

    def instant_bounds(self) -> tuple[int, int]:
        """The earliest and the latest instant the date can mean, in seconds (UTC, proleptic Gregorian,
        ``datetime.date.toordinal() * 86400`` scale; any year).

        A date without a time covers its days in every time zone: from midnight at UTC+14:00
        on its first day to the last second of its last day at UTC-14:00. A timed date covers
        its minute, or its second when it has seconds.
        """
        first = day_number(*self.first_calendar_day()) * _DAY
        if self.hour is None:
            after = (day_number(*self.last_calendar_day()) + 1) * _DAY
            return first - MAX_OFFSET_MINUTES * 60, after + MAX_OFFSET_MINUTES * 60 - 1
        instant = first + self.hour * 3600 + (self.minute or 0) * 60 + (self.second or 0) - (self.offset_minutes or 0) * 60
        return instant, instant + (59 if self.second is None else 0)

    def to_datetime(self) -> datetime | None:
        """An aware datetime for timed dates, None otherwise."""
        if self.hour is None:
            return None
        tz = timezone(timedelta(minutes=self.offset_minutes or 0))
        return datetime(self.year, self.month or 1, self.day or 1, self.hour, self.minute or 0, self.second or 0, tzinfo=tz)

    # -- ordering ------------------------------------------------------------------

    def _sort_key(self) -> tuple:
        earliest, latest = self.instant_bounds()
        qualifier = "~?%".find(self.qualifier) + 1 if self.qualifier else 0
        return (earliest, -latest, _RANK[self.precision], self.offset_minutes or 0, self.unknown, qualifier)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Date) and self._key == other._key

    __hash__ = _Ordered.__hash__  # a dataclass with __eq__ would otherwise drop it


class OpenEnd(_Ordered):
    """The end of an event that is still going: ``..`` as ``end_date`` (EDTF's open end). Use ``OPEN_END``.

    It prints as '..', reads as 'the present', sorts after every date, and has no
    calendar day (``first_day``/``last_day`` return None).
    """

    __slots__ = ()
    is_open: ClassVar[bool] = True
    has_time: ClassVar[bool] = False
    has_calendar_day: ClassVar[bool] = False
    needs_edtf: ClassVar[bool] = True
    precision: ClassVar[str] = "open"
    qualifier: ClassVar[str] = ""
    _key: ClassVar[tuple] = (math.inf,)

    def __str__(self) -> str:
        return ".."

    def __repr__(self) -> str:
        return "OPEN_END"

    def human(self, approximate: bool = False) -> str:
        """'the present'."""
        return "the present"

    def first_day(self) -> None:
        """None: an open end has no calendar day."""
        return None

    last_day = first_day

    def bounds(self) -> tuple[str, str]:
        """('..', '..')."""
        return "..", ".."

    def instant_bounds(self) -> tuple[float, float]:
        """(inf, inf): later than every date."""
        return math.inf, math.inf

    def to_datetime(self) -> None:
        """None."""
        return None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OpenEnd)

    __hash__ = _Ordered.__hash__


OPEN_END = OpenEnd()


def parse_calendar_day(text: str) -> _date:
    """Parse a plain ``YYYY-MM-DD`` (used for correction dates)."""
    parsed = Date.parse(text)
    if parsed.precision != "day" or parsed.needs_edtf:
        raise DateError(f"'{text}' must be a full day, YYYY-MM-DD")
    return parsed.first_day()  # type: ignore[return-value]  # a datetime.date: years 1 to 9999
