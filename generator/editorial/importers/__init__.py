"""``timeline import``: event files from TimelineJS JSON (3 and 2), its spreadsheet template, or our CSV.

Every importer writes one YAML file per event into ``<into>/events/<year>/``
(the year as ``year_slug`` writes it: ``2015``, ``-0499``, ``13800000000``; and,
when events need one, a source record into ``<into>/sources/``), never
overwrites a file, checks each file it writes through the same loader and
field table as ``timeline check``, and reports everything it could not carry
over or had to read differently: dates the content format cannot hold (year 0,
impossible days), times without a UTC offset, media, backgrounds, eras,
unknown ids.

Dates become EDTF dates (content format version 2): TimelineJS years before 1
are renumbered into EDTF's astronomical years (TimelineJS -500, "500 BCE", is
``-0499``; a note says so once per import), years beyond JavaScript's dates and
every year of a ``"scale": "cosmological"`` timeline keep their number
(``Y-13800000000``), and our CSV's ``end_date`` may be ``..`` (still going).

One module per input — ``timelinejs`` (TimelineJS 3 JSON, and TimelineJS 2's
``{"timeline": {"date": [...]}}`` with its date strings), ``sheet`` (the
TimelineJS spreadsheet template as CSV), ``events_csv`` (our own CSV export) —
on top of ``reading`` (input files), ``html_text`` (slide HTML to Markdown),
``slide_dates`` (TimelineJS dates), ``yaml_text`` (the YAML written) and
``writing`` (one run of an import: ids in use, the report, the writes).

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

from generator.editorial.importers.events_csv import import_csv
from generator.editorial.importers.html_text import html_to_markdown
from generator.editorial.importers.reading import ImportFailed
from generator.editorial.importers.sheet import import_sheet
from generator.editorial.importers.timelinejs import import_timelinejs
from generator.editorial.importers.writing import ImportReport
from generator.editorial.importers.yaml_text import event_file_text, yaml_string

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
