"""The time axis of listings: gaps between events ("13 years later") and the status legend.

A listing draws its events on a vertical axis that is not to scale: two events 13 years
apart sit as close as two events an hour apart. ``gap_label`` says where time jumps, so
that a reader sees it. It reads only ``Date.year``, ``month`` and ``day`` (never Python's
``date``), so it also holds for years before 1 and for deep time.
"""

from __future__ import annotations

from typing import Any, Iterable

from generator.content.calendar_days import days_in_month
from generator.content.date_words import ENGLISH, DateWords

STATUS_ORDER = ("confirmed", "reported", "disputed", "unverified")


def _first(date: Any) -> tuple[int, int, int]:
    """The first calendar day a date covers, as (year, month, day); any year."""
    if hasattr(date, "first_calendar_day"):
        return date.first_calendar_day()
    return (date.year, date.month or 1, date.day or 1)


def _last(date: Any) -> tuple[int, int, int]:
    """The last calendar day a date covers, as (year, month, day); any year (``201X`` ends in 2019)."""
    if hasattr(date, "last_calendar_day"):
        return date.last_calendar_day()
    if date.month is None:
        return (date.year, 12, 31)
    if date.day is None:
        return (date.year, date.month, days_in_month(date.year, date.month))
    return (date.year, date.month, date.day)


def _precision(date: Any) -> int:
    """0 for a year or coarser (a decade: ``201X``), 1 for a month, 2 for a day or finer."""
    if getattr(date, "span", 1) > 1 or date.month is None:
        return 0
    return 1 if date.day is None else 2


def _whole_months(start: tuple[int, int, int], end: tuple[int, int, int]) -> int:
    """Whole calendar months from the day ``start`` to the day ``end`` (negative when end is first)."""
    months = (end[0] - start[0]) * 12 + (end[1] - start[1])
    if months > 0 and end[2] < start[2]:
        months -= 1
    return months


def _plural(count: int, unit: str) -> str:
    if unit == "year" and count >= 1_000_000:  # deep time: "13.8 billion years"
        for size, word in ((1_000_000_000, "billion"), (1_000_000, "million")):
            if count >= size:
                return f"{count / size:.3g} {word} years"
    return f"{count:,} {unit}{'s' if count != 1 else ''}"


def gap_between(earlier: Any, later: Any) -> str | None:
    """How much time passes from the end of ``earlier`` (an Event) to the start of ``later``,
    in words ("13 years", "4 months"), or None when less than a whole month surely passes
    (the events overlap, touch, or are close). See ``gap_amount``."""
    amount = gap_amount(earlier, later)
    return _plural(*amount) if amount else None


def gap_amount(earlier: Any, later: Any) -> tuple[int, str] | None:
    """How much time passes from the end of ``earlier`` (an Event) to the start of ``later``:
    (13, "year"), (4, "month"), or None when less than a whole month surely passes.

    The amount is counted at the coarser precision of the two dates: from 2001 to
    September 2014 is 13 years; from September to December 2014, 3 months; from
    1 January to 5 May 2015, 4 months.
    """
    start = earlier.end_date or earlier.date
    end = later.date
    if getattr(start, "is_open", False) or getattr(end, "is_open", False):
        return None  # the earlier event is still going
    last, first = _last(start), _first(end)
    if _whole_months(last, first) < 1:
        return None  # overlapping, touching, or less than a whole month surely between them
    precision = min(_precision(start), _precision(end))
    if precision == 0:
        years = first[0] - last[0]
        return (years, "year") if years >= 1 else None
    if precision == 1:
        months = (first[0] - last[0]) * 12 + (first[1] - last[1])
    else:
        months = _whole_months(last, first)
    if months >= 24:
        return (months // 12, "year")
    return (months, "month")


def gap_label(previous: Any, event: Any, words: DateWords = ENGLISH) -> str | None:
    """The words shown on the axis between two consecutive events of a listing: "13 years later"
    (or "13 years earlier" when the listing runs newest first), or None when no gap is worth
    showing (see ``gap_between``). ``previous`` may be None (the first event). ``words``: the
    site's language (``generator.render.i18n.Words``)."""
    if previous is None or event is None:
        return None
    later = previous.date.sort_key <= event.date.sort_key
    amount = gap_amount(previous, event) if later else gap_amount(event, previous)
    if amount is None:
        return None
    count, unit = amount
    if unit == "year" and count >= 1_000_000:  # deep time: "13.8 billion years later"
        number = words.large(count)
        if later:
            return words.gettext("%(number)s years later") % {"number": number}
        return words.gettext("%(number)s years earlier") % {"number": number}
    if unit == "year":
        if later:
            return words.ngettext("%(count)s year later", "%(count)s years later", count)
        return words.ngettext("%(count)s year earlier", "%(count)s years earlier", count)
    if later:
        return words.ngettext("%(count)s month later", "%(count)s months later", count)
    return words.ngettext("%(count)s month earlier", "%(count)s months earlier", count)


def html_datetime(date: Any) -> str | None:
    """The value of a ``<time datetime>`` for a date, or None when HTML has no form for it.

    Version 1 dates print as they are ("2015-09-28", "2015-09-28T05:30+04:30"). EDTF
    qualifiers and unspecified parts are left out ("2015-09~" -> "2015-09", "2015-XX" ->
    "2015"); a decade or century, a year before 1, and an open end ("..") have no HTML form.
    """
    if date is None or getattr(date, "is_open", False) or getattr(date, "span", 1) > 1 or date.year < 1:
        return None
    text = f"{date.year:04d}"
    if date.month is not None:
        text += f"-{date.month:02d}"
        if date.day is not None:
            text += f"-{date.day:02d}"
            if date.hour is not None:
                text += f"T{date.hour:02d}:{date.minute:02d}"
                if date.second is not None:
                    text += f":{date.second:02d}"
                text += date.offset_text
    return text


def day_bounds(event: Any) -> tuple[str, str]:
    """The first day an event's date covers and the last day its end (or its date) covers, as
    ISO text for the filters ("2015-09-01", "2015-09-30"; "-0043-03-15"; ".." for an open end)."""
    end = event.end_date or event.date
    if hasattr(event.date, "bounds"):
        return event.date.bounds()[0], end.bounds()[1]
    return event.date.first_day().isoformat(), end.last_day().isoformat()


def is_coarse(date: Any) -> bool:
    """Whether a date covers more than one day (a year, a month, a decade…)."""
    return _first(date) != _last(date)


def statuses_in(groups: Iterable[Any]) -> list[str]:
    """The statuses of the events in a listing's groups, in legend order (for the status legend)."""
    seen = {event.status for group in groups for event in group.events}
    return [status for status in STATUS_ORDER if status in seen] + sorted(seen - set(STATUS_ORDER))


def has_featured(groups: Iterable[Any]) -> bool:
    """Whether any event of a listing is a key event (``featured``)."""
    return any(getattr(event, "featured", False) for group in groups for event in group.events)


TEMPLATE_GLOBALS: dict = {  # name -> function, registered in generator.render.environment
    "gap_label": gap_label,
    "html_datetime": html_datetime,
    "day_bounds": day_bounds,
    "is_coarse": is_coarse,
    "statuses_in": statuses_in,
    "has_featured": has_featured,
}
