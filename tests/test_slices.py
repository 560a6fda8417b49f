"""Event slices in hand-written pages (generator/render/slices.py): a ``::: timeline`` block in
content/pages/*.md shows the events it selects in the timeline style, linked to their pages; its
errors are content errors at file:line:col; ``timeline serve`` makes the page again when events change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.chronology import build_chronology
from generator.content.dates import Date
from generator.content.pages import line_offset
from generator.content.reader import read_content
from generator.render import slices
from generator.render.slices import SliceQuery, expand, fill, find_blocks, select
from serving import fetch, wait_for

PAGE = """\
---
title: Two slices
---
# Two slices

The fighting, from September 2015:

::: timeline
tag: fighting
from: 2015-09
:::

What Beta did (at most one event, the first):

::: timeline
# Beta & Sons
actor: beta
limit: 1
:::

The syntax, shown as code:

```
::: timeline
tag: no-such-tag
:::
```
"""


def shown(html: str) -> list[list[str]]:
    """The event ids each slice of a page shows, in order."""
    soup = BeautifulSoup(html, "html.parser")
    return [[card["id"].split("-e-", 1)[1] for card in part.select(".event-card")]
            for part in soup.select(".timeline-slice")]


# -- parsing ------------------------------------------------------------------------------------


def test_a_block_is_parsed_with_the_lines_of_the_file():
    markdown = PAGE.split("---\n", 2)[2]
    blocks = find_blocks(markdown, "content/pages/two.md", line_offset(PAGE, markdown))
    assert len(blocks) == 2  # not the one in fenced code
    first, second = blocks
    assert first.query == SliceQuery(tag="fighting", start=Date.parse("2015-09"))
    assert first.positions == {"tag": (9, 6), "from": (10, 7)}  # lines of the file, front matter included
    assert second.query == SliceQuery(actor="beta", limit=1)


@pytest.mark.parametrize("body, error", [
    ("tag: prison\ncolour: red\n", "x.md:3:1: 'colour' is not a key of a timeline slice; the keys are"),
    ("tags: prison\n", "x.md:2:1: 'tags' is not a key of a timeline slice; did you mean 'tag'?"),
    ("from: 2015-02-30\n", "x.md:2:7: from: '2015-02-30': February 2015 has no day 30"),
    ("to: yesterday\n", "x.md:2:5: to: "),
    ("limit: 0\n", "x.md:2:8: limit: '0' is not a whole number of at least 1"),
    ("featured: maybe\n", "x.md:2:11: featured: 'maybe' must be true or false"),
    ("status: confirmd\n", "x.md:2:9: status: 'confirmd' is not a status; did you mean 'confirmed'?"),
    ("tag: a\ntag: b\n", "x.md:3:1: 'tag' is given twice in one timeline slice (first on line 2)"),
    ("  from: 2016\nto: 2015\n", "x.md:2:9: from: 2016 is after to: 2015"),
    ("just words\n", "x.md:2:1: 'just words' is not 'key: value'"),
    ("tag:\n", "x.md:2:1: tag: has no value"),
])
def test_a_bad_block_says_where_and_what(body, error):
    [block] = find_blocks("::: timeline\n" + body + ":::\n", "x.md")
    assert block.query is None
    assert any(str(e).startswith(error) for e in block.errors), [str(e) for e in block.errors]


def test_a_block_without_its_closing_line_is_an_error_at_its_opening():
    [block] = find_blocks("# Page\n\n::: timeline\ntag: a\n", "x.md")
    assert [str(e) for e in block.errors] == [
        "x.md:3:1: '::: timeline' has no closing ':::' line; end the slice with a line of its own that says ':::'"]


# -- choosing the events ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chron():
    root = Path(__file__).resolve().parent / "fixtures" / "site_small"
    return build_chronology(read_content(root / "content", root))


@pytest.mark.parametrize("query, ids", [
    (SliceQuery(tag="fighting"), ["month-only", "day-event", "unsafe-text"]),
    (SliceQuery(tag="fighting", start=Date.parse("2015-09")), ["day-event", "unsafe-text"]),
    (SliceQuery(tag="fighting", end=Date.parse("2015-09-28")), ["month-only", "day-event"]),
    (SliceQuery(start=Date.parse("2015-08-15"), end=Date.parse("2015-08-20")), ["month-only"]),  # by overlap
    (SliceQuery(actor="alpha", place="town"), ["day-event"]),
    (SliceQuery(status="disputed"), ["timed-event"]),
    (SliceQuery(source="paper"), ["year-only", "later"]),
    (SliceQuery(limit=2), ["year-only", "month-only"]),
    (SliceQuery(tag="context", featured=True), []),
])
def test_a_query_selects_events_in_the_chronology_order(chron, query, ids):
    assert [event.id for event in select(chron, query)] == ids


def test_with_newest_first_the_limit_keeps_the_latest(chron):
    assert [e.id for e in select(chron, SliceQuery(limit=2), newest_first=True)] == ["unsafe-text", "later"]


def test_names_the_content_lacks_are_errors_at_their_values(chron):
    page = "::: timeline\ntag: figthing\nactor: gamma\nplace: nowhere\nsource: tv\n:::\n"
    expanded = expand(page, "content/pages/x.md", "x/", chron, lambda events, root, prefix: "")
    assert [str(e) for e in expanded.errors] == [
        "content/pages/x.md:2:6: tag: 'figthing' is not a tag of any event; did you mean 'fighting'?",
        "content/pages/x.md:3:8: actor: 'gamma' is not in actors.yaml",
        "content/pages/x.md:4:8: place: 'nowhere' is not in places.yaml",
        "content/pages/x.md:5:9: source: 'tv' is not a source (content/sources/)",
    ]


def test_expand_and_fill_put_each_slice_where_its_block_was(chron):
    calls = []

    def render(events, root, prefix):
        calls.append((tuple(e.id for e in events), root, prefix))
        return f'<div class="slice">{prefix}</div>'

    expanded = expand("Before\n\n::: timeline\nstatus: disputed\n:::\nAfter\n", "p.md", "a/b/", chron, render)
    assert calls == [(("timed-event",), "../..", "s1-")]
    assert expanded.errors == []
    html = fill("<p>Before</p>\n<p>" + expanded.markdown.split("\n\n")[1].strip() + "</p>\n<p>After</p>", expanded.html)
    assert html == '<p>Before</p>\n<div class="slice">s1-</div>\n<p>After</p>'


def test_ids_in_a_slice_are_unique_on_the_page():
    assert slices.unique_ids('<section aria-labelledby="m-1"><h2 id="m-1">', "s2-") == (
        '<section aria-labelledby="s2-m-1"><h2 id="s2-m-1">')


# -- built ---------------------------------------------------------------------------------------


def with_page(project: Path, name: str, text: str) -> Path:
    path = project / "content" / "pages" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_built_page_shows_its_slices_linked_to_the_events(small_project, tmp_path, build):
    with_page(small_project, "two.md", PAGE)
    out = tmp_path / "site"
    assert build(small_project, out) == 0
    page = out / "two" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert shown(html) == [["day-event", "unsafe-text"], ["day-event"]]
    soup = BeautifulSoup(html, "html.parser")
    for link in soup.select(".timeline-slice a[href]"):
        href = link["href"]
        if "://" not in href:
            assert (page.parent / href / "index.html").resolve().is_file(), href
    assert soup.select_one(".timeline-slice .event-title a")["href"] == "../events/day-event/"
    assert "tag: no-such-tag" in soup.select_one("pre code").get_text()  # code stays code
    ids = [el["id"] for el in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    assert soup.select_one(".timeline-slice .marker") is not None  # the time axis' markers and legend


def test_a_slice_with_an_unknown_tag_fails_the_build_at_its_line(small_project, tmp_path, run_cli):
    with_page(small_project, "x.md", "# X\n\nSome text.\n\n::: timeline\nfrom: 2015\n  tag: prisons\n:::\n")
    result = run_cli(["build", "-f", small_project / "mkdocs.yml", "-d", tmp_path / "site"])
    assert result.code == 1
    assert "content/pages/x.md:7:8: tag: 'prisons' is not a tag of any event" in result.err
    assert not (tmp_path / "site").exists()


# -- the live preview ------------------------------------------------------------------------------


@pytest.fixture
def served_slices(small_project, serve):
    with_page(small_project, "two.md", PAGE)
    running = serve(small_project, "two/", "timeline-slice")
    return small_project, running.base, running.terminal


def test_the_preview_makes_a_page_with_slices_again_when_its_events_change(served_slices):
    project, base, terminal = served_slices
    assert "The day event" in fetch(base + "two/")
    event = project / "content" / "events" / "2015" / "day-event.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("The day event", "The renamed day event"), encoding="utf-8")
    wait_for(lambda: "The renamed day event" in fetch(base + "two/"), "the slice to show the edited title")
    # An event that comes to match appears in the slice; the page's own text was never touched.
    later = project / "content" / "events" / "2016" / "later.yaml"
    later.write_text(later.read_text(encoding="utf-8") + "tags: [fighting]\n", encoding="utf-8")
    wait_for(lambda: shown(fetch(base + "two/"))[0] == ["day-event", "unsafe-text", "later"], "the new match")
    # A slice that names an unknown tag is reported in the preview, and fixed it goes away.
    page = project / "content" / "pages" / "two.md"
    page.write_text(PAGE.replace("tag: fighting", "tag: figthing"), encoding="utf-8")
    status = wait_for(lambda: json.loads(fetch(base + "_timeline/status.json"))["errors"], "the error")
    assert status == ["content/pages/two.md:9:6: tag: 'figthing' is not a tag of any event; did you mean 'fighting'?"]
    page.write_text(PAGE, encoding="utf-8")
    wait_for(lambda: json.loads(fetch(base + "_timeline/status.json"))["errors"] == [], "no error")
