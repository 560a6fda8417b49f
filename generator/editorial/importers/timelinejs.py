"""Importing TimelineJS: its JSON files — TimelineJS 3 (``{"events": [...]}``), TimelineJS 2
(``{"timeline": {"date": [...]}}``) and the intermediate ``{"timeline": {"slides": [...]}}`` —
and the slides they share with the spreadsheet template.

The slide text is HTML; it becomes Markdown-ish text (see ``html_text``).
A slide's ``group`` (TimelineJS 2: ``tag``) becomes a tag; the title slide (TimelineJS 2:
the timeline's own headline and text) names the source record; a slide's media object
(TimelineJS 2: its ``asset``) becomes the event's ``media`` entry (``slide_media``); eras,
the title slide's media, backgrounds, media thumbnails (on other sites) and TimelineJS 2 class
names are reported, not imported. Dates: see ``slide_dates`` (years before 1 and
cosmological years become EDTF dates).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.content.format import TITLE_MAX
from generator.content.media import ALT_MAX, TEXT_MAX
from generator.content.media_providers import media_kind
from generator.editorial.scaffold import slugify
from generator.editorial.importers.html_text import escape_inline, html_to_markdown, html_to_plain, quoted_headline, shorten
from generator.editorial.importers.reading import ImportFailed, read_text
from generator.editorial.importers.slide_dates import (
    BCE_NOTE,
    date_warnings,
    display_date,
    explicit_display,
    is_bce,
    present,
    slide_date,
    tl2_date_parts,
)
from generator.editorial.importers.writing import DISPLAY_DATE_MAX, ImportReport, ImportRun


def import_timelinejs(path: Path, into: Path, source_id: str | None = None) -> ImportReport:
    """Import a TimelineJS JSON file (TimelineJS 3, TimelineJS 2, or ``{"timeline": {"slides": …}}``) into ``into``."""
    path = Path(path)
    try:
        data = json.loads(read_text(path))
    except ValueError as exc:
        raise ImportFailed(f"{path}: not valid JSON: {exc}") from None
    if isinstance(data, dict) and isinstance(data.get("events"), list):
        run = ImportRun(Path(into), path, source_id, "TimelineJS JSON")
        _import_v3(run, data)
    elif isinstance(data, dict) and isinstance(data.get("timeline"), dict):
        timeline = data["timeline"]
        if isinstance(timeline.get("slides"), list):
            run = ImportRun(Path(into), path, source_id, "TimelineJS JSON")
            _import_slides(run, timeline)
        else:
            run = ImportRun(Path(into), path, source_id, "TimelineJS 2 JSON")
            _import_v2(run, timeline)
    else:
        raise ImportFailed(f"{path}: not a TimelineJS file: expected an object with an 'events' list (TimelineJS 3) "
                           "or a 'timeline' object (TimelineJS 2)")
    return run.finish()


def _import_v3(run: ImportRun, data: dict) -> None:
    """TimelineJS 3: ``title`` (the title slide), ``eras``, ``events``, ``scale``."""
    cosmological = data.get("scale") == "cosmological"
    if isinstance(data.get("title"), dict):
        add_title_slide(run, data["title"], "title slide")
    _report_eras(run, data.get("eras"))
    for number, slide in enumerate(data["events"], start=1):
        where = f"event {number}{headline_label(slide)}"
        if not isinstance(slide, dict):
            run.report(where, "not an object; not imported")
            continue
        add_slide(run, slide, where, cosmological)


def _import_slides(run: ImportRun, timeline: dict) -> None:
    """``{"timeline": {"slides": [...]}}``: TimelineJS 3 slides (or TimelineJS 2 dates) in one list,
    the title slide among them (``"type": "title"``, or a first slide without a date)."""
    cosmological = timeline.get("scale") == "cosmological"
    titled = isinstance(timeline.get("title"), dict)
    if titled:
        add_title_slide(run, timeline["title"], "title slide")
    _report_eras(run, timeline.get("eras") or timeline.get("era"))
    for number, slide in enumerate(timeline["slides"], start=1):
        where = f"slide {number}{headline_label(slide) or _v2_label(slide)}"
        if not isinstance(slide, dict):
            run.report(where, "not an object; not imported")
        elif slide.get("type") == "title" or (number == 1 and not titled and not _dated(slide)):
            add_title_slide(run, slide, where)
        elif slide.get("type") == "era":
            run.report(where, "eras have no equivalent in the content format; not imported")
        elif "startDate" in slide and "start_date" not in slide:
            add_v2_date(run, slide, where)
        else:
            add_slide(run, slide, where, cosmological)


def _import_v2(run: ImportRun, timeline: dict) -> None:
    """TimelineJS 2: the timeline's headline, text and asset make the title slide; ``date`` the events."""
    title = {"text": {"headline": timeline.get("headline"), "text": timeline.get("text")}}
    if isinstance(timeline.get("asset"), dict):
        title["media"] = _v2_media(timeline["asset"])
    if present(timeline.get("headline")) or present(timeline.get("text")) or "media" in title:
        add_title_slide(run, title, "title slide")
    _report_eras(run, timeline.get("era"))
    dates = timeline.get("date")
    if dates is not None and not isinstance(dates, list):
        run.report("date", "not a list; nothing imported")
        return
    for number, entry in enumerate(dates or [], start=1):
        where = f"date {number}{_v2_label(entry)}"
        if not isinstance(entry, dict):
            run.report(where, "not an object; not imported")
            continue
        add_v2_date(run, entry, where)


def add_v2_date(run: ImportRun, entry: dict, where: str) -> None:
    """One TimelineJS 2 date entry (``startDate``, ``endDate``, ``headline``, ``text``, ``tag``,
    ``classname``, ``asset``) as an event, through the TimelineJS 3 slide it stands for."""
    start, problem = tl2_date_parts(entry.get("startDate"))
    if problem:
        run.report(where, f"start date: {problem}; not imported")
        return
    slide: dict[str, Any] = {"start_date": start, "text": {"headline": entry.get("headline"), "text": entry.get("text")}}
    if present(entry.get("endDate")):
        end, problem = tl2_date_parts(entry["endDate"])
        if problem:
            run.report(where, f"end date: {problem}; the end date is not imported")
        else:
            slide["end_date"] = end
    if isinstance(entry.get("asset"), dict):
        slide["media"] = _v2_media(entry["asset"])
    if present(entry.get("tag")):
        slide["group"] = entry["tag"]
    if present(entry.get("classname")):
        run.report(where, f"classname {str(entry['classname']).strip()} not imported")
    add_slide(run, slide, where)


def _v2_media(asset: dict) -> dict:
    """A TimelineJS 2 ``asset`` as a TimelineJS 3 ``media`` object."""
    return {"url": asset.get("media"), "credit": asset.get("credit"), "caption": asset.get("caption"),
            "thumbnail": asset.get("thumbnail")}


def _v2_label(entry: Any) -> str:
    return quoted_headline(html_to_plain(str(entry.get("headline") or ""))) if isinstance(entry, dict) else ""


def _dated(slide: dict) -> bool:
    return isinstance(slide.get("start_date"), dict) or present(slide.get("startDate"))


def _report_eras(run: ImportRun, eras: Any) -> None:
    for era_number, era in enumerate(eras if isinstance(eras, list) else [], start=1):
        label = headline_label(era) or _v2_label(era)
        run.report(f"era {era_number}{label}", "eras have no equivalent in the content format; not imported")


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


def add_slide(run: ImportRun, slide: dict, where: str, cosmological: bool = False) -> None:
    """One slide as an event citing the import's source record, or reported when it cannot be one.

    ``cosmological``: the timeline's scale is cosmological, where TimelineJS counts years
    without BCE (see ``slide_dates``).
    """
    start = slide.get("start_date")
    if not isinstance(start, dict):
        run.report(where, "no start_date; not imported")
        return
    date, start_time, problem = slide_date(start, cosmological)
    if problem:
        run.report(where, f"{problem}; not imported")
        return
    assert date is not None
    end_date, end_time = None, None
    end = slide.get("end_date")
    if isinstance(end, dict) and any(present(end.get(k)) for k in ("year", "month", "day", "hour")):
        end_date, end_time, problem = slide_date(end, cosmological)
        if problem:
            run.report(where, f"end date: {problem}; the end date is not imported")
        elif end_date is not None and end_date < date:
            run.report(where, f"end date {end_date} is before the date {date}; the end date is not imported")
            end_date, end_time = None, None
    warnings = date_warnings(start, cosmological) + [f"end date: {w}" for w in date_warnings(end or {}, cosmological)]
    for warning in warnings:
        run.report(where, warning)
    if is_bce(start, cosmological) or (end_date is not None and is_bce(end or {}, cosmological)):
        run.report_once("dates", BCE_NOTE)

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
    media = slide_media(run, slide, where, title)
    _report_background(run, slide, where)
    run.add_event(where, {
        "date": date, "end_date": end_date, "display_date": display or None, "title": title,
        "summary": summary, "body": body, "tags": tags, "sources": [run.cite_import_source()],
        "media": media,
    })


def _has_text(slide: Any) -> bool:
    return isinstance(slide, dict) and isinstance(slide.get("text"), dict)


def _split_summary(markdown: str) -> tuple[str, str | None]:
    """Up to two paragraphs make the summary; with more, the first is the summary and the rest the body."""
    paragraphs = [p for p in markdown.split("\n\n") if p.strip()]
    if len(paragraphs) <= 2:
        return markdown, None
    return paragraphs[0], "\n\n".join(paragraphs[1:])


def slide_media(run: ImportRun, slide: dict, where: str, title: str) -> list[dict]:
    """A slide's media object as its event's ``media`` list (one entry, or none).

    Carried: ``url`` (protocol-relative and scheme-less URLs get https; an embed code, such as
    an X post's ``<blockquote>``, gives the URL it links to), ``caption`` and ``credit`` as plain
    text (a link in the credit becomes the entry's ``link`` unless the slide gives one), ``alt``
    (else ``title``). An image needs alt text: like TimelineJS, the caption stands in; failing
    that, the slide's headline, which is reported, since it rarely describes the picture.
    Reported, not carried: a URL that is not on the web (a file path), and ``thumbnail``: an
    event's thumbnails are images under content/media/, not on other sites.
    """
    media = slide.get("media")
    if not isinstance(media, dict) or not str(media.get("url") or "").strip():
        return []
    written = str(media["url"]).strip()
    url = _web_url(written)
    if url is None:
        run.report(where, f"media {shorten(written, 80)} is not an http(s) URL; not imported (put an image file in "
                          "content/media/ and add it with 'file:')")
        return []
    entry: dict[str, str] = {"url": url}
    words = {key: html_to_plain(str(media.get(key) or "")) for key in ("alt", "title", "caption", "credit")}
    alt = words["alt"] or words["title"]
    if media_kind(url).category == "image" and not alt:
        alt = words["caption"] or title
        if not words["caption"]:
            run.report(where, f"media {url} has no alt text or caption; its alt text is the headline: "
                              "describe the image instead")
    if alt:
        entry["alt"] = run.fit(where, alt, ALT_MAX, f"media alt text is longer than {ALT_MAX} characters; shortened")
    for key in ("caption", "credit"):
        if words[key]:
            entry[key] = run.fit(where, words[key], TEXT_MAX, f"media {key} is longer than {TEXT_MAX} characters; shortened")
    link = _web_url(str(media.get("link") or "").strip()) or _credit_link(str(media.get("credit") or ""))
    if link:
        entry["link"] = link
    thumbnail = str(media.get("thumbnail") or "").strip()
    if thumbnail:
        run.report(where, f"media thumbnail {shorten(thumbnail, 80)} not imported: thumbnails are images under "
                          "content/media/ (nothing is loaded from other sites before the reader asks)")
    return [entry]


_HREF = re.compile(r"""\b(?:href|src)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_BARE_HOST = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}(?:[/?#]|$)", re.IGNORECASE)


def _web_url(text: str) -> str | None:
    """``text`` as an http(s) URL the content format accepts, or None: '//host/x' and 'youtu.be/x'
    get https; an embed code (HTML) gives the first URL it links to that is media (an X post's
    status link rather than its hashtags), else the first on a known site, else its first link."""
    if text.startswith("<"):
        found = [url for url in (_web_url(u) for u in _HREF.findall(text)) if url]
        media = [u for u in found if media_kind(u).category != "page"]  # a post's status link, not its hashtags
        known = [u for u in found if media_kind(u).name != "link"]
        return (media or known or found or [None])[0]
    if text.startswith("//"):
        text = "https:" + text
    elif "://" not in text and _BARE_HOST.match(text):
        text = "https://" + text
    text = text.replace(" ", "%20")
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c in text for c in '"<>'):
        return None
    return text


def _credit_link(html: str) -> str | None:
    """The first http(s) link of a credit written as HTML ('<a href="…">AP</a>'), or None."""
    return next((url for url in (_web_url(u) for u in _HREF.findall(html)) if url), None)


def _report_background(run: ImportRun, slide: dict, where: str) -> None:
    background = slide.get("background")
    if isinstance(background, dict):
        for key in ("url", "color"):
            if str(background.get(key) or "").strip():
                run.report(where, f"background {key} {str(background[key]).strip()} not imported")


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
