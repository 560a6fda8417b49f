"""Importing TimelineJS: a TimelineJS 3 JSON file, and the slides it shares with the spreadsheet template.

The slide text is HTML; it becomes Markdown-ish text (see ``html_text``).
A slide's ``group`` becomes a tag; the title slide names the source record;
eras, media and backgrounds are reported, not imported.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.content.format import TITLE_MAX
from generator.editorial.scaffold import slugify
from generator.editorial.importers.html_text import escape_inline, html_to_markdown, html_to_plain, quoted_headline, shorten
from generator.editorial.importers.reading import ImportFailed, read_text
from generator.editorial.importers.slide_dates import date_warnings, display_date, explicit_display, present, slide_date
from generator.editorial.importers.writing import DISPLAY_DATE_MAX, ImportReport, ImportRun


def import_timelinejs(path: Path, into: Path, source_id: str | None = None) -> ImportReport:
    """Import a TimelineJS (version 3) JSON file into the content folder ``into``."""
    path = Path(path)
    try:
        data = json.loads(read_text(path))
    except ValueError as exc:
        raise ImportFailed(f"{path}: not valid JSON: {exc}") from None
    if isinstance(data, dict) and "timeline" in data and "events" not in data:
        raise ImportFailed(f"{path}: this is a TimelineJS 2 file ('timeline' key); export it in the TimelineJS 3 format")
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise ImportFailed(f"{path}: not a TimelineJS file: expected an object with an 'events' list")
    run = ImportRun(Path(into), path, source_id, "TimelineJS JSON")
    title = data.get("title")
    if isinstance(title, dict):
        add_title_slide(run, title, "title slide")
    for era_number, era in enumerate(data.get("eras") or [], start=1):
        run.report(f"era {era_number}{headline_label(era)}", "eras have no equivalent in the content format; not imported")
    if data.get("scale") == "cosmological":
        run.report("scale", "the cosmological scale is not supported; only events with years 1–9999 can be imported")
    for number, slide in enumerate(data["events"], start=1):
        where = f"event {number}{headline_label(slide)}"
        if not isinstance(slide, dict):
            run.report(where, "not an object; not imported")
            continue
        add_slide(run, slide, where)
    return run.finish()


def headline_label(slide: Any) -> str:
    """' ("the headline")' to name a slide in messages; '' when it has none."""
    return quoted_headline(str(slide["text"].get("headline") or "")) if _has_text(slide) else ""


def add_title_slide(run: ImportRun, slide: dict, where: str) -> None:
    """The title slide: its headline titles the import's source record, its text goes into the record's notes."""
    text = slide["text"] if _has_text(slide) else {}
    headline = html_to_plain(str(text.get("headline") or ""))
    if headline:
        run.source_title = shorten(f"{headline} (TimelineJS)", 500)
    body, dropped = html_to_markdown(str(text.get("text") or ""))
    if body:
        run.source_notes.append(body)
    for item in dropped:
        run.report(where, f"{item} removed from the text")
    _report_media_and_background(run, slide, where)


def add_slide(run: ImportRun, slide: dict, where: str) -> None:
    """One slide as an event citing the import's source record, or reported when it cannot be one."""
    start = slide.get("start_date")
    if not isinstance(start, dict):
        run.report(where, "no start_date; not imported")
        return
    date, start_time, problem = slide_date(start)
    if problem:
        run.report(where, f"{problem}; not imported")
        return
    assert date is not None
    end_date, end_time = None, None
    end = slide.get("end_date")
    if isinstance(end, dict) and any(present(end.get(k)) for k in ("year", "month", "day", "hour")):
        end_date, end_time, problem = slide_date(end)
        if problem:
            run.report(where, f"end date: {problem}; the end date is not imported")
        elif end_date is not None and end_date < date:
            run.report(where, f"end date {end_date} is before the date {date}; the end date is not imported")
            end_date, end_time = None, None
    for warning in date_warnings(start) + [f"end date: {w}" for w in date_warnings(end or {})]:
        run.report(where, warning)

    text = slide["text"] if _has_text(slide) else {}
    headline = html_to_plain(str(text.get("headline") or ""))
    markdown, dropped = html_to_markdown(str(text.get("text") or ""))
    for item in dropped:
        run.report(where, f"{item} removed from the text")
    title = headline
    if not title:
        plain = html_to_plain(str(text.get("text") or ""))
        if not plain:
            run.report(where, "neither a headline nor text; not imported")
            return
        title = shorten(plain, 100)
        run.report(where, "no headline; the title is the start of the text")
    title = run.fit(where, title, TITLE_MAX, f"headline is {len(title)} characters long; shortened to {TITLE_MAX}")
    if not markdown:
        markdown = escape_inline(title)
        run.report(where, "no text; the summary repeats the headline")
    summary, body = _split_summary(markdown)

    display = display_date(slide, start, end if end_date else None, date, start_time, end_date, end_time)
    if start_time or end_time:
        times = [t for t in (start_time, end_time) if t]
        kept = "the slide's display date is kept" if explicit_display(slide, start, end) else "kept in display_date"
        what = f"time {times[0]} has" if len(times) == 1 else f"times {times[0]} and {times[1]} have"
        run.report(where, f"{what} no UTC offset in TimelineJS; imported at day precision, {kept}")
    if display:
        display = run.fit(where, display, DISPLAY_DATE_MAX, f"display date is longer than {DISPLAY_DATE_MAX} characters; shortened")

    tags = []
    group = html_to_plain(str(slide.get("group") or ""))
    if group:
        tags.append(slugify(group))
    _report_media_and_background(run, slide, where)
    run.add_event(where, {
        "date": date, "end_date": end_date, "display_date": display or None, "title": title,
        "summary": summary, "body": body, "tags": tags, "sources": [run.cite_import_source()],
    })


def _has_text(slide: Any) -> bool:
    return isinstance(slide, dict) and isinstance(slide.get("text"), dict)


def _split_summary(markdown: str) -> tuple[str, str | None]:
    """Up to two paragraphs make the summary; with more, the first is the summary and the rest the body."""
    paragraphs = [p for p in markdown.split("\n\n") if p.strip()]
    if len(paragraphs) <= 2:
        return markdown, None
    return paragraphs[0], "\n\n".join(paragraphs[1:])


def _report_media_and_background(run: ImportRun, slide: dict, where: str) -> None:
    media = slide.get("media")
    if isinstance(media, dict) and str(media.get("url") or "").strip():
        extra = [
            f"{label} \"{shorten(html_to_plain(str(media[key])), 60)}\""
            for key, label in (("caption", "caption"), ("credit", "credit"))
            if str(media.get(key) or "").strip()
        ]
        run.report(where, f"media {str(media['url']).strip()}" + (f" ({', '.join(extra)})" if extra else "") + " not imported; add it by hand")
    background = slide.get("background")
    if isinstance(background, dict):
        for key in ("url", "color"):
            if str(background.get(key) or "").strip():
                run.report(where, f"background {key} {str(background[key]).strip()} not imported")
