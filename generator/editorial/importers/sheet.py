"""Importing the TimelineJS Google Sheets template (saved as CSV): each row read as the slide TimelineJS would make of it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.editorial.importers.reading import ImportFailed, filled_rows, read_csv, unknown_columns
from generator.editorial.importers.slide_dates import clean_integer
from generator.editorial.importers.timelinejs import add_slide, add_title_slide, headline_label
from generator.editorial.importers.writing import ImportReport, ImportRun

SHEET_COLUMNS = {
    "year", "month", "day", "time", "endyear", "endmonth", "endday", "endtime", "displaydate",
    "headline", "text", "media", "mediacredit", "mediacaption", "mediathumbnail", "alttext", "type", "group",
    "background",
}


def import_sheet(path: Path, into: Path, source_id: str | None = None) -> ImportReport:
    """Import a CSV of the TimelineJS Google Sheets template into ``into``."""
    path = Path(path)
    rows = read_csv(path)
    header = rows.fieldnames or []
    columns = {_column_key(name): name for name in header if name is not None}
    if "year" not in columns or "headline" not in columns:
        raise ImportFailed(f"{path}: not a TimelineJS sheet: the header row needs at least 'Year' and 'Headline'")
    run = ImportRun(Path(into), path, source_id, "TimelineJS spreadsheet")
    for name in unknown_columns(columns.items(), SHEET_COLUMNS):
        run.report(f"column '{name}'", "not a TimelineJS template column; not imported")
    first_title = True
    for line, cell in filled_rows(rows, columns):
        slide = _sheet_slide(cell)
        row_type = cell.get("type", "").lower()
        where = f"row {line}{headline_label(slide)}"
        if row_type == "title" and first_title:
            first_title = False
            add_title_slide(run, slide, where)
            continue
        if row_type == "era":
            run.report(where, "eras have no equivalent in the content format; not imported")
            continue
        for part, label in (("start_date", "Time"), ("end_date", "End Time")):
            problem = slide[part].pop("time_problem", None)
            if problem:
                run.report(where, f"{label} '{problem}' is not a time of day; the time is not imported")
        add_slide(run, slide, where)
    return run.finish()


def _column_key(name: str) -> str:
    """A header name as a template column: 'End Year' -> 'endyear'."""
    return re.sub(r"[^a-z]", "", name.lower())


def _sheet_slide(cell: dict[str, str]) -> dict:
    """A spreadsheet row as a TimelineJS slide, the way TimelineJS itself reads it."""

    def date(prefix: str, time_key: str) -> dict:
        parts: dict[str, Any] = {
            "year": clean_integer(cell.get(prefix + "year", "")),
            "month": clean_integer(cell.get(prefix + "month", "")),
            "day": clean_integer(cell.get(prefix + "day", "")),
        }
        if cell.get(time_key):
            parsed = _parse_time(cell[time_key])
            if parsed is None:
                parts["time_problem"] = cell[time_key]
            else:
                parts.update(parsed)
        return parts

    slide = {
        "start_date": date("", "time"),
        "end_date": date("end", "endtime"),
        "display_date": cell.get("displaydate", ""),
        "text": {"headline": cell.get("headline", ""), "text": cell.get("text", "")},
        "media": {
            "url": cell.get("media", ""),
            "credit": cell.get("mediacredit", ""),
            "caption": cell.get("mediacaption", ""),
            "thumbnail": cell.get("mediathumbnail", ""),
            "alt": cell.get("alttext", ""),  # the template's 'Alt Text' column (TimelineJS 3.8 and later)
        },
        "group": cell.get("group", ""),
    }
    if cell.get("background"):
        slide["background"] = {"url" if re.match(r"^(https?:)?//?", cell["background"]) else "color": cell["background"]}
    return slide


_PERIOD = re.compile(r"\s*([AaPp])\.?[Mm]\.?\s*$")


def _parse_time(text: str) -> dict | None:
    """TimelineJS's time forms: '14:30', '2:30 PM', '1430', '14.30', '14:30:15', '14:30:15.5'."""
    period = None
    match = _PERIOD.search(text)
    if match:
        period = match.group(1).lower()
        text = text[: match.start()]
    text = text.strip()
    compact = re.fullmatch(r"(\d{1,2})(\d{2})", text)
    if compact:
        parts = list(compact.groups())
    else:
        parts = text.split(":") if ":" in text else text.split(".")
    if not 1 <= len(parts) <= 3 or not all(re.fullmatch(r"\d{1,2}", p.strip()) for p in parts[:2]):
        return None
    hour = int(parts[0])
    if period == "p" and hour != 12:
        hour += 12
    elif period == "a" and hour == 12:
        hour = 0
    out: dict[str, Any] = {"hour": hour, "minute": int(parts[1]) if len(parts) > 1 else None}
    if len(parts) > 2:
        seconds = re.fullmatch(r"(\d{1,2})(?:[.,](\d+))?", parts[2].strip())
        if not seconds:
            return None
        out["second"] = int(seconds.group(1))
        if seconds.group(2):
            out["millisecond"] = seconds.group(2)
    if hour > 23 or (out["minute"] or 0) > 59 or out.get("second", 0) > 59:
        return None
    return out
