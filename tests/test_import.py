"""``timeline import``: TimelineJS JSON, the TimelineJS sheet template, and our own CSV export."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main as timeline_main
from generator.cli.editorial import add_commands
from generator.content.dates import Date
from generator.editorial.importers import (
    ImportFailed,
    event_file_text,
    html_to_markdown,
    import_csv,
    import_sheet,
    import_timelinejs,
    yaml_string,
)
from generator.content.reader import read_content

FIXTURES = Path(__file__).parent / "fixtures" / "import"
TIMELINEJS = FIXTURES / "timelinejs.json"
SHEET = FIXTURES / "timelinejs-sheet.csv"


def files_of(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.yaml"))}


def passes_check(content: Path, capsys) -> bool:
    code = timeline_main(["check", str(content)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return True


# -- TimelineJS JSON ------------------------------------------------------------------------


def test_timelinejs_every_date_form(tmp_path):
    into = tmp_path / "content"
    import_timelinejs(TIMELINEJS, into)
    dates = {}
    for path, text in files_of(into / "events").items():
        fields = {line.split(": ", 1)[0]: line.split(": ", 1)[1] for line in text.splitlines() if line[:1].isalpha() and ": " in line}
        dates[path] = (fields.get("date"), fields.get("end_date"), fields.get("display_date"))
    assert dates == {
        # TimelineJS year -330 is 330 BCE: -0329 in EDTF's astronomical numbering (year 0 is 1 BC)
        "-0329/alexander-reaches-bactria.yaml": ('"-0329"', None, None),
        # beyond JavaScript's dates: the year keeps its number (a Y-year); its folder has no 'Y'
        "13800000000/big-bang.yaml": ('"Y13800000000"', None, None),
        "1066/a-year-written-with-a-comma.yaml": ('"1066"', None, None),
        "1919/independence.yaml": ('"1919"', None, None),
        "2001/war-in-afghanistan.yaml": ('"2001-10"', '"2021"', None),
        "2015/a-time-without-a-day.yaml": ('"2015"', None, None),
        "2015/assault-begins.yaml": ('"2015-09-28"', None, '"Pre-dawn, 28 September 2015"'),
        "2015/counter-offensive.yaml": (
            '"2015-09-29"', '"2015-09-29"', '"29 September 2015, 05:30:15 – 29 September 2015, 18:00"'
        ),
        "2015/gun-battles-inside-the-city.yaml": ('"2015-09-28"', None, '"28 September 2015, 14:30"'),
        "2015/hospital-hit.yaml": ('"2015-10-03"', None, None),
        "2015/prison-stormed.yaml": ('"2015-09-28"', None, '"Late on 28 September"'),
        "2015/reinforcements-arrive-from-kabul-officials-say-after-two-days-of-fighting-in-the.yaml": (
            '"2015-09-30"', None, None
        ),
        "2015/taliban-seize-kunduz.yaml": ('"2015-09-28"', None, None),
        "2015/taliban-seize-kunduz-2.yaml": ('"2015"', None, None),
    }


def test_timelinejs_reports_what_it_could_not_carry_over(tmp_path):
    report = import_timelinejs(TIMELINEJS, tmp_path / "content")
    assert report.skipped == [
        'timelinejs.json: title slide: media https://example.org/cover.jpg (credit "Example Photo") not imported; add it by hand',
        'timelinejs.json: era 1 ("US presence"): eras have no equivalent in the content format; not imported',
        "timelinejs.json: dates: TimelineJS shows a negative year -N as N BCE; such years are imported in "
        "EDTF's astronomical numbering, where year 0 is 1 BC: TimelineJS year -500 becomes -0499",
        'timelinejs.json: event 4 ("Taliban seize Kunduz"): <img> https://example.org/map.png removed from the text',
        'timelinejs.json: event 5 ("Gun battles inside the city"): time 14:30 has no UTC offset in TimelineJS; '
        "imported at day precision, kept in display_date",
        'timelinejs.json: event 6 ("Counter-offensive"): times 05:30:15 and 18:00 have no UTC offset in TimelineJS; '
        "imported at day precision, kept in display_date",
        'timelinejs.json: event 8 ("Prison stormed"): <script> removed from the text',
        'timelinejs.json: event 8 ("Prison stormed"): link javascript:alert(1) (not http, https or mailto) removed from the text',
        'timelinejs.json: event 8 ("Prison stormed"): time 23:00 has no UTC offset in TimelineJS; '
        "imported at day precision, the slide's display date is kept",
        'timelinejs.json: event 8 ("Prison stormed"): background color #333333 not imported',
        'timelinejs.json: event 9 ("Hospital hit"): end date 2015-10-01 is before the date 2015-10-03; the end date is not imported',
        'timelinejs.json: event 9 ("Hospital hit"): <iframe> https://example.org/embed removed from the text',
        'timelinejs.json: event 11 ("A time without a day"): a time without a day; the time is not imported',
        'timelinejs.json: event 12 ("An impossible day"): 2015-02-30: February 2015 has no day 30; not imported',
        'timelinejs.json: event 13 ("Big Bang"): year 13800000000 is imported as a year in the future; '
        "TimelineJS shows cosmological years without their sign ('… years ago'): "
        "if it is in the past, make it negative (-13800000000)",
        "timelinejs.json: event 14: no headline; the title is the start of the text",
        "timelinejs.json: event 15: neither a headline nor text; not imported",
    ]
    assert len(report.written) == 15  # 14 events and the source record


def test_timelinejs_text_becomes_markdown_and_the_source_record_is_written(tmp_path):
    into = tmp_path / "content"
    import_timelinejs(TIMELINEJS, into)
    files = files_of(into)
    assert files["events/2015/taliban-seize-kunduz.yaml"] == (
        "# yaml-language-server: $schema=../../event.schema.json\n"
        'date: "2015-09-28"\n'
        'title: "Taliban seize Kunduz"\n'
        "summary: |\n"
        "  Fighters entered the city, [reports said](https://example.org/report?id=1).\n"
        "body: |\n"
        "  The governor's compound fell.\n"
        "\n"
        "  A third paragraph.\n"
        "tags:\n"
        "  - kunduz\n"
        "sources:\n"
        "  - source: import-timelinejs\n"
        "media:\n"  # the slide's media object, its caption and credit as plain text
        '  - url: "https://www.youtube.com/watch?v=abc"\n'
        '    caption: "Video of the assault"\n'
        '    credit: "AP"\n'
    )
    assert files["sources/import-timelinejs.yaml"] == (
        'title: "The fall of Kunduz (TimelineJS)"\n'
        "notes: |\n"
        "  Events imported with `timeline import` from `timelinejs.json` (TimelineJS JSON).\n"
        "  Replace this record with the articles the events come from, or add them next to it.\n"
        "\n"
        "  A TimelineJS timeline written for the import tests.\n"
    )


def test_timelinejs_import_passes_check(tmp_path, capsys):
    into = tmp_path / "content"
    import_timelinejs(TIMELINEJS, into)
    assert passes_check(into, capsys)
    content = read_content(into)
    assert len(content.events) == 14
    by_id = {e.id: e for e in content.events}
    assert by_id["alexander-reaches-bactria"].when == "330 BC"
    assert by_id["big-bang"].when == "13.8 billion years from now"
    assert [e.id for e in content.events][:1] == ["alexander-reaches-bactria"]
    assert {e.id: e.tags for e in content.events if e.tags} == {
        "war-in-afghanistan": ("wars-and-conflicts",),
        "taliban-seize-kunduz": ("kunduz",),
    }


def test_importing_twice_never_overwrites(tmp_path, capsys):
    into = tmp_path / "content"
    first = import_timelinejs(TIMELINEJS, into, source_id="kunduz-timeline")
    before = {p: p.read_bytes() for p in first.written}
    assert before
    second = import_timelinejs(TIMELINEJS, into, source_id="kunduz-timeline")
    assert all(p.read_bytes() == data for p, data in before.items())
    assert "timelinejs.json: source: sources/kunduz-timeline.yaml already exists; not overwritten, the events cite it" in second.skipped
    assert sorted(p.name for p in second.written if "1919" in p.parts or "2001" in p.parts) == [
        "independence-2.yaml", "war-in-afghanistan-2.yaml",
    ]
    assert (into / "events/2015/taliban-seize-kunduz-3.yaml").exists()
    assert passes_check(into, capsys)


def test_timelinejs_into_existing_content_avoids_ids_set_inside_files(tmp_path):
    into = tmp_path / "content"
    (into / "events" / "2014").mkdir(parents=True)
    (into / "events" / "2014" / "other-name.yaml").write_text('id: independence\ndate: "2014"\n', encoding="utf-8")
    report = import_timelinejs(TIMELINEJS, into)
    assert into / "events" / "1919" / "independence-2.yaml" in report.written


def test_timelinejs_rejects_files_it_cannot_read(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ImportFailed, match="not valid JSON"):
        import_timelinejs(bad, tmp_path / "content")
    bad.write_text(json.dumps([1, 2]), encoding="utf-8")
    with pytest.raises(ImportFailed, match="expected an object with an 'events' list"):
        import_timelinejs(bad, tmp_path / "content")
    with pytest.raises(ImportFailed, match="cannot read file"):
        import_timelinejs(tmp_path / "missing.json", tmp_path / "content")
    assert not (tmp_path / "content").exists()


def test_an_empty_timelinejs_2_timeline_imports_nothing(tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"timeline": {"date": []}}), encoding="utf-8")  # TimelineJS 2, no dates
    report = import_timelinejs(empty, tmp_path / "content")
    assert report.written == [] and report.skipped == []
    assert not (tmp_path / "content").exists()  # not even the source record


# -- the TimelineJS sheet ---------------------------------------------------------------------


def test_sheet_every_date_form_and_report(tmp_path, capsys):
    into = tmp_path / "content"
    report = import_sheet(SHEET, into)
    assert report.skipped == [
        'timelinejs-sheet.csv: row 3 ("US presence"): eras have no equivalent in the content format; not imported',
        'timelinejs-sheet.csv: row 4 ("Taliban attack at dawn"): time 04:30 has no UTC offset in TimelineJS; '
        "imported at day precision, kept in display_date",
        'timelinejs-sheet.csv: row 4 ("Taliban attack at dawn"): background color #000000 not imported',
        'timelinejs-sheet.csv: row 5 ("Gun battles"): times 14:30 and 09:00 have no UTC offset in TimelineJS; '
        "imported at day precision, kept in display_date",
        "timelinejs-sheet.csv: dates: TimelineJS shows a negative year -N as N BCE; such years are imported in "
        "EDTF's astronomical numbering, where year 0 is 1 BC: TimelineJS year -500 becomes -0499",  # row 6
        "timelinejs-sheet.csv: row 9 (\"Bad time\"): Time '25:00' is not a time of day; the time is not imported",
        'timelinejs-sheet.csv: row 11 ("End month without end year"): end date: no year; the end date is not imported',
        'timelinejs-sheet.csv: row 14 ("Long day"): times 14:05:09 and 23:00 have no UTC offset in TimelineJS; '
        "imported at day precision, kept in display_date",
    ]
    content = read_content(into)
    assert {e.id: (str(e.date), str(e.end_date) if e.end_date else None, e.display_date) for e in content.events} == {
        "ancient-history": ("-0499", None, None),  # TimelineJS -500: 500 BC
        "battle-of-hastings": ("1066-10-14", None, None),
        "a-season": ("2015", None, "Autumn 2015"),
        "taliban-attack-at-dawn": ("2015-09-28", None, "28 September 2015, 04:30"),
        "bad-time": ("2015-09-28", None, None),
        "gun-battles": ("2015-09-28", "2015-09-29", "28 September 2015, 14:30 – 29 September 2015, 09:00"),
        "end-month-without-end-year": ("2015-09-30", None, None),
        "long-day": ("2015-10-03", "2015-10-03", "3 October 2015, 14:05:09 – 3 October 2015, 23:00"),
    }
    by_id = {e.id: e for e in content.events}
    assert by_id["ancient-history"].when == "500 BC"
    assert (into / "events" / "-0499" / "ancient-history.yaml").is_file()
    assert by_id["end-month-without-end-year"].summary == 'First paragraph.\n\nSecond paragraph, with "quotes".'
    assert by_id["gun-battles"].tags == ("kunduz",)
    assert content.sources["import-timelinejs-sheet"].title == "Fall of Kunduz (TimelineJS)"
    assert passes_check(into, capsys)


def test_sheet_header_is_required(tmp_path):
    sheet = tmp_path / "not-a-sheet.csv"
    sheet.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="needs at least 'Year' and 'Headline'"):
        import_sheet(sheet, tmp_path / "content")


def test_sheet_reports_unknown_columns_and_accepts_a_bom(tmp_path):
    sheet = tmp_path / "extra.csv"
    sheet.write_bytes("\ufeffYear,Headline,Text,Notes\n2015,Kunduz,Text,private\n".encode("utf-8"))
    report = import_sheet(sheet, tmp_path / "content")
    assert report.skipped == ["extra.csv: column 'Notes': not a TimelineJS template column; not imported"]
    assert [p.name for p in report.written] == ["import-extra.yaml", "kunduz.yaml"]


# -- our CSV export ------------------------------------------------------------------------------

CSV_HEADER = "id,date,end_date,approximate,display_date,title,summary,body,place,actors,tags,status,sources,url\r\n"


@pytest.fixture
def target(tmp_path) -> Path:
    """A content folder with registries and one source, as a site would have."""
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    (content / "sources" / "wire.yaml").write_text("title: Wire report\n", encoding="utf-8")
    (content / "places.yaml").write_text("kunduz:\n  name: Kunduz\n", encoding="utf-8")
    (content / "actors.yaml").write_text("taliban:\n  name: Taliban\nafghan-police:\n  name: Afghan police\n", encoding="utf-8")
    return content


def test_csv_import_writes_events_and_reports_unknown_ids(tmp_path, target, capsys):
    export = tmp_path / "events.csv"
    export.write_text(
        CSV_HEADER
        + 'taliban-seize-kunduz,2015-09-28T05:30+04:30,2015-09-29,true,"Pre-dawn, 28 September",Taliban seize Kunduz,'
        '"Fighters took the city.\r\n\r\nA second paragraph.",,kunduz,taliban; afghan-police,offensive; city-falls,confirmed,'
        "wire,events/taliban-seize-kunduz/\r\n"
        + ",2015-10,,false,,Month precision event,Something happened.,Body text.,nowhere,taliban; ghost,Bad Tag,rumoured,"
        "bbc,events/x/\r\n"
        + "bad-date,2015-13-01,,,,Bad date,Text,,,,,,wire,\r\n",
        encoding="utf-8",
    )
    report = import_csv(export, target)
    assert report.skipped == [
        "events.csv: row 5 (\"Month precision event\"): place 'nowhere' is not in places.yaml; not imported",
        "events.csv: row 5 (\"Month precision event\"): actor 'ghost' is not in actors.yaml; not imported",
        "events.csv: row 5 (\"Month precision event\"): tag 'Bad Tag' is not a valid id; using 'bad-tag'",
        "events.csv: row 5 (\"Month precision event\"): status 'rumoured' is not one of confirmed, reported, disputed, unverified; not imported",
        "events.csv: row 5 (\"Month precision event\"): source 'bbc' is not in sources/; not imported",
        "events.csv: row 5 (\"Month precision event\"): no known source; the event cites the import record 'import-events'",
        "events.csv: row 6 (bad-date): date: '2015-13-01': month 13 does not exist; not imported",
    ]
    files = files_of(target)
    assert files["events/2015/taliban-seize-kunduz.yaml"] == (
        "# yaml-language-server: $schema=../../event.schema.json\n"
        'date: "2015-09-28T05:30+04:30"\n'
        'end_date: "2015-09-29"\n'
        "approximate: true\n"
        'display_date: "Pre-dawn, 28 September"\n'
        'title: "Taliban seize Kunduz"\n'
        "summary: |\n"
        "  Fighters took the city.\n"
        "\n"
        "  A second paragraph.\n"
        "place: kunduz\n"
        "actors:\n"
        "  - taliban\n"
        "  - afghan-police\n"
        "tags:\n"
        "  - offensive\n"
        "  - city-falls\n"
        "status: confirmed\n"
        "sources:\n"
        "  - source: wire\n"
    )
    assert files["events/2015/month-precision-event.yaml"].splitlines()[-4:] == [
        "tags:", "  - bad-tag", "sources:", "  - source: import-events",
    ]
    assert "sources/import-events.yaml" in files
    assert passes_check(target, capsys)


def test_csv_import_skips_events_that_exist(tmp_path, target):
    export = tmp_path / "events.csv"
    export.write_text(CSV_HEADER + "x,2015,,,,X,Text,,,,,,wire,\r\nx,2016,,,,X again,Text,,,,,,wire,\r\n", encoding="utf-8")
    first = import_csv(export, target)
    assert [p.name for p in first.written] == ["x.yaml"]
    assert first.skipped == ["events.csv: row 3 (x): an event 'x' already exists; not overwritten"]
    again = import_csv(export, target)
    assert again.written == []
    assert not (target / "sources" / "import-events.yaml").exists()


def test_csv_export_round_trips_through_import(tmp_path, target):
    exports = pytest.importorskip("generator.render.exports")
    chronology = pytest.importorskip("generator.chronology")
    source = tmp_path / "source-site"
    shutil.copytree(target, source)
    events = source / "events" / "2015"
    events.mkdir(parents=True)
    (events / "falls.yaml").write_text(
        'date: "2015-09-28T05:30+04:30"\nend_date: "2015-09-30"\napproximate: true\n'
        'display_date: "Dawn, 28 September"\ntitle: "Kunduz falls: \\"a disaster\\""\n'
        "summary: |\n  Fighters took *most* of the city.\n\n  Officials said so.\nbody: |\n  - a list\n  - of things\n"
        "place: kunduz\nactors: [taliban, afghan-police]\ntags: [offensive]\nstatus: disputed\n"
        "sources:\n  - source: wire\n",
        encoding="utf-8",
    )
    (events / "plain.yaml").write_text(
        'date: "2015"\ntitle: Plain\nsummary: \"Tab-free, colon: here # not a comment\"\nsources: [{source: wire}]\n',
        encoding="utf-8",
    )
    original = read_content(source)
    csv_bytes = exports.events_csv(chronology.build_chronology(original))
    export = tmp_path / "events.csv"
    export.write_bytes(csv_bytes)
    report = import_csv(export, target)
    assert report.skipped == []
    imported = read_content(target)
    fields = ("id", "date", "end_date", "approximate", "display_date", "title", "summary", "body",
              "place", "actors", "tags", "status", "sources")
    assert [tuple(getattr(e, f) for f in fields) for e in imported.events] == [
        tuple(getattr(e, f) for f in fields) for e in original.events
    ]


# -- the CLI and the helpers ----------------------------------------------------------------------


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="timeline")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_import_prints_written_files_and_the_report(tmp_path, capsys):
    into = tmp_path / "content"
    assert run_cli("import", "sheet", str(SHEET), "--into", str(into), "--source-id", "kunduz-sheet") == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == str(into / "sources" / "kunduz-sheet.yaml")
    assert len(out.splitlines()) == 9  # the source record and 8 events
    assert str(into / "events" / "-0499" / "ancient-history.yaml") in out.splitlines()
    assert err.splitlines()[-1] == "8 event(s) written to " + str(into) + "; 8 thing(s) not carried over. Run `timeline check` next."
    assert run_cli("import", "sheet", str(SHEET), "--into", str(into), "--source-id", "Not A Slug") == 2
    assert "--source-id" in capsys.readouterr().err
    assert run_cli("import", "timelinejs", str(tmp_path / "missing.json"), "--into", str(into)) == 2


def test_html_to_markdown_is_conservative():
    assert html_to_markdown(
        '<p>See <a href="https://example.org/a b">the report</a> &amp; <strong>more</strong>.</p>'
        "<ul><li>one</li><li>two</li></ul><p>1. not a list</p><p># not a heading</p>"
        "<p>5 * 3 &lt;b&gt; snake_case</p><video src='v.mp4'><source src='a.mp4'></video>"
    ) == (
        "See [the report](https://example.org/a%20b) & more.\n\n- one\n- two\n\n1\\. not a list\n\n\\# not a heading\n\n"
        "5 \\* 3 &lt;b> snake\\_case",
        ["<video> v.mp4"],
    )


def test_yaml_strings_survive_every_character(tmp_path):
    tricky = 'a "quote" \\ back\tslash \u2028 line \x85 next \x7f del \ufeff bom 😀 null: # - [x]'
    values = {"date": Date.parse("2015"), "title": tricky, "summary": tricky + "\n\nsecond", "sources": ["wire"]}
    text = event_file_text(values)
    from generator.content.format import EVENT
    from generator.content.yaml_nodes import parse_bytes

    errors: list = []
    parsed = EVENT.values(parse_bytes(text.encode("utf-8"), "x.yaml", errors), errors)
    assert errors == []
    assert parsed["title"] == tricky
    assert parsed["summary"] == tricky + "\n\nsecond"
    assert yaml_string("null") == '"null"'
