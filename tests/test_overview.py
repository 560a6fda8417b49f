"""The overview (generator/render/overview.py + partials/overview.html): a static SVG of events per
month or per year, each bar with events a link with a plain label; drawn through the real theme
and parsed back."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.chronology import MonthGroup, YearGroup
from generator.cli import main
from generator.content.dates import Date
from generator.content.model import Event, SourceRef
from generator.render import overview as ov
from generator.render.environment import make_environment

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"
PAGE = '{% set overview = overview_of(years, root, year_split) %}{% include "partials/overview.html" %}'


def _event(featured: bool = False) -> Event:
    return Event(id="e", path="events/e.yaml", date=Date.parse("2015"), title="t", summary="s",
                 sources=(SourceRef(source="a"),), featured=featured)


PLAIN, KEY = _event(), _event(featured=True)


def _years(counts: dict[tuple[int, int | None], int], featured: dict | None = None) -> tuple[YearGroup, ...]:
    """YearGroups from {(year, month or None): number of events}; the events are stand-ins."""
    featured = featured or {}
    by_year: dict[int, list[MonthGroup]] = {}
    for (year, month), count in sorted(counts.items(), key=lambda item: (item[0][0], item[0][1] or 0)):
        key = featured.get((year, month), 0)
        events = (KEY,) * key + (PLAIN,) * (count - key)
        by_year.setdefault(year, []).append(MonthGroup(year, month, events))
    return tuple(YearGroup(year, tuple(groups)) for year, groups in sorted(by_year.items()))


def _render(years, root: str = "..", year_split: int = 150) -> str:
    env = make_environment(TEMPLATES)
    return env.from_string(PAGE).render(years=years, root=root, year_split=year_split)


def _links(html: str) -> list:
    return BeautifulSoup(html, "html.parser").select("figure.overview svg a")


def test_one_link_per_month_with_events_and_counts_in_labels():
    years = _years({(2015, 3): 1, (2015, 9): 17, (2016, 1): 2})
    links = _links(_render(years))
    labels = [a["aria-label"] for a in links]
    assert labels == ["March 2015: 1 event", "September 2015: 17 events", "January 2016: 2 events"]
    assert [a.title.string for a in links] == labels  # the same words as a tooltip
    assert [a["href"] for a in links] == ["../years/2015/#m-2015-03", "../years/2015/#m-2015-09",
                                          "../years/2016/#m-2016-01"]


def test_empty_months_are_gaps_and_every_slot_is_counted():
    html = _render(_years({(2015, 3): 1, (2016, 12): 4}))
    soup = BeautifulSoup(html, "html.parser")
    bars = soup.select("svg.overview-bars")[0]
    assert bars["viewbox"] == "0 0 24 100"  # two whole years of months, 22 of them empty
    paths = bars.select("path")
    assert len(paths) == 2 == len(bars.select("a"))  # an empty month has no bar and no link
    xs = [float(p["d"][1:].split()[0]) for p in paths]
    assert xs == [2.5, 23.5]  # March of the first year, December of the second
    tops = [int(p["d"].split("V")[1]) for p in paths]
    assert tops[1] == 0 and 0 < tops[0] < 100  # the tallest bar is full height, the other shorter


def test_month_links_go_to_month_pages_when_the_year_is_split():
    years = _years({(2015, None): 2, (2015, 9): 5, (2016, 2): 1})
    links = _links(_render(years, root=".", year_split=3))  # 2015 has 7 events > 3: month pages
    assert [a["href"] for a in links] == ["./years/2015/year/", "./years/2015/09/", "./years/2016/#m-2016-02"]
    assert links[0]["aria-label"] == "2015, month not known: 2 events"
    assert "year-only" in links[0]["class"]


def test_key_events_are_counted_and_marked():
    links = _links(_render(_years({(2015, 9): 3}, featured={(2015, 9): 1})))
    assert links[0]["aria-label"] == "September 2015: 3 events, 1 key event"
    assert links[0]["class"] == ["key"]


def test_a_year_page_shows_its_twelve_months():
    overview = ov.overview_of(_years({(2015, 9): 4}), "../..", 150)
    assert overview.unit == "month" and overview.slots == 12
    assert [tick.label for tick in overview.ticks] == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                                                      "Oct", "Nov", "Dec"]
    assert overview.caption == "Events per month, 2015. Most in one month: 4 (September 2015)."
    with_year_only = ov.overview_of(_years({(2015, None): 1, (2015, 9): 4}, featured={(2015, 9): 1}), ".", 150)
    assert with_year_only.slots == 13 and with_year_only.ticks[0].x == round(100 / 13, 3)  # January after it
    assert with_year_only.caption.endswith("Highlighted bars include key events.")


def test_long_spans_are_drawn_per_year():
    years = _years({(1990, 1): 3, (2000, 5): 1, (2015, 9): 2})
    html = _render(years)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select("svg.overview-bars")[0]["viewbox"] == "0 0 26 100"  # 1990..2015
    links = soup.select("svg.overview-bars a")
    assert [a["aria-label"] for a in links] == ["1990: 3 events", "2000: 1 event", "2015: 2 events"]
    assert [a["href"] for a in links] == ["../years/1990/", "../years/2000/", "../years/2015/"]
    labels = [t.string for t in soup.select("text")]
    assert labels and len(labels) <= ov.MAX_LABELS and all(label.isdigit() and int(label) % 5 == 0 for label in labels)


def test_very_long_spans_group_years_and_stay_bounded():
    overview = ov.overview_of(_years({(1000, 1): 1, (1004, 2): 2, (2015, 9): 5}), ".", 150)
    assert overview.unit == "years" and overview.slots <= ov.MAX_BARS
    assert overview.title == "Events per 10 years, 1000–2015"  # 1,016 years: 102 groups of 10
    assert "Most in 10 years: 5 (2010–2019)." in overview.caption
    assert [bar.label for bar in overview.bars] == ["1000–1009: 3 events", "2010–2019: 5 events"]
    assert overview.bars[0].href == "./years/1000/"  # a group links to its first year with events


def test_no_events_no_overview():
    assert ov.overview_of((), ".", 150) is None
    assert "<figure" not in _render(())


def test_output_is_deterministic_and_needs_nothing_outside():
    years = _years({(2015, m): m for m in range(1, 13)})
    html = _render(years)
    assert html == _render(years)
    assert "http" not in html and "<script" not in html


@pytest.mark.parametrize("first, last", [(2001, 2001 + ov.MONTHS_MAX_YEARS - 1), (2025 - ov.MAX_BARS + 1, 2025)])
def test_small_at_100000_events(first, last):
    """The worst cases: every month (or year) of the longest span drawn per month (or per year) has
    events, 100,000 in all, with key events everywhere (longest labels)."""
    slots = [(year, month) for year in range(first, last + 1) for month in ((None,) + tuple(range(1, 13)))]
    share = 100_000 // len(slots)
    counts = {slot: share for slot in slots}
    counts[slots[0]] += 100_000 - share * len(slots)
    years = _years(counts, featured={slot: 2 for slot in slots})
    assert sum(year.count for year in years) == 100_000
    html = _render(years, root="../..")
    size = len(html.encode("utf-8"))
    assert size < 30_000, size
    links = _links(html)
    expected = len(slots) if last - first < ov.MONTHS_MAX_YEARS else last - first + 1
    assert len(links) == expected


def test_home_page_overview_end_to_end(small_project: Path, tmp_path: Path):
    out = tmp_path / "site"
    assert main(["build", "-f", str(small_project / "mkdocs.yml"), "-d", str(out)]) == 0
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = soup.select("figure.overview svg a")
    by_label = {a["aria-label"]: a["href"] for a in links}
    # site_small: 2014 (a year-only event), 2015 (4 events, split by month: year_split 3), 2016
    assert by_label == {
        "2014, month not known: 1 event": "./years/2014/#m-2014-year",
        "August 2015: 1 event": "./years/2015/08/",
        "September 2015: 2 events": "./years/2015/09/",
        "October 2015: 1 event": "./years/2015/10/",
        "January 2016: 1 event": "./years/2016/#m-2016-01",
    }
    for href in by_label.values():  # every link leads to a page (and an anchor) that exists
        path, _, anchor = href.partition("#")
        page = out / path / "index.html"
        assert page.is_file(), href
        if anchor:
            assert BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find(id=anchor), href
    year = BeautifulSoup((out / "years/2015/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in year.select("figure.overview svg a")] == ["../../years/2015/08/", "../../years/2015/09/",
                                                                        "../../years/2015/10/"]
    assert (out / "assets/graphics.css").is_file()
