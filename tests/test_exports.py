"""Machine-readable exports, each checked by a real consumer of its format:
feedparser (Atom), icalendar (iCalendar), the csv module (CSV), jsonschema
(events.json) and a structural check of the TimelineJS JSON."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import date, datetime, timedelta, timezone

import feedparser
import icalendar
import jsonschema
import pytest

from generator.chronology import build_chronology
from generator.render.exports.ics import _utc
from generator.content.format import CSV_COLUMNS, EVENT
from generator.render.exports import (
    events_csv,
    events_ics,
    events_json,
    events_json_schema,
    timelinejs_json,
)
from generator.render.exports.timelinejs import slide_events
from generator.render.feed import atom_feed
from generator.content.reader import read_content

SITE = "https://news.example.org/kunduz/"

FILES = {
    "content/sources/wire-report.yaml": """\
title: "Kunduz: special forces sent, city \\"stormed\\""
publisher: Example Wire
published: "2015-09-28"
url: https://example.org/wire
""",
    "content/sources/follow-up.yaml": """\
title: Follow-up report
published: "2015-10"
""",
    "content/actors.yaml": """\
taliban:
  name: Taliban
  kind: group
afghan-police:
  name: Afghan police
  kind: organization
""",
    "content/places.yaml": """\
kunduz:
  name: Kunduz
  region: Kunduz Province
  country: Afghanistan
  lat: 36.73
  lon: 68.86
somewhere:
  name: Somewhere unmapped
""",
    "content/events/2001/invasion.yaml": """\
date: "2001"
title: Invasion ousts the Taliban
summary: A year-only event.
place: kunduz
tags: [context]
sources:
  - source: wire-report
""",
    "content/events/2014/government-takes-office.yaml": """\
date: "2014-09"
approximate: true
title: Government takes office
summary: A month-only event.
tags: [politics]
sources:
  - source: wire-report
""",
    "content/events/2015/assault.yaml": """\
date: "2015-09-28T03:00+04:30"
end_date: "2015-09-28T18:15:30+04:30"
title: Pre-dawn assault on Kunduz
summary: |
  Fighters attack from several sides, with **heavy** fire.

  See [the report](https://example.org/wire).
place: kunduz
actors: [taliban, afghan-police]
tags: [assault, clashes]
status: confirmed
sources:
  - source: wire-report
    quote: "The city was swarming with fighters"
quotes:
  - text: Right now intensive gun battles are going on
    by: Unidentified speaker
    source: wire-report
casualties:
  - party: taliban
    killed: 25
    qualifier: at-least
    source: wire-report
  - party: afghan-police
    killed: 2
    wounded: 3
    source: wire-report
""",
    "content/events/2015/hospital.yaml": """\
date: "2015-09-27"
end_date: "2015-09-30"
display_date: Late evening, 27 September 2015
title: 'Hospital "stormed", staff flee'
summary: |
  Line one, with a comma;
  line two says "quoted" <b>words</b>.
place: somewhere
actors: [taliban]
tags: [hospital, humanitarian]
status: disputed
sources:
  - source: wire-report
  - source: follow-up
""",
    "content/events/2015/new-york-reaction.yaml": """\
date: "2015-09-29T23:30-05:00"
end_date: "2015-10-01"
title: Reaction from New York
summary: A timed event with a negative offset and a day-precision end.
sources:
  - source: follow-up
updates:
  - date: "2015-10-05"
    note: Corrected the time.
""",
}

IDS_OLDEST_FIRST = ["invasion", "government-takes-office", "hospital", "assault", "new-york-reaction"]


@pytest.fixture
def chron(write_tree):
    root = write_tree(FILES)
    return build_chronology(read_content(root / "content", root))


def test_fixture_order_is_chronological(chron):
    assert [e.id for e in chron.events] == IDS_OLDEST_FIRST


# -- Atom --------------------------------------------------------------------------------


def test_feed_entries_newest_first_with_stable_ids(chron):
    feed = feedparser.parse(atom_feed(chron, SITE, "Kunduz timeline"))
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Kunduz timeline"
    assert [e.id for e in feed.entries] == [f"{SITE}events/{i}/" for i in reversed(IDS_OLDEST_FIRST)]
    assert [e.link for e in feed.entries] == [e.id for e in feed.entries]


def test_feed_updated_derived_from_event_dates(chron):
    feed = feedparser.parse(atom_feed(chron, SITE, "Kunduz timeline"))
    updated = {e.id.split("/")[-2]: e.updated for e in feed.entries}
    assert updated["new-york-reaction"] == "2015-09-29T23:30:00-05:00"  # timed: the instant, offset kept
    assert updated["hospital"] == "2015-09-27T00:00:00+00:00"  # day: midnight UTC of its first day
    assert updated["government-takes-office"] == "2014-09-01T00:00:00+00:00"  # month: its first day
    assert updated["invasion"] == "2001-01-01T00:00:00+00:00"
    assert feed.feed.updated_parsed[:6] == (2015, 9, 30, 4, 30, 0)  # the latest entry, in UTC


def test_feed_limit_and_updated_for(chron):
    stamp = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
    xml = atom_feed(chron, SITE, "T", updated_for=lambda e: stamp if e.id == "assault" else None, limit=3)
    feed = feedparser.parse(xml)
    assert [e.id.split("/")[-2] for e in feed.entries] == ["new-york-reaction", "assault", "hospital"]
    assert feed.entries[1].updated_parsed[:6] == (2024, 5, 1, 12, 0, 0)
    assert feed.entries[1].published_parsed[:6] == (2015, 9, 27, 22, 30, 0)
    assert feed.feed.updated_parsed[:6] == (2024, 5, 1, 12, 0, 0)


def test_feed_summary_is_escaped_html(chron):
    feed = feedparser.parse(atom_feed(chron, SITE, "T"))
    hospital = next(e for e in feed.entries if e.id.endswith("/hospital/"))
    assert hospital.summary_detail.type == "text/html"
    assert "&lt;b&gt;words&lt;/b&gt;" in hospital.summary  # editor's markup stays text
    assert [t.term for t in hospital.tags] == ["hospital", "humanitarian"]


def test_feed_generator_carries_no_feedgen_version(chron):
    xml = atom_feed(chron, SITE, "T").decode()
    assert "<generator>timeline-site</generator>" in xml
    assert "python-feedgen" not in xml and "version=" not in xml.split("?>", 1)[1]


def test_naive_updated_for_is_refused(chron):
    with pytest.raises(ValueError, match="naive"):
        atom_feed(chron, SITE, "T", updated_for=lambda e: datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="naive"):
        events_ics(chron, SITE, updated_for=lambda e: datetime(2024, 1, 1))


# -- iCalendar ---------------------------------------------------------------------------


def _vevents(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(v["UID"]).split("@")[0]: v for v in calendar.walk("VEVENT")}


def test_ics_one_vevent_per_event_with_uids(chron):
    events = _vevents(events_ics(chron, SITE))
    assert sorted(events) == sorted(IDS_OLDEST_FIRST)
    assert str(events["assault"]["UID"]) == "assault@news.example.org/kunduz"
    assert str(_vevents(events_ics(chron))["assault"]["UID"]) == "assault@timeline-site"


@pytest.mark.parametrize(
    "event_id, start, end",
    [
        ("invasion", date(2001, 1, 1), date(2002, 1, 1)),  # year: the whole year
        ("government-takes-office", date(2014, 9, 1), date(2014, 10, 1)),  # month: the whole month
        ("hospital", date(2015, 9, 27), date(2015, 10, 1)),  # end_date inclusive -> DTEND exclusive
    ],
)
def test_ics_all_day_spans(chron, event_id, start, end):
    vevent = _vevents(events_ics(chron, SITE))[event_id]
    assert vevent.decoded("DTSTART") == start and type(vevent.decoded("DTSTART")) is date
    assert vevent.decoded("DTEND") == end and type(vevent.decoded("DTEND")) is date


def test_ics_timed_events_are_exact_utc_instants(chron):
    data = events_ics(chron, SITE)
    events = _vevents(data)
    start, end = events["assault"].decoded("DTSTART"), events["assault"].decoded("DTEND")
    assert start == datetime(2015, 9, 27, 22, 30, tzinfo=timezone.utc) and start.utcoffset() == timedelta(0)
    assert end == datetime(2015, 9, 28, 13, 45, 30, tzinfo=timezone.utc)
    # a day-precision end lasts until midnight after it, at the start's offset (-05:00)
    ny = events["new-york-reaction"]
    assert ny.decoded("DTSTART") == datetime(2015, 9, 30, 4, 30, tzinfo=timezone.utc)
    assert ny.decoded("DTEND") == datetime(2015, 10, 2, 5, 0, tzinfo=timezone.utc)
    assert b"DTSTART:20150927T223000Z" in data and b"TZID" not in data


def test_ics_text_properties(chron):
    events = _vevents(events_ics(chron, SITE, title="Kunduz"))
    assault = events["assault"]
    assert str(assault["SUMMARY"]) == "Pre-dawn assault on Kunduz"
    assert str(assault["LOCATION"]) == "Kunduz, Kunduz Province, Afghanistan"
    assert (assault["GEO"].latitude, assault["GEO"].longitude) == (36.73, 68.86)
    assert str(assault["URL"]) == f"{SITE}events/assault/"
    description = str(assault["DESCRIPTION"])
    assert "with heavy fire" in description and "the report (https://example.org/wire)" in description
    assert 'Kunduz: special forces sent, city "stormed" (Example Wire, 2015-09-28)' in description
    assert "28 September 2015, 03:00 UTC+04:30" in description  # the local time as written
    assert "Date known to the month only." in str(events["government-takes-office"]["DESCRIPTION"])
    assert "Date known to the year only." in str(events["invasion"]["DESCRIPTION"])
    assert "GEO" not in events["hospital"] and str(events["hospital"]["LOCATION"]) == "Somewhere unmapped"


def test_ics_dtstamp_is_derived_from_content(chron):
    events = _vevents(events_ics(chron, SITE))
    assert events["new-york-reaction"].decoded("DTSTAMP") == datetime(2015, 10, 5, tzinfo=timezone.utc)  # corrections log
    assert events["hospital"].decoded("DTSTAMP") == datetime(2015, 10, 31, tzinfo=timezone.utc)  # latest source
    assert events["invasion"].decoded("DTSTAMP") == datetime(2015, 9, 28, tzinfo=timezone.utc)


def test_ics_survives_the_ends_of_the_calendar(write_tree, tmp_path):
    event = 'date: "9999-12-31"\ntitle: Edge\nsummary: s\nsources:\n  - source: s\n'
    root = write_tree({"content/sources/s.yaml": "title: S\n", "content/events/9999/last.yaml": event}, tmp_path / "edges")
    last = _vevents(events_ics(build_chronology(read_content(root / "content", root))))["last"]
    assert last.decoded("DTSTART") == date(9999, 12, 31) and "DTEND" not in last  # no day after it: one all-day event
    # a timed date whose UTC instant leaves the calendar is clamped rather than crashing the build
    assert _utc(datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))) == datetime(1, 1, 1, tzinfo=timezone.utc)
    assert _utc(datetime(9999, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-1)))).year == 9999


# -- CSV -----------------------------------------------------------------------------------


def test_csv_rows_and_quoting(chron):
    data = events_csv(chron)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0] == list(CSV_COLUMNS)
    assert [r[0] for r in rows[1:]] == IDS_OLDEST_FIRST
    hospital = dict(zip(CSV_COLUMNS, rows[1 + IDS_OLDEST_FIRST.index("hospital")]))
    assert hospital["title"] == 'Hospital "stormed", staff flee'
    assert hospital["summary"] == 'Line one, with a comma;\nline two says "quoted" <b>words</b>.'
    assert hospital["actors"] == "taliban"
    assert hospital["tags"] == "hospital; humanitarian"
    assert hospital["sources"] == "wire-report; follow-up"
    assert (hospital["date"], hospital["end_date"], hospital["approximate"]) == ("2015-09-27", "2015-09-30", "false")
    assert hospital["url"] == "events/hospital/"
    assert b'"Hospital ""stormed"", staff flee"' in data


def test_csv_columns_are_event_fields_of_the_content_format_and_the_page_url(chron):
    header = next(csv.reader(io.StringIO(events_csv(chron).decode("utf-8"), newline="")))
    assert [name for name in header if name not in EVENT.fields] == ["url"]


def test_csv_crlf_records_and_absolute_urls(chron):
    data = events_csv(chron, SITE)
    assert data.startswith(b"id,date,end_date,") and data.endswith(b"\r\n")
    assert data.count(b"\r\n") == len(IDS_OLDEST_FIRST) + 1  # embedded newlines stay bare \n inside quotes
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0]["url"] == f"{SITE}events/invasion/"
    assert rows[1]["approximate"] == "true"
    assert rows[3]["date"] == "2015-09-28T03:00+04:30"


# -- events.json -------------------------------------------------------------------------------


def test_events_json_validates_against_its_schema(chron):
    schema = events_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for site in (None, SITE):
        jsonschema.validate(json.loads(events_json(chron, site)), schema, cls=jsonschema.Draft202012Validator)


def test_events_json_content(chron):
    model = json.loads(events_json(chron, None))
    assert list(model) == ["schema_version", "events", "sources", "actors", "places"]
    assert model["schema_version"] == 2
    events = {e["id"]: e for e in model["events"]}
    assert (events["invasion"]["date_bounds"], events["invasion"]["end_bounds"]) == (["2001-01-01", "2001-12-31"], None)
    assert events["government-takes-office"]["date_bounds"] == ["2014-09-01", "2014-09-30"]
    assert events["assault"]["end_bounds"] == ["2015-09-28", "2015-09-28"]  # local days, as written
    assert [e["id"] for e in model["events"]] == IDS_OLDEST_FIRST
    assert (events["government-takes-office"]["date"], events["government-takes-office"]["precision"]) == ("2014-09", "month")
    assault = events["assault"]
    assert (assault["date"], assault["end_date"], assault["end_precision"]) == (
        "2015-09-28T03:00+04:30", "2015-09-28T18:15:30+04:30", "second")
    assert assault["url"] == "events/assault/"
    assert assault["casualties"][0] == {"party": "taliban", "killed": 25, "wounded": None, "qualifier": "at-least",
                                        "claimed_by": None, "claimed_by_actor": False, "as_of": None, "source": "wire-report"}
    assert model["places"]["kunduz"]["lat"] == 36.73
    assert model["sources"]["follow-up"]["published"] == "2015-10"
    assert json.loads(events_json(chron, SITE))["events"][0]["url"] == f"{SITE}events/invasion/"


def test_events_json_schema_rejects_bad_data(chron):
    model = json.loads(events_json(chron, None))
    model["events"][0]["precision"] = "week"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(model, events_json_schema())


# -- TimelineJS ------------------------------------------------------------------------------


def test_timelinejs_structure(chron):
    data = json.loads(timelinejs_json(chron, "Kunduz & around"))
    assert data["title"]["text"]["headline"] == "Kunduz &amp; around"
    assert "5 events" in data["title"]["text"]["text"]
    slides = {s["unique_id"]: s for s in data["events"]}
    assert list(slides) == IDS_OLDEST_FIRST
    assert slides["invasion"]["start_date"] == {"year": "2001", "display_date": "2001"}
    assert slides["government-takes-office"]["start_date"] == {"year": "2014", "month": "9", "display_date": "c. September 2014"}
    assault = slides["assault"]
    assert assault["start_date"] == {"year": "2015", "month": "9", "day": "28", "hour": "3", "minute": "0",
                                     "display_date": "28 September 2015, 03:00 UTC+04:30"}
    assert assault["end_date"]["second"] == "30"
    assert assault["group"] == "assault"  # first tag
    assert slides["hospital"]["display_date"] == "Late evening, 27 September 2015"
    assert slides["hospital"]["text"]["headline"] == "Hospital &quot;stormed&quot;, staff flee"
    assert "&lt;b&gt;words&lt;/b&gt;" in slides["hospital"]["text"]["text"]
    assert "group" not in slides["new-york-reaction"]  # no tag, no place
    for slide in data["events"]:
        assert set(slide) <= {"start_date", "end_date", "text", "group", "display_date", "unique_id"}
        assert all(isinstance(v, str) for v in slide["start_date"].values())


def test_timelinejs_past_its_limit_keeps_the_latest_events_and_says_so(chron):
    data = json.loads(timelinejs_json(chron, "T", limit=2))
    assert [slide["unique_id"] for slide in data["events"]] == IDS_OLDEST_FIRST[-2:]
    assert "5 events" in data["title"]["text"]["text"]
    assert "2 of them here: the key events and the latest" in data["title"]["text"]["text"]


def test_timelinejs_past_its_limit_shows_key_events_first_in_the_chronology_order(chron):
    events = tuple(dataclasses.replace(e, featured=e.id in ("invasion", "hospital")) for e in chron.events)
    assert [e.id for e in slide_events(events, 3)] == ["invasion", "hospital", "new-york-reaction"]
    assert [e.id for e in slide_events(events, 1)] == ["hospital"]  # the latest key event
    assert slide_events(events, 5) == events


# -- EDTF dates (content format version 2) ---------------------------------------------------

EDTF_FILES = {
    "content/sources/wire-report.yaml": "title: Wire report\n",
    "content/events/2021/still-going.yaml": (
        'date: "2021-03"\nend_date: ".."\ntitle: Still going\nsummary: An open end.\nsources: [{source: wire-report}]\n'
    ),
    "content/events/2010/a-decade.yaml": (
        'date: "201X"\nend_date: "2015-09~"\ntitle: A decade\nsummary: X digits.\nsources: [{source: wire-report}]\n'
    ),
    "content/events/-0043/ides-of-march.yaml": (
        'date: "-0043-03-15"\ntitle: Ides of March\nsummary: 44 BC.\nsources: [{source: wire-report}]\n'
    ),
    "content/events/2015/uncertain.yaml": (
        'date: "2015-09-28?"\ntitle: Uncertain\nsummary: A question mark.\nsources: [{source: wire-report}]\n'
    ),
}
BIG_BANG = {
    "content/events/-13800000000/big-bang.yaml": (
        'date: "Y-13800000000"\ntitle: Big Bang\nsummary: Deep time.\nsources: [{source: wire-report}]\n'
    ),
}
EDTF_IDS = ["ides-of-march", "a-decade", "uncertain", "still-going"]


@pytest.fixture
def edtf_chron(write_tree):
    root = write_tree(EDTF_FILES)
    return build_chronology(read_content(root / "content", root))


def test_edtf_events_order_and_words(edtf_chron):
    assert [e.id for e in edtf_chron.events] == EDTF_IDS
    when = {e.id: e.when for e in edtf_chron.events}
    assert when == {
        "ides-of-march": "15 March 44 BC",
        "a-decade": "the 2010s – c. September 2015",
        "uncertain": "28 September 2015?",
        "still-going": "since March 2021",
    }


def test_events_json_carries_edtf_dates_and_validates(edtf_chron):
    model = json.loads(events_json(edtf_chron, None))
    jsonschema.validate(model, events_json_schema(), cls=jsonschema.Draft202012Validator)
    events = {e["id"]: e for e in model["events"]}
    assert [e["id"] for e in model["events"]] == EDTF_IDS
    still = events["still-going"]
    assert (still["date"], still["end_date"], still["end_precision"], still["end_bounds"]) == ("2021-03", "..", "open", None)
    assert still["date_bounds"] == ["2021-03-01", "2021-03-31"]
    assert still["when"] == "since March 2021"
    decade = events["a-decade"]
    assert (decade["date"], decade["precision"], decade["date_bounds"]) == ("201X", "decade", ["2010-01-01", "2019-12-31"])
    assert (decade["end_date"], decade["end_precision"], decade["end_bounds"]) == ("2015-09~", "month", ["2015-09-01", "2015-09-30"])
    ides = events["ides-of-march"]
    assert (ides["date"], ides["date_bounds"]) == ("-0043-03-15", ["-0043-03-15", "-0043-03-15"])
    assert events["uncertain"]["date"] == "2015-09-28?"


def test_events_json_schema_refuses_open_starts_and_other_digits(edtf_chron):
    model = json.loads(events_json(edtf_chron, None))
    for key, value in (("date", ".."), ("date", "٢٠١٥-٠٩-٢٨"), ("end_date", "2015/2016"), ("end_precision", "week")):
        bad = json.loads(json.dumps(model))
        bad["events"][0][key] = value
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, events_json_schema(), cls=jsonschema.Draft202012Validator)


def test_timelinejs_years_before_1_open_ends_and_qualifiers(edtf_chron):
    data = json.loads(timelinejs_json(edtf_chron, "T"))
    assert "scale" not in data  # every year within JavaScript's dates
    slides = {s["unique_id"]: s for s in data["events"]}
    # TimelineJS shows -44 as "44 BCE": the astronomical -0043 (44 BC) is one lower, the inverse of the import
    assert slides["ides-of-march"]["start_date"] == {"year": "-44", "month": "3", "day": "15", "display_date": "15 March 44 BC"}
    assert slides["ides-of-march"]["display_date"] == "15 March 44 BC"
    still = slides["still-going"]
    assert "end_date" not in still and still["display_date"] == "since March 2021"
    assert slides["a-decade"]["start_date"] == {"year": "2010", "display_date": "the 2010s"}
    assert slides["a-decade"]["end_date"] == {"year": "2015", "month": "9", "display_date": "c. September 2015"}
    assert slides["a-decade"]["display_date"] == "the 2010s – c. September 2015"
    assert slides["uncertain"]["display_date"] == "28 September 2015?"


def test_timelinejs_deep_time_is_on_the_cosmological_scale(write_tree, tmp_path):
    root = write_tree({**EDTF_FILES, **BIG_BANG})
    data = json.loads(timelinejs_json(build_chronology(read_content(root / "content", root)), "T"))
    assert data["scale"] == "cosmological"
    slides = {s["unique_id"]: s for s in data["events"]}
    assert slides["big-bang"]["start_date"] == {"year": "-13800000000", "display_date": "13.8 billion years ago"}
    # on the cosmological scale TimelineJS counts years as they are, and the import keeps them: no renumbering
    assert slides["ides-of-march"]["start_date"]["year"] == "-43"


@pytest.mark.parametrize("files", [EDTF_FILES, {**EDTF_FILES, **BIG_BANG}], ids=["human", "cosmological"])
def test_timelinejs_export_imports_back_to_the_same_dates(files, write_tree, tmp_path):
    from generator.editorial.importers import import_timelinejs

    root = write_tree(files)
    chron = build_chronology(read_content(root / "content", root))
    exported = tmp_path / "timeline.json"
    exported.write_bytes(timelinejs_json(chron, "T"))
    import_timelinejs(exported, tmp_path / "again")
    again = read_content(tmp_path / "again", tmp_path)
    # ~ ? % and X digits cannot be said in TimelineJS's numbers (the slide's display_date says them);
    # the years, months and days come back as they were
    assert sorted((e.date.year, e.date.month, e.date.day) for e in again.events) == sorted(
        (e.date.year, e.date.month, e.date.day) for e in chron.events)


def test_csv_carries_an_open_end_and_imports_it_back(edtf_chron, tmp_path):
    from generator.editorial.importers import import_csv

    data = events_csv(edtf_chron, SITE)
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))}
    assert (rows["still-going"]["date"], rows["still-going"]["end_date"]) == ("2021-03", "..")
    assert (rows["ides-of-march"]["date"], rows["a-decade"]["date"]) == ("-0043-03-15", "201X")
    into = tmp_path / "again"
    (into / "sources").mkdir(parents=True)
    (into / "sources" / "wire-report.yaml").write_text("title: Wire report\n", encoding="utf-8")
    exported = tmp_path / "events.csv"
    exported.write_bytes(data)
    report = import_csv(exported, into)
    assert report.skipped == []
    again = {e.id: e for e in read_content(into, tmp_path).events}
    assert {i: (str(e.date), str(e.end_date) if e.end_date else None) for i, e in again.items()} == {
        "still-going": ("2021-03", ".."),
        "a-decade": ("201X", "2015-09~"),
        "ides-of-march": ("-0043-03-15", None),
        "uncertain": ("2015-09-28?", None),
    }
    assert (into / "events" / "-0043" / "ides-of-march.yaml").is_file()


def test_timelinejs_uses_given_markdown_renderer_and_links(chron):
    data = json.loads(timelinejs_json(chron, "T", markdown_to_html=lambda md: "<p>rendered</p>", site_url=SITE))
    text = data["events"][0]["text"]["text"]
    assert text.startswith("<p>rendered</p>") and f'href="{SITE}events/invasion/"' in text


# -- determinism --------------------------------------------------------------------------------


def test_exports_are_byte_identical_across_runs(chron, write_tree, tmp_path):
    again = build_chronology(read_content(tmp_path / "content", tmp_path))

    def outputs(c):
        return [
            events_json(c, SITE), events_csv(c, SITE), events_ics(c, SITE, title="T"),
            timelinejs_json(c, "T"), atom_feed(c, SITE, "T"),
        ]

    first = outputs(chron)
    assert all(isinstance(o, bytes) for o in first)
    assert first == outputs(chron) == outputs(again)


# -- EDTF dates in a built site --------------------------------------------------------------------


def test_a_site_with_edtf_dates_builds_with_year_pages_at_their_slugs(small_project, build, tmp_path):
    from bs4 import BeautifulSoup

    from generator.content.dates import Date
    from generator.editorial.scaffold import event_yaml, new_event_path

    content = small_project / "content"
    for folder, name, date, end in (("2010", "a-decade", "201X", None), ("-0043", "ides-of-march", "-0043-03-15", None),
                                    ("2021", "still-going", "2021-03", "..")):
        path = new_event_path(content, Date.parse(date), name)  # where `timeline new` puts it
        assert path == content / "events" / folder / f"{name}.yaml"
        path.parent.mkdir(exist_ok=True)
        text = event_yaml(Date.parse(date), name, "wire", None, [])
        path.write_text(text + (f'end_date: "{end}"\n' if end else ""), encoding="utf-8")
    site = tmp_path / "site"
    assert build(small_project, site) == 0
    for slug, words in (("2010", "the 2010s"), ("-0043", "15 March 44 BC")):
        page = site / "years" / slug / "index.html"
        assert page.is_file(), sorted(p.name for p in (site / "years").iterdir())
        assert words in BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").get_text(" ")
    still = BeautifulSoup((site / "events" / "still-going" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert "since March 2021" in still.get_text(" ")
    model = json.loads((site / "events.json").read_text(encoding="utf-8"))
    jsonschema.validate(model, events_json_schema(), cls=jsonschema.Draft202012Validator)
    exported = {e["id"]: e for e in model["events"]}
    assert (exported["still-going"]["end_date"], exported["still-going"]["end_precision"]) == ("..", "open")
    assert exported["ides-of-march"]["date_bounds"] == ["-0043-03-15", "-0043-03-15"]


def test_ics_lines_fold_as_icalendar_folds_them():
    import random

    from icalendar.parser import _foldline

    from generator.render.exports.ics import fold_line

    rng = random.Random(7)
    lines = ["", "a" * 74, "a" * 75, "a" * 73 + "\\;" + "b" * 80, "a" * 73 + "^^" + "b" * 80, "é" * 60 + "a" * 40]
    lines += ["".join(rng.choice("ab\\^;, :é") for _ in range(rng.randint(0, 300))) for _ in range(2000)]
    for line in lines:
        assert fold_line(line) == _foldline(line), line
