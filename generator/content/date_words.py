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


class DateWords:
    """The words dates are said in. This one says them in English without any data; the site's
    language comes from ``generator.render.i18n.Words``, a subclass that takes each phrase from the
    theme's catalogs (``gettext``: the phrases below are their message ids) and month names,
    patterns and digits from CLDR (Babel)."""

    def gettext(self, message: str) -> str:
        """The phrase in the language (English: as it is)."""
        return message

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> str:
        """The phrase for ``n`` (English: singular for 1), filled with ``values`` and ``count`` (``n``)."""
        return (singular if n == 1 else plural) % {"count": self.number(n), **values}

    def number(self, value: int) -> str:
        """A count with grouping: '12,000'."""
        return f"{value:,}"

    def integer(self, value: int) -> str:
        """A number as it is, without grouping ('2015'), in the language's digits."""
        return str(value)

    def digits(self, text: str) -> str:
        """Text with its ASCII digits in the language's digits ('+04:30')."""
        return text

    def large(self, count: int) -> str:
        """'13.8 billion', '66 million': three significant digits and a word."""
        return _large(count)

    def ordinal(self, number: int) -> str:
        """'20th'."""
        return ordinal(number)

    def calendar(self, year: str, month: int | None, day: int | None, plain: bool) -> str:
        """A day, a month or a year, with ``year`` already in words; ``plain`` when the year is a
        bare number (years 1 to 9999), not words like '44 BC'."""
        if month is None:
            return year
        if day is None:
            return f"{MONTHS[month]} {year}"
        return f"{day} {MONTHS[month]} {year}"

    def month_abbr(self, month: int) -> str:
        """'Sep': a month under a chart's axis."""
        return MONTHS[month][:3]

    def clock(self, hour: int, minute: int, second: int | None) -> str:
        """'05:30', '05:30:15'."""
        return f"{hour:02d}:{minute:02d}" + (f":{second:02d}" if second is not None else "")


ENGLISH = DateWords()


def year_words(year: int, words: DateWords = ENGLISH) -> str:
    """An astronomical year in words: '2015', '44 BC' (-43), '13.8 billion years ago', 'AD 12,345'."""
    if year <= 0:
        before = 1 - year
        if before >= _MILLION:
            return words.gettext("%(number)s years ago") % {"number": words.large(before)}
        number = words.number(before) if before >= 10_000 else words.integer(before)
        return words.gettext("%(year)s BC") % {"year": number}
    if year >= _MILLION:
        return words.gettext("%(number)s years from now") % {"number": words.large(year)}
    if year >= 10_000:
        return words.gettext("AD %(year)s") % {"year": words.number(year)}
    return words.integer(year)


def _roman(number: int) -> str:
    """'XX' for 20 (centuries and millennia in the languages that write them so)."""
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out += letters
            number -= value
    return out


def period_words(year: int, span: int, words: DateWords = ENGLISH) -> str:
    """The ``span`` years from ``year`` (10, 100 or 1000): 'the 2010s', 'the 20th century', 'the 2nd millennium'."""
    last = year + span - 1
    if span == 10 and year >= 1000:
        return words.gettext("the %(year)ss") % {"year": words.integer(year)}
    if (span == 100 and year >= 100) or (span == 1000 and year >= 1000):
        number = year // span + 1
        values = {"ordinal": words.ordinal(number), "number": words.integer(number), "roman": _roman(number)}
        if span == 100:
            return words.gettext("the %(ordinal)s century") % values
        return words.gettext("the %(ordinal)s millennium") % values
    if year <= 0 < last:
        end = words.gettext("AD %(year)s") % {"year": words.integer(last)}
    else:
        end = year_words(last, words)
    return f"{year_words(year, words)}–{end}"


def calendar_words(year: int, month: int | None = None, day: int | None = None, words: DateWords = ENGLISH) -> str:
    """'2015', 'September 2015', '28 September 2015', '15 March 44 BC'."""
    return words.calendar(year_words(year, words), month, day, 1 <= year <= 9999)


UNKNOWN_PARTS = {("year", 1): "month unknown", ("year", 2): "month and day unknown", ("month", 1): "day unknown"}


def N_(message: str) -> str:
    """Marks a message for the catalogs (``generator.render.i18n``); it is translated where it is shown."""
    return message


_UNKNOWN_MESSAGES = (N_("month unknown"), N_("month and day unknown"), N_("day unknown"))  # UNKNOWN_PARTS' words


def qualified(text: str, approximate: bool, uncertain: bool, unknown: str | None = None,
              words: DateWords = ENGLISH) -> str:
    """Words with their qualifiers: 'c. September 2015', '28 September 2015?', 'c. 2015? (month unknown)'."""
    if uncertain:
        text = words.gettext("%(date)s?") % {"date": text}
    if unknown:
        text = words.gettext("%(date)s (%(unknown)s)") % {"date": text, "unknown": words.gettext(unknown)}
    return words.gettext("c. %(date)s") % {"date": text} if approximate else text


def date_text(date: Any, approximate: bool = False, words: DateWords = ENGLISH) -> str:
    """A ``Date`` (or ``OPEN_END``) for readers in ``words``' language; in English, ``date.human(approximate)``."""
    if getattr(date, "is_open", False):
        return words.gettext("the present")
    if date.span > 1:
        text = period_words(date.year, date.span, words)
    else:
        text = calendar_words(date.year, date.month, date.day, words)
    if date.hour is not None:
        text = words.gettext("%(date)s, %(time)s UTC%(offset)s") % {
            "date": text, "time": words.clock(date.hour, date.minute, date.second),
            "offset": words.digits(date.offset_text)}
    unknown = UNKNOWN_PARTS.get((date.precision, date.unknown))
    return qualified(text, approximate or date.approximate, date.uncertain, unknown, words)


def human_range(date: Any, end: Any = None, approximate: bool = False, words: DateWords | None = None) -> str:
    """An event's dates in words (``Date``s, or ``OPEN_END`` as the end): '28 September 2015',
    'October 2001 – 2021', 'since March 2021' (an open end: still going)."""
    if words is None:  # English, as the model says it
        start = date.human(approximate)
        if end is None:
            return start
        if end.is_open:
            return f"since {start}"
        return f"{start} – {end.human()}"
    start = date_text(date, approximate, words)
    if end is None:
        return start
    if end.is_open:
        return words.gettext("since %(date)s") % {"date": start}
    return words.gettext("%(start)s – %(end)s") % {"start": start, "end": date_text(end, False, words)}
