"""The overview's zoom (generator/render/overview_zoom.py + partials/overview.html), the home page's
key day and the status rule, through ``timeline build`` of small fixture trees, parsed back.

Where most events of a strip fall in one bar, a finer strip follows for that bar: years → months →
days → hours, or the day's events in order when their times are not known. Every bar links to a
page (and an anchor) that exists and counts what it says.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

MKDOCS = """site_name: "Zoom fixture"
docs_dir: content/pages
theme:
  name: timeline
plugins:
  - timeline:
      content_dir: content
{options}"""


def _project(write_tree, events: dict[str, str], options: str = "") -> Path:
    """A project with ``events`` ({id: YAML lines after the id's title}) and one source."""
    files = {
        "mkdocs.yml": MKDOCS.format(options=options),
        "content/pages/about.md": "# About\n",
        "content/sources/wire.yaml": 'title: "Wire report"\n',
    }
    for event_id, fields in events.items():
        files[f"content/events/{event_id}.yaml"] = (
            f"title: Event {event_id}\nsummary: Something happened.\nsources:\n  - source: wire\n{fields}")
    return write_tree({f"project/{path}": text for path, text in files.items()}) / "project"


def _site(write_tree, build, tmp_path: Path, events: dict[str, str], options: str = "") -> Path:
    project = _project(write_tree, events, options)
    assert build(project, tmp_path / "site") == 0
    return tmp_path / "site"


def _soup(site: Path, page: str = "") -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def _charts(soup: BeautifulSoup) -> list:
    """The overview's charts, coarsest first: the main one, then each finer strip."""
    return soup.select("figure.overview > svg.overview-chart")


def _bars(chart) -> list[tuple[str, str]]:
    """(aria-label, href) of each bar of a chart."""
    return [(a["aria-label"], a["href"]) for a in chart.select("svg.overview-bars a")]


def _labels(chart) -> list[str]:
    return [text.get_text() for text in chart.select("g.overview-labels text")]


def _titles(soup: BeautifulSoup) -> list[str]:
    return [p.get_text() for p in soup.select("figure.overview > p.overview-zoom-title")]


def _assert_links_lead_to_cards(site: Path, page: str, bars: list[tuple[str, str]]) -> None:
    """Each href (relative to ``page``) leads to a built page with an element of its anchor."""
    for _, href in bars:
        path, _, anchor = href.partition("#")
        target = (site / page / path).resolve() if path else (site / page)
        soup = BeautifulSoup((target / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert not anchor or soup.find(id=anchor), href


def _dated(date: str, extra: str = "") -> str:
    return f"date: '{date}'\n{extra}"


# -- years → months --------------------------------------------------------------------------------


def test_a_year_holding_most_events_gets_a_strip_of_its_months(write_tree, build, tmp_path):
    site = _site(write_tree, build, tmp_path, {
        "invasion": _dated("2001"),
        "attempts": _dated("2016"),  # dated to the year only: the "?" slot before January
        "march": _dated("2016-03-02"), "june": _dated("2016-06-10"), "july": _dated("2016-07-01"),
    })
    home = _soup(site)
    top, months = _charts(home)
    assert _bars(top) == [("2001: 1 event", "./years/2001/"), ("2016: 4 events", "./years/2016/")]
    assert len(top.select("line.zoom-mark")) == 1  # the bracket under the bar the strip zooms into
    assert _titles(home) == ["2016, by month"]
    assert _bars(months) == [
        ("2016, month not known: 1 event", "./years/2016/#m-2016-year"),
        ("March 2016: 1 event", "./years/2016/#m-2016-03"),
        ("June 2016: 1 event", "./years/2016/#m-2016-06"),
        ("July 2016: 1 event", "./years/2016/#m-2016-07"),
    ]
    _assert_links_lead_to_cards(site, "", _bars(top) + _bars(months))
    assert _labels(months)[0] == "?"  # the year-only slot is labelled, and the caption says what "?" means
    assert "“?”: month not known." in home.select_one("figure.overview figcaption").get_text()


def test_no_strip_where_no_bar_holds_most_events(write_tree, build, tmp_path):
    site = _site(write_tree, build, tmp_path, {
        "a": _dated("2015-03-01"), "b": _dated("2015-03-02"), "c": _dated("2015-06-01"),
        "d": _dated("2015-06-02"), "e": _dated("2015-09-01"), "f": _dated("2015-09-02"),
    })
    home = _soup(site)
    assert len(_charts(home)) == 1 and _titles(home) == []
    assert not home.select("line.zoom-mark")


# -- months → days → the day's order ------------------------------------------------------------------


def test_a_month_holding_most_events_gets_its_days_and_a_crowded_day_its_order(write_tree, build, tmp_path):
    site = _site(write_tree, build, tmp_path, {
        "sept": _dated("2015-09"),  # dated to the month only: the "?" slot before the 1st
        "first": _dated("2015-09-03", "sequence: 1\n"), "second": _dated("2015-09-03", "sequence: 2\nfeatured: true\n"),
        "third": _dated("2015-09-03", "sequence: 3\n"), "later": _dated("2015-09-20"), "october": _dated("2015-10-05"),
    })
    year = _soup(site, "years/2015")
    top, days, order = _charts(year)
    assert _bars(top) == [("September 2015: 5 events, 1 key event", "../../years/2015/#m-2015-09"),
                          ("October 2015: 1 event", "../../years/2015/#m-2015-10")]
    assert _titles(year) == ["September 2015, by day", "3 September 2015, event by event"]
    # The year page lists every event: a day's bar leads to its first card on the page itself.
    assert _bars(days) == [("September 2015, day not known: 1 event", "#e-sept"),
                           ("3 September 2015: 3 events, 1 key event", "#e-first"),
                           ("20 September 2015: 1 event", "#e-later")]
    assert _labels(days)[0] == "?" and "20" in _labels(days)
    assert _bars(order) == [("1 of 3: Event first", "#e-first"), ("2 of 3: Event second (key event)", "#e-second"),
                            ("3 of 3: Event third", "#e-third")]
    assert [a.get("class") for a in order.select("a")] == [None, ["key"], None]
    _assert_links_lead_to_cards(site, "years/2015", _bars(top) + _bars(days) + _bars(order))


def test_a_day_with_times_gets_an_hour_strip_and_a_one_bar_strip_is_left_out(write_tree, build, tmp_path):
    site = _site(write_tree, build, tmp_path, {
        "before": _dated("2014-12-01"),
        "dawn": _dated("2015-09-28T05:30+04:30"), "dawn2": _dated("2015-09-28T05:45+04:30"),
        "afternoon": _dated("2015-09-28T14:00+04:30"), "untimed": _dated("2015-09-28"),
    })
    home = _soup(site)
    charts = _charts(home)
    # September 2015 by day would be one bar (the 28th): the strip goes straight to the day's hours.
    assert _titles(home) == ["28 September 2015, by hour"]
    hours = charts[-1]
    assert _bars(hours) == [("28 September 2015, time not known: 1 event", "#e-untimed"),
                            ("28 September 2015, 05:00: 2 events", "#e-dawn"),
                            ("28 September 2015, 14:00: 1 event", "#e-afternoon")]
    assert _labels(hours) == ["?", "06:00", "12:00", "18:00"]  # "00:00" would touch "?": left out
    assert "“?”: time not known." in home.select_one("figure.overview figcaption").get_text()
    _assert_links_lead_to_cards(site, "", _bars(hours))


def test_day_bars_link_to_the_month_page_holding_the_event(write_tree, build, tmp_path):
    # 2015 is split by month (year_split 2), its month pages hold 2 events each (list_limit 2), and
    # the home page shows only the latest event (home_limit 1).
    events = {name: _dated("2015-09-03", f"sequence: {n}\n") for n, name in enumerate("abcde", start=1)}
    site = _site(write_tree, build, tmp_path, events, "      year_split: 2\n      list_limit: 2\n      home_limit: 1\n")
    home = _soup(site)
    order = _charts(home)[-1]
    assert [href for _, href in _bars(order)] == [
        "./years/2015/09/#e-a", "./years/2015/09/#e-b", "./years/2015/09/page/2/#e-c", "./years/2015/09/page/2/#e-d",
        "#e-e"]
    _assert_links_lead_to_cards(site, "", _bars(order))


# -- the home page opens on the key day -------------------------------------------------------------


def test_the_home_page_folds_the_background_above_the_key_day(write_tree, build, tmp_path):
    site = _site(write_tree, build, tmp_path, {
        "invasion": _dated("2001"), "government": _dated("2014-09"),
        "assault": _dated("2015-09-28", "sequence: 1\nfeatured: true\n"), "hospital": _dated("2015-09-28", "sequence: 2\n"),
        "fall": _dated("2015-09-28", "sequence: 3\nfeatured: true\n"), "aftermath": _dated("2015-10-01"),
    })
    listing = _soup(site).select_one("[data-listing]")
    background = listing.select_one("details.background")
    assert background.select_one("summary").get_text(strip=True) == "2 earlier events (background)"
    assert "open" not in background.attrs
    assert [li["id"] for li in background.select("li.event-card")] == ["e-invasion", "e-government"]
    outside = [li["id"] for li in listing.select("li.event-card") if not li.find_parent("details")]
    assert outside == ["e-assault", "e-hospital", "e-fall", "e-aftermath"]
    # The background comes first in the page, the key day right after it.
    assert listing.select("li.event-card")[2]["id"] == "e-assault"


def test_no_background_without_a_key_day(write_tree, build, tmp_path):
    site = _site(write_tree, build, tmp_path, {
        "a": _dated("2015-09-01"), "b": _dated("2015-09-02"), "c": _dated("2015-09-03"), "d": _dated("2015-09-04"),
    })
    assert not _soup(site).select("details.background")


# -- status: said where it tells something ----------------------------------------------------------


def test_the_usual_status_is_said_once_in_the_legend_and_other_statuses_on_their_cards(write_tree, build, tmp_path):
    site = _site(write_tree, build, tmp_path, {
        "a": _dated("2015-09-01"), "b": _dated("2015-09-02"), "c": _dated("2015-09-03"),
        "d": _dated("2015-09-04", "status: disputed\n"),
    })
    home = _soup(site)
    legend = [li.get_text() for li in home.select("ul.legend li")]
    assert legend == ["Reported, unless marked", "Disputed"]
    badges = {li["id"]: li.select_one(".status-badge") for li in home.select("li.event-card")}
    assert all("usual" in badges[f"e-{key}"]["class"] for key in "abc")  # drawn for screen readers only
    assert "usual" not in badges["e-d"]["class"] and badges["e-d"].get_text() == "Disputed"


def test_without_a_majority_status_every_card_says_its_status(write_tree, build, tmp_path):
    site = _site(write_tree, build, tmp_path, {
        "a": _dated("2015-09-01"), "b": _dated("2015-09-02", "status: disputed\n"),
        "c": _dated("2015-09-03", "status: confirmed\n"),
    })
    home = _soup(site)
    assert [li.get_text() for li in home.select("ul.legend li")] == ["Confirmed", "Reported", "Disputed"]
    assert not home.select(".status-badge.usual")


def test_a_month_by_day_has_as_many_days_as_its_calendar_gives_in_any_year(write_tree, build, tmp_path):
    # February 44 BC (astronomical -43) has 28 days: its strip ends with the 28th, not with a 31st.
    site = _site(write_tree, build, tmp_path, {
        "ides-talk": _dated("-0043-02-10"), "lupercalia": _dated("-0043-02-15"),
        "omen": _dated("-0043-02-28"), "omen-again": _dated("-0043-02-28", "sequence: 1\n"),
    })
    home = _soup(site)
    assert _titles(home) == ["February 44 BC, by day"]
    days = _charts(home)[1]
    assert days.select_one("svg.overview-bars")["viewbox"].split()[2] == "28"
