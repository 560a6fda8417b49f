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
from generator.render.overview_zoom import overview_of
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
    """The bars' links of the main chart (the finer strips under it: tests/test_overview_zoom.py)."""
    return BeautifulSoup(html, "html.parser").select("figure.overview > svg.overview-chart:not(.overview-zoom) a")


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
    rects = bars.select("rect")
    assert len(rects) == 2 == len(bars.select("a"))  # an empty month has no bar and no link
    xs = [float(r["x"]) + float(r["width"]) / 2 for r in rects]
    assert xs == [2.5, 23.5]  # March of the first year, December of the second
    tops = [int(r["y"]) for r in rects]
    assert all(int(r["y"]) + int(r["height"]) == 100 for r in rects)  # standing on the axis
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
    overview = overview_of(_years({(2015, 9): 4}), "../..", 150)
    assert overview.unit == "month" and overview.slots == 12
    assert [tick.label for tick in overview.ticks] == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                                                      "Oct", "Nov", "Dec"]
    assert overview.caption == "Events per month, 2015. Most in one month: 4 (September 2015)."
    with_year_only = overview_of(_years({(2015, None): 1, (2015, 9): 4}, featured={(2015, 9): 1}), ".", 150)
    assert with_year_only.slots == 13 and with_year_only.ticks[1].x == round(100 / 13, 3)  # January after it
    assert with_year_only.ticks[0].label == "?"  # the year-only slot is labelled, and the caption says what "?" is
    assert with_year_only.notes == "“?”: month not known."
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
    overview = overview_of(_years({(1000, 1): 1, (1004, 2): 2, (2015, 9): 5}), ".", 150)
    assert overview.unit == "years" and overview.slots <= ov.MAX_BARS
    assert overview.title == "Events per 10 years, 1000–2015"  # 1,016 years: 102 groups of 10
    assert "Most in 10 years: 5 (2010–2019)." in overview.caption
    assert [bar.label for bar in overview.bars] == ["1000–1009: 3 events", "2010–2019: 5 events"]
    assert overview.bars[0].href == "./years/1000/"  # a group links to its first year with events


def test_no_events_no_overview():
    assert overview_of((), ".", 150) is None
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


# -- year labels: the first and last bars' years always, every bar's when there are few, none touching --


def _labels(html: str) -> list[tuple[str, float, str, bool]]:
    """(text, x in percent, text-anchor, hidden on phones) of each year label under the axis."""
    soup = BeautifulSoup(html, "html.parser")
    return [(t.string, float(t["x"].rstrip("%")), t["text-anchor"], "wide" in (t.get("class") or []))
            for t in soup.select("svg.overview-chart:not(.overview-zoom) g.overview-labels text")]


def _extent(label: tuple[str, float, str, bool], width: int) -> tuple[float, float]:
    """A label's extent in pixels on a chart ``width`` pixels wide (the estimate overview.py uses)."""
    text, x, anchor, _ = label
    left, size = x * width / 100, len(text) * ov.LABEL_CHAR
    if anchor == "start":
        return left, left + size
    return (left - size, left) if anchor == "end" else (left - size / 2, left + size / 2)


def _assert_no_label_touches(labels: list, width: int) -> None:
    extents = sorted(_extent(label, width) for label in labels)
    assert all(0 <= left and right <= width for left, right in extents), extents
    for (_, right), (left, _) in zip(extents, extents[1:]):
        assert left - right >= ov.LABEL_GAP, extents


def test_a_sparse_span_labels_its_first_last_and_every_bar():
    """Events in 2001, 2014 and 2015 only (the demo's home page): 2001 is labelled under its bar at
    the chart's start, 2015 at its end, 2014 too; round years fill the gap without crowding."""
    html = _render(_years({(2001, None): 1, (2014, 9): 2, (2015, 9): 19}))
    labels = _labels(html)
    by_text = {label[0]: label for label in labels}
    assert {"2001", "2014", "2015"} <= set(by_text)
    assert by_text["2001"][1:3] == (0.0, "start") and by_text["2015"][1:3] == (100.0, "end")
    assert not by_text["2001"][3] and not by_text["2015"][3]  # the first and the last show on a phone too
    assert len(labels) <= ov.MAX_LABELS
    _assert_no_label_touches(labels, ov.WIDE)
    _assert_no_label_touches([label for label in labels if not label[3]], ov.NARROW)
    assert by_text["2014"][3]  # next to 2015: on wider screens only
    # the one-event bar of 2001 is not a sliver: at least MIN_BAR of the 100 units high
    tops = [int(r["y"]) for r in BeautifulSoup(html, "html.parser").select("svg.overview-bars rect")]
    assert 100 - tops[0] >= ov.MIN_BAR >= 8


def test_the_first_and_last_years_are_labelled_whatever_their_parity():
    for counts in ({(2001, 3): 1, (2009, 1): 2}, {(2003, 5): 1, (2010, 2): 1, (2012, 7): 4},
                   {(1901, 1): 1, (1950, 1): 1, (2017, 1): 1}, {(1003, 1): 1, (2015, 9): 5}):
        overview = overview_of(_years(counts), ".", 150)
        labels = [tick for tick in overview.ticks if tick.label]
        first, last = min(year for year, _ in counts), max(year for year, _ in counts)
        if overview.unit == "years":  # groups of years are named by their first year
            size = int(overview.title.split()[2])
            first, last = first // size * size, last // size * size
        assert labels[0].label == str(first) and not labels[0].wide, (counts, labels)
        assert labels[-1].label == str(last) and not labels[-1].wide, (counts, labels)
        rendered = _labels(_render(_years(counts)))
        _assert_no_label_touches(rendered, ov.WIDE)
        _assert_no_label_touches([label for label in rendered if not label[3]], ov.NARROW)


def test_few_bars_each_get_their_year_many_bars_round_years():
    few = overview_of(_years({(1990, 1): 1, (1993, 1): 1, (2004, 1): 1, (2011, 1): 1, (2019, 1): 1}), ".", 150)
    assert {"1990", "1993", "2004", "2011", "2019"} <= {tick.label for tick in few.ticks}
    many = overview_of(_years({(1900 + n * 3, 1): 1 for n in range(40)}), ".", 150)  # 40 bars
    inner = [tick.label for tick in many.ticks if tick.label][1:-1]
    assert inner and all(int(label) % 10 == 0 for label in inner)  # 1900, … 2017: round years between


def test_labels_too_close_for_a_phone_are_hidden_there():
    css = (TEMPLATES / "assets" / "graphics.css").read_text(encoding="utf-8")
    phone = css[css.index("@media (max-width: 39.99rem)"):]
    phone = phone[:phone.index("\n}\n")]
    assert ".overview-labels .wide" in phone and "display: none" in phone
