"""Previous/next links in Chromium (issue 22, item 3): the arrow on the same line as its label, and the
links' outer edges on the column's edges, left to right (English) and right to left (Dari)."""

from __future__ import annotations


import pytest
from playwright.sync_api import Page

EVENT = "taliban-overrun-governors-compound"  # an event with a previous and a next one

MEASURE = """() => {
  const box = e => { const b = e.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top, bottom: b.bottom}; };
  const links = {};
  for (const a of document.querySelectorAll('.prev-next a')) {
    const arrow = a.querySelector('.arrow');
    const label = arrow.parentElement;
    // the label's words: the text beside the arrow, measured as laid out (one rect per line)
    const text = [...label.childNodes].find(n => n.nodeType === 3 && n.textContent.trim());
    const range = document.createRange();
    range.selectNodeContents(text);
    const words = [...range.getClientRects()].filter(r => r.width > 0).map(r => ({top: r.top, bottom: r.bottom}));
    links[a.rel] = {link: box(a), arrow: box(arrow), words};
  }
  const column = document.querySelector('main article, main h1');
  return {links, column: box(column)};
}"""


def _check(page: Page, url: str, rtl: bool, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    found = page.evaluate(MEASURE)
    column, links = found["column"], found["links"]
    assert set(links) == {"prev", "next"}, links
    for rel, link in links.items():
        arrow, words = link["arrow"], link["words"]
        lines = {round(w["top"]) for w in words}  # bidi runs of one line share its top
        assert len(lines) == 1, f"{rel}: the label runs over {len(lines)} lines"
        # the same line box: the arrow's middle within the words' line
        middle = (arrow["top"] + arrow["bottom"]) / 2
        assert words[0]["top"] <= middle <= words[0]["bottom"], (rel, arrow, words)
    start, end = ("next", "prev") if rtl else ("prev", "next")  # the link on the column's left, on its right
    assert abs(links[start]["link"]["left"] - column["left"]) <= 1, (links[start], column)
    assert abs(links[end]["link"]["right"] - column["right"]) <= 1, (links[end], column)


@pytest.mark.parametrize("width", [1200, 390])
@pytest.mark.parametrize("path", [f"/events/{EVENT}/", "/years/2014/"])
def test_previous_next_left_to_right(page: Page, base_url: str, path: str, width: int) -> None:
    _check(page, base_url + path, rtl=False, width=width)


@pytest.mark.parametrize("width", [1200, 390])
@pytest.mark.parametrize("path", [f"/events/{EVENT}/", "/years/2014/"])
def test_previous_next_right_to_left(page: Page, dari_url: str, path: str, width: int) -> None:
    _check(page, dari_url + path, rtl=True, width=width)
