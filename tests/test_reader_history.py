"""The history readers see (issue 22, item 2): what the content says changed, in words, from the
semantic diff; never a commit's subject, never a file's name, only event files; in the site's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.cache_folder import CacheFolder
from generator.editorial import history_words
from generator.editorial.history import clear_cache, read_history
from gitrepo import Repo

SUBJECTS = [
    "content/media.py's MediaList: tighten the event.schema.json",
    "Fix casualty numbers per ISW-2015-10 (refs #41)",
    "wip: sources + headline",
    "chore(yaml): reindent later.yaml",
]
FILE_NAME = re.compile(r"[\w-]+\.(ya?ml|json|py|md)\b")


@pytest.fixture(autouse=True)
def _fresh_history():
    clear_cache()
    yield
    clear_cache()


def later(project: Path) -> Path:
    return project / "content" / "events" / "2016" / "later.yaml"


@pytest.fixture
def project(small_project, tmp_path) -> Path:
    """The small site in git, then four commits with engineering subjects that change the later event."""
    repo = Repo(small_project, tmp_path / "home")
    repo.commit("Initial import", "2020-01-02T10:00:00+00:00", author="Ed Itor")
    event = later(small_project)
    (small_project / "content" / "event.schema.json").write_text('{"type": "object"}\n', encoding="utf-8")
    event.write_text(event.read_text() + "casualties:\n  - party: alpha\n    killed: 3\n    source: paper\n")
    repo.commit(SUBJECTS[0], "2021-01-01T10:00:00+00:00", author="Ed Itor")
    event.write_text(event.read_text().replace("killed: 3", "killed: 5"))
    repo.commit(SUBJECTS[1], "2021-02-01T10:00:00+00:00", author="Ed Itor")
    event.write_text(event.read_text().replace("title: A later event", "title: A later, larger event")
                     .replace("  - source: paper\n", "  - source: paper\n  - source: wire\n", 1))
    repo.commit(SUBJECTS[2], "2021-03-01T10:00:00+00:00", author="Ed Itor")
    event.write_text(event.read_text().replace("actors: [beta]", "actors:\n  - beta"))
    repo.commit(SUBJECTS[3], "2021-04-01T10:00:00+00:00", author="Ed Itor")
    return small_project


def built(build, project: Path) -> Path:
    out = project.parent / "site"
    assert build(project, out) == 0
    return out


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def assert_no_engineering(text: str) -> None:
    for subject in SUBJECTS + ["Initial import"]:
        assert subject not in text
    assert "schema" not in text.lower() and "MediaList" not in text
    assert FILE_NAME.search(text) is None, FILE_NAME.search(text)


def test_event_history_says_what_changed_in_words_without_subjects_or_file_names(project, build):
    page = soup(built(build, project) / "events" / "later" / "index.html")
    history = page.select_one("section.history")
    rows = [[li.get_text(strip=True) for li in row.select("ul.what-changed > li")] for row in history.select("ol.changes > li")]
    assert rows == [
        ["Title changed", "Source added"],  # newest first
        ["Casualty figures updated"],
        ["Casualty figures added"],
        ["Event added"],
    ]  # the re-indented file changed nothing the event says: not listed
    assert_no_engineering(history.get_text(" "))
    assert_no_engineering(page.select_one("main").get_text(" "))


def test_recent_changes_list_event_changes_only_in_words(project, build):
    page = soup(built(build, project) / "changes" / "index.html")
    rows = page.select("ol.change-list > li")
    text = page.select_one("main").get_text(" ")
    assert_no_engineering(text)
    assert "git" not in text.lower().split()
    assert [r.select_one("a, .gone").get_text(strip=True) for r in rows[:3]] == ["A later, larger event"] * 3
    assert [[li.get_text(strip=True) for li in r.select("ul.what-changed > li")] for r in rows[:3]] == [
        ["Title changed", "Source added"], ["Casualty figures updated"], ["Casualty figures added"]]
    assert len(rows) == 3 + 6  # and the six events the first commit added; no source, registry or schema file
    assert all(r.select_one("ul.what-changed").get_text(strip=True) == "Event added" for r in rows[3:])


def test_the_words_are_in_the_sites_language(project, build):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").rstrip() + "\n      language: fa\n", encoding="utf-8")
    page = soup(built(build, project) / "events" / "later" / "index.html")
    words = [li.get_text(strip=True) for li in page.select("section.history ul.what-changed > li")]
    assert len(words) == 5
    assert not any(re.search("[A-Za-z]", w) for w in words), words  # every phrase translated
    assert len(set(words)) == 5


def test_only_the_event_files_a_commit_touched_are_diffed_and_the_pairs_are_kept(project, tmp_path, spy):
    cache = tmp_path / "cache"
    read = spy(history_words, "read_blobs")
    read_history(project, Path("content"), CacheFolder(cache))
    assert len(read) == 1  # one cat-file for every version of every event file
    event = later(project)
    event.write_text(event.read_text().replace("The last one.", "The very last one."))
    Repo(project, tmp_path / "home").commit("Touch one event", "2021-05-01T10:00:00+00:00")
    clear_cache()
    read.clear()
    history = read_history(project, Path("content"), CacheFolder(cache))
    assert len(read) == 1 and len(set(read[0].args[1])) == 2  # the new commit's before and after, nothing else
    assert history["events/2016/later.yaml"].changes[0].words == ("Summary changed",)

