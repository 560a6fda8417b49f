"""The time axis of listings: gap labels (generator/render/axis.py) and the listing markup
(markers, legend, gutter, gaps) in the built pages, read with BeautifulSoup."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.chronology import build_chronology
from generator.content.dates import Date
from generator.content.model import Actor, Content, Event, Place, Source, SourceRef
from generator.render.axis import day_bounds, gap_between, gap_label, has_featured, html_datetime, statuses_in
from generator.render.environment import make_environment
from generator.render.options import SiteOptions
from generator.render.pages import PageRenderer

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "site_templates"


def event(date: str, end: str | None = None, *, id: str = "e", status: str = "reported", **fields) -> Event:
    return Event(id=id, path=f"{id}.yaml", date=Date.parse(date), title=f"Event {id}", summary="Summary.",
                 sources=(SourceRef("s"),), end_date=Date.parse(end) if end else None, status=status, **fields)


# -- gap labels ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "label"),
    [
        ("2001", "2014-09", "13 years later"),          # the demo: year-only, then a month
        ("2014-09", "2014-12", "3 months later"),
        ("2015-01-01", "2015-05-05", "4 months later"),
        ("2015-01-31", "2015-03-01", "1 month later"),
        ("2001", "2003", "2 years later"),
        ("2013-03", "2014", "1 year later"),             # the coarser date counts in years
        ("2013-03-10", "2014-06-20", "15 months later"),
        ("2010-03-10", "2014-06-20", "4 years later"),
        ("2015-09-28T05:00+04:30", "2016-02-01", "4 months later"),
    ],
)
def test_gap_label_says_how_much_time_passes(before, after, label):
    assert gap_label(event(before, id="a"), event(after, id="b")) == label


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("2014-12", "2015"),                 # December 2014, then some time in 2015: maybe the next day
        ("2015", "2015-09-28"),              # within the year before it
        ("2014-09", "2014-10"),              # neighbouring months
        ("2015-01-31", "2015-02-28"),        # less than a whole month
        ("2015-09-28", "2015-09-28"),
        ("2015-09-28T05:00+04:30", "2015-09-28T17:00+04:30"),
        ("2001", "2002"),                    # neighbouring years
    ],
)
def test_no_gap_label_when_less_than_a_month_surely_passes(before, after):
    assert gap_label(event(before, id="a"), event(after, id="b")) is None


def test_gap_is_counted_from_the_end_of_the_earlier_event():
    assert gap_label(event("2001-01-05", "2014-10-01", id="a"), event("2015-03-01", id="b")) == "5 months later"
    assert gap_label(event("2001", "2015-02", id="a"), event("2015-03-01", id="b")) is None


def test_newest_first_listings_say_earlier():
    assert gap_label(event("2014-09", id="b"), event("2001", id="a")) == "13 years earlier"
    assert gap_label(event("2015-09-28", id="b"), event("2015", id="a")) is None


def test_no_gap_before_the_first_event():
    assert gap_label(None, event("2015")) is None


def test_gap_between_reads_only_year_month_and_day():
    """Years before 1 or deep time (EDTF) have no Python date; the gap needs none."""

    class Far:
        def __init__(self, year, month=None, day=None):
            self.year, self.month, self.day = year, month, day

    class E:
        def __init__(self, date):
            self.date, self.end_date = date, None

    assert gap_between(E(Far(-43, 3, 15)), E(Far(-40))) == "3 years"
    assert gap_between(E(Far(-13_800_000_000)), E(Far(2015))) == "13.8 billion years"
    assert gap_between(E(Far(-2_500_000)), E(Far(-10_000))) == "2.49 million years"
    assert gap_between(E(Far(-200_000)), E(Far(2015))) == "202,015 years"
    assert gap_between(E(Far(0, 2, 28)), E(Far(0, 4, 1))) == "1 month"  # year 0 is a leap year


@pytest.mark.parametrize(
    ("before", "after", "label"),
    [
        ("201X", "2030-05", "11 years later"),          # from the end of the 2010s
        ("-0043-03-15", "-0040", "3 years later"),       # BC
        ("Y-13800000000", "2015", "13.8 billion years later"),
        ("2015-09~", "2016-03-10?", "6 months later"),
    ],
)
def test_gap_labels_of_edtf_dates(before, after, label):
    assert gap_label(event(before, id="a"), event(after, id="b")) == label


def test_an_event_still_going_has_no_gap_after_it():
    from generator.content.dates import OPEN_END

    ongoing = Event(id="a", path="a.yaml", date=Date.parse("2001"), title="A", summary="S",
                    sources=(SourceRef("s"),), end_date=OPEN_END)
    assert gap_label(ongoing, event("2015", id="b")) is None
    assert day_bounds(ongoing) == ("2001-01-01", "..")


@pytest.mark.parametrize(
    ("text", "value"),
    [("2015", "2015"), ("2015-09-28", "2015-09-28"), ("2015-09-28T05:30+04:30", "2015-09-28T05:30+04:30"),
     ("2015-09~", "2015-09"), ("2015-XX", "2015"), ("2015-09-28?", "2015-09-28"),
     ("201X", None), ("-0043-03-15", None), ("Y-13800000000", None)],
)
def test_time_elements_get_a_valid_html_datetime(text, value):
    assert html_datetime(Date.parse(text)) == value


def test_legend_lists_the_statuses_present_in_order():
    class Group:
        def __init__(self, *events):
            self.events = events

    groups = [Group(event("2015", status="unverified"), event("2015", status="confirmed")), Group(event("2016"))]
    assert statuses_in(groups) == ["confirmed", "reported", "unverified"]
    assert not has_featured(groups)
    assert has_featured([Group(event("2015", featured=True))])


# -- the listing markup ----------------------------------------------------------------------------


def synthetic_content(n: int, seed: int = 7) -> Content:
    """``n`` events over 30 years, with the longest titles and names a real chronology has."""
    rng = random.Random(seed)
    words = ("government forces militants city province district police officials said reported attack "
             "offensive convoy checkpoint border council minister spokesman civilians hospital residents").split()
    actors = {f"actor-{i}": Actor(f"actor-{i}", " ".join(rng.choices(words, k=3)).title()) for i in range(300)}
    places = {f"place-{i}": Place(f"place-{i}", " ".join(rng.choices(words, k=2)).title()) for i in range(500)}
    sources = {"s": Source("s", "s.yaml", "A source")}
    statuses = ("confirmed", "reported", "disputed", "unverified")
    events = []
    for i in range(n):
        year, month, day = 1995 + rng.randrange(30), rng.randint(1, 12), rng.randint(1, 28)
        date = rng.choice((f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}",
                           f"{year}-{month:02d}-{day:02d}"))
        summary = " ".join(rng.choices(words, k=rng.randint(40, 90))).capitalize() + "."
        events.append(Event(
            id=f"{'-'.join(rng.choices(words, k=4))}-{i}", path=f"{i}.yaml", date=Date.parse(date),
            title=" ".join(rng.choices(words, k=rng.randint(8, 14))).capitalize(), summary=summary,
            sources=(SourceRef("s"),), place=rng.choice(list(places)), status=rng.choice(statuses),
            actors=tuple(rng.sample(list(actors), rng.randint(1, 4))),
            tags=tuple(rng.sample(words, rng.randint(0, 3))), featured=rng.random() < 0.05,
        ))
    return Content(events=tuple(events), sources=sources, actors=actors, places=places)


def render_home(content: Content, **options) -> str:
    renderer = PageRenderer(make_environment(TEMPLATES), build_chronology(content), SiteOptions(**options))
    (page,) = list(renderer.home())
    return page[1] if isinstance(page, tuple) else renderer.render(page)


def test_a_10000_event_home_page_stays_under_200_kb():
    html = render_home(synthetic_content(10_000))
    page = BeautifulSoup(html, "html.parser")
    assert len(page.select("li.event-card")) == 100
    assert len(html.encode("utf-8")) < 200_000, f"home page is {len(html.encode('utf-8')):,} bytes"


@pytest.fixture(scope="module")
def small_home() -> BeautifulSoup:
    events = (
        event("2001", id="invasion", status="reported"),
        event("2014-09", id="government", status="confirmed", featured=True),
        event("2014-12", id="nato", status="disputed"),
        event("2015-09-28", id="assault", status="unverified"),
    )
    content = Content(events=events, sources={"s": Source("s", "s.yaml", "A source")})
    return BeautifulSoup(render_home(content), "html.parser")


def test_cards_carry_a_status_marker_class_and_a_date_gutter(small_home):
    for card in small_home.select("li.event-card"):
        status = card["data-status"]
        assert f"status-{status}" in card["class"]
        when = card.select_one(":scope > p.event-when")
        assert when.select_one("time")["datetime"]
        assert when.select_one(".status-badge").get_text() == status.capitalize()


def test_legend_names_every_status_on_the_page_and_key_events(small_home):
    legend = small_home.select_one("ul.legend")
    assert [li.get_text() for li in legend.select("li")] == ["Confirmed", "Reported", "Disputed", "Unverified", "Key event"]
    assert [li.select_one(".marker")["class"][1] for li in legend.select("li")[:4]] == [
        "status-confirmed", "status-reported", "status-disputed", "status-unverified"]


def test_featured_events_are_marked(small_home):
    featured = small_home.select("li.event-card.featured")
    assert [li["id"] for li in featured] == ["e-government"]
    assert featured[0].select_one(".key-badge").get_text() == "Key event"


def test_gap_labels_sit_between_months(small_home):
    listing = small_home.select_one("[data-listing]")
    sequence = [
        el.get_text() if el.name == "p" else el.select_one("h2").get_text()
        for el in listing.find_all(["p", "section"], recursive=False)
        if el.name == "section" or "gap" in el.get("class", [])
    ]
    assert sequence == ["2001 (month not known)", "13 years later", "September 2014", "3 months later",
                        "December 2014", "9 months later", "September 2015"]


def test_newest_first_gap_labels_say_earlier():
    events = (event("2001", id="a"), event("2014-09", id="b"))
    content = Content(events=events, sources={"s": Source("s", "s.yaml", "A source")})
    page = BeautifulSoup(render_home(content, newest_first=True), "html.parser")
    assert [li["id"] for li in page.select("li.event-card")] == ["e-b", "e-a"]
    assert [p.get_text() for p in page.select("p.gap")] == ["13 years earlier"]


def test_long_lists_of_related_events_fold_after_five():
    others = tuple(event(f"2015-09-{day:02d}", id=f"other-{day}") for day in range(1, 9))
    main = event("2015-10-01", id="main", related=tuple(e.id for e in others))
    content = Content(events=(main, *others), sources={"s": Source("s", "s.yaml", "A source")})
    renderer = PageRenderer(make_environment(TEMPLATES), build_chronology(content), SiteOptions())
    page = renderer.event_page(next(e for e in renderer.chron.events if e.id == "main"))
    html = page[1] if isinstance(page, tuple) else renderer.render(page)
    section = BeautifulSoup(html, "html.parser").select_one("section[aria-labelledby=related]")
    assert len(section.select(":scope > ul > li")) == 5
    more = section.select_one("details.related-more")
    assert more.summary.get_text() == "3 more related events"
    assert len(more.select("li")) == 3
    assert "data-pagefind-ignore" in section.attrs


def test_event_pages_give_search_a_date_and_no_labels():
    content = Content(events=(event("2015-09-28", id="one", tags=("assault",)),),
                      sources={"s": Source("s", "s.yaml", "A source")})
    renderer = PageRenderer(make_environment(TEMPLATES), build_chronology(content), SiteOptions())
    page = renderer.event_page(renderer.chron.events[0])
    html = BeautifulSoup(page[1] if isinstance(page, tuple) else renderer.render(page), "html.parser")
    assert html.select_one('[data-pagefind-meta="date"]').get_text() == "28 September 2015"
    for label in html.select("article.event dt, article.event .event-when"):  # labels and the date line
        assert label.has_attr("data-pagefind-ignore") or label.find_parent(attrs={"data-pagefind-ignore": True}), label
    assert html.select_one('[data-pagefind-filter="tag"]').get_text() == "assault"
