"""Reading an import's input: UTF-8 text, and CSV records with the line each starts on."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterable, Iterator


class ImportFailed(Exception):
    """The input file cannot be read at all (missing, not JSON, no header row)."""


def read_text(path: Path) -> str:
    """The file as text (UTF-8, a byte-order mark dropped); ``ImportFailed`` when it cannot be read."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ImportFailed(f"{path}: not UTF-8 text; save it as UTF-8") from None


def read_csv(path: Path) -> csv.DictReader:
    """A reader of the CSV file whose header row has been read; ``ImportFailed`` without one."""
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    try:
        reader.fieldnames  # reads the header row
    except csv.Error as exc:
        raise ImportFailed(f"{path}: not a CSV file: {exc}") from None
    if not reader.fieldnames:
        raise ImportFailed(f"{path}: empty file; expected a header row")
    return reader


def unknown_columns(columns: Iterable[tuple[str, str]], known: Iterable[str]) -> list[str]:
    """The header names (of ``(key, name)`` pairs) whose key is not ``known``, blank names left out."""
    known = set(known)
    return [name for key, name in columns if key not in known and name.strip()]


def filled_rows(reader: csv.DictReader, columns: dict[str, str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(first line of the record, {key: stripped cell}) for every row that is not blank.

    ``columns`` maps each key to the header name of its column.
    """
    for line, row in _rows(reader):
        cell = {key: (row.get(name) or "").strip() for key, name in columns.items()}
        if any(cell.values()):
            yield line, cell


def _rows(reader: csv.DictReader) -> Iterator[tuple[int, dict]]:
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
