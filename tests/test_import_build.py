"""Imported content is a site: `timeline import` into an empty project, then `timeline build`."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
IMPORTS = REPO / "tests" / "fixtures" / "import"


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "content" / "pages").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(
        "site_name: Imported\ndocs_dir: content/pages\n"
        f"theme:\n  name: null\n  custom_dir: {REPO / 'site_templates'}\n"
        "plugins:\n  - timeline\n"
    )
    return project


@pytest.mark.parametrize("kind, name", [("timelinejs", "timelinejs.json"), ("sheet", "timelinejs-sheet.csv")])
def test_imported_timeline_builds_into_a_site(kind, name, empty_project, run_cli):
    imported = run_cli(["import", kind, str(IMPORTS / name), "--into", str(empty_project / "content")])
    assert imported.code == 0, imported.err
    written = sorted((empty_project / "content" / "events").rglob("*.yaml"))
    assert written
    assert run_cli(["check", str(empty_project / "content")]).code == 0
    out = empty_project.parent / "site"
    built = run_cli(["build", "-f", str(empty_project / "mkdocs.yml"), "-d", str(out)])
    assert built.code == 0, built.err
    for path in written:
        page = out / "events" / path.stem / "index.html"
        assert BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").h1.get_text().strip()
