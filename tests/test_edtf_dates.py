"""EDTF level 1 dates (content format version 2): parsing, printing as written, words, errors, bounds, order.

Version 1's forms are tested in tests/test_dates.py; here they appear only to show that
they keep their order among themselves and next to the new forms.
"""

from __future__ import annotations

import calendar
from datetime import date as _date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.calendar_days import ProlepticDay, day_number, days_in_month, year_slug
from generator.content.dates import MAX_OFFSET_MINUTES, OPEN_END, PRECISIONS, Date, DateError, human_range, parse_calendar_day
from generator.content.edtf_dates import DATE_PATTERN_V2, END_DATE_PATTERN_V2

FAST = settings(derandomize=True, max_examples=150, deadline=None)

# -- round trip: every form prints back as written ---------------------------------------------

FORMS = [
    "2015-09~", "2015-09-28?", "2015%", "2015-09-28%", "2015~", "201X", "19XX", "1XXX", "201X~", "19XX?",
    "2015-XX", "2015-09-XX", "2015-XX-XX", "2015-XX?", "-0043-03-15", "-0043", "-0043-03", "-0043-03-15~",
    "-0043-XX", "-9999-12-31", "Y-13800000000", "Y170000002", "Y-12345", "Y10000", "000X", "00XX",
]


@pytest.mark.parametrize("text", FORMS)
def test_str_is_the_form_as_written(text):
    assert str(Date.parse(text)) == text


@pytest.mark.parametrize("text", FORMS)
def test_parse_of_str_gives_the_same_date(text):
    parsed = Date.parse(text)
    assert Date.parse(str(parsed)) == parsed and hash(Date.parse(str(parsed))) == hash(parsed)


@pytest.mark.parametrize(
    "text, precision, attributes",
    [
        ("2015-09~", "month", {"approximate": True, "uncertain": False, "qualifier": "~"}),
        ("2015-09-28?", "day", {"approximate": False, "uncertain": True, "qualifier": "?"}),
        ("2015%", "year", {"approximate": True, "uncertain": True, "qualifier": "%"}),
        ("201X", "decade", {"year": 2010, "span": 10}),
        ("19XX", "century", {"year": 1900, "span": 100}),
        ("1XXX", "millennium", {"year": 1000, "span": 1000}),
        ("2015-XX", "year", {"year": 2015, "month": None, "unknown": 1}),
        ("2015-09-XX", "month", {"month": 9, "day": None, "unknown": 1}),
        ("2015-XX-XX", "year", {"unknown": 2}),
        ("-0043-03-15", "day", {"year": -43, "month": 3, "day": 15}),
        ("Y-13800000000", "year", {"year": -13_800_000_000}),
    ],
)
def test_parse_keeps_qualifiers_unspecified_parts_and_precision(text, precision, attributes):
    parsed = Date.parse(text)
    assert parsed.precision == precision
    assert {name: getattr(parsed, name) for name in attributes} == attributes
    assert parsed.needs_edtf and not parsed.has_time


def test_version_1_forms_need_no_edtf():
    assert not any(Date.parse(t).needs_edtf for t in ("2015", "2015-09", "2015-09-28", "2015-09-28T05:30+04:30"))


# -- words -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, words",
    [
        ("2015-09~", "c. September 2015"),
        ("2015-09-28?", "28 September 2015?"),
        ("2015-09-28%", "c. 28 September 2015?"),
        ("201X", "the 2010s"),
        ("200X", "the 2000s"),
        ("19XX", "the 20th century"),
        ("20XX", "the 21st century"),
        ("1XXX", "the 2nd millennium"),
        ("201X~", "c. the 2010s"),
        ("2015-XX", "2015 (month unknown)"),
        ("2015-09-XX", "September 2015 (day unknown)"),
        ("2015-XX-XX", "2015 (month and day unknown)"),
        ("2015-XX?", "2015? (month unknown)"),
        ("-0043", "44 BC"),
        ("-0043-03", "March 44 BC"),
        ("-0043-03-15", "15 March 44 BC"),
        ("-0001", "2 BC"),
        ("-2499", "2500 BC"),
        ("Y-11999", "12,000 BC"),
        ("Y-13800000000", "13.8 billion years ago"),
        ("Y-4540000000", "4.54 billion years ago"),
        ("Y-66000000", "66 million years ago"),
        ("Y12345", "AD 12,345"),
        ("Y170000002", "170 million years from now"),
        ("000X", "1 BC–AD 9"),
        ("099X", "990–999"),
    ],
)
def test_human_words(text, words):
    assert Date.parse(text).human() == words


def test_the_events_approximate_flag_reads_like_a_tilde():
    assert Date.parse("2015-09").human(approximate=True) == Date.parse("2015-09~").human() == "c. September 2015"
    assert Date.parse("2015-09~").human(approximate=True) == "c. September 2015"


def test_an_open_end_reads_since():
    assert human_range(Date.parse("2021-03"), OPEN_END) == "since March 2021"
    assert human_range(Date.parse("2021-03"), OPEN_END, approximate=True) == "since c. March 2021"
    assert human_range(Date.parse("2001-10"), Date.parse("2021")) == "October 2001 – 2021"
    assert human_range(Date.parse("-0043-03-15")) == "15 March 44 BC"


# -- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, message",
    [
        ("2015-13~", "'2015-13~': month 13 does not exist (write 2015-12~ or 2015-XX~)"),
        ("2015-00?", "'2015-00?': month 00 does not exist (write 2015-01? or 2015-XX?)"),
        ("2015-02-30?", "'2015-02-30?': February 2015 has no day 30 (write 2015-02-28? or 2015-02-XX?)"),
        ("2015-09-31~", "September 2015 has no day 31 (write 2015-09-30~ or 2015-09-XX~)"),
        ("-0043-02-29", "'-0043-02-29': February 44 BC has no day 29 (write -0043-02-28 or -0043-02-XX)"),
        ("2015~?", "write one qualifier at the end, ~ (approximate), ? (uncertain) or % (both): 2015%"),
        ("2015-9~", "write the month as two digits, or XX when it is unknown: 2015-09, 2015-XX"),
        ("201X-05", "a year with unspecified digits has no month or day; write 201X or the full date"),
        ("2015-XX-15", "a day needs its month; write 2015-XX-XX or the full date"),
        ("2015-1X", "write the month as two digits, or XX when it is unknown"),
        ("1X15", "unspecified digits (X) replace the last digits of a year: 201X, 19XX"),
        ("-004X", "unspecified digits (X) in a year before year 1 are not supported"),
        ("20155", "years of five or more digits take a Y (Y20155)"),
        ("Y-13800000000~", "a Y-year cannot carry ~, ? or %; write Y-13800000000 and set approximate: true"),
        ("Y-13800000000-01", "a Y-year has no month or day; write Y-13800000000"),
        ("Y123", "Y is for years of five or more digits; write 0123"),
        ("Y-0012345", "write the year without leading zeros: Y-12345"),
        ("2015-21~", "seasons are not supported"),
        ("2004-06~-11", "a qualifier inside a date is EDTF level 2; put one qualifier at the end (2004-06-11~)"),
        ("2004/2006", "is not a date but a range; write its start as date and its end as end_date"),
        ("2015-09-28T10:00Z", "write the UTC offset as +00:00 instead of Z (2015-09-28T10:00+00:00)"),
        ("2015-09-28T10:00+00:00~", "~, ? and % qualify dates without a time"),
        ("Y17E7", "exponential years are EDTF level 2; write the year in full (Y170000000)"),
        ("1950S2", "significant digits (S) are EDTF level 2"),
        ("[1667,1668]", "is a set of dates; write one event per date"),
        ("0000~", "year 0000 does not exist"),
        ("..", "'..' (still going) is only valid as end_date"),
    ],
)
def test_errors_say_what_is_wrong_and_show_a_right_form(text, message):
    with pytest.raises(DateError) as exc:
        Date.parse(text)
    assert message in str(exc.value)
    assert str(exc.value).startswith(f"'{text}'")


@pytest.mark.parametrize("text", ["garbage", "28 September 2015", "2015 09", "2015-09-XX-XX", "Y-138S3"])
def test_anything_else_lists_the_accepted_forms_with_edtf_examples(text):
    with pytest.raises(DateError) as exc:
        Date.parse(text)
    message = str(exc.value)
    assert message.startswith(f"'{text}' is not a date; write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM+HH:MM")
    for example in ("2015-09~", "2015-09-28?", "2015%", "201X", "2015-XX", "-0043-03-15", "Y-13800000000"):
        assert example in message


@FAST
@given(st.from_regex(DATE_PATTERN_V2.replace(r"\d", "[0-9]"), fullmatch=True))
def test_anything_the_schema_pattern_admits_parses_to_itself_or_raises_date_error_naming_it(text):
    try:
        parsed = Date.parse(text)
    except DateError as exc:
        assert str(exc).startswith(f"'{text}'")
    else:
        assert str(parsed) == text


@FAST
@given(st.from_regex(END_DATE_PATTERN_V2.replace(r"\d", "[0-9]"), fullmatch=True))
def test_anything_the_end_date_pattern_admits_parses_as_an_end_date(text):
    try:
        parsed = Date.parse(text, allow_open=True)
    except DateError as exc:
        assert str(exc).startswith(f"'{text}'")
    else:
        assert str(parsed) == text


def test_correction_dates_stay_plain_days():
    for text in ("2015-09-28~", "-0043-03-15", "2015-09-XX"):
        with pytest.raises(DateError, match="must be a full day"):
            parse_calendar_day(text)


# -- calendar days and bounds ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, bounds, calendar_day",
    [
        ("201X", ("2010-01-01", "2019-12-31"), True),
        ("19XX", ("1900-01-01", "1999-12-31"), True),
        ("2015-XX", ("2015-01-01", "2015-12-31"), True),
        ("2016-02-XX", ("2016-02-01", "2016-02-29"), True),
        ("2015-09-28~", ("2015-09-28", "2015-09-28"), True),
        ("-0043-03-15", ("-0043-03-15", "-0043-03-15"), False),
        ("-0001-02", ("-0001-02-01", "-0001-02-28"), False),
        ("Y-13800000000", ("-13800000000-01-01", "-13800000000-12-31"), False),
        ("Y12345", ("12345-01-01", "12345-12-31"), False),
        ("000X", ("0000-01-01", "0009-12-31"), False),
    ],
)
def test_bounds_and_calendar_days(text, bounds, calendar_day):
    parsed = Date.parse(text)
    assert parsed.bounds() == bounds
    assert parsed.has_calendar_day is calendar_day
    first, last = parsed.first_day(), parsed.last_day()
    assert (first.isoformat(), last.isoformat()) == bounds
    assert type(first) is (_date if calendar_day else ProlepticDay)


def test_instant_bounds_span_every_time_zone():
    earliest, latest = Date.parse("-0043-03-15").instant_bounds()
    midnight = day_number(-43, 3, 15) * 86400
    assert earliest == midnight - MAX_OFFSET_MINUTES * 60
    assert latest == midnight + 86400 + MAX_OFFSET_MINUTES * 60 - 1


def test_year_slugs_for_folders_and_urls():
    assert [year_slug(y) for y in (2015, 43, -43, -13_800_000_000)] == ["2015", "0043", "-0043", "-13800000000"]


@FAST
@given(st.dates())
def test_day_numbers_are_datetimes_ordinals(day):
    assert day_number(day.year, day.month, day.day) == day.toordinal()


@FAST
@given(st.integers(-10**12, 10**12))
def test_day_numbers_run_on_across_years_before_1(year):
    last = day_number(year, 12, 31)
    assert day_number(year + 1, 1, 1) == last + 1
    assert last - day_number(year, 1, 1) + 1 == (366 if calendar.isleap(year) else 365)


# -- order -------------------------------------------------------------------------------------------

YEARS = st.one_of(st.integers(1, 9999), st.integers(-9999, -1))


@st.composite
def calendar_dates(draw, years=YEARS) -> str:
    """A version 1 or EDTF day, month or year (any four-digit year but 0), as text, maybe qualified."""
    year = draw(years)
    text = year_slug(year)
    level = draw(st.integers(0, 2))
    if level >= 1:
        month = draw(st.integers(1, 12))
        text += f"-{month:02d}"
        if level == 2:
            text += f"-{draw(st.integers(1, days_in_month(year, month))):02d}"
    return text + draw(st.sampled_from(["", "", "~", "?", "%"]))


@st.composite
def unspecified_dates(draw) -> str:
    """201X, 19XX, 1XXX, 2015-XX, 2015-09-XX, 2015-XX-XX (maybe qualified)."""
    year = draw(st.integers(1, 9999))
    digits = f"{year:04d}"
    kind = draw(st.sampled_from(["decade", "century", "millennium", "month", "day", "month-day"]))
    if kind in ("decade", "century", "millennium"):
        unspecified = {"decade": 1, "century": 2, "millennium": 3}[kind]
        text = digits[:-unspecified] + "X" * unspecified
    elif kind == "month":
        text = f"{digits}-XX"
    elif kind == "month-day":
        text = f"{digits}-XX-XX"
    else:
        text = f"{digits}-{draw(st.integers(1, 12)):02d}-XX"
    return text + draw(st.sampled_from(["", "~", "?", "%"]))


@st.composite
def timed_dates(draw) -> str:
    """A version 1 date with a time and an offset."""
    year, month = draw(st.integers(2, 9998)), draw(st.integers(1, 12))
    day = draw(st.integers(1, days_in_month(year, month)))
    offset = draw(st.integers(-MAX_OFFSET_MINUTES, MAX_OFFSET_MINUTES))
    sign = "-" if offset < 0 else "+"
    second = draw(st.sampled_from(["", ":00", ":59"]))
    return (f"{year:04d}-{month:02d}-{day:02d}T{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}{second}"
            f"{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}")


LONG_YEARS = st.one_of(st.integers(-10**12, -10_000), st.integers(10_000, 10**12)).map(lambda y: f"Y{y}")
TEXTS = st.one_of(calendar_dates(), unspecified_dates(), timed_dates(), LONG_YEARS)
DATES = TEXTS.map(Date.parse)


@FAST
@given(TEXTS)
def test_every_generated_form_prints_back_as_written(text):
    assert str(Date.parse(text)) == text


@FAST
@given(DATES, DATES)
def test_exactly_one_of_less_equal_greater_holds(a, b):
    assert [a < b, a == b, a > b].count(True) == 1
    assert (a <= b) == (a < b or a == b) and (a >= b) == (a > b or a == b)


@FAST
@given(DATES, DATES)
def test_equal_dates_are_the_same_text_and_hash_alike(a, b):
    assert (a == b) == (str(a) == str(b))
    if a == b:
        assert hash(a) == hash(b)


@FAST
@given(DATES, DATES, DATES)
def test_order_is_transitive(a, b, c):
    if a < b and b < c:
        assert a < c


@FAST
@given(DATES, DATES)
def test_order_is_by_earliest_instant_then_latest_later_first(a, b):
    (a_first, a_last), (b_first, b_last) = a.instant_bounds(), b.instant_bounds()
    if a_first < b_first or (a_first == b_first and a_last > b_last):
        assert a < b


@FAST
@given(DATES)
def test_everything_sorts_before_an_open_end(d):
    assert d < OPEN_END and OPEN_END > d and d != OPEN_END


def _version_1_key(d: Date) -> tuple:
    """Version 1's sort key, as it was written before EDTF."""
    precision = PRECISIONS.index(d.precision)
    day = _date(d.year, d.month or 1, d.day or 1).toordinal() * 86400
    if d.hour is None:
        return (day - MAX_OFFSET_MINUTES * 60, precision, 0)
    local = day + d.hour * 3600 + (d.minute or 0) * 60 + (d.second or 0)
    return (local - (d.offset_minutes or 0) * 60, precision, d.offset_minutes)


V1_DATES = st.one_of(calendar_dates(years=st.integers(1, 9999)).filter(lambda t: t[-1] not in "~?%"), timed_dates())


@FAST
@given(V1_DATES.map(Date.parse), V1_DATES.map(Date.parse))
def test_version_1_dates_keep_their_order(a, b):
    assert (a < b) == (_version_1_key(a) < _version_1_key(b))
    assert (a == b) == (_version_1_key(a) == _version_1_key(b))


def _containers(d: Date) -> list[Date]:
    """The coarser dates that contain ``d``, coarsest first: its millennium, century, decade, year, month, day."""
    year = f"{d.year:04d}"
    found = [Date.parse(year[:1] + "XXX"), Date.parse(year[:2] + "XX"), Date.parse(year[:3] + "X"), Date(d.year)]
    if d.month is not None:
        found.append(Date(d.year, d.month))
        if d.day is not None and d.has_time:
            found.append(Date(d.year, d.month, d.day))
    return [c for c in found if c.precision != d.precision or c.has_time != d.has_time]


@FAST
@given(st.one_of(calendar_dates(years=st.integers(1000, 9999)), timed_dates()).map(Date.parse))
def test_coarser_dates_come_before_the_finer_dates_they_contain(d):
    chain = _containers(d) + [d]
    assert sorted(chain) == chain, [str(c) for c in sorted(chain)]


def test_coarser_before_finer_by_example():
    texts = ["2015-09-28", "201X", "2015-09", "2015", "19XX", "2015-09-28T05:30+04:30", "2015-XX", "2015~", "2015-09-XX"]
    assert [str(d) for d in sorted(map(Date.parse, texts))] == [
        "19XX", "201X", "2015", "2015~", "2015-XX", "2015-09", "2015-09-XX", "2015-09-28", "2015-09-28T05:30+04:30",
    ]


def test_years_before_1_and_deep_time_sort_in_time():
    texts = ["2015", "-0043-03-15", "Y-13800000000", "0001", "-0043", "Y-66000000", "-9999", "Y12345"]
    assert [str(d) for d in sorted(map(Date.parse, texts))] == [
        "Y-13800000000", "Y-66000000", "-9999", "-0043", "-0043-03-15", "0001", "2015", "Y12345",
    ]
