"""events.csv: one row per event (RFC 4180, UTF-8), in the columns the content format declares
(``generator.content.format.CSV_COLUMNS``), which ``timeline import csv`` reads back.

No cell is a formula when the file is opened in a spreadsheet ("CSV injection"): a cell that
starts with ``= + - @``, a tab or a carriage return gets a leading ``'`` (``neutralised``), which
spreadsheets show as text and ``timeline import csv`` takes off again (``restored``). The date
columns are left as they are: a date such as ``-0043-03-15`` is data, and it is never a formula.
"""

from __future__ import annotations

import csv
import io
import json
import re

from generator.chronology import Chronology
from generator.content.format import CSV_COLUMNS, LIST_SEPARATOR
from generator.content.model import Casualty, Event, Figure
from generator.render.exports.common import event_link, text_or_none
from generator.render.media_urls import Images, media_url

__all__ = ["CSV_COLUMNS", "LIST_SEPARATOR", "casualties_text", "claims_from_text", "events_csv", "neutralised",
           "restored"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula (OWASP)
_DATE_COLUMNS = {CSV_COLUMNS.index("date"), CSV_COLUMNS.index("end_date")}


def neutralised(text: str) -> str:
    """``text`` as a cell no spreadsheet runs: a ``'`` before a text starting with ``FORMULA_START``.
    A text already starting with quotes and then one of those gets one more, so that ``restored``
    gives back exactly ``text``."""
    return "'" + text if text.lstrip("'").startswith(FORMULA_START) else text


def restored(cell: str) -> str:
    """The text a ``neutralised`` cell was made from (the inverse: one leading ``'`` taken off)."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_START) else cell

# The casualties column: each claim as its party, then key=value for every field given, in a fixed
# order; claims joined with LIST_SEPARATOR. A range is ``min-max``; a value that is not a plain
# word (claimed_by: "provincial police") is a JSON string whose ';' is escaped as \u003b, so that
# the column always splits at '; ' and each claim at spaces outside quotes:
#   taliban killed=25 qualifier=at-least claimed_by=afghan-government as_of=2015-09-28 source=wire;
#   afghan-police killed=20-30 claimed_by="provincial police" source=wire
_CLAIM_FIELDS = ("killed", "wounded", "qualifier", "claimed_by", "as_of", "source")
_PLAIN = re.compile(r"[A-Za-z0-9._:+~?%-]+")
_PAIR = re.compile(r'\s+(\w+)=("(?:[^"\\]|\\.)*"|\S+)')


def _claim_value(value: object) -> str:
    if isinstance(value, Figure):
        return f"{value.low}-{value.high}" if value.is_range else str(value.low)
    text = str(value)
    return text if _PLAIN.fullmatch(text) else json.dumps(text, ensure_ascii=False).replace(";", "\\u003b")


def casualties_text(claims: tuple[Casualty, ...]) -> str:
    """Every claim in the compact form of the CSV column (see above); '' without claims."""
    return LIST_SEPARATOR.join(
        " ".join([claim.party] + [f"{name}={_claim_value(getattr(claim, name))}"
                                  for name in _CLAIM_FIELDS if getattr(claim, name) is not None])
        for claim in claims
    )


def claims_from_text(text: str) -> list[dict[str, str]]:
    """The claims of a casualties cell as ``{"party": …, field: text}`` (the inverse of ``casualties_text``;
    values as text, ranges as 'min-max', quoted values unquoted)."""
    claims = []
    for item in (part.strip() for part in text.split(LIST_SEPARATOR.strip()) if part.strip()):
        party, _, rest = item.partition(" ")
        claim = {"party": party}
        for name, value in _PAIR.findall(" " + rest):
            claim[name] = json.loads(value) if value.startswith('"') else value
        claims.append(claim)
    return claims


def _csv_row(event: Event, site_url: str | None, images: Images | None = None) -> list[str]:
    return [
        event.id,
        str(event.date),
        text_or_none(event.end_date) or "",
        "true" if event.approximate else "false",
        event.display_date or "",
        event.title,
        event.summary,
        event.body or "",
        event.place or "",
        LIST_SEPARATOR.join(event.actors),
        LIST_SEPARATOR.join(event.tags),
        event.status,
        LIST_SEPARATOR.join(ref.source for ref in event.sources),
        event_link(event, site_url),
        casualties_text(event.casualties),
        # URLs never hold a space (content/media.py refuses them), so '; ' always splits them.
        LIST_SEPARATOR.join(url for url in (media_url(m, images, site_url) for m in event.media) if url),
    ]


def events_csv(chron: Chronology, site_url: str | None = None, *, images: Images | None = None) -> bytes:
    """One row per event in date order, after a header row of ``CSV_COLUMNS``.

    RFC 4180: fields quoted when needed (commas, quotes, line breaks), CRLF
    between records, UTF-8 without a BOM. ``approximate`` is ``true``/``false``;
    summary and body are the Markdown as written; place, actors, tags and
    sources are ids, lists joined with ``"; "``; ``url`` is relative to the
    site root unless ``site_url`` is given; ``casualties`` holds every claim
    (``casualties_text``); ``media`` the URL of each media entry, joined with ``"; "`` (a local
    image: its published full-size file, from ``images``, relative like ``url``). A cell that
    would start a formula is ``neutralised`` (every column but the dates).
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows([cell if column in _DATE_COLUMNS else neutralised(cell)
                      for column, cell in enumerate(_csv_row(event, site_url, images))]
                     for event in chron.events)
    return buffer.getvalue().encode("utf-8")
