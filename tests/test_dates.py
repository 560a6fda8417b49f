"""generator.content.dates.Date: parsing, printing at the written precision, human form, total order."""

from __future__ import annotations

import calendar
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.dates import MAX_OFFSET_MINUTES, PRECISIONS, Date, DateError, parse_calendar_day
from generator.content.fields import DATE_PATTERN

# Deterministic, so a failure reproduces on every machine; fast enough for the whole suite.
FAST = settings(derandomize=True, max_examples=100, deadline=None)

# Years 0001 and 9999 are tested by example below: there an offset can push the
# UTC instant outside what datetime can hold, a separate edge from these properties.
YEARS = st.integers(min_value=2, max_value=9998)
OFFSETS = st.integers(min_value=-MAX_OFFSET_MINUTES, max_value=MAX_OFFSET_MINUTES)


@st.composite
def dates(draw, precision: str | None = None) -> Date:
    """Any valid Date, at a random (or the given) precision."""
    precision = precision or draw(st.sampled_from(PRECISIONS))
    level = PRECISIONS.index(precision)
    year = draw(YEARS)
    if level == 0:
        return Date(year)
    month = draw(st.integers(1, 12))
    if level == 1:
        return Date(year, month)
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    if level == 2:
        return Date(year, month, day)
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    second = draw(st.integers(0, 59)) if level == 4 else None
    return Date(year, month, day, hour, minute, second, draw(OFFSETS))


def truncations(d: Date) -> list[Date]:
    """The strictly coarser dates that contain ``d`` (its year, month and day, as far as d is finer)."""
    level = PRECISIONS.index(d.precision)
    parts = [Date(d.year), Date(d.year, d.month), Date(d.year, d.month, d.day)]
    return parts[: min(level, 3)]


# -- round trip -----------------------------------------------------------------------


@FAST
@given(dates())
def test_parse_of_str_gives_the_same_date(d):
    assert Date.parse(str(d)) == d


@FAST
@given(dates())
def test_str_of_parse_of_str_is_unchanged(d):
    assert str(Date.parse(str(d))) == str(d)


@FAST
@given(dates())
def test_parse_keeps_the_precision(d):
    assert Date.parse(str(d)).precision == d.precision


@FAST
@given(st.from_regex(DATE_PATTERN.replace(r"\d", "[0-9]"), fullmatch=True))  # ASCII digits: see the next test
def test_anything_shaped_like_a_date_parses_to_itself_or_raises_date_error_naming_it(text):
    try:
        parsed = Date.parse(text)
    except DateError as exc:
        assert str(exc).startswith(f"'{text}'")
    else:
        assert str(parsed) == text


def test_digits_of_other_scripts_are_not_a_date():
    # Python's \d matches them ('٢٠١٥' would be 2015); the JSON Schema's pattern (ECMAScript's) does not
    for text in ("٢٠١٥-٠٩-٢٨", "٢٠١٥", "٢٠١X", "٢٠١٥-09~", "Y-١٣٨٠٠٠٠٠٠٠٠", "2015-09-28T05:30+٠٤:30"):
        with pytest.raises(DateError, match="is not a date"):
            Date.parse(text)


@pytest.mark.parametrize("text", ["28/09/2015", "09/28/2015", "09/2015", "28/09/15"])
def test_day_first_and_month_first_dates_are_not_taken_for_ranges(text):
    with pytest.raises(DateError) as caught:
        Date.parse(text)
    assert str(caught.value).startswith(f"'{text}' is not a date; write YYYY, YYYY-MM, YYYY-MM-DD")


@pytest.mark.parametrize("text", ["2004/2006", "2015-09/2016-03~", "2015/..", "../2015"])
def test_ranges_are_explained(text):
    with pytest.raises(DateError, match="is not a date but a range; write its start as date and its end as end_date"):
        Date.parse(text)


@pytest.mark.parametrize(
    "text",
    ["2015", "2015-09", "2015-09-28", "2015-09-28T05:30+04:30", "2015-09-28T05:30:15-03:00", "2015-09-28T00:00+00:00"],
)
def test_str_is_the_form_as_written(text):
    assert str(Date.parse(text)) == text


@pytest.mark.parametrize("text", ["0001-01-01T00:30+01:00", "9999-12-31T23:30-01:00"])
def test_timed_dates_at_the_ends_of_the_calendar_parse(text):
    # the UTC instant falls in year 0 / 10000; the date is still a valid date as written
    assert str(Date.parse(text)) == text


# -- rejected forms ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, message",
    [
        ("15", "'15' is not a date"),
        ("2015-9", "'2015-9' is not a date"),
        ("2015/09/28", "'2015/09/28' is not a date"),
        ("2015-09-28 05:30+04:30", "is not a date"),
        ("28 September 2015", "is not a date"),
        ("0000", "year 0000 does not exist"),
        ("2015-00", "month 00 does not exist"),
        ("2015-13", "'2015-13': month 13 does not exist"),
        ("2015-02-30", "'2015-02-30': February 2015 has no day 30"),
        ("2015-02-29", "February 2015 has no day 29"),
        ("2015-09-28T24:00+00:00", "is not a time of day"),
        ("2015-09-28T10:60+00:00", "is not a time of day"),
        ("2015-09-28T10:00", "'2015-09-28T10:00' has a time but no UTC offset"),
        ("2015-09-28T10:00Z", "is not a date"),
        ("2015-09-28T10:00+14:30", "UTC offset +14:30 is outside -14:00..+14:00"),
        ("2015-09-28T10:00-14:01", "UTC offset -14:01 is outside -14:00..+14:00"),
        ("2015-09-28T10:00+05:60", "UTC offset +05:60 is outside"),
    ],
)
def test_invalid_forms_raise_date_error_saying_why(text, message):
    with pytest.raises(DateError) as exc:
        Date.parse(text)
    assert message in str(exc.value)


def test_leap_day_is_valid_in_a_leap_year():
    assert Date.parse("2016-02-29").day == 29


@pytest.mark.parametrize("text", ["2015-09-28T10:00+14:00", "2015-09-28T10:00-14:00"])
def test_offsets_of_fourteen_hours_are_valid(text):
    assert str(Date.parse(text)) == text


def test_parse_calendar_day_requires_a_full_day():
    assert str(parse_calendar_day("2015-09-29")) == "2015-09-29"
    with pytest.raises(DateError, match="must be a full day"):
        parse_calendar_day("2015-09")


# -- order ---------------------------------------------------------------------------------


@FAST
@given(dates(), dates())
def test_exactly_one_of_less_equal_greater_holds(a, b):
    assert [a < b, a == b, a > b].count(True) == 1


@FAST
@given(dates(), dates())
def test_comparison_operators_agree(a, b):
    assert (a <= b) == (a < b or a == b)
    assert (a >= b) == (a > b or a == b)
    assert (a < b) == (b > a)


@FAST
@given(dates(), dates())
def test_equal_dates_hash_equal(a, b):
    if a == b:
        assert hash(a) == hash(b)


@FAST
@given(dates(), dates(), dates())
def test_order_is_transitive(a, b, c):
    if a < b and b < c:
        assert a < c
    if a <= b and b <= c:
        assert a <= c


@FAST
@given(st.lists(dates(), min_size=2, max_size=12), st.randoms(use_true_random=False))
def test_sorting_does_not_depend_on_input_order(items, rng):
    shuffled = list(items)
    rng.shuffle(shuffled)
    assert [str(d) for d in sorted(shuffled)] == [str(d) for d in sorted(items)]


@FAST
@given(dates())
def test_a_coarser_date_sorts_before_the_finer_dates_it_contains(d):
    for coarser in truncations(d):
        assert coarser < d, f"{coarser} should sort before {d}"


@FAST
@given(dates(precision="minute"), dates(precision="minute"))
def test_timed_dates_sort_by_utc_instant(a, b):
    if a.to_datetime() < b.to_datetime():
        assert a < b
    elif a.to_datetime() > b.to_datetime():
        assert a > b


def test_timed_dates_compare_in_utc_not_by_wall_clock():
    assert Date.parse("2015-09-28T10:00+04:30") < Date.parse("2015-09-28T08:00+00:00")


def test_one_instant_in_two_offsets_is_two_distinct_dates_side_by_side():
    a, b = Date.parse("2015-09-28T10:00+04:30"), Date.parse("2015-09-28T05:30+00:00")
    assert a != b
    later = Date.parse("2015-09-28T05:31+00:00")
    assert max(a, b) < later


def test_year_month_day_sort_in_that_order():
    texts = ["2015-09-28", "2015", "2015-09", "2014-12-31", "2015-10"]
    shuffled = random.Random(4).sample(texts, len(texts))
    assert [str(d) for d in sorted(map(Date.parse, shuffled))] == ["2014-12-31", "2015", "2015-09", "2015-09-28", "2015-10"]


def test_day_sorts_before_a_time_on_that_day_written_with_an_eastern_offset():
    # 01:00 at +04:00 is 21:00 UTC the day before, yet the event happened on 28 September
    assert Date.parse("2015-09-28") < Date.parse("2015-09-28T01:00+04:00")


# -- human form ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, human",
    [
        ("2015", "2015"),
        ("2015-09", "September 2015"),
        ("2015-09-28", "28 September 2015"),
        ("2015-09-01", "1 September 2015"),
        ("2015-09-28T05:30+04:30", "28 September 2015, 05:30 UTC+04:30"),
        ("2015-09-28T05:30:15-03:00", "28 September 2015, 05:30:15 UTC-03:00"),
    ],
)
def test_human_form(text, human):
    assert Date.parse(text).human() == human


def test_human_form_of_an_approximate_year():
    assert Date.parse("2001").human(approximate=True) == "c. 2001"


def test_human_form_of_an_approximate_month():
    assert Date.parse("2014-09").human(approximate=True) == "c. September 2014"
