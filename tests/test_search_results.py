"""What the search page needs to draw its results as the site's cards, read from a real build: each
record's status (key and words) and machine date (the date sort's order is in the fragments' names:
tests/test_pagefind_names.py), and a search page that is a plain form (words, order, one folded box of filters) over Pagefind's JavaScript API,
not Pagefind's default UI with its own font and styles."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from bs4 import BeautifulSoup



def _fragments(site: Path) -> dict[str, dict]:
    found = {}
    for path in sorted((site / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        page = json.loads(data[data.index(b"{"):])
        found[page["url"]] = page
    return found


def test_each_record_carries_its_status_and_machine_date_for_the_card(small_project, tmp_path, build):
    assert build(small_project, tmp_path / "site") == 0
    pages = _fragments(tmp_path / "site")
    day = pages["/events/day-event/"]["meta"]
    assert day["status"] == "confirmed" and day["status_label"] == "Confirmed"
    assert day["datetime"].startswith("2015-09-28"), day
    disputed = pages["/events/timed-event/"]["meta"]
    assert disputed["status"] == "disputed"
    # metadata, not words: a search for a status word does not find every event by its label
    assert "Confirmed" not in pages["/events/day-event/"]["content"]


def test_the_search_page_is_a_form_with_an_order_and_one_folded_box_of_filters(small_project, tmp_path, build):
    assert build(small_project, tmp_path / "site") == 0
    html = (tmp_path / "site" / "search" / "index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "lxml")
    form = page.select_one("main form[role=search]")
    assert form is not None and form.select_one("input[type=search][name=q]") is not None
    assert [o["value"] for o in form.select("select[name=sort] option")] == ["", "asc", "desc"]
    boxes = form.select("details.search-filter-box")
    assert len(boxes) == 1 and not boxes[0].has_attr("open")
    assert page.select_one("ol.event-list.search-results") is not None
    assert "pagefind-ui" not in html  # Pagefind's default UI and its stylesheet are gone
    assert not page.select("[style]") and not [s for s in page.select("script") if not s.get("src")]
    words = json.loads(page.select_one("[data-search]")["data-translations"])
    assert words["filters"] == {"tag": "Tag", "actor": "Actor", "place": "Place", "status": "Status", "year": "Year"}
