"""TimelineJS date objects (``{"year": …, "month": …, "hour": …}``) as our dates, times and display dates.

A time has no UTC offset in TimelineJS (it is the reader's local time), so
dates are taken at day precision and the time is returned as text, for the
display date.
"""

from __future__ import annotations

import re
from typing import Any

from generator.content.dates import Date, DateError
from generator.editorial.importers.html_text import html_to_plain


def present(value: Any) -> bool:
    """Whether a date part has a value (not None, not blank)."""
    return value is not None and str(value).strip() != ""


def clean_integer(text: str) -> str:
    """A number as typed, without spaces or thousands separators: '1 500' and '1,500' -> '1500'."""
    return re.sub(r"[\s,]+", "", text)


def _int(value: Any) -> int | None | str:
    """An integer date part, None when absent, or the text when it is not a number."""
    if value is None or isinstance(value, bool):
        return None if value is None else str(value)
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else str(value)
    text = clean_integer(str(value))
    if not text:
        return None
    return int(text) if re.fullmatch(r"[+-]?\d+", text) else str(value)


def slide_date(parts: dict) -> tuple[Date | None, str | None, str | None]:
    """(date at year/month/day precision, the time as text, a problem that stops the import)."""
    year, month, day = _int(parts.get("year")), _int(parts.get("month")), _int(parts.get("day"))
    if year is None:
        return None, None, "no year"
    for name, value in (("year", year), ("month", month), ("day", day)):
        if isinstance(value, str):
            return None, None, f"{name} '{value}' is not a number"
    assert isinstance(year, int)
    if year < 1:
        return None, None, f"year {year} is before year 1; the content format holds years 1 to 9999"
    if year > 9999:
        return None, None, f"year {year} is after 9999; the content format holds years 1 to 9999"
    text = f"{year:04d}"
    if month is not None:
        text += f"-{month:02d}" if 0 <= month < 100 else f"-{month}"
        if day is not None:
            text += f"-{day:02d}" if 0 <= day < 100 else f"-{day}"
    try:
        date = Date.parse(text)
    except DateError as exc:
        return None, None, str(exc).replace(f"'{text}': ", f"{text}: ")
    hour, minute, second = _int(parts.get("hour")), _int(parts.get("minute")), _int(parts.get("second"))
    time = None
    if isinstance(hour, int) and date.day is not None and 0 <= hour <= 23:
        m = minute if isinstance(minute, int) and 0 <= minute <= 59 else 0
        time = f"{hour:02d}:{m:02d}"
        if isinstance(second, int) and 0 < second <= 59:
            time += f":{second:02d}"
    return date, time, None


def date_warnings(parts: dict) -> list[str]:
    """Date parts that are dropped without stopping the import."""
    out = []
    month, day = _int(parts.get("month")), _int(parts.get("day"))
    hour = _int(parts.get("hour"))
    if day is not None and month is None:
        out.append(f"day {parts.get('day')} without a month is not imported")
    if hour is not None:
        if isinstance(hour, str) or not 0 <= hour <= 23:
            out.append(f"hour '{parts.get('hour')}' is not an hour of the day; the time is not imported")
        elif day is None or month is None:
            out.append("a time without a day; the time is not imported")
    return out


def explicit_display(slide: dict, start: dict, end: dict | None) -> str | None:
    """The display date the slide gives (its own, else its start's and end's), as plain text; None without one."""
    slide_display = html_to_plain(str(slide.get("display_date") or ""))
    if slide_display:
        return slide_display
    start_display = html_to_plain(str(start.get("display_date") or ""))
    end_display = html_to_plain(str((end or {}).get("display_date") or ""))
    if start_display and end_display:
        return f"{start_display} – {end_display}"
    return start_display or None


def display_date(slide: dict, start: dict, end: dict | None, date: Date, start_time: str | None,
                 end_date: Date | None, end_time: str | None) -> str | None:
    """The display date to import: the slide's own, else the dates with their times when there are times."""
    explicit = explicit_display(slide, start, end)
    if explicit:
        return explicit
    if not (start_time or end_time):
        return None
    text = date.human() + (f", {start_time}" if start_time else "")
    if end_date is not None:
        text += f" – {end_date.human()}" + (f", {end_time}" if end_time else "")
    return text
