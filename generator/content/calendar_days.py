"""Calendar arithmetic for every year: the proleptic Gregorian calendar with astronomical years.

Python's ``datetime.date`` holds years 1 to 9999; EDTF dates go further (year 0 is
1 BC, -0043 is 44 BC, ``Y-13800000000``). These functions work for any integer year,
and agree with ``datetime.date`` where it holds the year: ``day_number`` equals
``toordinal()``. ``ProlepticDay`` stands in for a ``datetime.date`` outside its years.
"""

from __future__ import annotations

from typing import NamedTuple

_ORDINAL_OF_1970 = 719163  # datetime.date(1970, 1, 1).toordinal()


def is_leap(year: int) -> bool:
    """Whether ``year`` (astronomical: 0 is 1 BC, -4 is 5 BC) has a 29 February."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    """28 to 31."""
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def day_number(year: int, month: int, day: int) -> int:
    """The day's proleptic Gregorian ordinal: ``datetime.date.toordinal()`` for years 1 to 9999
    (0001-01-01 is 1), continued to every year (0000-12-31 is 0, earlier days are negative)."""
    y = year - (month <= 2)  # count years from March, so that a leap day ends its year
    era = y // 400
    year_of_era = y - era * 400
    day_of_year = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468 + _ORDINAL_OF_1970


def year_text(year: int) -> str:
    """A year as EDTF writes it: four digits at least, a sign before years below 0 ('2015', '-0043');
    years of five or more digits with a 'Y' ('Y-13800000000')."""
    digits = f"{abs(year):04d}"
    sign = "-" if year < 0 else ""
    return f"Y{sign}{digits}" if len(digits) > 4 else sign + digits


def year_slug(year: int) -> str:
    """A year for folder names and URLs: '2015', '-0043', '-13800000000' (no 'Y')."""
    return ("-" if year < 0 else "") + f"{abs(year):04d}"


class ProlepticDay(NamedTuple):
    """A calendar day ``datetime.date`` cannot hold: a year before 1 or after 9999 (astronomical years).

    It has ``isoformat()`` ('-0043-03-15') and ``toordinal()`` (``datetime.date``'s day
    numbers, continued before 0001-01-01), and compares with other ``ProlepticDay`` values.
    """

    year: int
    month: int
    day: int

    def isoformat(self) -> str:
        """'-0043-03-15', '-13800000000-01-01'."""
        return f"{year_slug(self.year)}-{self.month:02d}-{self.day:02d}"

    def toordinal(self) -> int:
        """The proleptic Gregorian day number (0001-01-01 is 1)."""
        return day_number(self.year, self.month, self.day)
