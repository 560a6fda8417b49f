"""Imported content is a site: `timeline import` into an empty project, then `timeline build`."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
IMPORTS = REPO / "tests" / "fixtures" / "import"

# The headline of each slide (TimelineJS JSON) or row (the sheet template) the importer keeps, by the
# id of the event it becomes; a slide without a headline is titled with the start of its text.
HEADLINES = {
    "timelinejs.json": {
        "alexander-reaches-bactria": "Alexander reaches Bactria",
        "big-bang": "Big Bang",
        "independence": "Independence",
        "war-in-afghanistan": "War in Afghanistan",
        "taliban-seize-kunduz": "Taliban seize Kunduz",
        "taliban-seize-kunduz-2": "Taliban seize Kunduz",
        "gun-battles-inside-the-city": "Gun battles inside the city",
        "counter-offensive": "Counter-offensive",
        "assault-begins": "Assault begins",
        "prison-stormed": "Prison stormed",
        "hospital-hit": "Hospital hit",
        "a-year-written-with-a-comma": "A year written with a comma",
        "a-time-without-a-day": "A time without a day",
        "reinforcements-arrive-from-kabul-officials-say-after-two-days-of-fighting-in-the":
            "Reinforcements arrive from Kabul, officials say, after two days of fighting in the city.",
    },
    "timelinejs-sheet.csv": {
        "ancient-history": "Ancient history",
        "taliban-attack-at-dawn": "Taliban attack at dawn",
        "gun-battles": "Gun battles",
        "battle-of-hastings": "Battle of Hastings",
        "a-season": "A season",
        "bad-time": "Bad time",
        "end-month-without-end-year": "End month without end year",
        "long-day": "Long day",
    },
}


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
def test_each_imported_event_page_is_headed_by_its_slides_headline(kind, name, empty_project, run_cli, build):
    imported = run_cli(["import", kind, str(IMPORTS / name), "--into", str(empty_project / "content")])
    assert imported.code == 0, imported.err
    out = empty_project.parent / "site"
    assert build(empty_project, out) == 0
    headings = {
        page.parent.name: BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").h1.get_text()
        for page in (out / "events").glob("*/index.html")
    }
    assert headings == HEADLINES[name]



# The year pages of years before 1 and beyond 9999 (URL: the year as its folder is named, see
# ``calendar_days.year_slug``), with the year in words as the page says it.
YEAR_PAGES = {
    "timelinejs.json": {"-0329": "330 BC", "13800000000": "13.8 billion years from now"},
    "timelinejs-sheet.csv": {"-0499": "500 BC"},
}


@pytest.mark.parametrize("kind, name", [("timelinejs", "timelinejs.json"), ("sheet", "timelinejs-sheet.csv")])
def test_years_before_1_and_after_9999_have_year_pages(kind, name, empty_project, run_cli, build):
    imported = run_cli(["import", kind, str(IMPORTS / name), "--into", str(empty_project / "content")])
    assert imported.code == 0, imported.err
    out = empty_project.parent / "site"
    assert build(empty_project, out) == 0
    for slug, words in YEAR_PAGES[name].items():
        page = out / "years" / slug / "index.html"
        assert page.is_file(), sorted(p.name for p in (out / "years").iterdir())
        text = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").get_text(" ")
        assert words in text
