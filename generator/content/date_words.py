"""Dates in words, for readers: '28 September 2015', '44 BC', 'the 2010s', '13.8 billion years ago'.

Years are astronomical in the content format (EDTF): year 0 is 1 BC, -0043 is
44 BC. In words:

* years 1 to 9999 as digits ('2015', '800'), as in version 1;
* years before 1 as BC ('44 BC', '2500 BC', '12,000 BC');
* years a million or more before year 1 as "… years ago" ('66 million years ago',
  '13.8 billion years ago', three significant digits): at that distance the two
  thousand years between year 0 and now vanish in the rounding, and the words do
  not depend on the day the site is built;
* years after 9999 as 'AD 12,345', and from a million on as "… years from now";
* ``201X`` as 'the 2010s', ``19XX`` as 'the 20th century' and ``1XXX`` as 'the 2nd
  millennium' (the spans EDTF gives them: 2010–2019, 1900–1999, 1000–1999);
  spans that start before year 1000 as their first and last years ('990–999').
"""

from __future__ import annotations

import calendar
from typing import Any

MONTHS = tuple(calendar.month_name)  # index 1..12, English
_MILLION = 1_000_000
_LARGE = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))


def _large(count: int) -> str:
    """'13.8 billion', '66 million', '1,200 billion': three significant digits and a word."""
    for value, name in _LARGE:
        if count >= value:
            number = count / value
            text = f"{number:.3g}"
            return f"{round(number):,} {name}" if "e" in text else f"{text} {name}"
    return f"{count:,}"


def ordinal(number: int) -> str:
    """'1st', '2nd', '3rd', '4th', '11th', '21st'."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{({1: 'st', 2: 'nd', 3: 'rd'}).get(number % 10, 'th')}"


def year_words(year: int) -> str:
    """An astronomical year in words: '2015', '44 BC' (-43), '13.8 billion years ago', 'AD 12,345'."""
    if year <= 0:
        before = 1 - year
        if before >= _MILLION:
            return f"{_large(before)} years ago"
        return f"{before:,} BC" if before >= 10_000 else f"{before} BC"
    if year >= _MILLION:
        return f"{_large(year)} years from now"
    return f"AD {year:,}" if year >= 10_000 else str(year)


def period_words(year: int, span: int) -> str:
    """The ``span`` years from ``year`` (10, 100 or 1000): 'the 2010s', 'the 20th century', 'the 2nd millennium'."""
    last = year + span - 1
    if span == 10 and year >= 1000:
        return f"the {year}s"
    if span == 100 and year >= 100:
        return f"the {ordinal(year // 100 + 1)} century"
    if span == 1000 and year >= 1000:
        return f"the {ordinal(year // 1000 + 1)} millennium"
    end = f"AD {last}" if year <= 0 < last else year_words(last)
    return f"{year_words(year)}–{end}"


def calendar_words(year: int, month: int | None = None, day: int | None = None) -> str:
    """'2015', 'September 2015', '28 September 2015', '15 March 44 BC'."""
    if month is None:
        return year_words(year)
    if day is None:
        return f"{MONTHS[month]} {year_words(year)}"
    return f"{day} {MONTHS[month]} {year_words(year)}"


UNKNOWN_PARTS = {("year", 1): "month unknown", ("year", 2): "month and day unknown", ("month", 1): "day unknown"}


def qualified(text: str, approximate: bool, uncertain: bool, unknown: str | None = None) -> str:
    """Words with their qualifiers: 'c. September 2015', '28 September 2015?', 'c. 2015? (month unknown)'."""
    if uncertain:
        text += "?"
    if unknown:
        text += f" ({unknown})"
    return f"c. {text}" if approximate else text


def human_range(date: Any, end: Any = None, approximate: bool = False) -> str:
    """An event's dates in words (``Date``s, or ``OPEN_END`` as the end): '28 September 2015',
    'October 2001 – 2021', 'since March 2021' (an open end: still going)."""
    start = date.human(approximate)
    if end is None:
        return start
    if end.is_open:
        return f"since {start}"
    return f"{start} – {end.human()}"
