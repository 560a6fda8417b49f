"""Two ``timeline build`` of one project started together (a CI retry, a second terminal): they take
turns on the project's cache, and the search bundle they leave, kept and published, is a fresh build's,
so that a reader's query finds the title edited just before them (issue 20, item 2)."""

from __future__ import annotations


from conftest import serve_folder
from trees import files_under
from test_build_faults import CACHE_DIR, corpus_project, finished, timeline_build

EDITED_TITLE = "Quokka delegation signs the Zanzibar accord"



def test_two_builds_started_together_leave_a_search_that_finds_an_edited_title(tmp_path, page, fresh_build):
    project = corpus_project(tmp_path / "project", 400)
    site = tmp_path / "site"
    code, err = finished(timeline_build(project, site))
    assert code == 0, err
    event = sorted((project / "content" / "events").rglob("*.yaml"))[-1]
    text = event.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    event.write_text(text.replace(title, f'title: "{EDITED_TITLE}"'), encoding="utf-8")

    first, second = timeline_build(project, site), timeline_build(project, site)
    results = [finished(first), finished(second)]
    assert [code for code, _ in results] == [0, 0], results

    expected = files_under(fresh_build(project) / "pagefind")
    assert expected and files_under(site / "pagefind") == expected
    kept = [entry.parent for entry in (project / CACHE_DIR / "pagefind").rglob("pagefind-entry.json")]
    assert len(kept) == 1, "the project's cache keeps one whole search bundle"
    assert files_under(kept[0]) == expected

    with serve_folder(site) as url:
        page.goto(f"{url}/search/?q=quokka")
        titles = page.locator(".search-result .event-title a")
        titles.first.wait_for(timeout=60_000)
        assert EDITED_TITLE in titles.all_inner_texts()
