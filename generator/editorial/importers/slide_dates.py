"""TimelineJS dates as our dates, times and display dates: TimelineJS 3 date objects
(``{"year": …, "month": …, "hour": …}``) and TimelineJS 2 date strings (``"2011,12,10"``).

A time has no UTC offset in TimelineJS (it is the reader's local time), so
dates are taken at day precision and the time is returned as text, for the
display date.

Years before 1: TimelineJS shows a negative year -N as "N BCE" (TimelineJS 3's
English era label; TimelineJS 2 writes "N B.C."), with no year 0 in between, so
TimelineJS year -500 is 500 BC, which EDTF's astronomical numbering writes
``-0499`` (year 0 is 1 BC there). TimelineJS year 0 is shown as "0", no year at
all, and is not imported. Years beyond JavaScript's dates (more than 271,820
years from year 0), and every year of a timeline with ``"scale": "cosmological"``,
TimelineJS draws on its cosmological scale and shows as a count of years ("13.80
billion years ago"); those keep their number: ``-13800000000`` becomes
``Y-13800000000``, read as "13.8 billion years ago". Years of five or more digits
(``Y``-years) have no month or day in EDTF, so a month and day given with them
are reported and dropped.
"""

from __future__ import annotations

import re
from typing import Any

from generator.content.dates import Date, DateError, year_text
from generator.editorial.importers.html_text import html_to_plain

JS_DATE_YEARS = 271_820  # JavaScript dates reach about 271,821 years either side of 1970
BCE_NOTE = ("TimelineJS shows a negative year -N as N BCE; such years are imported in EDTF's astronomical "
            "numbering, where year 0 is 1 BC: TimelineJS year -500 becomes -0499")


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


def edtf_year(year: int, cosmological: bool = False) -> int | None:
    """The astronomical year of a TimelineJS year (see the module's docstring); None for year 0."""
    if cosmological or abs(year) > JS_DATE_YEARS:
        return year
    if year == 0:
        return None
    return year + 1 if year < 0 else year


def slide_date(parts: dict, cosmological: bool = False) -> tuple[Date | None, str | None, str | None]:
    """(date at year/month/day precision, the time as text, a problem that stops the import)."""
    year, month, day = _int(parts.get("year")), _int(parts.get("month")), _int(parts.get("day"))
    if year is None:
        return None, None, "no year"
    for name, value in (("year", year), ("month", month), ("day", day)):
        if isinstance(value, str):
            return None, None, f"{name} '{value}' is not a number"
    assert isinstance(year, int)
    astronomical = edtf_year(year, cosmological)
    if astronomical is None:
        return None, None, "year 0 is no year (TimelineJS shows it as '0'); write -1 for 1 BCE or 1 for 1 CE"
    if astronomical == 0:
        return None, None, f"year {year} is year 0 in EDTF's numbering, which the content format does not accept"
    text = year_text(astronomical)
    if abs(astronomical) > 9999:
        month = day = None  # a Y-year has no month or day (reported by date_warnings)
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


def date_warnings(parts: dict, cosmological: bool = False) -> list[str]:
    """Date parts that are dropped (or read differently) without stopping the import."""
    out = []
    year, month, day = _int(parts.get("year")), _int(parts.get("month")), _int(parts.get("day"))
    hour = _int(parts.get("hour"))
    if isinstance(year, int) and year != 0:
        astronomical = edtf_year(year, cosmological) or 0
        if abs(astronomical) > 9999 and (month is not None or day is not None):
            out.append(f"year {year} has more than four digits: its month and day are not imported")
        if year > JS_DATE_YEARS:
            out.append(f"year {year} is imported as a year in the future; TimelineJS shows cosmological years "
                       f"without their sign ('… years ago'): if it is in the past, make it negative (-{year})")
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


def is_bce(parts: dict, cosmological: bool = False) -> bool:
    """Whether the date's year is a TimelineJS year before 1 that is renumbered (see ``BCE_NOTE``)."""
    year = _int(parts.get("year"))
    return isinstance(year, int) and not cosmological and -JS_DATE_YEARS <= year < 0


# -- TimelineJS 2 ------------------------------------------------------------------------------

_TL2_PARTS = ("year", "month", "day", "hour", "minute", "second")
_TL2_ISO = re.compile(
    r"(?P<year>[+-]?\d{1,6})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?"
    r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?)?"
    r"(?P<offset>Z|[+-]\d{2}:?\d{2})?"
)
_TL2_TIME = re.compile(r"(?P<hour>\d{1,2}):(?P<minute>\d{1,2})(?::(?P<second>\d{1,2}))?")


def tl2_date_parts(value: Any) -> tuple[dict, str | None]:
    """A TimelineJS 2 date as TimelineJS 3 date parts: (parts, a problem that stops the import).

    The forms TimelineJS 2 reads: ``"2011,12,10"`` (year, month, day, hour, minute, second,
    comma-separated; a 0 or empty part counts as absent, as in TimelineJS 2), ``"2011"``,
    ``"-500"``, ``"12/10/2011"`` and ``"12/2011"`` (month/day/year), with an optional
    ``" 14:30"``, ISO ``"2011-12-10T14:30:00"``, and ``"201112101430"``.
    """
    if isinstance(value, bool) or value is None:
        return {}, "no date"
    text = str(int(value)) if isinstance(value, (int, float)) and float(value).is_integer() else str(value).strip()
    if not text:
        return {}, "no date"
    if text.lower().startswith("now"):
        return {}, f"'{text}' is the day the timeline is viewed, not a date"
    if "," in text:
        pieces = [piece.strip() for piece in text.split(",")]
        if len(pieces) > 7 or not all(re.fullmatch(r"[+-]?\d*", piece) for piece in pieces):
            return {}, f"'{text}' is not a TimelineJS 2 date (year,month,day: 2011,12,10)"
        parts = {name: int(piece) for name, piece in zip(_TL2_PARTS, pieces) if piece and int(piece) != 0}
        return parts, None if "year" in parts else "no year"
    if "/" in text:
        return _tl2_slashed(text)
    if re.fullmatch(r"\d{9,14}", text):  # YYYYMMDDHHmm
        numbers = [text[0:4], text[4:6], text[6:8], text[8:10], text[10:12]]
        return {name: int(n) for name, n in zip(_TL2_PARTS, numbers) if n}, None
    match = _TL2_ISO.fullmatch(text)
    if not match:
        return {}, f"'{text}' is not a TimelineJS 2 date (year,month,day: 2011,12,10)"
    parts = {name: int(match[name]) for name in _TL2_PARTS if match[name] is not None}
    return parts, None


def _tl2_slashed(text: str) -> tuple[dict, str | None]:
    """'12/10/2011', '12/2011', '12/10/2011 14:30' (month/day/year, as TimelineJS 2 reads them)."""
    day_text, _, clock = text.partition(" ")
    pieces = day_text.split("/")
    if not all(re.fullmatch(r"[+-]?\d+", piece) for piece in pieces) or len(pieces) not in (2, 3):
        return {}, f"'{text}' is not a TimelineJS 2 date (month/day/year: 12/10/2011)"
    if len(pieces) == 3:
        parts = {"month": int(pieces[0]), "day": int(pieces[1]), "year": int(pieces[2])}
    elif len(pieces[1]) > 2:
        parts = {"month": int(pieces[0]), "year": int(pieces[1])}
    else:
        return {}, f"'{text}' has no year (month/day/year: 12/10/2011)"
    time = _TL2_TIME.fullmatch(clock.strip())
    if time:
        parts.update({name: int(time[name]) for name in ("hour", "minute", "second") if time[name] is not None})
    return parts, None
