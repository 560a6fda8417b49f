"""A search index in shards (generator/pipeline/search_shards.py), merged in the reader's browser by the
search page (assets/search.js, Pagefind's mergeIndex): a query finds the events of every shard, the sort
by date and the filters run across the shards, under the search page's Content-Security-Policy."""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page

from conftest import serve_folder
from generator.chronology import build_chronology
from generator.content.reader import read_content
from generator.pipeline import search_shards

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))

import corpus  # noqa: E402

EVENTS, SHARD = 60, 25  # the corpus's years fill shards of 25, 24 and 11 events
RESULT_LINKS = ".search-result .event-title a"


@pytest.fixture(scope="module")
def sharded(tmp_path_factory, build) -> tuple[Path, Path]:
    """(project, site): a 60-event synthetic chronology built with shards of at most 25 events."""
    folder = tmp_path_factory.mktemp("sharded-search")
    project = corpus.generate(folder / "project", EVENTS, vocabulary="small")  # every word on most pages
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_shards, "SHARD_RECORDS", SHARD)
        assert build(project, folder / "site") == 0
    return project, folder / "site"


@pytest.fixture(scope="module")
def url(sharded) -> str:
    with serve_folder(sharded[1]) as served:
        yield served


@pytest.fixture(scope="module")
def chronology(sharded):
    return build_chronology(read_content(sharded[0] / "content"))


@pytest.fixture(scope="module")
def shards(sharded) -> list[dict[str, str]]:
    """Each shard's pages, the first bundle's first: {url: the words Pagefind holds of it}."""
    site = sharded[1]
    listed = json.loads((site / search_shards.SHARDS_LIST).read_text(encoding="utf-8"))
    found = []
    for bundle in [site / "pagefind"] + [(site / search_shards.SHARDS_LIST).parent / name for name in listed]:
        pages = {}
        for path in (bundle / "fragment").iterdir():
            data = gzip.decompress(path.read_bytes())
            fragment = json.loads(data[data.index(b"{"):])
            pages[fragment["url"]] = fragment["content"].lower()
        found.append(pages)
    return found


@pytest.fixture(scope="module")
def word(shards) -> str:
    """A word of some page of every shard, though not of every page."""
    counts: dict[str, set[int]] = {}
    for index, pages in enumerate(shards):
        for text in pages.values():
            for found in set(re.findall(r"[a-z]{6,}", text)):
                counts.setdefault(found, set()).add(index)
    total = sum(len(pages) for pages in shards)
    usable = [w for w, where in sorted(counts.items()) if len(where) == len(shards)
              and sum(1 for pages in shards for text in pages.values() if w in text.split()) < total]
    assert usable
    return usable[0]


@pytest.fixture
def errors(page: Page) -> list[str]:
    """The page's console errors and uncaught exceptions (a refused fetch or script, a failed merge)."""
    found: list[str] = []
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))  # the synthetic site has none
    page.on("console", lambda message: found.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: found.append(str(error)))
    page.on("response", lambda response: found.append(f"{response.status} {response.url}") if response.status >= 400 else None)
    return found


def all_results(page: Page, address: str) -> list[str]:
    """The result links' paths, every batch loaded ("Load more results" until it hides)."""
    page.goto(address)
    page.locator(RESULT_LINKS).first.wait_for(timeout=45_000)
    more = page.locator("[data-search-more]")
    while more.is_visible():
        count = page.locator(RESULT_LINKS).count()
        more.click()
        page.wait_for_function(f"() => document.querySelectorAll({RESULT_LINKS!r}).length > {count}")
    return [link.get_attribute("href") for link in page.locator(RESULT_LINKS).all()]


def test_the_corpus_is_in_three_shards(shards):
    assert [len(pages) for pages in shards] == [25, 24, 11]


def test_a_query_finds_the_events_of_every_shard(page, url, shards, word, errors):
    found = all_results(page, f"{url}/search/?q={word}")
    assert len(found) == len(set(found)) > SHARD
    for pages in shards:
        assert set(found) & set(pages), f"no result of the shard holding {sorted(pages)[:3]}…"
    assert not errors


def test_the_sort_by_date_runs_across_the_shards(page, url, word, chronology, shards, errors):
    in_order = [f"/events/{event.id}/" for event in chronology.events]
    earliest = all_results(page, f"{url}/search/?q={word}&sort=asc")
    assert len({next(i for i, pages in enumerate(shards) if path in pages) for path in earliest}) == 3
    assert earliest == [path for path in in_order if path in earliest]
    latest = all_results(page, f"{url}/search/?q={word}&sort=desc")
    assert latest == earliest[::-1]
    assert not errors


def test_the_filters_count_and_narrow_across_the_shards(page, url, word, chronology, shards, errors):
    page.goto(f"{url}/search/?q={word}")
    page.locator(RESULT_LINKS).first.wait_for(timeout=45_000)
    page.locator(".search-filter-box > summary").click()  # the filters are fetched when their box opens
    page.wait_for_selector("[data-search][data-filters-ready]", state="attached", timeout=45_000)
    counts = [int(re.search(r"\((\d+)\)$", text)[1])
              for text in page.locator("select[name=year] option").all_text_contents() if "(" in text]
    assert sum(counts) == EVENTS  # each shard's years, merged
    statuses = page.locator("select[name=status] option").all_text_contents()
    assert sum(int(re.search(r"\((\d+)\)$", text)[1]) for text in statuses if "(" in text) == EVENTS
    confirmed = next(text for text in statuses if text.startswith("Confirmed")).rsplit(" (", 1)[0]
    found = all_results(page, f"{url}/search/?q={word}&status={confirmed}")
    expected = {f"/events/{e.id}/" for e in chronology.events if e.status == "confirmed"}
    assert found and set(found) <= expected
    assert len({next(i for i, pages in enumerate(shards) if path in pages) for path in found}) >= 2
    assert page.locator(".search-result.status-confirmed").count() == len(found)
    last_year = chronology.events[-1].date.year  # in the last shard
    found = all_results(page, f"{url}/search/?q={word}&year={last_year}")
    assert found and set(found) <= {f"/events/{e.id}/" for e in chronology.events if e.date.year == last_year}
    assert not errors
