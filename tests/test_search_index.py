"""The Pagefind search index: built over the event pages, reused while they are unchanged."""

from __future__ import annotations

import dataclasses
import errno
import os
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import generator.pipeline.pagefind_run
import generator.pipeline.search_records
from generator.pipeline.pagefind_format import read_pagefind_file
from generator.pipeline.pagefind_run import pagefind_executable
from generator.pipeline.search_records import SearchRecord, record_html, records_key


class _RunsLog:
    """The Pagefind runs logged, one line each, in a file: a full build runs Pagefind in a forked process
    (``site_build``), whose calls a list in this one would never see."""

    def __init__(self, path: Path):
        self.path = path

    def __len__(self) -> int:
        return len(self.path.read_text(encoding="utf-8").splitlines()) if self.path.exists() else 0


@pytest.fixture
def pagefind_runs(monkeypatch, tmp_path) -> _RunsLog:
    """Every Pagefind command the build runs (they still run), in whichever process runs it."""
    pagefind = str(pagefind_executable())
    log = _RunsLog(tmp_path / "pagefind-runs.log")
    real = subprocess.run

    def logging_pagefind(command, *args, **kwargs):
        if str(command[0]) == pagefind:
            with open(log.path, "a", encoding="utf-8") as lines:
                lines.write(" ".join(map(str, command)) + "\n")
        return real(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", logging_pagefind)
    return log


def tag_values(site: Path) -> list[str]:
    """The values of the index's 'tag' filter, read from Pagefind's own files."""
    for path in (site / "pagefind" / "filter").iterdir():
        name, values = read_pagefind_file(path)
        if name == "tag":
            return [value[0] if isinstance(value, list) else value for value in values]
    raise AssertionError("no tag filter in the search index")


def test_unchanged_event_pages_reuse_the_search_index(small_project, tmp_path, build, pagefind_runs):
    assert build(small_project, tmp_path / "one") == 0
    assert build(small_project, tmp_path / "two") == 0
    assert len(pagefind_runs) == 1


def test_a_reused_search_index_equals_an_independent_build(small_project, tmp_path, build, fresh_build, site_files):
    assert build(small_project, tmp_path / "one") == 0
    assert build(small_project, tmp_path / "two") == 0  # from the cache
    independent = site_files(fresh_build(small_project) / "pagefind")
    assert independent  # the index is there to compare with
    assert site_files(tmp_path / "two" / "pagefind") == independent


def test_an_edited_event_is_indexed_again(small_project, tmp_path, build, pagefind_runs):
    assert build(small_project, tmp_path / "site") == 0
    event = small_project / "content" / "events" / "2016" / "later.yaml"
    event.write_text(event.read_text(encoding="utf-8") + "tags: [brand-new-tag]\n", encoding="utf-8")
    assert "brand-new-tag" not in tag_values(tmp_path / "site")
    assert build(small_project, tmp_path / "site") == 0
    assert len(pagefind_runs) == 2
    assert "brand-new-tag" in tag_values(tmp_path / "site")


def test_a_damaged_cache_is_rebuilt(small_project, tmp_path, build, pagefind_runs, fresh_build, site_files):
    assert build(small_project, tmp_path / "site") == 0
    next((small_project / ".timeline-cache" / "pagefind").glob("bundle-*/manifest.json")).unlink()
    assert build(small_project, tmp_path / "site") == 0
    assert len(pagefind_runs) == 2
    assert site_files(tmp_path / "site" / "pagefind") == site_files(fresh_build(small_project) / "pagefind")


def kept_bundle(project: Path) -> Path:
    kept = list((project / ".timeline-cache" / "pagefind").glob("bundle-*/pagefind"))
    assert len(kept) == 1, kept
    return kept[0]


def never_rendered(*args, **kwargs):
    raise AssertionError("a record page was rendered")


def test_a_reused_bundle_renders_no_record_page_and_writes_no_file(small_project, tmp_path, build, monkeypatch):
    assert build(small_project, tmp_path / "one") == 0
    # The search runs in a forked process, which inherits this: a record rendered there fails the build.
    monkeypatch.setattr(generator.pipeline.search_records, "record_html", never_rendered)
    assert build(small_project, tmp_path / "two") == 0  # the bundle's key is a digest of the records, not of their pages
    kept = kept_bundle(small_project)
    published = sorted(p.relative_to(tmp_path / "two" / "pagefind") for p in (tmp_path / "two" / "pagefind").rglob("*")
                       if p.is_file())
    assert published == sorted(p.relative_to(kept) for p in kept.rglob("*") if p.is_file())
    assert all(os.path.samefile(tmp_path / "two" / "pagefind" / path, kept / path) for path in published)  # linked


def test_a_changed_record_template_indexes_again(small_project, tmp_path, build, pagefind_runs, monkeypatch):
    assert build(small_project, tmp_path / "site") == 0
    template, source = generator.pipeline.search_records._record_template()
    monkeypatch.setattr(generator.pipeline.search_records, "_record_template",
                        lambda: (template, source + "{# an edit that renders nothing new #}"))
    assert build(small_project, tmp_path / "site") == 0
    assert len(pagefind_runs) == 2


def test_a_kept_bundle_edited_through_the_published_site_is_never_published_again(
        small_project, tmp_path, build, pagefind_runs, fresh_build, site_files):
    """The site's bundle files are the kept ones (linked): an edit in place in the site changes the
    kept bundle too, which the next build finds (its manifest's digest) and makes again."""
    assert build(small_project, tmp_path / "one") == 0
    entry = tmp_path / "one" / "pagefind" / "pagefind-entry.json"
    with open(entry, "r+b") as handle:
        handle.write(b'{"edited":1}  ')
    assert (kept_bundle(small_project) / "pagefind-entry.json").read_bytes().startswith(b'{"edited":1}')
    assert build(small_project, tmp_path / "two") == 0
    assert len(pagefind_runs) == 2
    expected = site_files(fresh_build(small_project) / "pagefind")
    assert site_files(tmp_path / "two" / "pagefind") == expected
    assert site_files(kept_bundle(small_project)) == expected  # and the bundle kept is a good one again


def test_a_site_where_the_cache_cannot_link_gets_copies(small_project, tmp_path, build, pagefind_runs, fresh_build,
                                                         site_files, monkeypatch):
    """A site on another file system than the project's cache: every link fails (EXDEV), the files are copied."""
    real_link = os.link

    def across_file_systems(source, target, *args, **kwargs):
        if ".timeline-cache" in f"{source} {target}":
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), source, None, target)
        return real_link(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "link", across_file_systems)
    assert build(small_project, tmp_path / "one") == 0
    assert build(small_project, tmp_path / "two") == 0
    assert len(pagefind_runs) == 1  # the copy kept is reused
    kept = kept_bundle(small_project) / "pagefind-entry.json"
    assert not os.path.samefile(tmp_path / "two" / "pagefind" / "pagefind-entry.json", kept)
    assert site_files(tmp_path / "two" / "pagefind") == site_files(fresh_build(small_project) / "pagefind")


# -- what is indexed: the model's records, not the built pages ------------------------------------


def fragments(site: Path) -> list[dict]:
    """Every indexed page as Pagefind stores it for the browser (url, content, meta, filters)."""
    import gzip
    import json

    found = []
    for path in sorted((site / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        found.append(json.loads(data[data.index(b"{"):]))
    return found


def test_the_index_holds_each_events_words_names_and_filters_but_no_labels(small_project, tmp_path, build):
    assert build(small_project, tmp_path / "site") == 0
    pages = {page["url"]: page for page in fragments(tmp_path / "site")}
    assert sorted(pages) == sorted(f"/events/{p.stem}/" for p in (small_project / "content" / "events").rglob("*.yaml"))
    day = pages["/events/day-event/"]
    assert day["meta"]["title"] == "The day event"
    assert day["meta"]["date"] == "Early morning, 28 September 2015"
    text = day["content"]
    for words in ("Fighters entered the town", "More detail", "We are trying our best", "Alpha Group", "Beta & Sons",
                  "A spokesman"):
        assert words in text, words
    for label in ("Place", "Actors", "Sources", "Permalink", "Related", "original", "Corrected the time"):
        assert label not in text, label
    assert day["filters"]["tag"] == ["fighting"] and day["filters"]["status"] == ["Confirmed"]
    assert day["filters"]["year"] == ["2015"] and sorted(day["filters"]["actor"]) == ["Alpha Group", "Beta & Sons"]
    assert "place" in day["filters"]
    unsafe = next(page for url, page in pages.items() if "unsafe" in url)
    assert "<script>alert('title')</script> & more" in unsafe["content"]  # a title is text, shown as typed
    assert 'alert("summary")' not in unsafe["content"] and "onerror" not in unsafe["content"]  # sanitized Markdown


def test_a_records_page_holds_every_text_as_text_and_only_the_events_words_as_html():
    record = SearchRecord(path="events/x/", title='<b>"A"</b> & it\'s', date="1 <May>", html="<p>Words <em>here</em></p>",
                          names=("O'Brien & <i>Co</i>", "Beta"), filters=(("tag", ("a<b", "c")), ("year", ("2015",))),
                          status="reported", status_label='"Rep"', datetime="2015-09-28", order=7)
    page = BeautifulSoup(record_html(record, "fa-AF"), "html.parser")
    assert page.html["lang"] == "fa-AF"
    assert page.title.get_text() == page.h1.get_text() == record.title
    assert {span["data-pagefind-meta"]: span.get_text() for span in page.select("[data-pagefind-meta]")} == {
        "date": "1 <May>", "datetime": "2015-09-28", "status": "reported", "status_label": '"Rep"'}
    assert [(span["data-pagefind-filter"], span.get_text()) for span in page.select("[data-pagefind-filter]")] == [
        ("tag", "a<b"), ("tag", "c"), ("year", "2015")]
    ignored = page.select_one("[data-pagefind-ignore]")
    assert ignored["data-pagefind-sort"] == "date:000007" and ignored.select("[data-pagefind-meta]")
    assert page.body.em.get_text() == "here"  # the event's words: sanitized HTML, kept as HTML
    assert page.body.find_all("p")[-1].get_text() == "O'Brien & <i>Co</i>, Beta"
    assert not page.find_all(["b", "i"])  # no text became markup


def test_a_records_key_is_of_their_values_alone_and_changes_with_any_field():
    def records(status: str) -> list[SearchRecord]:
        return [SearchRecord(path=f"events/e{n}/", title="T", date="1 May", html="<p>w</p>", names=("A",),
                             filters=(("status", (status,)),), status=status, order=n, year=2015) for n in range(2)]

    shared = "reported"  # one object in every field and record, as against equal text made apart each time
    assert records_key(records(shared), "en") == records_key(records("".join(["repor", "ted"])), "en")
    key = records_key(records(shared), "en")
    assert records_key(records(shared), "fa-AF") != key
    assert records_key(records(shared)[:1], "en") != key
    changes = {"path": "events/x/", "title": "U", "date": "2 May", "html": "<p>x</p>", "names": ("A", "B"),
               "filters": (), "status": "confirmed", "status_label": "Reported", "datetime": "2015-05-01",
               "order": 5, "year": 2016}
    assert sorted(changes) == sorted(field.name for field in dataclasses.fields(SearchRecord))  # every field
    for field, value in changes.items():
        changed = records(shared)
        changed[1] = dataclasses.replace(changed[1], **{field: value})
        assert records_key(changed, "en") != key, field


def test_the_place_filter_is_left_out_of_large_chronologies(small_project, tmp_path, build, monkeypatch):
    monkeypatch.setattr(generator.pipeline.search_records, "PLACE_FILTER_UP_TO", 3)
    assert build(small_project, tmp_path / "site") == 0
    filters = {name for page in fragments(tmp_path / "site") for name in page["filters"]}
    assert filters == {"tag", "actor", "status", "year"}
