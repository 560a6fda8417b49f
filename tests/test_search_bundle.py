"""The Pagefind bundle in ``site/pagefind``: there for an empty chronology too, linked from the build
cache but checked (a site edited in place leaves later builds intact), and written only by a tested Pagefind."""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import tomllib
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from generator.pipeline.pagefind_format import TESTED_REQUIREMENT, TESTED_VERSIONS, SearchIndexError, read_pagefind_file
from generator.pipeline.pagefind_sorted import make_index_deterministic
from generator.cli.main import main

REPO = Path(__file__).resolve().parent.parent


def build(project: Path, out: Path) -> int:
    return main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(out)])


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def local_targets(site: Path, page: str) -> list[str]:
    """The site-relative paths of every link, script and stylesheet of a built page that stays on the site."""
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")
    base = "http://site.invalid/" + page
    found = []
    for tag, attr in (("a", "href"), ("script", "src"), ("link", "href")):
        for element in soup.find_all(tag):
            url = urljoin(base, element.get(attr) or "").split("#")[0].split("?")[0]
            if url.startswith("http://site.invalid/"):
                path = url.removeprefix("http://site.invalid/")
                found.append(path + "index.html" if path == "" or path.endswith("/") else path)
    return found


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    """A new chronology: content folders with no events yet."""
    project = tmp_path / "new-chronology"
    (project / "content" / "events").mkdir(parents=True)
    (project / "content" / "pages").mkdir()
    (project / "mkdocs.yml").write_text(
        "site_name: A new chronology\ndocs_dir: content/pages\n"
        f"theme:\n  name: null\n  custom_dir: {REPO / 'site_templates'}\nplugins:\n  - timeline\n",
        encoding="utf-8",
    )
    return project


def test_a_chronology_with_no_events_builds_an_empty_site_whose_search_page_loads(empty_project, tmp_path, capsys):
    site = tmp_path / "site"
    assert build(empty_project, site) == 0
    assert "Traceback" not in capsys.readouterr().err
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    assert home.title and "A new chronology" in home.title.get_text()
    assert not [a for a in home.find_all("a", href=True) if "/events/" in a["href"]]
    for page in ("index.html", "search/index.html"):
        missing = [path for path in local_targets(site, page) if not (site / path).is_file()]
        assert not missing, f"{page} refers to files the site does not have: {missing}"
    assert "assets/search.js" in local_targets(site, "search/index.html")  # it imports pagefind/pagefind.js
    # Pagefind's script loads the entry, then each language's metadata: an index of no pages.
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]
    for info in entry["languages"].values():
        assert info["page_count"] == 0
        meta = read_pagefind_file(site / "pagefind" / f"pagefind.{info['hash']}.pf_meta")
        assert meta[1:5] == [[], [], [], []]
        assert (site / "pagefind" / f"wasm.{info['wasm']}.pagefind").is_file()
    assert not (site / "pagefind" / "fragment").exists()  # the placeholder Pagefind indexed is gone


def test_an_empty_chronology_builds_the_same_bundle_twice(empty_project, tmp_path):
    assert build(empty_project, tmp_path / "one") == 0
    shutil.rmtree(empty_project / ".timeline-cache")
    assert build(empty_project, tmp_path / "two") == 0
    assert files_under(tmp_path / "two" / "pagefind") == files_under(tmp_path / "one" / "pagefind")


def edit_in_place(path: Path, text: bytes) -> None:
    """Overwrite the start of a file without replacing it (the same inode), as some deploy tools do."""
    with open(path, "r+b") as handle:
        handle.write(text)


def test_a_site_edited_in_place_does_not_change_the_next_build(small_project, tmp_path):
    assert build(small_project, tmp_path / "one") == 0
    bundle = tmp_path / "one" / "pagefind"
    edit_in_place(bundle / "pagefind.js", b"/* deploy: edited */")
    edit_in_place(bundle / "pagefind-entry.json", b'{"edited":1}  ')
    # The site's bundle is linked to the kept one, which the edit damaged: found, and indexed again.
    assert build(small_project, tmp_path / "two") == 0

    independent = tmp_path / "independent"
    shutil.copytree(small_project, independent, ignore=shutil.ignore_patterns(".timeline-cache"))
    assert build(independent, tmp_path / "independent-site") == 0
    expected = files_under(tmp_path / "independent-site" / "pagefind")
    assert expected
    assert files_under(tmp_path / "two" / "pagefind") == expected


def test_the_tested_pagefind_versions_are_the_ones_the_package_requires():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert TESTED_REQUIREMENT in project["dependencies"]
    installed = tuple(int(part) for part in importlib.metadata.version("pagefind_bin").split(".")[:2])
    low, high = TESTED_VERSIONS
    assert low <= installed < high
    assert TESTED_REQUIREMENT == f"pagefind-bin>={low[0]}.{low[1]},<{high[0]}.{high[1]}"


@pytest.mark.parametrize("version", ["1.2.0", "1.6.0", "2.0.0", "unknown"])
def test_an_index_of_an_untested_version_is_left_as_pagefind_wrote_it(small_project, tmp_path, version):
    assert build(small_project, tmp_path / "site") == 0
    bundle = tmp_path / "site" / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    entry["version"] = version
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    before = files_under(bundle)
    with pytest.raises(SearchIndexError, match=f"Pagefind {version} wrote the search index"):
        make_index_deterministic(bundle)
    assert files_under(bundle) == before
