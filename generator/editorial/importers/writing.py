"""One run of an import: the ids already in use, the events waiting to be written, the report,
and the writes themselves — each file checked through the loader first, none ever overwritten."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.dates import year_slug
from generator.content.format import EVENT, SOURCE
from generator.content.errors import ContentError
from generator.content.fields import INVALID, is_slug
from generator.content.load import event_paths
from generator.content.yaml_nodes import Mapping, parse_bytes
from generator.editorial.scaffold import slugify, unique_slug
from generator.editorial.importers.html_text import shorten
from generator.editorial.importers.yaml_text import event_file_text, source_file_text

DISPLAY_DATE_MAX = EVENT.fields["display_date"].spec.max_length


@dataclass
class ImportReport:
    """What an import wrote, and every message about what it could not carry over."""

    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class ImportRun:
    """One import into the content folder ``into``: what is there already, what waits to be written, the report.

    Importers add events with ``add_event`` (after reporting what they could
    not carry over) and may set ``source_title`` and add ``source_notes`` for
    the import's source record; ``finish`` writes that record when an event
    cites it, then every event.
    """

    def __init__(self, into: Path, input_path: Path, source_id: str | None, what: str):
        self.into = into
        self.input = input_path
        self.what = what
        self.report_ = ImportReport()
        self.source_id = source_id or slugify(f"import-{input_path.stem}")
        self.source_title = f"Imported from {input_path.name}"
        self.source_notes: list[str] = []
        self.source_needed = False
        self.ids = _existing_event_ids(into)
        self.sources = {p.stem for p in (into / "sources").glob("*.yaml")}
        self.places = _registry_ids(into / "places.yaml")
        self.actors = _registry_ids(into / "actors.yaml")
        self.pending: list[tuple[str, dict]] = []  # (where, values) to write once the source exists
        self._noted: set[str] = set()

    def report(self, where: str, message: str) -> None:
        """Note something not carried over; ``where`` names the slide, row or column."""
        self.report_.skipped.append(f"{self.input.name}: {where}: {message}")

    def report_once(self, where: str, message: str) -> None:
        """``report``, once per run for each message (a note that holds for the whole input)."""
        if message not in self._noted:
            self._noted.add(message)
            self.report(where, message)

    def fit(self, where: str, text: str, limit: int, too_long: str) -> str:
        """``text`` shortened to ``limit`` characters, reporting ``too_long`` when it had to be."""
        if len(text) <= limit:
            return text
        self.report(where, too_long)
        return shorten(text, limit)

    def cite_import_source(self) -> str:
        """The id of the import's own source record, which will then be written."""
        self.source_needed = True
        return self.source_id

    def add_event(self, where: str, values: dict[str, Any]) -> None:
        """An event to write at ``finish``: field values as ``event_file_text`` takes them (``id`` optional)."""
        self.pending.append((where, values))

    def finish(self) -> ImportReport:
        """Write the source record (if cited) and the events; the report of the whole run."""
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
        if _source_reads_back(text, path):
            return self._write(path, text, "source")
        text = source_file_text(self.source_title, notes.split("\n\n")[0])
        return _source_reads_back(text, path) and self._write(path, text, "source")

    def _write_event(self, where: str, values: dict) -> None:
        explicit_id = values.pop("id", None)
        event_id = explicit_id or self._new_id(values["title"])
        if explicit_id:
            self.ids.add(explicit_id)
        path = self.into / "events" / year_slug(values["date"].year) / f"{event_id}.yaml"
        for block in (True, False):
            text = event_file_text(values, block)
            problems = _event_problems(text, path, values)
            if not problems:
                break
        else:
            self.report(where, f"could not be written as a valid event ({problems[0]}); not imported")
            return
        self._write(path, text, where)

    def _new_id(self, title: str) -> str:
        candidate = unique_slug(slugify(title), self.ids)
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


_ID_LINE = re.compile(r"^id:\s*[\"']?([a-z0-9-]+)[\"']?\s*(#.*)?$", re.M)


def _existing_event_ids(content_dir: Path) -> set[str]:
    """Ids in use: event file stems, and ids set inside files."""
    ids = set()
    for path in event_paths(content_dir):
        ids.add(path.stem)
        try:
            match = _ID_LINE.search(path.read_text(encoding="utf-8", errors="replace"))
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


def _event_problems(text: str, path: Path, intended: dict) -> list[str]:
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


def _source_reads_back(text: str, path: Path) -> bool:
    """Whether a generated source record loads and validates."""
    errors: list[ContentError] = []
    root = parse_bytes(text.encode("utf-8"), path.as_posix(), errors)
    return root is not None and SOURCE.values(root, errors) is not INVALID and not errors
