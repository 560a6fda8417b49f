"""Importing our own CSV export (events.csv): one row per event, ids checked against the content folder."""

from __future__ import annotations

from pathlib import Path

from generator.content.format import CSV_COLUMNS, LIST_SEPARATOR, TITLE_MAX
from generator.content.dates import Date, DateError
from generator.content.fields import is_slug
from generator.content.model import STATUSES
from generator.content.validate import end_before_date
from generator.editorial.scaffold import slugify
from generator.editorial.importers.html_text import escape_inline, quoted_headline
from generator.editorial.importers.reading import ImportFailed, filled_rows, read_csv, unknown_columns
from generator.editorial.importers.writing import DISPLAY_DATE_MAX, ImportReport, ImportRun
from generator.render.exports.csv_export import restored

_TEXT_COLUMNS = ("display_date", "title", "summary", "body")  # the others (ids, dates, URLs) never start a formula


def import_csv(path: Path, into: Path, source_id: str | None = None) -> ImportReport:
    """Import our own CSV export (columns ``id,date,…,sources,url``, lists joined by '; ')."""
    path = Path(path)
    rows = read_csv(path)
    header = [name for name in (rows.fieldnames or []) if name is not None]
    missing = [name for name in ("date", "title") if name not in header]
    if missing:
        raise ImportFailed(f"{path}: not a timeline CSV export: missing column(s) {', '.join(missing)}")
    run = ImportRun(Path(into), path, source_id, "CSV export")
    for name in unknown_columns(((name, name) for name in header), CSV_COLUMNS):
        run.report(f"column '{name}'", "not a column of the CSV export; not imported")
    for line, cell in filled_rows(rows, {name: name for name in CSV_COLUMNS}):
        add_row(run, cell, f"row {line}" + (f" ({cell['id']})" if cell["id"] else quoted_headline(cell["title"])))
    return run.finish()


def add_row(run: ImportRun, cell: dict[str, str], where: str) -> None:
    """One row (``CSV_COLUMNS`` -> stripped text) as an event, or reported when it cannot be one.
    A text cell the export neutralised (``'=…``: not a formula in a spreadsheet) is read as it was written."""
    cell = {**cell, **{name: restored(cell[name]) for name in _TEXT_COLUMNS}}
    try:
        date = Date.parse(cell["date"])
    except DateError as exc:
        run.report(where, f"date: {exc}; not imported")
        return
    title = " ".join(cell["title"].split())
    if not title:
        run.report(where, "no title; not imported")
        return
    title = run.fit(where, title, TITLE_MAX, f"title is {len(title)} characters long; shortened to {TITLE_MAX}")
    event_id = cell["id"]
    if event_id and not is_slug(event_id):
        run.report(where, f"id '{event_id}' is not a valid id; using '{slugify(event_id)}'")
        event_id = slugify(event_id)
    if event_id and event_id in run.ids:
        run.report(where, f"an event '{event_id}' already exists; not overwritten")
        return
    if event_id:
        run.ids.add(event_id)
    values: dict = {"id": event_id or None, "date": date, "title": title}
    if cell["end_date"]:
        try:
            end = Date.parse(cell["end_date"], allow_open=True)  # '..': still going
            if end_before_date(date, end):  # the rule of `timeline check`
                run.report(where, f"end_date {end} is before date {date}; not imported")
            else:
                values["end_date"] = end
        except DateError as exc:
            run.report(where, f"end_date: {exc}; not imported")
    approximate = cell["approximate"].lower()
    if approximate in ("true", "yes", "1"):
        values["approximate"] = True
    elif approximate not in ("", "false", "no", "0"):
        run.report(where, f"approximate '{cell['approximate']}' is not true or false; not imported")
    if cell["display_date"]:
        display = " ".join(cell["display_date"].split())
        values["display_date"] = run.fit(
            where, display, DISPLAY_DATE_MAX, f"display_date is longer than {DISPLAY_DATE_MAX} characters; shortened"
        )
    summary = _clean_markdown(cell["summary"])
    if not summary:
        summary = escape_inline(title)
        run.report(where, "no summary; the summary repeats the title")
    values["summary"] = summary
    values["body"] = _clean_markdown(cell["body"]) or None
    if cell["place"]:
        if cell["place"] in run.places:
            values["place"] = cell["place"]
        else:
            run.report(where, f"place '{cell['place']}' is not in places.yaml; not imported")
    values["actors"] = _known(run, _split_list(cell["actors"]), run.actors, "actor", "actors.yaml", where)
    tags = []
    for tag in _split_list(cell["tags"]):
        if not is_slug(tag):
            run.report(where, f"tag '{tag}' is not a valid id; using '{slugify(tag)}'")
            tag = slugify(tag)
        if tag not in tags:
            tags.append(tag)
    values["tags"] = tags
    if cell["status"]:
        if cell["status"] in STATUSES:
            values["status"] = cell["status"]
        else:
            run.report(where, f"status '{cell['status']}' is not one of {', '.join(STATUSES)}; not imported")
    sources = _known(run, _split_list(cell["sources"]), run.sources, "source", "sources/", where)
    if not sources:
        sources = [run.cite_import_source()]
        run.report(where, f"no known source; the event cites the import record '{run.source_id}'")
    values["sources"] = sources
    run.add_event(where, values)


def _known(run: ImportRun, ids: list[str], known: set[str], kind: str, where_known: str, where: str) -> list[str]:
    """The ids that are ``known``, once each; the others reported."""
    out = []
    for value in ids:
        if value in known:
            if value not in out:
                out.append(value)
        else:
            run.report(where, f"{kind} '{value}' is not in {where_known}; not imported")
    return out


def _clean_markdown(text: str) -> str:
    """The text with Unix line ends, no trailing spaces, no blank lines at either end."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def _split_list(text: str) -> list[str]:
    """The items of a list column (joined with '; ' by the export; the space is optional here)."""
    return [item.strip() for item in text.split(LIST_SEPARATOR.strip()) if item.strip()]
