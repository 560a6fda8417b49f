"""EDTF level 1 dates (the Library of Congress Extended Date/Time Format), read with the ``edtf`` package.

Version 2 of the content format adds these forms to the ISO dates of version 1:
``2015-09~`` (approximate), ``2015-09-28?`` (uncertain), ``2015%`` (both),
``201X``/``19XX``/``1XXX`` (a decade, century or millennium), ``2015-XX``,
``2015-09-XX`` and ``2015-XX-XX`` (month or day unknown), negative years in
astronomical numbering (``-0043-03-15`` is 15 March 44 BC; year 0 would be 1 BC)
and ``Y``-years of five or more digits (``Y-13800000000``).

``read_edtf`` turns such a text into ``EdtfParts`` (``dates.Date`` holds them).
The ``edtf`` package does the parsing; this module decides which of its forms an
event date may take — single level 1 dates: no intervals (an event has
``end_date`` for that), no seasons, no level 2 forms — and, when a text is not
one, says why and shows a form that is (``explain``).

Calendar arithmetic for every year is in ``calendar_days``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import importlib

from generator.content.calendar_days import days_in_month, year_slug, year_text
from generator.content.date_words import MONTHS, year_words

ACCEPTED_FORMS = (
    "write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM+HH:MM, "
    "or an EDTF date: 2015-09~ (approximate), 2015-09-28? (uncertain), 2015% (both), "
    "201X (a decade), 19XX (a century), 2015-XX (month unknown), -0043-03-15 (15 March 44 BC), "
    "Y-13800000000 (deep time)"
)


# JSON Schema patterns (ECMAScript regular expressions) of the accepted forms, for editors' autocompletion:
# version 1's forms; EDTF's qualified, unspecified and negative-year forms; Y-years. Looser than the parser
# (2015-02-30 matches): whatever matches either parses or raises a DateError that names it.
DATE_PATTERN_V2 = (
    r"^([0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?[+-][0-9]{2}:[0-9]{2})?)?)?"
    r"|-?[0-9]{4}(-([0-9]{2}|XX)(-([0-9]{2}|XX))?)?[~?%]?"
    r"|([0-9]{3}X|[0-9]{2}XX|[0-9]XXX)[~?%]?"
    r"|Y-?[1-9][0-9]{4,})$"
)
END_DATE_PATTERN_V2 = r"^(\.\.|" + DATE_PATTERN_V2[1:-1] + r")$"  # '..': still going


class DateError(ValueError):
    """A date string that is not one of the accepted forms, or impossible."""


@dataclass(frozen=True)
class EdtfParts:
    """What an EDTF date says: its first year, month and day, and how it was qualified.

    ``span`` is the number of years the year part covers (1; 10 for ``201X``, 100 for
    ``19XX``, 1000 for ``1XXX``) and ``year`` the first of them; ``unknown`` the number
    of trailing parts written ``XX`` (1 for ``2015-XX`` and ``2015-09-XX``, 2 for
    ``2015-XX-XX``), whose ``month``/``day`` are then None.
    """

    year: int
    month: int | None = None
    day: int | None = None
    span: int = 1
    unknown: int = 0
    approximate: bool = False
    uncertain: bool = False


# -- reading ----------------------------------------------------------------------------------


def _edtf():
    """The ``edtf`` package, imported at the first EDTF date: it costs some 0.4 s, which a
    chronology of version-1 dates (and ``timeline check`` of one) never pays."""
    return importlib.import_module("edtf")


def read_edtf(text: str) -> EdtfParts:
    """The parts of an EDTF level 1 date; ``DateError`` saying what is wrong (and a right form) otherwise."""
    problem = diagnose(text)  # first: the edtf package fails on some level 2 shapes (AttributeError)
    if problem:
        raise DateError(problem)
    stripped = text.strip()
    if re.search(r"\s", stripped):  # the package's grammar skips spaces between parts: '2015 ?'
        raise DateError(explain(text))
    try:
        parsed = _parse(stripped)
    except Exception:  # EDTFParseException, and other errors on shapes the package half-reads
        raise DateError(explain(text)) from None
    parts = _parts(parsed, text)
    if parts.span == 1 and parts.year == 0:
        raise DateError(year_zero_error(text))
    if parts.day is not None and parts.month is not None and parts.day > days_in_month(parts.year, parts.month):
        raise DateError(day_error(text, parts.year, parts.month, parts.day, _qualifier(parts)))
    return parts


def _parse(text: str) -> object:
    """The ``edtf`` package's object for ``text``.

    The one grammar an accepted form can match is tried first (a Y-year, a date with X, a
    qualified date, a plain date): ten times faster than ``parse_edtf``, which tries every
    EDTF level (some 20 ms a date). Only a text that grammar refuses goes to ``parse_edtf``,
    to learn what else it is (a range, a season, a level 2 form) or that it is no EDTF at all.
    """
    kind = (_edtf().LongYear if text.startswith("Y") else _edtf().Unspecified if "X" in text
            else _edtf().UncertainOrApproximate if text[-1:] in "~?%" else _edtf().Date)
    try:
        return kind.parser.parse_string(text, parse_all=True)[0]
    except Exception:
        return _edtf().parse_edtf(text)


def _qualifier(parts: EdtfParts) -> str:
    return "%" if parts.approximate and parts.uncertain else "~" if parts.approximate else "?" if parts.uncertain else ""


def _parts(parsed: object, text: str) -> EdtfParts:
    """EdtfParts of a parsed single date; DateError for the kinds an event date cannot take."""
    kind = type(parsed)
    if kind is _edtf().LongYear:
        if parsed.significant_digits:  # type: ignore[attr-defined]
            raise DateError(f"'{text}': significant digits (S) are EDTF level 2 and not supported; "
                            f"write Y{parsed.year} and set approximate: true")  # type: ignore[attr-defined]
        return EdtfParts(int(parsed.year))  # type: ignore[attr-defined]
    if kind is _edtf().UncertainOrApproximate and type(parsed.date) is _edtf().Date:  # type: ignore[attr-defined]
        base = parsed.date  # type: ignore[attr-defined]
    elif kind in (_edtf().Date, _edtf().Unspecified):
        base = parsed
    else:
        raise DateError(_unsupported(parsed, text))
    if base.significant_digits:
        raise DateError(f"'{text}': significant digits (S) are EDTF level 2 and not supported; "
                        "write the year and set approximate: true")
    year, span = _year(base.year, text)
    month_text, day_text = base.month, base.day
    unknown = (month_text == "XX") + (day_text == "XX")
    month = int(month_text) if month_text and month_text != "XX" else None
    day = int(day_text) if day_text and day_text != "XX" else None
    approximate = bool(parsed.is_approximate or parsed.is_uncertain_and_approximate)  # type: ignore[attr-defined]
    uncertain = bool(parsed.is_uncertain or parsed.is_uncertain_and_approximate)  # type: ignore[attr-defined]
    return EdtfParts(year, month, day, span, unknown, approximate, uncertain)


def _year(text: str, whole: str) -> tuple[int, int]:
    """(first year, years covered) of a year written with trailing X digits or none."""
    unspecified = text.count("X")
    if unspecified and text.startswith("-"):
        raise DateError(
            f"'{whole}': unspecified digits (X) in a year before year 1 are not supported; "
            "write the first and last years as date and end_date (date: -0049, end_date: -0040)"
        )
    return int(text.replace("X", "0")), 10**unspecified


def _unsupported(parsed: object, text: str) -> str:
    """Why an EDTF form the ``edtf`` package reads is not an event date."""
    kind = type(parsed)
    name = kind.__name__
    if "Interval" in name or "Consecutives" in name:
        return _RANGE.format(text=text)
    if kind in (_edtf().Season, _edtf().Level2Season):
        return (f"'{text}': seasons (21–24) are not supported; write the months as date and end_date "
                "(2015-03 to 2015-05), and the season in display_date")
    if kind is _edtf().PartialUncertainOrApproximate:
        return f"'{text}': a qualifier inside a date is EDTF level 2; put one qualifier at the end (2004-06-11~)"
    if kind is _edtf().PartialUnspecified:
        return f"'{text}': X inside a date is EDTF level 2; use X for whole trailing parts: 201X, 2015-XX, 2015-09-XX"
    if kind is _edtf().ExponentialYear:
        return f"'{text}': exponential years are EDTF level 2; write the year in full ({year_text(parsed._precise_year())})"  # type: ignore[attr-defined]
    if name in ("OneOfASet", "MultipleDates"):
        return f"'{text}' is a set of dates; write one event per date"
    if name == "DateAndTime":
        return time_explanation(text)
    return f"'{text}' is not a date; {ACCEPTED_FORMS}"


# -- explaining ---------------------------------------------------------------------------------

_LOOSE = re.compile(r"(?P<year>[+-]?[0-9X]+)(?:-(?P<month>[0-9X]+)(?:-(?P<day>[0-9X]+))?)?(?P<qualifier>[~?%]*)")
_RANGE = "'{text}' is not a date but a range; write its start as date and its end as end_date ('..' for an open end)"
_LONG = re.compile(r"Y(?P<year>[+-]?[0-9]+)(?P<rest>.*)")


def year_zero_error(text: str) -> str:
    """Year 0 (1 BC in astronomical numbering) is not accepted: version 1 refused '0000', and still does."""
    return (f"'{text}': year 0000 does not exist here; write 0001 for AD 1, "
            "or a negative year for the years before it (-0001 is 2 BC)")


def month_error(text: str, year: str, month: int, qualifier: str = "") -> str:
    """'month 13 does not exist (write 2015-12~ or 2015-XX~)'."""
    nearest = 12 if month > 12 else 1
    return (f"'{text}': month {month:02d} does not exist "
            f"(write {year}-{nearest:02d}{qualifier} or {year}-XX{qualifier})")


def day_error(text: str, year: int, month: int, day: int, qualifier: str = "") -> str:
    """'February 2015 has no day 30 (write 2015-02-28 or 2015-02-XX)'."""
    ym = f"{year_slug(year)}-{month:02d}"
    last = days_in_month(year, month)
    return (f"'{text}': {MONTHS[month]} {year_words(year)} has no day {day} "
            f"(write {ym}-{last:02d}{qualifier} or {ym}-XX{qualifier})")


def time_explanation(text: str) -> str:
    """Why a text with a time is not a date."""
    stripped = text.strip()
    if stripped.endswith("Z"):
        return (f"'{text}' is not a date: write the UTC offset as +00:00 instead of Z "
                f"({stripped[:-1]}+00:00)")
    if stripped[-1:] in "~?%":
        return (f"'{text}' is not a date: ~, ? and % qualify dates without a time; "
                "write the time in display_date and the day with its qualifier (2015-09-28~)")
    return (f"'{text}' is not a date; a date with a time takes the form YYYY-MM-DDTHH:MM[:SS]+HH:MM "
            "(2015-09-28T05:30+04:30), years 0001 to 9999")


def explain(text: str) -> str:
    """What is wrong with a text that is not a date, and a right form (the message of its ``DateError``)."""
    return diagnose(text) or f"'{text}' is not a date; {ACCEPTED_FORMS}"


def diagnose(text: str) -> str | None:
    """A specific problem of a text shaped like a date (month 13, a day February lacks, X inside a
    date, a qualified Y-year, …) with a right form; None when no specific problem shows."""
    stripped = text.strip()
    if stripped.startswith("Y"):
        return _explain_long(text, stripped)
    slashed = re.fullmatch(r"([0-9]{4})/([0-9]{2})/([0-9]{2})", stripped)
    if slashed:
        return f"'{text}' is not a date; write it with hyphens: {'-'.join(slashed.groups())}"
    if _is_range(stripped):
        return _RANGE.format(text=text)
    if "T" in stripped:
        return time_explanation(text)
    match = _LOOSE.fullmatch(stripped)
    return _explain_parts(text, match) if match else None


def _is_range(text: str) -> bool:
    """Whether ``text`` is shaped like an EDTF interval: two dates (or '..') with a slash between them.

    Each side needs a year of four digits at least, so day-first and month-first dates
    ('28/09/2015', '09/2015') are not taken for ranges.
    """
    sides = text.split("/")
    if len(sides) != 2:
        return False
    for side in sides:
        match = _LOOSE.fullmatch(side)
        if side != ".." and not (match and len(match["year"].lstrip("+-")) >= 4):
            return False
    return True


def _explain_parts(text: str, match: re.Match) -> str | None:
    year, month, day, qualifier = match["year"], match["month"], match["day"], match["qualifier"]
    base = text.strip()[: len(text.strip()) - len(qualifier)]
    if len(qualifier) > 1:
        one = "%" if set(qualifier) >= {"~", "?"} or "%" in qualifier else qualifier[0]
        return f"'{text}' is not a date: write one qualifier at the end, ~ (approximate), ? (uncertain) or % (both): {base}{one}"
    digits = year.lstrip("+-")
    if year.startswith("+"):
        return f"'{text}' is not a date: write the year without '+' ({base[1:]}{qualifier})"
    if len(digits) < 4:
        return f"'{text}' is not a date: a year has four digits (2015, 0043)"
    if len(digits) > 4:
        return (f"'{text}' is not a date: a year has four digits (2015, 0043); "
                f"years of five or more digits take a Y (Y{year.replace('X', '0')}) and have no month or day")
    if not re.fullmatch(r"[0-9]+X{0,3}", digits):
        return f"'{text}' is not a date: unspecified digits (X) replace the last digits of a year: 201X, 19XX"
    if "X" in digits:
        if year.startswith("-"):
            return None
        if month is not None:
            return f"'{text}' is not a date: a year with unspecified digits has no month or day; write {year}{qualifier} or the full date"
    if digits == "0000":
        return year_zero_error(text)
    if month is None:
        return None
    if len(month) != 2 or ("X" in month and month != "XX"):
        return f"'{text}' is not a date: write the month as two digits, or XX when it is unknown: {year}-09, {year}-XX"
    if month != "XX" and not 1 <= int(month) <= 12:
        if 21 <= int(month) <= 41:
            return (f"'{text}': seasons are not supported; write the months as date and end_date "
                    f"({year}-03 to {year}-05), and the season in display_date")
        return month_error(text, year, int(month), qualifier)
    if day is None:
        return None
    if len(day) != 2 or ("X" in day and day != "XX"):
        return f"'{text}' is not a date: write the day as two digits, or XX when it is unknown: {year}-{month}-05, {year}-{month}-XX"
    if month == "XX" and day != "XX":
        return f"'{text}' is not a date: a day needs its month; write {year}-XX-XX{qualifier} or the full date"
    if day != "XX" and month != "XX":
        number = int(year)
        if not 1 <= int(day) <= days_in_month(number, int(month)):
            return day_error(text, number, int(month), int(day), qualifier)
    return None


def _explain_long(text: str, stripped: str) -> str | None:
    match = _LONG.fullmatch(stripped)
    if not match:
        return None
    year, rest = match["year"], match["rest"]
    digits = year.lstrip("+-")
    if rest[:1] in ("~", "?", "%"):
        return f"'{text}' is not a date: a Y-year cannot carry ~, ? or %; write Y{year} and set approximate: true"
    if rest.startswith("-"):
        return f"'{text}' is not a date: a Y-year has no month or day; write Y{year}"
    if rest:
        return None
    if digits.startswith("0"):
        return f"'{text}' is not a date: write the year without leading zeros: Y{year[0] if year[0] == '-' else ''}{digits.lstrip('0') or '0'}"
    if len(digits) <= 4:
        return f"'{text}' is not a date: Y is for years of five or more digits; write {year_slug(int(year))}"
    return None
