"""An Atom feed per index page: /<kind>/<key>/feed.xml for every tag, actor, place, source and status,
its latest FEED_LIMIT events, linked from the page; made, kept and reused like a page."""

from __future__ import annotations

from pathlib import Path

import feedparser
from bs4 import BeautifulSoup

from generator.render.site_files import FEED_LIMIT
from generator.render.feed import index_feed
from generator.chronology import build_chronology
from generator.content.reader import read_content

INDEXES = {
    "tags": {"context", "fighting"},
    "actors": {"alpha", "beta"},
    "places": {"town"},
    "sources": {"paper", "wire"},
    "status": {"confirmed", "disputed", "reported", "unverified"},
}


def many_events(project: Path, count: int) -> None:
    """``count`` events tagged 'many', one a day from 1 January 2017."""
    folder = project / "content" / "events" / "2017"
    folder.mkdir(parents=True)
    for n in range(count):
        month, day = divmod(n, 28)
        (folder / f"many-{n:03d}.yaml").write_text(
            f"date: 2017-{month + 1:02d}-{day + 1:02d}\ntitle: Event number {n}\nsummary: Number {n}.\n"
            "tags: [many]\nsources:\n  - source: paper\n", encoding="utf-8")


def test_every_index_page_has_its_feed_linked_from_the_page(small_project, tmp_path, build):
    out = tmp_path / "site"
    assert build(small_project, out) == 0
    for kind, keys in INDEXES.items():
        assert {p.parent.name for p in (out / kind).glob("*/feed.xml")} == keys, kind
    feed = feedparser.parse((out / "tags" / "fighting" / "feed.xml").read_bytes())
    assert not feed.bozo
    assert feed.feed.title == "fighting · Small fixture timeline"
    assert feed.feed.id == "https://example.org/timeline/tags/fighting/"
    assert feed.feed.link == "https://example.org/timeline/tags/fighting/"
    # newest first, only the tag's events, absolute links to their pages
    assert [e.link for e in feed.entries] == [f"https://example.org/timeline/events/{e}/"
                                              for e in ("unsafe-text", "day-event", "month-only")]
    actor = feedparser.parse((out / "actors" / "beta" / "feed.xml").read_bytes())
    assert actor.feed.title == "Beta & Sons · Small fixture timeline"
    assert [e.title for e in actor.entries] == ["A later event", "The day event"]
    for page in ("tags/fighting/index.html", "tags/fighting/page/2/index.html", "status/disputed/index.html"):
        soup = BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")
        feed_url = "/".join(page.split("/")[:2]) + "/feed.xml"
        alternates = [link["href"] for link in soup.select('head link[rel="alternate"][type="application/atom+xml"]')]
        assert any(href.endswith("/" + feed_url) for href in alternates), (page, alternates)
        follow = soup.find("a", string="Follow (Atom)")
        assert follow is not None and follow["href"].endswith("/" + feed_url)
        assert (out / page).parent.joinpath(follow["href"]).resolve() == (out / feed_url).resolve()


def test_a_feed_holds_the_latest_feed_limit_events(small_project, tmp_path, build):
    many_events(small_project, FEED_LIMIT + 10)
    out = tmp_path / "site"
    assert build(small_project, out) == 0
    feed = feedparser.parse((out / "tags" / "many" / "feed.xml").read_bytes())
    assert len(feed.entries) == FEED_LIMIT
    assert feed.entries[0].title == f"Event number {FEED_LIMIT + 9}"
    assert feed.entries[-1].title == "Event number 10"


def test_feeds_are_reused_when_their_events_did_not_change(small_project, tmp_path, build, fresh_build, site_files):
    out = tmp_path / "site"
    assert build(small_project, out) == 0
    kept = {name: (out / name).stat().st_ino for name in ("tags/context/feed.xml", "actors/beta/feed.xml")}
    event = small_project / "content" / "events" / "2016" / "later.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("A later event", "A renamed event"), encoding="utf-8")
    assert build(small_project, out) == 0
    assert (out / "tags/context/feed.xml").stat().st_ino == kept["tags/context/feed.xml"]  # linked, not made
    assert (out / "actors/beta/feed.xml").stat().st_ino != kept["actors/beta/feed.xml"]
    assert "A renamed event" in (out / "actors/beta/feed.xml").read_text(encoding="utf-8")
    assert site_files(out) == site_files(fresh_build(small_project))


def test_without_a_site_url_the_links_are_relative_to_the_feed(write_tree, tmp_path):
    project = write_tree({
        "content/sources/paper.yaml": "title: Paper\n",
        "content/events/2015/one.yaml": "date: 2015-09-28\ntitle: One\nsummary: S.\ntags: [prison]\n"
                                         "sources:\n  - source: paper\n",
    })
    chron = build_chronology(read_content(project / "content", project))
    xml = index_feed(chron.by_tag["prison"], "prison · T", "tags/prison/", None)
    feed = feedparser.parse(xml)
    assert feed.entries[0].link == "../../events/one/"  # from tags/prison/feed.xml to events/one/
    assert feed.feed.id.startswith("urn:timeline-site:")
    assert feed.feed.link == "../../tags/prison/"
