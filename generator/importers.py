"""``timeline import``: event files from TimelineJS JSON, its spreadsheet template, or our CSV.

Every importer writes one YAML file per event into ``<into>/events/<year>/``
(and, when events need one, a source record into ``<into>/sources/``), never
overwrites a file, checks each file it writes through the same loader and
field table as ``timeline check``, and reports everything it could not carry
over: dates the content format cannot hold (years before 1 or after 9999),
times without a UTC offset, media, backgrounds, eras, unknown ids.

TimelineJS specifics:

* a time ("14:30") has no UTC offset in TimelineJS (it is the reader's local
  time), so the event is imported at day precision and the time is kept in
  ``display_date`` (unless the slide has its own display date);
* the slide text is HTML; it becomes Markdown-ish plain text: tags are
  stripped, paragraphs, line breaks and list items kept, http(s) and mailto
  links kept as ``[text](url)``, and images, embeds and scripts dropped (and
  reported);
* ``group`` becomes a tag; the title slide names the source record; eras,
  media and backgrounds are reported, not imported.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from .content_format import EVENT, SOURCE, TITLE_MAX
from .dates import Date, DateError
from .errors import ContentError
from .fields import INVALID, SLUG_MAX, is_slug
from .load import Mapping, parse_bytes
from .model import STATUSES
from .scaffold import SCHEMA_FILE, slugify

DISPLAY_DATE_MAX = 200
CSV_COLUMNS = (
    "id", "date", "end_date", "approximate", "display_date", "title", "summary", "body",
    "place", "actors", "tags", "status", "sources", "url",
)
SHEET_COLUMNS = {
    "year", "month", "day", "time", "endyear", "endmonth", "endday", "endtime", "displaydate",
    "headline", "text", "media", "mediacredit", "mediacaption", "mediathumbnail", "type", "group", "background",
}
EVENT_KEY_ORDER = (
    "id", "date", "end_date", "approximate", "display_date", "title", "summary", "body",
    "place", "actors", "tags", "status", "sources",
)


class ImportFailed(Exception):
    """The input file cannot be read at all (missing, not JSON, no header row)."""


@dataclass
class ImportReport:
    """What an import wrote, and every message about what it could not carry over."""

    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


# -- entry points -------------------------------------------------------------------------------


def import_timelinejs(path: Path, into: Path, source_id: str | None = None) -> ImportReport:
    """Import a TimelineJS (version 3) JSON file into the content folder ``into``."""
    path = Path(path)
    try:
        data = json.loads(_read_text(path))
    except ValueError as exc:
        raise ImportFailed(f"{path}: not valid JSON: {exc}") from None
    if isinstance(data, dict) and "timeline" in data and "events" not in data:
        raise ImportFailed(f"{path}: this is a TimelineJS 2 file ('timeline' key); export it in the TimelineJS 3 format")
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise ImportFailed(f"{path}: not a TimelineJS file: expected an object with an 'events' list")
    importer = _Importer(Path(into), path, source_id, "TimelineJS JSON")
    title = data.get("title")
    if isinstance(title, dict):
        importer.title_slide(title, "title slide")
    for era_number, era in enumerate(data.get("eras") or [], start=1):
        importer.report(f"era {era_number}{_headline_label(era)}", "eras have no equivalent in the content format; not imported")
    if data.get("scale") == "cosmological":
        importer.report("scale", "the cosmological scale is not supported; only events with years 1–9999 can be imported")
    for number, slide in enumerate(data["events"], start=1):
        where = f"event {number}{_headline_label(slide)}"
        if not isinstance(slide, dict):
            importer.report(where, "not an object; not imported")
            continue
        importer.slide(slide, where)
    return importer.finish()


def import_sheet(path: Path, into: Path, source_id: str | None = None) -> ImportReport:
    """Import a CSV of the TimelineJS Google Sheets template into ``into``."""
    path = Path(path)
    rows = _read_csv(path)
    header = rows.fieldnames or []
    columns = {_column_key(name): name for name in header if name is not None}
    if "year" not in columns or "headline" not in columns:
        raise ImportFailed(f"{path}: not a TimelineJS sheet: the header row needs at least 'Year' and 'Headline'")
    importer = _Importer(Path(into), path, source_id, "TimelineJS spreadsheet")
    for key, name in columns.items():
        if key not in SHEET_COLUMNS and name.strip():
            importer.report(f"column '{name}'", "not a TimelineJS template column; not imported")
    first_title = True
    for line, row in _rows(rows):
        cell = {key: (row.get(name) or "").strip() for key, name in columns.items()}
        if not any(cell.values()):
            continue  # a blank row
        slide = _sheet_slide(cell)
        row_type = cell.get("type", "").lower()
        where = f"row {line}{_headline_label(slide)}"
        if row_type == "title" and first_title:
            first_title = False
            importer.title_slide(slide, where)
            continue
        if row_type == "era":
            importer.report(where, "eras have no equivalent in the content format; not imported")
            continue
        for part, label in (("start_date", "Time"), ("end_date", "End Time")):
            problem = slide[part].pop("time_problem", None)
            if problem:
                importer.report(where, f"{label} '{problem}' is not a time of day; the time is not imported")
        importer.slide(slide, where)
    return importer.finish()


def import_csv(path: Path, into: Path, source_id: str | None = None) -> ImportReport:
    """Import our own CSV export (columns ``id,date,…,sources,url``, lists joined by '; ')."""
    path = Path(path)
    rows = _read_csv(path)
    header = [name for name in (rows.fieldnames or []) if name is not None]
    missing = [name for name in ("date", "title") if name not in header]
    if missing:
        raise ImportFailed(f"{path}: not a timeline CSV export: missing column(s) {', '.join(missing)}")
    importer = _Importer(Path(into), path, source_id, "CSV export")
    for name in header:
        if name not in CSV_COLUMNS and name.strip():
            importer.report(f"column '{name}'", "not a column of the CSV export; not imported")
    for line, row in _rows(rows):
        cell = {name: (row.get(name) or "").strip() for name in CSV_COLUMNS}
        if not any(cell.values()):
            continue
        importer.csv_row(cell, f"row {line}" + (f" ({cell['id']})" if cell["id"] else _headline_label({"text": {"headline": cell["title"]}})))
    return importer.finish()


# -- reading inputs -------------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ImportFailed(f"{path}: not UTF-8 text; save it as UTF-8") from None


def _read_csv(path: Path) -> csv.DictReader:
    import io

    reader = csv.DictReader(io.StringIO(_read_text(path), newline=""))
    try:
        reader.fieldnames  # reads the header row
    except csv.Error as exc:
        raise ImportFailed(f"{path}: not a CSV file: {exc}") from None
    if not reader.fieldnames:
        raise ImportFailed(f"{path}: empty file; expected a header row")
    return reader


def _rows(reader: csv.DictReader):
    """(first line number of the record, row) for each record."""
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFailed(f"line {reader.line_num}: {exc}") from None
        yield start, row
        start = reader.line_num + 1


def _column_key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def _headline_label(slide: Any) -> str:
    if isinstance(slide, dict) and isinstance(slide.get("text"), dict):
        headline = _html_to_plain(str(slide["text"].get("headline") or ""))
        if headline:
            return f' ("{_shorten(headline, 60)}")'
    return ""


def _sheet_slide(cell: dict[str, str]) -> dict:
    """A spreadsheet row as a TimelineJS slide, the way TimelineJS itself reads it."""

    def date(prefix: str, time_key: str) -> dict:
        parts: dict[str, Any] = {
            "year": _clean_integer(cell.get(prefix + "year", "")),
            "month": _clean_integer(cell.get(prefix + "month", "")),
            "day": _clean_integer(cell.get(prefix + "day", "")),
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
        },
        "group": cell.get("group", ""),
    }
    if cell.get("background"):
        slide["background"] = {"url" if re.match(r"^(https?:)?//?", cell["background"]) else "color": cell["background"]}
    return slide


def _clean_integer(text: str) -> str:
    return re.sub(r"[\s,]+", "", text)


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


# -- HTML -> Markdown-ish text --------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr",
    "section", "article", "header", "footer", "figure", "figcaption", "pre", "hr", "dl", "dt", "dd",
}
_MEDIA_TAGS = {"img", "iframe", "video", "audio", "embed", "object", "source", "picture", "svg", "canvas", "track", "map"}
_SKIP_CONTENT = {"script", "style", "noscript", "template", "iframe", "video", "audio", "object", "svg", "canvas"}
_VOID = {"img", "embed", "source", "track", "br", "hr", "wbr", "input", "meta", "link", "area", "col", "param"}
_LINK_SCHEMES = ("http://", "https://", "mailto:")


class _HtmlToMarkdown(HTMLParser):
    """Strips tags, keeps paragraphs, line breaks, list items and http(s)/mailto links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.plain: list[str] = []
        self.links: list[tuple[int, str | None]] = []
        self.skip = 0
        self.dropped: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attr = {k: (v or "") for k, v in attrs}
        if self.skip:
            if tag in _SKIP_CONTENT and tag not in _VOID:
                self.skip += 1
            return
        if tag in _MEDIA_TAGS:
            where = attr.get("src") or attr.get("data") or attr.get("href") or ""
            self.dropped.append(f"<{tag}>" + (f" {where}" if where else ""))
        elif tag in ("script", "style"):
            self.dropped.append(f"<{tag}>")
        if tag in _SKIP_CONTENT and tag not in _VOID:
            self.skip += 1
            return
        if tag == "br":
            self._write("\n")
        elif tag == "li":
            self._write("\n- ")
        elif tag in _BLOCK_TAGS:
            self._write("\n\n")
        elif tag == "a":
            href = attr.get("href", "").strip()
            if href and not href.lower().startswith(_LINK_SCHEMES):
                if not href.startswith("#"):
                    self.dropped.append(f"link {href} (not http, https or mailto)")
                href = ""
            self.links.append((len(self.out), href or None))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_CONTENT and tag not in _VOID:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "a" and self.links:
            start, href = self.links.pop()
            if href:
                text = "".join(self.out[start:]).strip() or href
                del self.out[start:]
                self._write(f"[{text}]({href.replace(' ', '%20').replace(')', '%29')})")
        elif tag in _BLOCK_TAGS:
            self._write("\n\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        pieces = re.split(r"\n[ \t\r\f\v]*\n\s*", data)  # a blank line in plain text is a paragraph break
        for number, piece in enumerate(pieces):
            if number:
                self._write("\n\n")
            self._text(piece)

    def _text(self, data: str) -> None:
        text = re.sub(r"\s+", " ", data.replace("\xa0", " "))
        self.plain.append(text)
        if self._at_line_start():
            text = text.lstrip(" ")
            text = re.sub(r"^(#|>|[+-](?= ))", r"\\\1", _escape_inline(text))
            text = re.sub(r"^(\d+)\.(?= |$)", r"\1\\.", text)
        else:
            text = _escape_inline(text)
        self._write(text)

    def _write(self, text: str) -> None:
        self.out.append(text)

    def _at_line_start(self) -> bool:
        tail = "".join(self.out[-3:]).rstrip(" ")
        return not tail or tail.endswith("\n")

    def result(self) -> str:
        text = "".join(self.out)
        lines = [line.strip() for line in text.split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
        return text.strip("\n")


def _escape_inline(text: str) -> str:
    text = re.sub(r"([\\`*_\[\]])", r"\\\1", text)
    return text.replace("<", "&lt;")


def html_to_markdown(html: str) -> tuple[str, list[str]]:
    """Markdown-ish text of an HTML fragment, and what was dropped (media, scripts, odd links)."""
    parser = _HtmlToMarkdown()
    parser.feed(html)
    parser.close()
    return parser.result(), parser.dropped


def _html_to_plain(html: str) -> str:
    parser = _HtmlToMarkdown()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.plain).split())


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


# -- YAML output ------------------------------------------------------------------------------------

_UNSAFE_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (a JSON string, with YAML's unprintable characters escaped)."""
    return _UNSAFE_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _yaml_text(key: str, text: str, block: bool) -> list[str]:
    """A Markdown field as a literal block when that is safe, else a quoted string."""
    safe = (
        block
        and text
        and not text[0].isspace()
        and "\t" not in text
        and "\r" not in text
        and not _UNSAFE_YAML.search(text)
        and "\x85" not in text
        and all(line == line.rstrip() for line in text.split("\n"))
    )
    if not safe:
        return [f"{key}: {yaml_string(text)}"]
    return [f"{key}: |"] + [f"  {line}" if line else "" for line in text.split("\n")]


def event_file_text(values: dict[str, Any], block: bool = True) -> str:
    """The YAML of an event file: the schema comment, then fields in the usual order."""
    lines = [f"# yaml-language-server: $schema=../../{SCHEMA_FILE}"]
    for key in EVENT_KEY_ORDER:
        value = values.get(key)
        if value is None or value == () or value == []:
            continue
        if key in ("summary", "body"):
            lines += _yaml_text(key, value, block)
        elif isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif key == "sources":
            lines.append("sources:")
            lines += [f"  - source: {_id_value(source)}" for source in value]
        elif isinstance(value, (list, tuple)):
            lines.append(f"{key}:")
            lines += [f"  - {_id_value(item)}" for item in value]
        elif key in ("id", "place", "status"):
            lines.append(f"{key}: {_id_value(value)}")
        else:
            lines.append(f"{key}: {yaml_string(str(value))}")
    return "\n".join(lines) + "\n"


def _id_value(value: str) -> str:
    """An id as a plain scalar (quoted only where YAML would read it as null)."""
    return value if is_slug(value) and value != "null" else yaml_string(value)


def source_file_text(title: str, notes: str) -> str:
    return "\n".join([f"title: {yaml_string(title)}", *_yaml_text("notes", notes, True)]) + "\n"


# -- the importer ----------------------------------------------------------------------------------------


class _Importer:
    """Shared state of one import: the target folder, ids in use, the report."""

    def __init__(self, into: Path, input_path: Path, source_id: str | None, what: str):
        self.into = into
        self.input = input_path
        self.what = what
        self.report_ = ImportReport()
        self.source_id = source_id or slugify(f"import-{input_path.stem}")
        self.source_title = f"Imported from {input_path.name}"
        self.source_notes: list[str] = []
        self.source_needed = False
        self.ids = _existing_event_ids(into / "events")
        self.sources = {p.stem for p in (into / "sources").glob("*.yaml")}
        self.places = _registry_ids(into / "places.yaml")
        self.actors = _registry_ids(into / "actors.yaml")
        self.pending: list[tuple[str, dict]] = []  # (where, values) to write once the source exists

    def report(self, where: str, message: str) -> None:
        self.report_.skipped.append(f"{self.input.name}: {where}: {message}")

    # TimelineJS slides ------------------------------------------------------------------------

    def title_slide(self, slide: dict, where: str) -> None:
        text = slide.get("text") if isinstance(slide.get("text"), dict) else {}
        headline = _html_to_plain(str(text.get("headline") or ""))
        if headline:
            self.source_title = _shorten(f"{headline} (TimelineJS)", 500)
        body, dropped = html_to_markdown(str(text.get("text") or ""))
        if body:
            self.source_notes.append(body)
        for item in dropped:
            self.report(where, f"{item} removed from the text")
        self._media_and_background(slide, where)

    def slide(self, slide: dict, where: str) -> None:
        start = slide.get("start_date")
        if not isinstance(start, dict):
            self.report(where, "no start_date; not imported")
            return
        date, start_time, problem = _slide_date(start)
        if problem:
            self.report(where, f"{problem}; not imported")
            return
        assert date is not None
        end_date, end_time = None, None
        end = slide.get("end_date")
        if isinstance(end, dict) and any(_present(end.get(k)) for k in ("year", "month", "day", "hour")):
            end_date, end_time, problem = _slide_date(end)
            if problem:
                self.report(where, f"end date: {problem}; the end date is not imported")
            elif end_date is not None and end_date < date:
                self.report(where, f"end date {end_date} is before the date {date}; the end date is not imported")
                end_date, end_time = None, None
        for warning in _date_warnings(start) + [f"end date: {w}" for w in _date_warnings(end or {})]:
            self.report(where, warning)

        text = slide.get("text") if isinstance(slide.get("text"), dict) else {}
        headline = _html_to_plain(str(text.get("headline") or ""))
        markdown, dropped = html_to_markdown(str(text.get("text") or ""))
        for item in dropped:
            self.report(where, f"{item} removed from the text")
        title = headline
        if not title:
            plain = _html_to_plain(str(text.get("text") or ""))
            if not plain:
                self.report(where, "neither a headline nor text; not imported")
                return
            title = _shorten(plain, 100)
            self.report(where, "no headline; the title is the start of the text")
        if len(title) > TITLE_MAX:
            self.report(where, f"headline is {len(title)} characters long; shortened to {TITLE_MAX}")
            title = _shorten(title, TITLE_MAX)
        if not markdown:
            markdown = _escape_inline(title)
            self.report(where, "no text; the summary repeats the headline")
        summary, body = _split_summary(markdown)

        display = _display_date(slide, start, end if end_date else None, date, start_time, end_date, end_time)
        if start_time or end_time:
            times = [t for t in (start_time, end_time) if t]
            kept = "the slide's display date is kept" if _explicit_display(slide, start, end) else "kept in display_date"
            what = f"time {times[0]} has" if len(times) == 1 else f"times {times[0]} and {times[1]} have"
            self.report(where, f"{what} no UTC offset in TimelineJS; imported at day precision, {kept}")
        if display and len(display) > DISPLAY_DATE_MAX:
            self.report(where, f"display date is longer than {DISPLAY_DATE_MAX} characters; shortened")
            display = _shorten(display, DISPLAY_DATE_MAX)

        tags = []
        group = _html_to_plain(str(slide.get("group") or ""))
        if group:
            tag = slugify(group)
            tags.append(tag)
        self._media_and_background(slide, where)
        self.source_needed = True
        values = {
            "date": date, "end_date": end_date, "display_date": display or None, "title": title,
            "summary": summary, "body": body, "tags": tags, "sources": [self.source_id],
        }
        self.pending.append((where, values))

    def _media_and_background(self, slide: dict, where: str) -> None:
        media = slide.get("media")
        if isinstance(media, dict) and str(media.get("url") or "").strip():
            extra = [
                f"{label} \"{_shorten(_html_to_plain(str(media[key])), 60)}\""
                for key, label in (("caption", "caption"), ("credit", "credit"))
                if str(media.get(key) or "").strip()
            ]
            self.report(where, f"media {str(media['url']).strip()}" + (f" ({', '.join(extra)})" if extra else "") + " not imported; add it by hand")
        background = slide.get("background")
        if isinstance(background, dict):
            for key in ("url", "color"):
                if str(background.get(key) or "").strip():
                    self.report(where, f"background {key} {str(background[key]).strip()} not imported")

    # our CSV -------------------------------------------------------------------------------------

    def csv_row(self, cell: dict[str, str], where: str) -> None:
        try:
            date = Date.parse(cell["date"])
        except DateError as exc:
            self.report(where, f"date: {exc}; not imported")
            return
        title = " ".join(cell["title"].split())
        if not title:
            self.report(where, "no title; not imported")
            return
        if len(title) > TITLE_MAX:
            self.report(where, f"title is {len(title)} characters long; shortened to {TITLE_MAX}")
            title = _shorten(title, TITLE_MAX)
        event_id = cell["id"]
        if event_id and not is_slug(event_id):
            self.report(where, f"id '{event_id}' is not a valid id; using '{slugify(event_id)}'")
            event_id = slugify(event_id)
        if event_id and event_id in self.ids:
            self.report(where, f"an event '{event_id}' already exists; not overwritten")
            return
        if event_id:
            self.ids.add(event_id)
        values: dict[str, Any] = {"id": event_id or None, "date": date, "title": title}
        if cell["end_date"]:
            try:
                end = Date.parse(cell["end_date"])
                if end < date:
                    self.report(where, f"end_date {end} is before date {date}; not imported")
                else:
                    values["end_date"] = end
            except DateError as exc:
                self.report(where, f"end_date: {exc}; not imported")
        approximate = cell["approximate"].lower()
        if approximate in ("true", "yes", "1"):
            values["approximate"] = True
        elif approximate not in ("", "false", "no", "0"):
            self.report(where, f"approximate '{cell['approximate']}' is not true or false; not imported")
        if cell["display_date"]:
            display = " ".join(cell["display_date"].split())
            if len(display) > DISPLAY_DATE_MAX:
                self.report(where, f"display_date is longer than {DISPLAY_DATE_MAX} characters; shortened")
                display = _shorten(display, DISPLAY_DATE_MAX)
            values["display_date"] = display
        summary = _clean_markdown(cell["summary"])
        if not summary:
            summary = _escape_inline(title)
            self.report(where, "no summary; the summary repeats the title")
        values["summary"] = summary
        values["body"] = _clean_markdown(cell["body"]) or None
        if cell["place"]:
            if cell["place"] in self.places:
                values["place"] = cell["place"]
            else:
                self.report(where, f"place '{cell['place']}' is not in places.yaml; not imported")
        values["actors"] = self._known(_split_list(cell["actors"]), self.actors, "actor", "actors.yaml", where)
        tags = []
        for tag in _split_list(cell["tags"]):
            if not is_slug(tag):
                self.report(where, f"tag '{tag}' is not a valid id; using '{slugify(tag)}'")
                tag = slugify(tag)
            if tag not in tags:
                tags.append(tag)
        values["tags"] = tags
        if cell["status"]:
            if cell["status"] in STATUSES:
                values["status"] = cell["status"]
            else:
                self.report(where, f"status '{cell['status']}' is not one of {', '.join(STATUSES)}; not imported")
        sources = self._known(_split_list(cell["sources"]), self.sources, "source", "sources/", where)
        if not sources:
            sources = [self.source_id]
            self.source_needed = True
            self.report(where, f"no known source; the event cites the import record '{self.source_id}'")
        values["sources"] = sources
        self.pending.append((where, values))

    def _known(self, ids: list[str], known: set[str], kind: str, where_known: str, where: str) -> list[str]:
        out = []
        for value in ids:
            if value in known:
                if value not in out:
                    out.append(value)
            else:
                self.report(where, f"{kind} '{value}' is not in {where_known}; not imported")
        return out

    # writing ----------------------------------------------------------------------------------------

    def finish(self) -> ImportReport:
        if self.source_needed and not self._write_source():
            for where, _ in self.pending:
                self.report(where, f"the source record '{self.source_id}' could not be written; not imported")
            return self.report_
        for where, values in self.pending:
            self._write_event(where, values)
        return self.report_

    def _write_source(self) -> bool:
        if not is_slug(self.source_id):
            self.report("source", f"'{self.source_id}' is not a valid source id")
            return False
        path = self.into / "sources" / f"{self.source_id}.yaml"
        if self.source_id in self.sources or path.exists():
            self.report("source", f"{_rel(path, self.into)} already exists; not overwritten, the events cite it")
            return True
        notes = "\n\n".join(
            [f"Events imported with `timeline import` from `{self.input.name}` ({self.what}).\n"
             "Replace this record with the articles the events come from, or add them next to it."]
            + self.source_notes
        )
        text = source_file_text(self.source_title, notes)
        if _check_source(text, path, self.source_id):
            return self._write(path, text, "source")
        text = source_file_text(self.source_title, notes.split("\n\n")[0])
        return _check_source(text, path, self.source_id) and self._write(path, text, "source")

    def _write_event(self, where: str, values: dict) -> None:
        explicit_id = values.pop("id", None)
        event_id = explicit_id or self._new_id(values["title"])
        if explicit_id:
            self.ids.add(explicit_id)
        path = self.into / "events" / f"{values['date'].year:04d}" / f"{event_id}.yaml"
        for block in (True, False):
            text = event_file_text(values, block)
            problems = _check_event(text, path, values)
            if not problems:
                break
        else:
            self.report(where, f"could not be written as a valid event ({problems[0]}); not imported")
            return
        self._write(path, text, where)

    def _new_id(self, title: str) -> str:
        base = slugify(title)
        candidate, n = base, 1
        while candidate in self.ids:
            n += 1
            suffix = f"-{n}"
            candidate = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
        self.ids.add(candidate)
        return candidate

    def _write(self, path: Path, text: str, where: str) -> bool:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8", newline="\n") as out:
                out.write(text)
        except FileExistsError:
            self.report(where, f"{_rel(path, self.into)} already exists; not overwritten")
            return False
        except OSError as exc:
            self.report(where, f"cannot write {path}: {exc.strerror or exc}")
            return False
        self.report_.written.append(path)
        return True


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _existing_event_ids(events_dir: Path) -> set[str]:
    """Ids in use: file stems, and ids set inside files."""
    ids = set()
    pattern = re.compile(r"^id:\s*[\"']?([a-z0-9-]+)[\"']?\s*(#.*)?$", re.M)
    for path in events_dir.rglob("*.yaml"):
        ids.add(path.stem)
        try:
            match = pattern.search(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
        if match:
            ids.add(match.group(1))
    return ids


def _registry_ids(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    errors: list[ContentError] = []
    root = parse_bytes(path.read_bytes(), str(path), errors)
    return {key.text for key, _ in root.items} if isinstance(root, Mapping) else set()


def _check_event(text: str, path: Path, intended: dict) -> list[str]:
    """Problems of a generated event file: it must load, validate and mean what we meant."""
    errors: list[ContentError] = []
    root = parse_bytes(text.encode("utf-8"), path.as_posix(), errors)
    values = EVENT.values(root, errors) if root is not None else INVALID
    if errors or values is INVALID:
        return [str(e) for e in errors] or ["invalid"]
    for key in ("title", "summary", "body", "display_date"):
        want = intended.get(key)
        if want is not None and values.get(key) != want:
            return [f"{key} does not read back as written"]
    return []


def _check_source(text: str, path: Path, source_id: str) -> bool:
    errors: list[ContentError] = []
    root = parse_bytes(text.encode("utf-8"), path.as_posix(), errors)
    return root is not None and SOURCE.values(root, errors) is not INVALID and not errors


# -- dates -----------------------------------------------------------------------------------------------


def _present(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _int(value: Any) -> int | None | str:
    """An integer date part, None when absent, or the text when it is not a number."""
    if value is None or isinstance(value, bool):
        return None if value is None else str(value)
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else str(value)
    text = re.sub(r"[\s,]+", "", str(value))
    if not text:
        return None
    return int(text) if re.fullmatch(r"[+-]?\d+", text) else str(value)


def _slide_date(parts: dict) -> tuple[Date | None, str | None, str | None]:
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


def _date_warnings(parts: dict) -> list[str]:
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


def _explicit_display(slide: dict, start: dict, end: dict | None) -> str | None:
    slide_display = _html_to_plain(str(slide.get("display_date") or ""))
    if slide_display:
        return slide_display
    start_display = _html_to_plain(str(start.get("display_date") or ""))
    end_display = _html_to_plain(str((end or {}).get("display_date") or ""))
    if start_display and end_display:
        return f"{start_display} – {end_display}"
    return start_display or None


def _display_date(slide, start, end, date, start_time, end_date, end_time) -> str | None:
    explicit = _explicit_display(slide, start, end)
    if explicit:
        return explicit
    if not (start_time or end_time):
        return None
    text = date.human() + (f", {start_time}" if start_time else "")
    if end_date is not None:
        text += f" – {end_date.human()}" + (f", {end_time}" if end_time else "")
    return text


# -- text --------------------------------------------------------------------------------------------------


def _split_summary(markdown: str) -> tuple[str, str | None]:
    """Up to two paragraphs make the summary; with more, the first is the summary and the rest the body."""
    paragraphs = [p for p in markdown.split("\n\n") if p.strip()]
    if len(paragraphs) <= 2:
        return markdown, None
    return paragraphs[0], "\n\n".join(paragraphs[1:])


def _clean_markdown(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def _split_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


__all__ = [
    "ImportFailed",
    "ImportReport",
    "event_file_text",
    "html_to_markdown",
    "import_csv",
    "import_sheet",
    "import_timelinejs",
    "yaml_string",
]
