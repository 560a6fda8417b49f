"""The bulk exports by year past a size (generator/render/exports/by_year.py, issue 24): the small fixture
built with the size set below its six events publishes exports/<year>/events.json, .csv and .ics and
exports/index.json instead of the whole files, each part valid (jsonschema, csv, icalendar); the pages link
to the index; ``timeline export`` still writes the whole file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import icalendar
import jsonschema
import pytest
from bs4 import BeautifulSoup

from generator.render import site_scale
from generator.render.exports import CSV_COLUMNS

REPO = Path(__file__).resolve().parent.parent
SMALL = REPO / "tests" / "fixtures" / "site_small"
SITE_URL = "https://example.org/timeline/"
WHOLE = ("events.json", "events.csv", "events.ics")


@pytest.fixture(scope="module")
def by_year(tmp_path_factory, copy_project, build) -> tuple[Path, Path]:
    """The project (its exports past the size) and its site."""
    folder = tmp_path_factory.mktemp("by-year")
    project = copy_project(SMALL, folder / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(site_scale, "EXPORTS_BY_YEAR_PAST", 3)
        assert build(project, folder / "site") == 0
    return project, folder / "site"


def test_past_the_size_the_exports_are_by_year_with_an_index(by_year):
    _, site = by_year
    assert not any((site / name).exists() for name in WHOLE)
    assert (site / "events.schema.json").is_file() and (site / "timeline.json").is_file()
    index = json.loads((site / "exports" / "index.json").read_bytes())
    assert index["schema_version"] == 1 and index["schema"] == SITE_URL + "events.schema.json"
    assert [year["year"] for year in index["years"]] == [2014, 2015, 2016]
    assert sum(year["events"] for year in index["years"]) == index["events"] == 6
    for year in index["years"]:
        for kind, name in (("json", "events.json"), ("csv", "events.csv"), ("ics", "events.ics")):
            assert year[kind] == f"{SITE_URL}exports/{year['year']}/{name}"
            assert (site / year[kind][len(SITE_URL):]).is_file()
    assert sorted(p.relative_to(site / "exports").as_posix() for p in (site / "exports").rglob("*") if p.is_file()) \
        == sorted(["index.json"] + [f"{y}/{n}" for y in (2014, 2015, 2016) for n in WHOLE])


def test_each_years_part_is_a_valid_export_of_that_years_events(by_year, run_cli, tmp_path, monkeypatch):
    project, site = by_year
    monkeypatch.setattr(site_scale, "EXPORTS_BY_YEAR_PAST", 3)  # `timeline export` writes the whole file all the same
    schema = json.loads((site / "events.schema.json").read_bytes())
    assert run_cli(["export", "--format", "json", "-f", project / "mkdocs.yml", "-o", tmp_path / "whole.json"]).code == 0
    whole = json.loads((tmp_path / "whole.json").read_bytes())
    parts, year_sources = [], []
    for year in json.loads((site / "exports" / "index.json").read_bytes())["years"]:
        folder = site / "exports" / str(year["year"])
        model = json.loads((folder / "events.json").read_bytes())
        jsonschema.validate(model, schema, cls=jsonschema.Draft202012Validator)
        assert len(model["events"]) == year["events"]
        assert {event["date"][:4] for event in model["events"]} == {str(year["year"])}
        # the registries its events refer to, and those only
        assert set(model["places"]) == {event["place"] for event in model["events"] if event["place"]} | \
            {model["places"][p]["within"] for p in model["places"] if model["places"][p]["within"]}
        assert set(model["actors"]) == {a for event in model["events"] for a in event["actors"]} | \
            {c["claimed_by"] for event in model["events"] for c in event["casualties"] if c["claimed_by_actor"]}
        assert set(model["sources"]) == {ref["source"] for event in model["events"]
                                         for ref in event["sources"] + event["quotes"] + event["casualties"]}
        assert all(model["sources"][key] == whole["sources"][key] for key in model["sources"])
        rows = list(csv.reader(io.StringIO((folder / "events.csv").read_text(encoding="utf-8"), newline="")))
        assert rows[0] == list(CSV_COLUMNS) and [row[0] for row in rows[1:]] == [e["id"] for e in model["events"]]
        calendar = icalendar.Calendar.from_ical((folder / "events.ics").read_bytes())
        assert {str(v["uid"]).split("@")[0] for v in calendar.walk("VEVENT")} <= {e["id"] for e in model["events"]}
        assert calendar.walk("VEVENT")
        parts += model["events"]
        year_sources.append(model["sources"])
    assert parts == whole["events"]  # the years together are the whole export, in its order
    assert any(len(sources) < len(whole["sources"]) for sources in year_sources)  # only what its events cite


def test_past_the_size_every_page_links_to_the_index_not_to_the_whole_files(by_year):
    _, site = by_year
    pages = sorted(site.rglob("*.html"))
    assert site / "about" / "index.html" in pages and site / "404.html" in pages  # MkDocs' pages too
    footers = 0
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in soup.find_all("a", href=True)]
        assert not [href for href in links if href.rsplit("/", 1)[-1] in WHOLE], page
        footer = soup.select_one("footer.site-footer")
        if footer is None:
            continue
        footers += 1
        index = [a for a in footer.find_all("a") if a["href"].endswith("exports/index.json")]
        assert [a.get_text() for a in index] == ["JSON, CSV and iCalendar by year"], page
        href = index[0]["href"]  # relative, or under site_url (404.html, which any folder may show)
        target = site / href[len(SITE_URL):] if href.startswith(SITE_URL) else page.parent / href
        assert target.resolve().is_file(), page
    assert footers > 20


def test_under_the_size_the_whole_files_and_their_links_stay(build, copy_project, tmp_path):
    project = copy_project(SMALL, tmp_path / "project")
    assert build(project, tmp_path / "site") == 0
    site = tmp_path / "site"
    assert all((site / name).is_file() for name in WHOLE) and not (site / "exports").exists()
    footer = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser").select_one("footer")
    assert [a["href"] for a in footer.find_all("a")][:5] == ["./feed.xml", "./events.json", "./timeline.json",
                                                            "./events.csv", "./events.ics"]


def test_past_the_size_timeline_json_says_where_every_event_is(by_year):
    from generator.chronology import build_chronology
    from generator.content.reader import read_content
    from generator.render.exports import by_year as exports_by_year, timelinejs_json

    project, _ = by_year
    chron = build_chronology(read_content(project / "content", project))
    title_text = lambda **kw: json.loads(timelinejs_json(chron, "T", limit=2, **kw))["title"]["text"]["text"]  # noqa: E731
    assert "Every event is in events.json, next to this file." in title_text()
    assert ("Every event is in the exports by year listed in exports/index.json, next to this file."
            in title_text(every_event_in=exports_by_year.EVERY_EVENT_IN))
