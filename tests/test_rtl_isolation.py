"""Right to left (issue 22, item 9): the demo chronology (English content) built in Dari (fa-AF). Left-to-right
pieces inside the right-to-left pages are isolated in the HTML: the permalink URL (dir="ltr"), the place's
coordinates (dir="ltr", the language's digits and decimal sign), the editors' English date labels
("End of 2014": dir="auto") and every event title (dir="auto": cards, the event page's heading, the
related events)."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from generator.chronology import build_chronology
from generator.content.reader import read_content

EVENT = "at-least-25-militants-and-two-policemen-killed"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_the_permalink_url_is_isolated_left_to_right(dari_site):
    link = soup(dari_site / "events" / EVENT / "index.html").select_one(".permalink a")
    assert link["dir"] == "ltr" and link.get_text().startswith("https://")


def test_coordinates_are_one_left_to_right_run_in_the_languages_digits(dari_site):
    place = soup(dari_site / "places" / "kunduz-province" / "index.html").select_one(".geo")
    assert place["dir"] == "ltr"
    text = place.get_text()
    assert not re.search(r"[0-9]", text), f"Latin digits among Dari ones: {text!r}"
    assert re.fullmatch(r"-?[۰-۹]+٫[۰-۹]{4}، -?[۰-۹]+٫[۰-۹]{4}", text), text


def test_every_event_title_takes_its_own_direction(dari_site):
    home = soup(dari_site / "index.html")
    titles = home.select(".event-card .event-title")
    assert titles and all(title.get("dir") == "auto" for title in titles)
    page = soup(dari_site / "events" / EVENT / "index.html")
    assert page.select_one("main h1")["dir"] == "auto"
    related = page.select(".related-list a[href*='/events/']")
    assert related and all(link.get("dir") == "auto" for link in related)


def test_the_editors_date_labels_are_isolated_and_the_calendars_dates_are_not(dari_site):
    labelled = [e for e in build_chronology(read_content(Path(__file__).resolve().parents[1] / "content")).events
                if e.display_date]
    assert labelled, "the demo has events with a display date (an English label)"
    cards = soup(dari_site / "years" / "2014" / "index.html").select(".event-card")
    cards += soup(dari_site / "years" / "2015" / "index.html").select(".event-card")
    by_id = {card["id"].removeprefix("e-"): card for card in cards}
    checked = 0
    for event in labelled:
        card = by_id.get(event.id)
        if card is None:
            continue
        when = card.select_one(".event-when time, .event-when > span")
        assert when.get_text() == event.display_date and when.get("dir") == "auto", when
        checked += 1
        page = soup(dari_site / "events" / event.id / "index.html").select_one("header .event-when [data-pagefind-meta]")
        assert page.get("dir") == "auto", page
    assert checked
    plain = next(card for card in cards if card["id"].removeprefix("e-") not in {e.id for e in labelled})
    assert plain.select_one(".event-when time, .event-when > span").get("dir") is None  # Dari words: the page's direction
