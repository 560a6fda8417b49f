"""The one order of events (DESIGN.md, "Order") and the chronology's indexes (generator.chronology).

Order properties run over generated events (hypothesis); the demo chronology in
``content/`` is read, never written, to hold the order of 28 September 2015 to the
article; nested places (``Place.within``) are checked on small hand-made registries.
"""

from __future__ import annotations

import calendar
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.chronology import build_chronology
from generator.content.dates import MAX_OFFSET_MINUTES, OPEN_END, PRECISIONS, Date
from generator.content.model import Content, Event, Place, SourceRef, date_bounds
from generator.content.reader import read_content

REPO = Path(__file__).resolve().parent.parent
FAST = settings(derandomize=True, max_examples=150, deadline=None)
SOURCE = (SourceRef("report"),)


def event(event_id: str, date: str | Date, *, sequence: int | None = None, end: str | Date | None = None,
          place: str | None = None, related: tuple[str, ...] = (), featured: bool = False) -> Event:
    as_date = (lambda d: d if not isinstance(d, str) else Date.parse(d, allow_open=True))
    return Event(event_id, f"content/events/{event_id}.yaml", as_date(date), event_id, "Summary.", SOURCE,
                 end_date=as_date(end), place=place, related=related, sequence=sequence, featured=featured)


def ids(events) -> list[str]:
    return [e.id for e in events]


def v1_sort_key(e: Event) -> tuple:
    """The order before ``sequence`` existed: the date's own order, then end date, then id."""
    return (e.date.sort_key, e.end_date.sort_key if e.end_date else (), e.id)


# -- generated events ---------------------------------------------------------------------

# Few years and days, so that generated events often share a date, a month or a year.
@st.composite
def dates(draw) -> Date:
    level = PRECISIONS.index(draw(st.sampled_from(PRECISIONS)))
    year = draw(st.sampled_from([1, 2014, 2015]))
    if level == 0:
        return Date(year)
    month = draw(st.sampled_from([1, 9, 12]))
    if level == 1:
        return Date(year, month)
    day = draw(st.sampled_from([1, 28, calendar.monthrange(year, month)[1]]))
    if level == 2:
        return Date(year, month, day)
    hour, minute = draw(st.sampled_from([0, 5, 23])), draw(st.sampled_from([0, 30]))
    second = draw(st.sampled_from([0, 15])) if level == 4 else None
    offset = draw(st.sampled_from([-MAX_OFFSET_MINUTES, -60, 0, 270, MAX_OFFSET_MINUTES]))
    return Date(year, month, day, hour, minute, second, offset)


@st.composite
def events(draw, min_size: int = 0, with_sequence: bool = True) -> list[Event]:
    """Events with unique ids; some with a sequence (when allowed) and some with an end date."""
    count = draw(st.integers(min_size, 12))
    made = []
    for index in range(count):
        start = draw(dates())
        end = draw(st.one_of(st.none(), dates().filter(lambda d, s=start: d >= s)))
        sequence = draw(st.one_of(st.none(), st.integers(1, 4))) if with_sequence else None
        made.append(event(f"e{draw(st.integers(0, 99))}-{index}", start, sequence=sequence, end=end))
    return made


def two_spellings(a: Date | None, b: Date | None) -> bool:
    """True for one instant written two ways: 2015-09-28T05:30+04:30 and 2015-09-28T01:00+00:00."""
    return a is not None and b is not None and date_bounds(a) == date_bounds(b) and str(a) != str(b)


def before(a: Event, b: Event) -> bool:
    return a.sort_key < b.sort_key


@FAST
@given(events(), st.randoms(use_true_random=False))
def test_the_order_is_total_and_does_not_depend_on_the_input_order(made, rng):
    keys = [e.sort_key for e in made]
    assert len(set(keys)) == len(made)  # no two events tie: the order is total
    shuffled = list(made)
    rng.shuffle(shuffled)
    assert ids(build_chronology(Content(tuple(shuffled))).events) == ids(sorted(made, key=lambda e: e.sort_key))


@FAST
@given(events(min_size=2))
def test_events_sort_by_earliest_instant_then_latest_later_first_then_sequence(made):
    for a in made:
        for b in made:
            (a_first, a_last), (b_first, b_last) = date_bounds(a.date), date_bounds(b.date)
            if a_first != b_first:
                assert before(a, b) == (a_first < b_first)
            elif a_last != b_last:
                assert before(a, b) == (a_last > b_last)  # the coarser date comes first
            elif a.sequence != b.sequence:
                if a.sequence is None or b.sequence is None:
                    assert before(a, b) == (b.sequence is None)  # with a sequence before without
                else:
                    assert before(a, b) == (a.sequence < b.sequence)


@FAST
@given(events(with_sequence=False))
def test_without_sequence_the_version_1_order_is_kept(made):
    """Version 1 ordered by the date's own order; it differs only between two spellings of one
    instant (05:30+04:30 and 01:00+00:00), which v1 split by offset and v2 by end date and id."""
    for a in made:
        for b in made:
            if not (two_spellings(a.date, b.date) or (str(a.date) == str(b.date) and two_spellings(a.end_date, b.end_date))):
                assert before(a, b) == (v1_sort_key(a) < v1_sort_key(b)), (a.date, a.end_date, b.date, b.end_date)


def test_version_1_files_of_the_demo_keep_their_order_apart_from_the_sequenced_day():
    content = read_content(REPO / "content")
    unsequenced = [e for e in content.events if e.sequence is None]
    assert unsequenced == sorted(unsequenced, key=v1_sort_key)


@FAST
@given(dates(), st.lists(st.one_of(st.none(), st.integers(1, 9)), min_size=4, max_size=4))
def test_a_coarser_date_comes_before_the_finer_dates_it_contains_whatever_their_sequence(finest, sequences):
    level = PRECISIONS.index(finest.precision)
    chain = [Date(finest.year), Date(finest.year, finest.month), Date(finest.year, finest.month, finest.day), finest]
    chain = chain[:level + 1] if level < 3 else chain
    # ids against the date order, so that only the dates can put them right
    made = [event(f"z{9 - n}", d, sequence=s) for n, (d, s) in enumerate(zip(chain, sequences))]
    assert ids(sorted(reversed(made), key=lambda e: e.sort_key)) == ids(made)


def test_coarser_first_by_example_2015_then_september_then_the_28th_then_a_time_that_day():
    made = [
        event("a-time", "2015-09-28T05:30+04:30", sequence=1),
        event("b-day", "2015-09-28", sequence=1),
        event("c-month", "2015-09", sequence=2),
        event("d-year", "2015", sequence=3),
    ]
    assert ids(build_chronology(Content(tuple(made))).events) == ["d-year", "c-month", "b-day", "a-time"]


@FAST
@given(st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=1, max_size=10))
def test_on_one_date_events_with_a_sequence_come_first_lowest_first(sequences):
    made = [event(f"e{n:02d}", "2015-09-28", sequence=s) for n, s in enumerate(sequences)]
    order = build_chronology(Content(tuple(made))).events
    numbered = [e for e in order if e.sequence is not None]
    assert list(order[:len(numbered)]) == numbered
    assert [e.sequence for e in numbered] == sorted(e.sequence for e in numbered)
    assert ids(order[len(numbered):]) == sorted(e.id for e in made if e.sequence is None)  # then by id


def test_sequence_breaks_ties_before_end_date_and_id():
    made = [
        event("a", "2015-09-28", sequence=2),
        event("b", "2015-09-28", sequence=1, end="2015-09-30"),
        event("c", "2015-09-28", end="2015-09-29"),
        event("d", "2015-09-28"),
    ]
    assert ids(sorted(made, key=lambda e: e.sort_key)) == ["b", "a", "d", "c"]  # d: no end before an end


def test_one_instant_in_two_spellings_orders_by_sequence_not_by_offset():
    made = [event("b", "2015-09-28T01:00+00:00", sequence=2), event("a", "2015-09-28T05:30+04:30", sequence=1)]
    assert ids(sorted(made, key=lambda e: e.sort_key)) == ["a", "b"]
    made = [event("b", "2015-09-28T01:00+00:00"), event("a", "2015-09-28T05:30+04:30")]
    assert ids(sorted(made, key=lambda e: e.sort_key)) == ["a", "b"]  # then by id


def test_date_bounds_cover_every_time_zone_and_a_timed_minute():
    day = Date.parse("2015-09-28")
    first, last = date_bounds(day)
    assert last - first == 86400 + 2 * 14 * 3600 - 1
    assert date_bounds(Date.parse("2015-09-28T00:00+14:00"))[0] == first
    minute = date_bounds(Date.parse("2015-09-28T05:30+04:30"))
    assert minute == (first + 14 * 3600 + 3600, first + 14 * 3600 + 3600 + 59)
    assert date_bounds(Date.parse("2015-09-28T01:00:00+00:00")) == (minute[0], minute[0])


# -- EDTF dates (content format version 2) --------------------------------------------------


def test_edtf_dates_take_their_place_in_the_one_order():
    made = [event(name, date) for name, date in (
        ("a-day", "2015-09-28"), ("b-uncertain-day", "2015-09-27?"), ("c-about-september", "2015-09~"),
        ("d-decade", "201X"), ("e-century", "20XX"), ("f-ides", "-0043-03-15"), ("g-bc-year", "-0043"),
        ("h-big-bang", "Y-13800000000"), ("i-far-future", "Y170000"), ("j-month-unknown", "2015-XX"),
    )]
    assert ids(build_chronology(Content(tuple(made))).events) == [
        "h-big-bang", "g-bc-year", "f-ides",  # 44 BC, then 15 March 44 BC within it
        "e-century", "d-decade",  # 2000-2099 contains 2010-2019
        "j-month-unknown",  # 2015
        "c-about-september", "b-uncertain-day", "a-day",
        "i-far-future",
    ]


def test_date_bounds_of_edtf_dates_are_their_whole_span():
    first, _ = date_bounds(Date.parse("2010-01-01"))
    _, last = date_bounds(Date.parse("2019-12-31"))
    assert date_bounds(Date.parse("201X")) == (first, last)
    assert date_bounds(Date.parse("2015-09~")) == date_bounds(Date.parse("2015-09"))
    assert date_bounds(Date.parse("-0043-03-15"))[0] < date_bounds(Date.parse("0001"))[0]


def test_an_open_end_comes_after_every_end_date_on_one_date():
    made = [event("a", "2015-09", end=OPEN_END), event("b", "2015-09", end="Y170000"),
            event("c", "2015-09"), event("d", "2015-09", end="2015-10")]
    assert ids(sorted(made, key=lambda e: e.sort_key)) == ["c", "d", "b", "a"]
    assert made[0].when == "since September 2015"


def test_years_before_1_and_deep_time_group_and_say_their_years():
    chron = build_chronology(Content(tuple(
        event(name, date) for name, date in (
            ("ides", "-0043-03-15"), ("bc", "-0043"), ("big-bang", "Y-13800000000"), ("decade", "201X"),
            ("kunduz", "2015-09-28"),
        )
    )))
    assert [(y.year, [m.label for m in y.months]) for y in chron.years] == [
        (-13800000000, ["13.8 billion years ago (month not known)"]),
        (-43, ["44 BC (month not known)", "March 44 BC"]),
        (2010, ["2010 (month not known)"]),  # 201X is filed under its first year
        (2015, ["September 2015"]),
    ]


# -- the demo: 28 September 2015 in the article's order ------------------------------------

# From the article (content/sources/kunduz-special-forces-2015-09-28): the "initial pre-dawn attack",
# an "early morning assault, storming the regional hospital and clashing with security forces at the
# nearby university"; residents were told the battle was over, but "everything changed this afternoon";
# the takeover (governor's compound, police headquarters, gun battles, the inmates) and its outcome; then
# the officials' and others' statements in the order the article gives them, the pictures last.
KUNDUZ_DAY = [
    "taliban-launch-early-morning-assault-on-kunduz",
    "taliban-storm-kunduz-regional-hospital",
    "clashes-near-kunduz-university",
    "fighting-resumes-in-afternoon-daoudi-account",
    "taliban-overrun-governors-compound",
    "taliban-overrun-police-headquarters",
    "gun-battles-inside-kunduz",
    "inmates-break-doors-and-fences",
    "taliban-seize-partial-control-of-kunduz",
    "taliban-biggest-gains-in-south-west-kunduz",
    "at-least-25-militants-and-two-policemen-killed",
    "reinforcements-sent-to-kunduz",
    "police-spokesman-says-half-of-kunduz-has-fallen",
    "interior-ministry-says-kunduz-has-collapsed",
    "joint-offensive-from-kunduz-baghlan-takhar",
    "amnesty-urges-protection-of-civilians",
    "unverified-pictures-show-taliban-flags-in-kunduz",
]


def demo():
    return build_chronology(read_content(REPO / "content"))


def test_the_demo_day_follows_the_article_from_the_pre_dawn_assault_to_the_afternoon_and_after():
    chron = demo()
    day = [e for e in chron.events if str(e.date) == "2015-09-28"]
    assert ids(day) == KUNDUZ_DAY
    assert [e.sequence for e in day] == list(range(1, 18))
    assert day[0].title == "Taliban enter Kunduz in an early-morning assault"
    assert ids(chron.events[:5]) == [
        "us-led-invasion-ousts-taliban", "national-unity-government-takes-office", "us-and-nato-shift-to-supporting-role",
        "earlier-taliban-attempts-to-breach-kunduz", "taliban-leadership-dispute-raises-islamic-state-fears",
    ]  # the year 2015 comes before the day it contains
    assert ids(chron.events[5:]) == KUNDUZ_DAY


def test_the_demos_key_events_are_featured_in_order():
    assert ids(demo().featured) == [
        "taliban-launch-early-morning-assault-on-kunduz",
        "taliban-storm-kunduz-regional-hospital",
        "taliban-overrun-governors-compound",
        "taliban-seize-partial-control-of-kunduz",
    ]


def test_previous_and_next_walk_the_day_in_sequence():
    chron = demo()
    hospital = next(e for e in chron.events if e.id == "taliban-storm-kunduz-regional-hospital")
    assert chron.previous(hospital).id == "taliban-launch-early-morning-assault-on-kunduz"
    assert chron.next(hospital).id == "clashes-near-kunduz-university"


def test_related_lists_follow_the_one_order():
    chron = demo()
    for event_id, related in chron.related.items():
        assert list(related) == sorted(related, key=lambda e: e.sort_key), event_id
    seized = ids(chron.related["taliban-seize-partial-control-of-kunduz"])
    assert seized[:3] == ["us-led-invasion-ousts-taliban", "us-and-nato-shift-to-supporting-role",
                          "earlier-taliban-attempts-to-breach-kunduz"]
    assert seized.index("taliban-overrun-governors-compound") < seized.index("inmates-break-doors-and-fences")


def test_related_links_go_both_ways_in_order():
    made = [event("c", "2015-09-28", sequence=3, related=("a",)), event("b", "2015-09-28", sequence=2, related=("a",)),
            event("a", "2015-09-28", sequence=1)]
    assert ids(build_chronology(Content(tuple(made))).related["a"]) == ["b", "c"]


# -- places within places ---------------------------------------------------------------------

PLACES = {
    "afghanistan": Place("afghanistan", "Afghanistan"),
    "kunduz": Place("kunduz", "Kunduz", within="afghanistan"),
    "hospital": Place("hospital", "Regional hospital", within="kunduz"),
    "university": Place("university", "Kunduz University", within="kunduz"),
    "ward": Place("ward", "Emergency ward", within="hospital"),
    "kabul": Place("kabul", "Kabul", within="afghanistan"),
}


def nested_chronology():
    made = [
        event("in-the-ward", "2015-09-28", sequence=4, place="ward"),
        event("at-the-university", "2015-09-28", sequence=3, place="university"),
        event("in-the-city", "2015-09-28", sequence=1, place="kunduz"),
        event("at-the-hospital", "2015-09-28", sequence=2, place="hospital"),
        event("in-kabul", "2015-09-29", place="kabul"),
        event("nowhere", "2015-09-30"),
    ]
    return build_chronology(Content(tuple(made), places=PLACES))


def test_a_place_lists_the_events_at_the_places_within_it_at_any_depth_in_order():
    chron = nested_chronology()
    assert ids(chron.by_place["kunduz"]) == ["in-the-city", "at-the-hospital", "at-the-university", "in-the-ward"]
    assert ids(chron.by_place["hospital"]) == ["at-the-hospital", "in-the-ward"]
    assert ids(chron.by_place["ward"]) == ["in-the-ward"]
    assert ids(chron.by_place["afghanistan"]) == ids(chron.events[:5])  # a place with no event of its own
    assert ids(chron.by_place["kabul"]) == ["in-kabul"]


def test_places_within_lists_the_places_directly_within_each_place_by_name():
    chron = nested_chronology()
    assert chron.places_within == {
        "afghanistan": ("kabul", "kunduz"),
        "hospital": ("ward",),
        "kunduz": ("university", "hospital"),  # Kunduz University, Regional hospital
    }


def test_containing_gives_the_enclosing_places_innermost_first():
    chron = nested_chronology()
    assert chron.containing("ward") == ("hospital", "kunduz", "afghanistan")
    assert chron.containing("afghanistan") == ()


@st.composite
def place_trees(draw) -> dict[str, Place]:
    """Places p0..pn, each within an earlier one or none (so no loops, as validation ensures)."""
    count = draw(st.integers(1, 8))
    return {
        f"p{n}": Place(f"p{n}", f"Place {draw(st.integers(0, 3))}",
                       within=draw(st.one_of(st.none(), st.sampled_from([f"p{k}" for k in range(n)]))) if n else None)
        for n in range(count)
    }


@FAST
@given(place_trees(), st.data())
def test_by_place_is_every_event_at_the_place_or_within_it(places, data):
    made = [event(f"e{n}", data.draw(dates()), place=data.draw(st.one_of(st.none(), st.sampled_from(list(places)))))
            for n in range(data.draw(st.integers(0, 10)))]
    chron = build_chronology(Content(tuple(made), places=places))

    def inside(place: str | None, outer: str) -> bool:
        while place is not None:
            if place == outer:
                return True
            place = places[place].within
        return False

    for place_id in places:
        expected = [e for e in chron.events if inside(e.place, place_id)]
        assert list(chron.by_place.get(place_id, ())) == expected
        children = [p for p in places.values() if p.within == place_id]
        assert set(chron.places_within.get(place_id, ())) == {p.id for p in children}


def test_the_demo_city_page_holds_the_events_inside_the_city():
    chron = demo()
    kunduz = ids(chron.by_place["kunduz"])
    assert "taliban-storm-kunduz-regional-hospital" in kunduz
    assert "taliban-overrun-governors-compound" in kunduz
    assert "clashes-near-kunduz-university" in kunduz
    assert kunduz == [e.id for e in chron.events if e.id in set(kunduz)]  # in the one order
    assert set(chron.places_within["kunduz"]) == {
        "kunduz-regional-hospital", "kunduz-university", "kunduz-governors-compound",
        "kunduz-police-headquarters", "kunduz-south-west",
    }
    assert chron.containing("kunduz-regional-hospital") == ("kunduz", "kunduz-province", "afghanistan")
