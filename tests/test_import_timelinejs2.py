"""``timeline import timelinejs``: the TimelineJS 2 shape, the ``{"timeline": {"slides": …}}`` shape, and
years before 1 and deep time in TimelineJS 3 (imported as EDTF dates); the result passes ``timeline check``
and builds."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import icalendar
import pytest

from generator.cli import main
from generator.content.reader import read_content
from generator.editorial.importers import ImportFailed, import_sheet, import_timelinejs
from generator.render import urls

FIXTURES = Path(__file__).parent / "fixtures" / "import_v2"
TIMELINEJS2 = FIXTURES / "timelinejs2.json"
SLIDES = FIXTURES / "slides.json"
DEEP_TIME = FIXTURES / "deep_time.json"
BCE_NOTE = ("dates: TimelineJS shows a negative year -N as N BCE; such years are imported in EDTF's astronomical "
            "numbering, where year 0 is 1 BC: TimelineJS year -500 becomes -0499")


def imported(path: Path, into: Path) -> dict[str, tuple[str, str | None, str | None]]:
    """Import ``path`` into ``into``; {event id: (date, end date, display date)} as the content reads them."""
    import_timelinejs(path, into)
    content = read_content(into)
    return {e.id: (str(e.date), e.end_date and str(e.end_date), e.display_date) for e in content.events}


def passes_check(content: Path, capsys) -> None:
    code = main(["check", str(content)])
    assert code == 0, capsys.readouterr().err


# -- TimelineJS 2 ------------------------------------------------------------------------------


def test_timelinejs2_dates_become_events(tmp_path, capsys):
    assert imported(TIMELINEJS2, tmp_path / "content") == {
        "five-hundred-bce": ("-0499", None, None),
        "a-year": ("2015", None, None),
        "taliban-attack-kunduz": ("2015-09-28", "2015-09-29", None),
        "afternoon-fighting": ("2015-09-30", None, "30 September 2015, 14:30"),
        "hospital-hit": ("2015-10-03", None, None),
        "a-bad-end-date": ("2015-10-05", None, None),
        "a-month": ("2015-10", None, None),
    }
    passes_check(tmp_path / "content", capsys)


def test_timelinejs2_reports_what_it_could_not_carry_over(tmp_path):
    report = import_timelinejs(TIMELINEJS2, tmp_path / "content")
    assert [line.removeprefix("timelinejs2.json: ") for line in report.skipped] == [
        'title slide: media https://example.org/cover.jpg (caption "The city", credit "Example Photo") not imported; '
        "add it by hand",
        'era 1 ("Taliban control"): eras have no equivalent in the content format; not imported',
        'date 1 ("Taliban attack Kunduz"): classname key-event not imported',
        'date 4 ("Afternoon fighting"): time 14:30 has no UTC offset in TimelineJS; imported at day precision, '
        "kept in display_date",
        BCE_NOTE,
        "date 7 (\"Today\"): start date: 'now' is the day the timeline is viewed, not a date; not imported",
        'date 8 ("An impossible day"): 2015-02-30: February 2015 has no day 30; not imported',
        "date 9 (\"A bad end date\"): end date: 'Sept 2015' is not a TimelineJS 2 date (year,month,day: 2011,12,10); "
        "the end date is not imported",
        'date 10 ("No date at all"): start date: no date; not imported',
    ]


def test_timelinejs2_tag_becomes_a_tag_and_the_timeline_names_the_source(tmp_path):
    into = tmp_path / "content"
    import_timelinejs(TIMELINEJS2, into)
    content = read_content(into)
    attack = next(e for e in content.events if e.id == "taliban-attack-kunduz")
    assert attack.tags == ("kunduz",) and attack.summary == "Fighters entered the city before dawn."
    source = content.sources["import-timelinejs2"]
    assert source.title == "Kunduz, TimelineJS 2 (TimelineJS)"
    assert "A TimelineJS 2 timeline written for the import tests." in source.notes
    assert "(TimelineJS 2 JSON)" in source.notes


@pytest.mark.parametrize(
    "start, expected, display",
    [
        ("2011,12,10", "2011-12-10", None),
        ("2011,12", "2011-12", None),
        ("2011", "2011", None),
        ("2011,0,0", "2011", None),  # TimelineJS 2 reads a 0 as no value
        ("12/2011", "2011-12", None),
        (2011, "2011", None),
        ("-43,3,15", "-0042-03-15", None),  # shown as "March 15, 43 B.C." by TimelineJS 2
        ("2011-12-10T14:30:00", "2011-12-10", "10 December 2011, 14:30"),
        ("201112101430", "2011-12-10", "10 December 2011, 14:30"),
    ],
)
def test_timelinejs2_date_forms(tmp_path, start, expected, display):
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"timeline": {"date": [{"startDate": start, "headline": "One", "text": "t"}]}}))
    assert imported(path, tmp_path / "content") == {"one": (expected, None, display)}


def test_an_empty_timelinejs2_file_imports_nothing(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text(json.dumps({"timeline": {"headline": "Nothing yet", "date": []}}))
    report = import_timelinejs(path, tmp_path / "content")
    assert report.written == [] and report.skipped == []


def test_a_file_of_no_known_shape_is_refused(tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"slides": []}))
    with pytest.raises(ImportFailed, match="expected an object with an 'events' list .TimelineJS 3. or a 'timeline' object"):
        import_timelinejs(path, tmp_path / "content")


# -- {"timeline": {"slides": [...]}} -------------------------------------------------------------


def test_slides_shape(tmp_path, capsys):
    into = tmp_path / "content"
    report = import_timelinejs(SLIDES, into)
    assert [line.removeprefix("slides.json: ") for line in report.skipped] == [
        'slide 1 ("Kunduz in slides"): background color #222222 not imported',
        'slide 5 ("The siege"): eras have no equivalent in the content format; not imported',
        'slide 6 ("No start date"): no start_date; not imported',
    ]
    content = read_content(into)
    assert {e.id: (str(e.date), e.end_date and str(e.end_date), e.tags) for e in content.events} == {
        "taliban-seize-kunduz": ("2015-09-28", None, ("kunduz",)),
        "hospital-hit-timelinejs-2-dates-inside-slides": ("2015-10-03", None, ()),
        "afghan-forces-retake-the-city": ("2015-10", "2015-10-13", ()),
    }
    assert content.sources["import-slides"].title == "Kunduz in slides (TimelineJS)"
    passes_check(into, capsys)


# -- years before 1 and deep time (TimelineJS 3) -------------------------------------------------


def test_years_before_1_and_cosmological_years_become_edtf_dates(tmp_path, capsys):
    assert imported(DEEP_TIME, tmp_path / "content") == {
        "big-bang": ("Y-13800000000", None, "13.8 billion years ago"),
        "the-earth-forms": ("Y-4540000000", None, None),
        "the-dinosaurs-die-out": ("Y-66000000", None, None),
        "alexander-reaches-bactria": ("-0329", None, None),
        "caesar-is-killed": ("-0043-03-15", None, None),
        "from-500-bce-to-1-ce": ("-0499", "0001", None),
        "taliban-seize-kunduz": ("2015-09-28", None, None),
        "a-sign-left-out": ("Y13800000000", None, None),
    }
    passes_check(tmp_path / "content", capsys)


def test_deep_time_reads_in_words_and_sorts_in_time(tmp_path):
    into = tmp_path / "content"
    import_timelinejs(DEEP_TIME, into)
    content = read_content(into)
    assert [(e.id, e.when) for e in content.events] == [
        ("big-bang", "13.8 billion years ago"),
        ("the-earth-forms", "4.54 billion years ago"),
        ("the-dinosaurs-die-out", "66 million years ago"),
        ("from-500-bce-to-1-ce", "500 BC – 1"),
        ("alexander-reaches-bactria", "330 BC"),
        ("caesar-is-killed", "15 March 44 BC"),
        ("taliban-seize-kunduz", "28 September 2015"),
        ("a-sign-left-out", "13.8 billion years from now"),
    ]


def test_deep_time_report(tmp_path):
    report = import_timelinejs(DEEP_TIME, tmp_path / "content")
    assert [line.removeprefix("deep_time.json: ") for line in report.skipped] == [
        'event 3 ("The dinosaurs die out"): year -66000000 has more than four digits: its month and day are not imported',
        BCE_NOTE,
        "event 7 (\"Year zero\"): year 0 is no year (TimelineJS shows it as '0'); write -1 for 1 BCE or 1 for 1 CE; "
        "not imported",
        'event 8 ("A sign left out"): year 13800000000 is imported as a year in the future; TimelineJS shows '
        "cosmological years without their sign ('… years ago'): if it is in the past, make it negative (-13800000000)",
    ]
    folders = sorted({p.parent.name for p in report.written if p.parent.parent.name == "events"})
    assert folders == ["-0043", "-0329", "-0499", "-13800000000", "-4540000000", "-66000000", "13800000000", "2015"]


def test_a_cosmological_timeline_keeps_its_year_numbers(tmp_path):
    path = tmp_path / "cosmos.json"
    path.write_text(json.dumps({"scale": "cosmological", "events": [
        {"start_date": {"year": -500}, "text": {"headline": "Five hundred years before year 0", "text": "t"}},
    ]}))
    assert imported(path, tmp_path / "content") == {"five-hundred-years-before-year-0": ("-0500", None, None)}


def test_the_sheet_template_imports_years_before_1(tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Year,Month,Day,Headline,Text\n-500,,,Ancient history,A negative year.\n", encoding="utf-8")
    report = import_sheet(sheet, tmp_path / "content")
    assert report.skipped == [f"sheet.csv: {BCE_NOTE}"]
    assert [str(e.date) for e in read_content(tmp_path / "content").events] == ["-0499"]


# -- a site ------------------------------------------------------------------------------------------


@pytest.fixture
def built(small_project, tmp_path) -> Path:
    """The small fixture site with all three files imported, built; the site folder."""
    for path in (TIMELINEJS2, SLIDES, DEEP_TIME):
        import_timelinejs(path, small_project / "content")
    out = tmp_path / "site"
    assert main(["check", str(small_project / "content")]) == 0
    assert main(["build", "-f", str(small_project / "mkdocs.yml"), "-d", str(out)]) == 0
    return out


def test_the_imported_site_builds_with_pages_for_every_year(built):
    caesar = (built / "events" / "caesar-is-killed" / "index.html").read_text(encoding="utf-8")
    assert "15 March 44 BC" in caesar
    assert "13.8 billion years ago" in (built / "events" / "big-bang" / "index.html").read_text(encoding="utf-8")
    for year in (-43, -499, -13_800_000_000, 13_800_000_000, 2015):
        assert (built / urls.page_path(urls.year_url(year))).is_file(), urls.year_url(year)


def test_the_calendar_leaves_out_dates_without_a_calendar_day_and_says_so(built):
    calendar = icalendar.Calendar.from_ical((built / "events.ics").read_bytes())
    ids = {str(v["UID"]).split("@")[0] for v in calendar.walk("VEVENT")}
    assert "taliban-attack-kunduz" in ids and "afternoon-fighting" in ids
    assert not ids & {"big-bang", "caesar-is-killed", "five-hundred-bce", "a-sign-left-out"}
    note = str(calendar["X-WR-CALDESC"])
    assert note.startswith("8 events are not in this calendar: their dates have no calendar day (before year 1 or after 9999): ")
    assert "big-bang" in note and "caesar-is-killed" in note


def test_the_feed_says_dates_without_a_calendar_day_in_words(built):
    feed = feedparser.parse((built / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    entries = {e.id.rstrip("/").rsplit("/", 1)[-1]: e for e in feed.entries}
    if "caesar-is-killed" in entries:  # the feed holds the latest events only
        caesar = entries["caesar-is-killed"]
        assert "published" not in caesar and "15 March 44 BC" in caesar.summary
    future = entries["a-sign-left-out"]  # the latest event of all
    assert "published" not in future and "13.8 billion years from now" in future.summary
    assert entries["taliban-attack-kunduz"].published_parsed[:3] == (2015, 9, 28)
