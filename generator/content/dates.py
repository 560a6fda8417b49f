"""Dates at the precision an editor wrote them.

``2015``, ``2015-09``, ``2015-09-28``, ``2015-09-28T05:30+04:30`` and
``2015-09-28T05:30:15+04:30`` are all valid event dates. A ``Date`` keeps the
precision, prints back exactly as written (``str``), renders for people
("28 September 2015", "September 2015") and sorts in one total order:

* timed dates sort by their instant in UTC;
* a coarser date sorts before the finer dates it contains (the year 2015
  comes before September 2015, which comes before 28 September 2015);
* ties between different spellings of one instant break by precision, then
  by offset, so that ``a < b`` or ``a == b`` or ``a > b`` always holds.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date as _date
from datetime import datetime, timedelta, timezone

PRECISIONS = ("year", "month", "day", "minute", "second")
MONTHS = tuple(calendar.month_name)  # index 1..12, English
MAX_OFFSET_MINUTES = 14 * 60

_PATTERN = re.compile(
    r"(?P<year>\d{4})"
    r"(?:-(?P<month>\d{2})"
    r"(?:-(?P<day>\d{2})"
    r"(?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?P<offset>(?P<sign>[+-])(?P<oh>\d{2}):(?P<om>\d{2}))?"
    r")?)?)?"
)


class DateError(ValueError):
    """A date string that is not one of the accepted forms, or impossible."""


@dataclass(frozen=True, eq=False)
class Date:
    """A calendar date or instant at year, month, day, minute or second precision."""

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    offset_minutes: int | None = None  # set exactly when the date has a time
    _key: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_key", self._sort_key())

    # -- parsing and printing -------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> "Date":
        """Parse one of the accepted forms; raise ``DateError`` saying what is wrong."""
        match = _PATTERN.fullmatch(text.strip())
        if not match:
            raise DateError(
                f"'{text}' is not a date; write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM+HH:MM"
            )
        g = match.groupdict()
        if g["hour"] is not None and g["offset"] is None:
            raise DateError(f"'{text}' has a time but no UTC offset; add one, e.g. '{text}+00:00'")
        year = int(g["year"])
        month = int(g["month"]) if g["month"] else None
        day = int(g["day"]) if g["day"] else None
        if year < 1:
            raise DateError(f"'{text}': year 0000 does not exist")
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"'{text}': month {month:02d} does not exist")
        if day is not None and not 1 <= day <= calendar.monthrange(year, month or 1)[1]:
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
        """'year', 'month', 'day', 'minute' or 'second'."""
        if self.hour is not None:
            return "minute" if self.second is None else "second"
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def has_time(self) -> bool:
        return self.hour is not None

    def __str__(self) -> str:
        """The ISO form at its precision, exactly as it was written (also valid for ``<time datetime>``)."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.hour is not None:
            text += f"T{self.hour:02d}:{self.minute:02d}"
            if self.second is not None:
                text += f":{self.second:02d}"
            text += self.offset_text
        return text

    @property
    def offset_text(self) -> str:
        """The UTC offset as ``+HH:MM`` (empty for dates without a time)."""
        if self.offset_minutes is None:
            return ""
        sign = "-" if self.offset_minutes < 0 else "+"
        hours, minutes = divmod(abs(self.offset_minutes), 60)
        return f"{sign}{hours:02d}:{minutes:02d}"

    def human(self, approximate: bool = False) -> str:
        """The date for readers: '2015', 'September 2015', '28 September 2015', '28 September 2015, 05:30 UTC+04:30'."""
        if self.month is None:
            text = str(self.year)
        elif self.day is None:
            text = f"{MONTHS[self.month]} {self.year}"
        else:
            text = f"{self.day} {MONTHS[self.month]} {self.year}"
        if self.hour is not None:
            clock = f"{self.hour:02d}:{self.minute:02d}" + (f":{self.second:02d}" if self.second is not None else "")
            text += f", {clock} UTC{self.offset_text}"
        return f"c. {text}" if approximate else text

    # -- conversions ------------------------------------------------------------

    def first_day(self) -> _date:
        """The first calendar day the date covers (local to its offset)."""
        return _date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> _date:
        """The last calendar day the date covers."""
        if self.day is not None:
            return _date(self.year, self.month or 1, self.day)
        if self.month is not None:
            return _date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return _date(self.year, 12, 31)

    def to_datetime(self) -> datetime | None:
        """An aware datetime for timed dates, None otherwise."""
        if self.hour is None:
            return None
        tz = timezone(timedelta(minutes=self.offset_minutes or 0))
        return datetime(self.year, self.month or 1, self.day or 1, self.hour, self.minute or 0, self.second or 0, tzinfo=tz)

    # -- ordering ------------------------------------------------------------------

    def _sort_key(self) -> tuple:
        precision = PRECISIONS.index(self.precision)
        if self.hour is None:
            # the earliest instant any time inside this period can have: local midnight at UTC+14:00
            start = self.first_day().toordinal() * 86400 - MAX_OFFSET_MINUTES * 60
            return (start, precision, 0)
        local = self.first_day().toordinal() * 86400 + self.hour * 3600 + (self.minute or 0) * 60 + (self.second or 0)
        return (local - (self.offset_minutes or 0) * 60, precision, self.offset_minutes)

    @property
    def sort_key(self) -> tuple:
        """A tuple whose order is the chronological order of dates."""
        return self._key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Date) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __lt__(self, other: "Date") -> bool:
        return self._key < other._key

    def __le__(self, other: "Date") -> bool:
        return self._key <= other._key

    def __gt__(self, other: "Date") -> bool:
        return self._key > other._key

    def __ge__(self, other: "Date") -> bool:
        return self._key >= other._key


def parse_calendar_day(text: str) -> _date:
    """Parse a plain ``YYYY-MM-DD`` (used for correction dates)."""
    parsed = Date.parse(text)
    if parsed.precision != "day":
        raise DateError(f"'{text}' must be a full day, YYYY-MM-DD")
    return parsed.first_day()
