"""Validation rules (generator.content.validate, generator.content.fields, generator.content.format).

Each test writes a small content tree with ``write_tree`` and checks the exact
``path:line:col: message`` that ``read_content`` reports. ``BASE`` is a valid tree;
``EVENT`` is a valid event whose lines are numbered in the comment below.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.dates import Date
from generator.content.errors import ContentInvalid
from generator.content.model import Casualty, Content, Quote, SourceRef, Update
from generator.content.reader import read_content

FIXTURES = Path(__file__).parent / "fixtures"

E = "content/events/2015/kunduz.yaml"
BASE = {
    "content/actors.yaml": (
        "taliban:\n"
        "  name: Taliban\n"
        "  kind: group\n"
        "afghan-government:\n"
        "  name: Government of Afghanistan\n"
    ),
    "content/places.yaml": "kunduz:\n  name: Kunduz\n  lat: 36.73\n  lon: 68.86\n",
    "content/sources/bbc-kunduz.yaml": "title: Kunduz report\nurl: https://example.org/kunduz\n",
}
EVENT = (
    "date: 2015-09-28\n"  # 1
    "title: Taliban seize Kunduz\n"  # 2
    "summary: Fighters storm the city.\n"  # 3
    "sources:\n"  # 4
    "  - source: bbc-kunduz\n"  # 5
)


def build(write_tree, files: dict[str, str | bytes]) -> Content:
    root = write_tree({**BASE, **files})
    return read_content(root / "content")


def errors(write_tree, files: dict[str, str | bytes]) -> list[str]:
    """Every error of the tree BASE + files, as 'path:line:col: message' strings."""
    try:
        build(write_tree, files)
    except ContentInvalid as exc:
        return [str(e) for e in exc.errors]
    return []


def event_errors(write_tree, text: str) -> list[str]:
    return errors(write_tree, {E: text})


def test_base_tree_is_valid(write_tree):
    content = build(write_tree, {E: EVENT})
    (event,) = content.events
    assert event.id == "kunduz"
    assert event.date == Date.parse("2015-09-28")
    assert event.sources == (SourceRef("bbc-kunduz"),)
    assert event.status == "reported"


# -- required fields -------------------------------------------------------------------

_LINES = {"date": [0], "title": [1], "summary": [2], "sources": [3, 4]}


@pytest.mark.parametrize("field", ["date", "title", "summary", "sources"])
def test_missing_required_event_field_is_reported_at_the_top_of_the_file(write_tree, field):
    lines = EVENT.splitlines(keepends=True)
    text = "".join(line for n, line in enumerate(lines) if n not in _LINES[field])
    assert event_errors(write_tree, text) == [f"{E}:1:1: an event is missing required field '{field}'"]


def test_required_field_with_no_value_is_reported_at_the_value(write_tree):
    text = EVENT.replace("title: Taliban seize Kunduz\n", "title:\n")
    assert event_errors(write_tree, text) == [f"{E}:2:7: 'title' is empty"]


def test_blank_text_is_an_error(write_tree):
    text = EVENT.replace("summary: Fighters storm the city.", 'summary: "   "')
    assert event_errors(write_tree, text) == [f"{E}:3:10: text is empty"]


def test_empty_sources_list_is_an_error(write_tree):
    text = EVENT.replace("sources:\n  - source: bbc-kunduz\n", "sources: []\n")
    assert event_errors(write_tree, text) == [f"{E}:4:10: the list needs at least 1 item(s)"]


def test_sources_must_be_a_list(write_tree):
    text = EVENT.replace("sources:\n  - source: bbc-kunduz\n", "sources: bbc-kunduz\n")
    assert event_errors(write_tree, text) == [f"{E}:4:10: expected a list (lines starting with '- ')"]


def test_event_file_must_hold_a_mapping(write_tree):
    assert event_errors(write_tree, "- date: 2015\n") == [f"{E}:1:1: expected a mapping of fields for an event"]


# -- unknown fields ---------------------------------------------------------------------


def test_unknown_field_suggests_the_close_known_field(write_tree):
    assert event_errors(write_tree, EVENT + "titel: Kunduz\n") == [
        f"{E}:6:1: unknown field 'titel' in an event; did you mean 'title'?"
    ]


def test_unknown_field_without_close_match_has_no_suggestion(write_tree):
    assert event_errors(write_tree, EVENT + "colour: red\n") == [f"{E}:6:1: unknown field 'colour' in an event"]


def test_unknown_field_in_a_source_reference_is_reported(write_tree):
    assert event_errors(write_tree, EVENT + "    qoute: Gun battles\n") == [
        f"{E}:6:5: unknown field 'qoute' in a source reference; did you mean 'quote'?"
    ]


def test_misspelt_required_field_reports_both_the_typo_and_the_missing_field(write_tree):
    text = EVENT.replace("title:", "titel:")
    assert event_errors(write_tree, text) == [
        f"{E}:1:1: an event is missing required field 'title'",
        f"{E}:2:1: unknown field 'titel' in an event; did you mean 'title'?",
    ]


# -- ids and file names ----------------------------------------------------------------------


def test_event_id_defaults_to_the_file_stem(write_tree):
    (event,) = build(write_tree, {E: EVENT}).events
    assert event.id == "kunduz"


def test_event_id_that_is_not_a_slug_is_an_error_at_the_id(write_tree):
    assert event_errors(write_tree, "id: Kunduz Attack\n" + EVENT) == [
        f"{E}:1:5: 'Kunduz Attack' is not a valid id: use lowercase letters, digits and single hyphens; e.g. 'kunduz-attack'"
    ]


@pytest.mark.parametrize("bad", ["kunduz--attack", "-kunduz", "kunduz-", "kunduz_attack", "Kunduz"])
def test_malformed_slugs_are_rejected(write_tree, bad):
    assert event_errors(write_tree, f"id: {bad}\n" + EVENT)[0].startswith(f"{E}:1:5: '{bad}' is not a valid id")


def test_id_of_81_characters_is_too_long(write_tree):
    assert event_errors(write_tree, f"id: {'a' * 81}\n" + EVENT) == [
        f"{E}:1:5: '{'a' * 20}…' is longer than 80 characters"
    ]


def test_id_of_80_characters_is_accepted(write_tree):
    (event,) = build(write_tree, {E: f"id: {'a' * 80}\n" + EVENT}).events
    assert event.id == "a" * 80


def test_event_file_stem_that_is_not_a_slug_is_an_error(write_tree):
    path = "content/events/2015/Kunduz_Attack.yaml"
    assert errors(write_tree, {path: EVENT}) == [
        f"{path}:1:1: file name: 'Kunduz_Attack' is not a valid id: use lowercase letters, digits and single hyphens;"
        " e.g. 'kunduz-attack'; or set 'id'"
    ]


def test_bad_file_stem_is_fine_when_the_event_sets_its_id(write_tree):
    (event,) = build(write_tree, {"content/events/2015/Kunduz_Attack.yaml": "id: kunduz-attack\n" + EVENT}).events
    assert event.id == "kunduz-attack"


def test_duplicate_event_ids_across_two_files_are_reported_at_the_second(write_tree):
    assert errors(write_tree, {"content/events/2014/kunduz.yaml": EVENT, E: EVENT}) == [
        f"{E}:1:1: event id 'kunduz' is already used by content/events/2014/kunduz.yaml"
    ]


def test_duplicate_explicit_event_id_is_reported_at_the_id(write_tree):
    other = "content/events/2015/other.yaml"
    assert errors(write_tree, {E: EVENT, other: "id: kunduz\n" + EVENT}) == [
        f"{other}:1:5: event id 'kunduz' is already used by {E}"
    ]


# -- dates -----------------------------------------------------------------------------------


def test_unquoted_date_is_parsed_by_the_model(write_tree):
    (event,) = build(write_tree, {E: EVENT}).events
    assert event.date.precision == "day" and str(event.date) == "2015-09-28"


@pytest.mark.parametrize(
    "date, message",
    [
        ("2015-02-30", "'2015-02-30': February 2015 has no day 30"),
        ("2015-13", "'2015-13': month 13 does not exist"),
        ("2015-09-31", "'2015-09-31': September 2015 has no day 31"),
        (
            "28/09/2015",
            "'28/09/2015' is not a date; write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM+HH:MM, "
            "or an EDTF date: 2015-09~ (approximate), 2015-09-28? (uncertain), 2015% (both), 201X (a decade), "
            "19XX (a century), 2015-XX (month unknown), -0043-03-15 (15 March 44 BC), Y-13800000000 (deep time)",
        ),
    ],
)
def test_impossible_date_is_an_error_at_the_date(write_tree, date, message):
    text = EVENT.replace("date: 2015-09-28", f"date: {date}")
    assert event_errors(write_tree, text) == [f"{E}:1:7: {message}"]


def test_time_without_offset_is_an_error(write_tree):
    text = EVENT.replace("date: 2015-09-28", "date: 2015-09-28T10:00")
    assert event_errors(write_tree, text) == [
        f"{E}:1:7: '2015-09-28T10:00' has a time but no UTC offset; add one, e.g. '2015-09-28T10:00+00:00'"
    ]


def test_offset_beyond_fourteen_hours_is_an_error(write_tree):
    text = EVENT.replace("date: 2015-09-28", "date: 2015-09-28T10:00+14:30")
    assert event_errors(write_tree, text) == [
        f"{E}:1:7: '2015-09-28T10:00+14:30': UTC offset +14:30 is outside -14:00..+14:00"
    ]


def test_offset_of_minus_fourteen_hours_is_accepted(write_tree):
    (event,) = build(write_tree, {E: EVENT.replace("date: 2015-09-28", "date: 2015-09-28T10:00-14:00")}).events
    assert event.date.offset_minutes == -14 * 60


def test_end_date_before_date_is_an_error_at_the_end_date(write_tree):
    assert event_errors(write_tree, EVENT + "end_date: 2015-09-27\n") == [
        f"{E}:6:11: end_date 2015-09-27 is before date 2015-09-28"
    ]


def test_end_date_equal_to_date_is_accepted(write_tree):
    (event,) = build(write_tree, {E: EVENT + "end_date: 2015-09-28\n"}).events
    assert event.end_date == event.date


def test_end_date_on_the_day_of_a_timed_date_is_accepted(write_tree):
    # began at 05:30 on 28 September and ended that day: the end is not before the start
    text = EVENT.replace("date: 2015-09-28", 'date: "2015-09-28T05:30+04:30"') + "end_date: 2015-09-28\n"
    assert event_errors(write_tree, text) == []


def test_end_date_with_an_impossible_date_is_reported(write_tree):
    assert event_errors(write_tree, EVENT + "end_date: 2015-09-31\n") == [
        f"{E}:6:11: '2015-09-31': September 2015 has no day 31"
    ]


@pytest.mark.parametrize("written", ["..", '".."'])
def test_an_open_end_is_still_going(write_tree, written):
    (event,) = build(write_tree, {E: EVENT.replace("date: 2015-09-28", "date: 2015-09") + f"end_date: {written}\n"}).events
    assert event.end_date.is_open and str(event.end_date) == ".."
    assert event.when == "since September 2015"


def test_an_open_start_is_an_error_at_the_date(write_tree):
    assert event_errors(write_tree, EVENT.replace("date: 2015-09-28", 'date: ".."')) == [
        f"{E}:1:7: '..': '..' (still going) is only valid as end_date; date is when it started, e.g. 2021-03"
    ]


def test_an_open_end_sorts_after_every_end_date(write_tree):
    files = {
        f"content/events/2015/{name}.yaml": EVENT + (f'end_date: "{end}"\n' if end else "")
        for name, end in (("a-open", ".."), ("b-far", "Y170000"), ("c-none", None), ("d-near", "2015-09-29"))
    }
    assert [e.id for e in sorted(build(write_tree, files).events, key=lambda e: e.sort_key)] == [
        "c-none", "d-near", "b-far", "a-open",
    ]


END_NOT_BEFORE = [
    ("2015-09-28", "2015"),  # the date's year: version 1
    ("2015-09-28", "201X"),  # it ended in the 2010s
    ("2015-09~", "2015-09"),  # the same month, without its qualifier
    ("2015-XX", "2015"),
    ("-0043-03-15", "-0043"),
    ("2015-09-28?", "2015-09-28"),
    ("2015-09-28T23:00+00:00", "2015-09-29"),  # 29 September begins at UTC+14:00, before 23:00 UTC on the 28th
    ("2015-09-28T05:30+04:30", "2015-09-28T05:00+04:00"),  # the same instant
    ("Y-13800000000", "-0043"),
    ("2015-09-28", ".."),
]
END_BEFORE = [
    ("2015-09-28", "2015-09-27"),
    ("201X", "2009"),
    ("2015-09-28?", "2015-09-27~"),
    ("-0043-03-15", "-0044"),
    ("Y123456", "Y12345"),  # not a year of Y123456, though its text starts with Y12345
    ("2015-09-28T05:30+04:30", "2015-09-28T04:59+04:00"),
    ("2015-09-28T23:00+00:00", "2015-09-27"),
]


def test_timeline_diff_and_check_agree_on_end_dates():
    from generator.editorial.diff.records import read_side

    for (date, end), before in [*((pair, False) for pair in END_NOT_BEFORE), *((pair, True) for pair in END_BEFORE)]:
        text = EVENT.replace("date: 2015-09-28", f'date: "{date}"') + f'end_date: "{end}"\n'
        (side,) = read_side({"rev/events/2015/kunduz.yaml": text.encode()}, "rev/").values()
        assert [e.message for e in side.errors] == ([f"end_date {end} is before date {date}"] if before else []), (date, end)


@pytest.mark.parametrize("date, end", END_NOT_BEFORE)
def test_an_end_date_that_is_not_before_the_date_is_accepted(write_tree, date, end):
    text = EVENT.replace("date: 2015-09-28", f'date: "{date}"') + f'end_date: "{end}"\n'
    assert event_errors(write_tree, text) == []


@pytest.mark.parametrize("date, end", END_BEFORE)
def test_an_end_date_before_the_date_is_an_error_at_the_end_date(write_tree, date, end):
    text = EVENT.replace("date: 2015-09-28", f'date: "{date}"') + f'end_date: "{end}"\n'
    assert event_errors(write_tree, text) == [f"{E}:6:11: end_date {end} is before date {date}"]


def test_correction_date_must_be_a_full_day(write_tree):
    text = EVENT + "updates:\n  - date: 2015-09\n    note: Fixed a name.\n"
    assert event_errors(write_tree, text) == [f"{E}:7:11: '2015-09' must be a full day, YYYY-MM-DD"]


def test_time_of_a_timed_event_date_is_kept(write_tree):
    (event,) = build(write_tree, {E: EVENT.replace("date: 2015-09-28", "date: 2015-09-28T05:30:15+04:30")}).events
    assert str(event.date) == "2015-09-28T05:30:15+04:30"


# -- booleans, choices, numbers, text -----------------------------------------------------------


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "1"])
def test_yaml_1_1_boolean_words_are_not_booleans(write_tree, word):
    assert event_errors(write_tree, EVENT + f"approximate: {word}\n") == [
        f"{E}:6:14: expected true or false, found '{word}'"
    ]


def test_quoted_true_is_not_a_boolean(write_tree):
    assert event_errors(write_tree, EVENT + 'approximate: "true"\n') == [f"{E}:6:14: expected true or false, found 'true'"]


def test_approximate_true_is_a_boolean(write_tree):
    (event,) = build(write_tree, {E: EVENT + "approximate: true\n"}).events
    assert event.approximate is True
    assert event.when == "c. 28 September 2015"


def test_invalid_status_suggests_the_close_status(write_tree):
    assert event_errors(write_tree, EVENT + "status: confirmd\n") == [
        f"{E}:6:9: 'confirmd' is not one of: confirmed, reported, disputed, unverified; did you mean 'confirmed'?"
    ]


@pytest.mark.parametrize("status", ["confirmed", "reported", "disputed", "unverified"])
def test_every_status_is_accepted(write_tree, status):
    (event,) = build(write_tree, {E: EVENT + f"status: {status}\n"}).events
    assert event.status == status


CASUALTY = "casualties:\n  - party: taliban\n    source: bbc-kunduz\n"  # lines 6-8; a count goes on line 9


def test_negative_casualty_count_is_an_error(write_tree):
    (error,) = event_errors(write_tree, EVENT + CASUALTY + "    killed: -1\n")
    assert error.startswith(f"{E}:9:13: -1 ")


def test_negative_casualty_count_message_does_not_show_python_none(write_tree):
    (error,) = event_errors(write_tree, EVENT + CASUALTY + "    killed: -1\n")
    assert "None" not in error, error


@pytest.mark.parametrize("count", ["2.5", "many", "'3'", "1e3"])
def test_casualty_count_must_be_a_whole_number(write_tree, count):
    shown = count.strip("'")
    assert event_errors(write_tree, EVENT + CASUALTY + f"    wounded: {count}\n") == [
        f"{E}:9:14: expected a whole number, found '{shown}'"
    ]


def test_zero_casualties_is_accepted(write_tree):
    (event,) = build(write_tree, {E: EVENT + CASUALTY + "    killed: 0\n    wounded: 12\n"}).events
    assert event.casualties == (Casualty(party="taliban", source="bbc-kunduz", killed=0, wounded=12),)


def test_invalid_casualty_qualifier_suggests_the_close_one(write_tree):
    assert event_errors(write_tree, EVENT + CASUALTY + "    qualifier: atleast\n") == [
        f"{E}:9:16: 'atleast' is not one of: exactly, at-least, about, up-to; did you mean 'at-least'?"
    ]


def test_casualty_qualifier_is_described_in_words(write_tree):
    (event,) = build(write_tree, {E: EVENT + CASUALTY + "    killed: 25\n    qualifier: at-least\n"}).events
    assert event.casualties[0].describe(25) == "at least 25"


def test_title_longer_than_200_characters_is_an_error(write_tree):
    text = EVENT.replace("title: Taliban seize Kunduz", "title: " + "x" * 201)
    assert event_errors(write_tree, text) == [f"{E}:2:8: text is 201 characters long; the limit is 200"]


def test_title_of_200_characters_is_accepted(write_tree):
    (event,) = build(write_tree, {E: EVENT.replace("title: Taliban seize Kunduz", "title: " + "x" * 200)}).events
    assert len(event.title) == 200


def test_tags_must_be_slugs(write_tree):
    assert event_errors(write_tree, EVENT + "tags: [kunduz, Taliban Offensive]\n")[0].startswith(
        f"{E}:6:16: 'Taliban Offensive' is not a valid id"
    )


# -- references ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra, position, message",
    [
        ("place: kundus\n", "6:8", "no place in places.yaml has the id 'kundus'; did you mean 'kunduz'?"),
        ("actors:\n  - taliban\n  - talibn\n", "8:5", "no actor in actors.yaml has the id 'talibn'; did you mean 'taliban'?"),
        ("  - source: bbc-kundus\n", "6:13", "no source file in sources/ has the id 'bbc-kundus'; did you mean 'bbc-kunduz'?"),
        (
            "quotes:\n  - text: Gun battles\n    by: An official\n    source: bbc-kundus\n",
            "9:13",
            "no source file in sources/ has the id 'bbc-kundus'; did you mean 'bbc-kunduz'?",
        ),
        (
            "casualties:\n  - party: talibn\n    killed: 3\n    source: bbc-kunduz\n",
            "7:12",
            "no actor in actors.yaml has the id 'talibn'; did you mean 'taliban'?",
        ),
        ("casualties:\n  - party: taliban\n    source: reuters\n", "8:13", "no source file in sources/ has the id 'reuters'"),
        ("related:\n  - prison-break\n", "7:5", "no event has the id 'prison-break'"),
    ],
    ids=["place", "actors", "sources.source", "quotes.source", "casualties.party", "casualties.source", "related"],
)
def test_unknown_reference_is_an_error_at_the_id(write_tree, extra, position, message):
    assert event_errors(write_tree, EVENT + extra) == [f"{E}:{position}: {message}"]


def test_every_kind_of_reference_resolves_in_a_valid_tree(write_tree):
    full = (
        EVENT
        + "place: kunduz\n"
        + "actors: [taliban, afghan-government]\n"
        + "quotes:\n  - text: Gun battles\n    by: An official\n    source: bbc-kunduz\n"
        + "casualties:\n  - party: afghan-government\n    source: bbc-kunduz\n"
        + "related: [prison-break]\n"
    )
    prison = "content/events/2015/prison-break.yaml"
    content = build(write_tree, {E: full, prison: EVENT.replace("title: Taliban seize Kunduz", "title: Prison break")})
    event = next(e for e in content.events if e.id == "kunduz")
    assert event.place == "kunduz"
    assert event.actors == ("taliban", "afghan-government")
    assert event.quotes == (Quote(text="Gun battles", by="An official", source="bbc-kunduz"),)
    assert event.related == ("prison-break",)


def test_event_related_to_itself_is_one_error_at_the_id(write_tree):
    text = EVENT + "related:\n  - other\n  - kunduz\n"
    other = "content/events/2015/other.yaml"
    assert errors(write_tree, {E: text, other: EVENT}) == [f"{E}:8:5: event 'kunduz' lists itself in related"]


def test_reference_to_an_existing_but_invalid_event_reports_only_that_events_error(write_tree):
    broken = "content/events/2015/prison-break.yaml"
    files = {
        E: EVENT + "related:\n  - prison-break\n",
        broken: EVENT.replace("date: 2015-09-28", "date: 2015-09-31"),
    }
    assert errors(write_tree, files) == [f"{broken}:1:7: '2015-09-31': September 2015 has no day 31"]


def test_reference_to_an_existing_but_invalid_source_is_not_reported_twice(write_tree):
    files = {"content/sources/bbc-kunduz.yaml": "title: Kunduz report\nurl: ftp://example.org/kunduz\n", E: EVENT}
    assert errors(write_tree, files) == [
        "content/sources/bbc-kunduz.yaml:2:6: 'ftp://example.org/kunduz' is not an http(s) URL; write it as https://…"
    ]


# -- sources ------------------------------------------------------------------------------------------

S = "content/sources/bbc-kunduz.yaml"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://example.org/kunduz", "example.org/kunduz", "https://", "mailto:desk@example.org"],
)
def test_source_url_must_be_http_or_https(write_tree, url):
    assert errors(write_tree, {S: f"title: Kunduz report\nurl: {url}\n", E: EVENT}) == [
        f"{S}:2:6: '{url}' is not an http(s) URL; write it as https://…"
    ]


def test_archived_url_must_be_http_or_https(write_tree):
    assert errors(write_tree, {S: "title: Kunduz report\narchived_url: javascript:alert(1)\n", E: EVENT}) == [
        f"{S}:2:15: 'javascript:alert(1)' is not an http(s) URL; write it as https://…"
    ]


@pytest.mark.parametrize("url", ["http://example.org/a", "https://web.archive.org/web/2015/https://example.org/a?x=1"])
def test_http_and_https_urls_are_accepted(write_tree, url):
    content = build(write_tree, {S: f"title: Kunduz report\nurl: {url}\n", E: EVENT})
    assert content.sources["bbc-kunduz"].url == url


def test_source_id_field_must_equal_the_file_stem(write_tree):
    assert errors(write_tree, {S: "id: bbc\ntitle: Kunduz report\n", E: EVENT}) == [
        f"{S}:1:5: a source's id must equal its file name 'bbc-kunduz'"
    ]


def test_source_id_field_equal_to_the_stem_is_accepted(write_tree):
    content = build(write_tree, {S: "id: bbc-kunduz\ntitle: Kunduz report\n", E: EVENT})
    assert content.sources["bbc-kunduz"].id == "bbc-kunduz"


def test_source_file_stem_must_be_a_slug(write_tree):
    bad = "content/sources/BBC_Kunduz.yaml"
    assert errors(write_tree, {bad: "title: Kunduz report\n", E: EVENT}) == [
        f"{bad}:1:1: file name: 'BBC_Kunduz' is not a valid id: use lowercase letters, digits and single hyphens;"
        " e.g. 'bbc-kunduz'"
    ]


def test_source_published_date_is_parsed(write_tree):
    content = build(write_tree, {S: "title: Kunduz report\npublished: 2015-09-28\n", E: EVENT})
    assert content.sources["bbc-kunduz"].published == Date.parse("2015-09-28")


def test_source_missing_title_is_an_error(write_tree):
    assert errors(write_tree, {S: "publisher: BBC\n", E: EVENT}) == [f"{S}:1:1: a source is missing required field 'title'"]


# -- registries -------------------------------------------------------------------------------------------

A = "content/actors.yaml"
P = "content/places.yaml"


def test_registries_are_keyed_by_id(write_tree):
    content = build(write_tree, {E: EVENT})
    assert list(content.actors) == ["afghan-government", "taliban"]
    assert content.actors["taliban"].id == "taliban" and content.actors["taliban"].kind == "group"
    assert content.places["kunduz"].id == "kunduz" and content.places["kunduz"].lat == 36.73
    assert list(content.sources) == ["bbc-kunduz"]


def test_registry_key_must_be_a_slug(write_tree):
    actors = BASE[A] + "Taliban Fighters:\n  name: Taliban fighters\n"
    assert errors(write_tree, {A: actors, E: EVENT}) == [
        f"{A}:6:1: 'Taliban Fighters' is not a valid id: use lowercase letters, digits and single hyphens;"
        " e.g. 'taliban-fighters'"
    ]


def test_registry_must_be_a_mapping(write_tree):
    assert errors(write_tree, {A: "- taliban\n", E: EVENT}) == [f"{A}:1:1: expected a mapping of id: record"]


def test_invalid_actor_kind_suggests_the_close_kind(write_tree):
    actors = BASE[A].replace("kind: group", "kind: gruop")
    assert errors(write_tree, {A: actors, E: EVENT}) == [
        f"{A}:3:9: 'gruop' is not one of: group, person, organization, government, military, other; did you mean 'group'?"
    ]


def test_actor_missing_name_is_an_error(write_tree):
    assert errors(write_tree, {A: "taliban:\n  kind: group\n", E: EVENT}) == [
        f"{A}:2:3: an actor is missing required field 'name'"
    ]


@pytest.mark.parametrize(
    "coordinates, position, message",
    [
        ("lat: 91\n  lon: 0\n", "3:8", "91 is outside -90..90"),
        ("lat: -90.5\n  lon: 0\n", "3:8", "-90.5 is outside -90..90"),
        ("lat: 0\n  lon: 180.01\n", "4:8", "180.01 is outside -180..180"),
        ("lat: 0\n  lon: -181\n", "4:8", "-181 is outside -180..180"),
        ("lat: north\n  lon: 0\n", "3:8", "expected a number, found 'north'"),
    ],
)
def test_place_coordinates_must_be_in_range(write_tree, coordinates, position, message):
    places = "kunduz:\n  name: Kunduz\n  " + coordinates
    assert errors(write_tree, {P: places, E: EVENT}) == [f"{P}:{position}: {message}"]


def test_place_coordinates_at_the_limits_are_accepted(write_tree):
    places = "north-pole:\n  name: North Pole\n  lat: 90\n  lon: -180\nkunduz:\n  name: Kunduz\n"
    content = build(write_tree, {P: places, E: EVENT})
    assert (content.places["north-pole"].lat, content.places["north-pole"].lon) == (90.0, -180.0)


# -- sequence and featured (format v2) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "value, message",
    [
        ("0", "0 must be at least 1"),
        ("-1", "-1 must be at least 1"),
        ("x", "expected a whole number, found 'x'"),
        ('"2"', "expected a whole number, found '2'"),
        ("1.5", "expected a whole number, found '1.5'"),
        ("[1]", "expected a number, found a list"),
    ],
)
def test_sequence_must_be_a_whole_number_of_at_least_one_at_its_value(write_tree, value, message):
    assert event_errors(write_tree, EVENT + f"sequence: {value}\n") == [f"{E}:6:11: {message}"]


def test_sequence_is_kept_and_absent_by_default(write_tree):
    (event,) = build(write_tree, {E: EVENT + "sequence: 3\n"}).events
    assert event.sequence == 3
    (plain,) = build(write_tree, {E: EVENT}).events
    assert plain.sequence is None and plain.featured is False


def test_featured_is_a_boolean(write_tree):
    (event,) = build(write_tree, {E: EVENT + "featured: true\n"}).events
    assert event.featured is True
    assert event_errors(write_tree, EVENT + "featured: yes\n") == [f"{E}:6:11: expected true or false, found 'yes'"]


def test_sequence_orders_events_of_one_day_in_the_content(write_tree):
    files = {
        "content/events/2015/a-last.yaml": EVENT,
        "content/events/2015/b-second.yaml": EVENT + "sequence: 2\n",
        "content/events/2015/c-first.yaml": EVENT + "sequence: 1\n",
        "content/events/2015/d-year.yaml": EVENT.replace("date: 2015-09-28", "date: 2015") + "sequence: 9\n",
    }
    assert [e.id for e in build(write_tree, files).events] == ["d-year", "c-first", "b-second", "a-last"]


# -- places within places ----------------------------------------------------------------------------------


def place(place_id: str, within: str) -> str:
    """A place record of three lines; its within value is at column 11 of the third."""
    return f"{place_id}:\n  name: {place_id.title()}\n  within: {within}\n"


def test_within_is_kept_on_the_place(write_tree):
    content = build(write_tree, {P: BASE[P] + place("hospital", "kunduz"), E: EVENT})
    assert content.places["hospital"].within == "kunduz"
    assert content.places["kunduz"].within is None


def test_within_an_unknown_place_is_an_error_at_the_value(write_tree):
    assert errors(write_tree, {P: BASE[P] + place("hospital", "kundus"), E: EVENT}) == [
        f"{P}:7:11: no place in places.yaml has the id 'kundus'; did you mean 'kunduz'?"
    ]


def test_within_itself_is_an_error_at_the_value(write_tree):
    assert errors(write_tree, {P: BASE[P] + place("hospital", "hospital"), E: EVENT}) == [
        f"{P}:7:11: place 'hospital' cannot be within itself"
    ]


def test_a_loop_of_two_places_is_one_error_where_it_closes_naming_the_loop(write_tree):
    places = BASE[P] + place("city", "ward") + place("ward", "city")
    assert errors(write_tree, {P: places, E: EVENT}) == [f"{P}:10:11: 'within: city' makes a loop: ward → city → ward"]


def test_a_loop_of_three_places_names_every_place_on_it(write_tree):
    places = BASE[P] + place("a", "b") + place("b", "c") + place("c", "a") + place("d", "a")
    assert errors(write_tree, {P: places, E: EVENT}) == [f"{P}:13:11: 'within: a' makes a loop: c → a → b → c"]


def test_within_that_is_not_an_id_is_reported_once_as_an_id(write_tree):
    (error,) = errors(write_tree, {P: BASE[P] + place("hospital", "Kunduz City"), E: EVENT})
    assert error.startswith(f"{P}:7:11: 'Kunduz City' is not a valid id")


def test_within_a_place_whose_record_is_invalid_reports_only_that_record(write_tree):
    places = BASE[P] + "city:\n  lat: 36\n" + place("hospital", "city")
    assert errors(write_tree, {P: places, E: EVENT}) == [f"{P}:6:3: a place is missing required field 'name'"]


# -- whole trees --------------------------------------------------------------------------------------------


def test_valid_minimal_fixture_builds_the_model():
    content = read_content(FIXTURES / "valid_minimal" / "content")
    assert [e.id for e in content.events] == ["national-unity-government-takes-office", "taliban-seize-kunduz"]
    older, kunduz = content.events
    assert older.when == "c. September 2014"
    assert kunduz.path == "content/events/2015/taliban-seize-kunduz.yaml"
    assert kunduz.when == "Pre-dawn, 28 September 2015"
    assert kunduz.casualties[0].describe(2) == "at least 2"
    assert kunduz.updates == (Update(date=Date.parse("2015-09-29").first_day(), note="Corrected the number of prisoners."),)
    assert kunduz.sources[0] == SourceRef(
        "bbc-kunduz-2015-09-28",
        quote="Right now intensive gun battles are going on inside the city",
        note="Wire-style report.",
    )
    assert set(content.actors) == {"taliban", "afghan-government"}
    assert content.actors["taliban"].aliases == ("Taliban insurgents",)


def test_events_are_sorted_by_date_not_by_file_name(write_tree):
    files = {
        "content/events/2015/a-late.yaml": EVENT.replace("date: 2015-09-28", "date: 2015-10"),
        "content/events/2015/b-early.yaml": EVENT.replace("date: 2015-09-28", "date: 2015"),
        "content/events/2014/c-earliest.yaml": EVENT.replace("date: 2015-09-28", "date: 2014-12-31"),
    }
    assert [e.id for e in build(write_tree, files).events] == ["c-earliest", "b-early", "a-late"]


def test_all_errors_of_all_files_are_reported_together_sorted_by_path_then_line():
    with pytest.raises(ContentInvalid) as exc:
        read_content(FIXTURES / "many_errors" / "content")
    assert [str(e) for e in exc.value.errors] == [
        "content/actors.yaml:4:9: 'gruop' is not one of: group, person, organization, government, military, other;"
        " did you mean 'group'?",
        "content/events/2014/b-event.yaml:1:1: an event is missing required field 'title'",
        "content/events/2014/b-event.yaml:3:1: unknown field 'titel' in an event; did you mean 'title'?",
        "content/events/2015/a-event.yaml:2:7: '2015-02-30': February 2015 has no day 30",
        "content/events/2015/a-event.yaml:9:5: no actor in actors.yaml has the id 'talibn'; did you mean 'taliban'?",
        "content/events/2015/a-event.yaml:11:9: 'confirmd' is not one of: confirmed, reported, disputed, unverified;"
        " did you mean 'confirmed'?",
        "content/events/2015/tabbed.yaml:2:1: tab character; use spaces in YAML files",
        "content/places.yaml:3:8: 95 is outside -90..90",
        "content/sources/bad-url.yaml:2:6: 'javascript:alert(1)' is not an http(s) URL; write it as https://…",
    ]


def test_content_invalid_message_lists_every_error(write_tree):
    with pytest.raises(ContentInvalid) as exc:
        build(write_tree, {E: EVENT + "status: confirmd\napproximate: yes\n"})
    assert str(exc.value).splitlines() == [
        f"{E}:6:9: 'confirmd' is not one of: confirmed, reported, disputed, unverified; did you mean 'confirmed'?",
        f"{E}:7:14: expected true or false, found 'yes'",
    ]
