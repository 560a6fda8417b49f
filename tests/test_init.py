"""``timeline init``: a new chronology project that checks and builds as it is, refusals that write
nothing, and files that match what the repository's own project uses (in-process; the installed
wheel is exercised by ``test_release.py``)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urljoin

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

import generator.theme
from generator.content.format import event_json_schema
from generator.content.reader import read_content
from generator.editorial import new_project

EXAMPLE_EVENT = "content/events/2024/example-bridge-reopens.yaml"
THEME_CSS = Path(generator.theme.__file__).parent / "assets" / "timeline.css"


def stylesheet_files(page: Path, site: Path) -> list[Path]:
    """The files a built page's stylesheet links point to, resolved as a browser would."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    base = "https://site.invalid/" + page.relative_to(site).as_posix()
    targets = [urljoin(base, link["href"]) for link in soup.select('link[rel="stylesheet"]')]
    assert targets and all(t.startswith("https://site.invalid/") for t in targets)
    return [site / t.removeprefix("https://site.invalid/") for t in targets]


def test_init_makes_a_project_that_checks_and_builds(tmp_path: Path, run_cli) -> None:
    """The example project passes ``timeline check`` and ``timeline build``; the example event's page
    has its title and the packaged theme's stylesheet."""
    result = run_cli(["init", "kunduz-2015"], cwd=tmp_path)
    assert result.code == 0, result.err
    project = tmp_path / "kunduz-2015"
    assert "cd kunduz-2015 && timeline serve" in result.out
    for path in ("mkdocs.yml", "requirements.txt", ".gitignore", ".pre-commit-config.yaml",
                 ".github/workflows/site.yml", "content/actors.yaml", "content/places.yaml",
                 "content/sources/example-article.yaml", EXAMPLE_EVENT, "content/event.schema.json",
                 "content/pages/about.md", "content/pages/methodology.md"):
        assert (project / path).is_file(), path
        assert path in result.out

    checked = run_cli(["check"], cwd=project)
    assert checked.code == 0, checked.err
    assert "1 events, 1 sources, 1 actors, 2 places: OK" in checked.err

    built = run_cli(["build"], cwd=project)
    assert built.code == 0, built.err
    site = project / "site"  # site_dir of the new mkdocs.yml
    (event,) = read_content(project / "content").events
    page = site / "events" / event.id / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.h1.get_text(strip=True) == event.title == "Example: the river bridge reopens after repairs"
    assert soup.select_one('a[href$="sources/example-article/"]') is not None  # it cites the example source
    styles = stylesheet_files(page, site)
    assert all(path.is_file() for path in styles)
    assert site / "assets" / "timeline.css" in styles
    assert (site / "assets" / "timeline.css").read_bytes() == THEME_CSS.read_bytes()
    assert (site / "about" / "index.html").is_file() and (site / "methodology" / "index.html").is_file()


def test_new_project_files_follow_the_repository_models(tmp_path: Path, run_cli) -> None:
    """mkdocs.yml uses the packaged theme and the plugin; the example event follows its schema line;
    .gitignore, the pre-commit hook and the workflow do what the repository's own do."""
    assert run_cli(["init", tmp_path / "chron"]).code == 0
    project = tmp_path / "chron"
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "chron"  # the folder's name without --title
    assert config["theme"] == {"name": "timeline"}
    assert config["docs_dir"] == "content/pages"
    assert config["plugins"] == [{"timeline": {"content_dir": "content"}}]

    event_text = (project / EXAMPLE_EVENT).read_text(encoding="utf-8")
    first_line = event_text.splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../../event.schema.json"
    schema_path = (project / EXAMPLE_EVENT).parent / first_line.split("$schema=")[1]
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    assert schema == event_json_schema()
    jsonschema.validate(yaml.safe_load(event_text), schema)
    assert "# " in event_text.split("\n", 8)[-1]  # the fields are explained in comments

    ignored = (project / ".gitignore").read_text(encoding="utf-8").splitlines()
    for pattern in ("/site/", ".timeline-cache/", "/.venv/"):
        assert pattern in ignored
    hooks = yaml.safe_load((project / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks["repos"][0]["hooks"]
    assert (hook["id"], hook["entry"], hook["pass_filenames"]) == ("timeline-check", "timeline check", False)
    workflow = yaml.safe_load((project / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert "pip install -r requirements.txt" in runs
    assert "timeline check --format github" in runs and "timeline build -d site" in runs
    requirement = (project / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1]
    assert requirement == new_project.requirement() and requirement.startswith("timeline-site")


def test_an_event_added_with_timeline_new_checks(tmp_path: Path, run_cli) -> None:
    """The next step the command prints works: ``timeline new`` citing the example source."""
    assert run_cli(["init", "chron"], cwd=tmp_path).code == 0
    project = tmp_path / "chron"
    added = run_cli(["new", "--date", "2024-05-20", "--title", "Traffic returns", "--source", "example-article"],
                    cwd=project)
    assert added.code == 0, added.err
    checked = run_cli(["check"], cwd=project)
    assert checked.code == 0 and "2 events" in checked.err


def test_empty_project_builds_an_empty_site(tmp_path: Path, run_cli) -> None:
    """``--empty``: no event, source, actor or place, registries that are valid, and a site that builds;
    ``--title`` names it, Markdown and YAML characters included."""
    title = 'Kunduz *2015*: the "fall" #1'
    result = run_cli(["init", "empty", "--empty", "--title", title], cwd=tmp_path)
    assert result.code == 0, result.err
    project = tmp_path / "empty"
    assert not list((project / "content").rglob("*.yaml"))[2:]  # only actors.yaml and places.yaml
    assert sorted(p.name for p in (project / "content").iterdir()) == [
        "actors.yaml", "event.schema.json", "events", "pages", "places.yaml", "sources"]
    assert yaml.safe_load((project / "content/actors.yaml").read_text(encoding="utf-8")) == {}
    assert yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"] == title

    checked = run_cli(["check"], cwd=project)
    assert checked.code == 0, checked.err
    assert "0 events, 0 sources, 0 actors, 0 places: OK" in checked.err
    assert run_cli(["build"], cwd=project).code == 0
    site = project / "site"
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one(".brand").get_text() == title
    assert not list(site.glob("events/*/index.html"))
    about = BeautifulSoup((site / "about/index.html").read_text(encoding="utf-8"), "html.parser")
    assert about.find("strong", string=title) is not None  # the title's Markdown characters were escaped


@pytest.mark.parametrize("existing", ["notes.txt", ".hidden", "sub/"])
def test_refuses_a_folder_that_is_not_empty(tmp_path: Path, run_cli, existing: str) -> None:
    """A folder holding anything (but .git) is refused, exit 1, with nothing written anywhere."""
    folder = tmp_path / "chron"
    folder.mkdir()
    if existing.endswith("/"):
        (folder / existing).mkdir()
    else:
        (folder / existing).write_text("mine\n", encoding="utf-8")
    before = sorted(tmp_path.rglob("*"))
    result = run_cli(["init", folder])
    assert result.code == 1
    assert f"{folder} is not empty" in result.err and "nothing was written" in result.err
    assert existing.rstrip("/") in result.err
    assert "Traceback" not in result.err and result.out == ""
    assert sorted(tmp_path.rglob("*")) == before


def test_refuses_a_file_and_an_empty_title(tmp_path: Path, run_cli) -> None:
    """A path that is a file is refused (exit 1); an empty title is a usage error (exit 2)."""
    (tmp_path / "chron").write_text("x", encoding="utf-8")
    result = run_cli(["init", "chron"], cwd=tmp_path)
    assert result.code == 1 and "chron is a file, not a folder" in result.err and "nothing was written" in result.err
    result = run_cli(["init", "other", "--title", "  "], cwd=tmp_path)
    assert result.code == 2 and "--title: the title is empty" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chron"]


def test_creates_missing_folders_and_accepts_a_fresh_git_repository(tmp_path: Path, run_cli) -> None:
    """Missing parent folders are created; a folder holding only .git counts as empty; ``.`` works."""
    assert run_cli(["init", tmp_path / "a" / "b" / "chron"]).code == 0
    assert (tmp_path / "a/b/chron/mkdocs.yml").is_file()
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    result = run_cli(["init"], cwd=repo)
    assert result.code == 0, result.err
    assert (repo / "mkdocs.yml").is_file() and (repo / ".git/HEAD").read_text() == "ref: refs/heads/main\n"
    assert "\n  timeline serve\n" in result.out and "git init" not in result.out
    assert yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"] == "repo"


def test_a_failed_write_leaves_the_folder_as_it_was(tmp_path: Path, run_cli, monkeypatch) -> None:
    """When moving the files in fails halfway (a full disk), what was moved is taken back out, the
    scratch folder is gone, and the error says what failed, without a traceback."""
    folder = tmp_path / "chron"
    folder.mkdir()
    rename, calls = os.rename, []

    def failing_rename(source, target):
        calls.append(target)
        if len(calls) == 4:
            raise OSError(28, "No space left on device", str(target))
        return rename(source, target)

    monkeypatch.setattr(new_project.os, "rename", failing_rename)
    result = run_cli(["init", folder])
    assert result.code == 1
    assert "No space left on device" in result.err and "nothing was written" in result.err
    assert "Traceback" not in result.err
    assert list(folder.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["chron"]


SITE_URL_WARNING = "has no site_url: the feed's ids are relative, there is no sitemap and calendar UIDs are not unique"


def test_url_and_requirement_go_into_the_new_project(tmp_path: Path, run_cli) -> None:
    """``--url`` is mkdocs.yml's site_url (with its closing slash): the build gives a sitemap and absolute
    feed ids and no site_url warning; ``--requirement`` is requirements.txt's requirement, as given."""
    spec = "git+https://github.com/newsroom/timeline-site@v0.1.0"
    result = run_cli(["init", "chron", "--url", "https://example.org/chronology", "--requirement", spec], cwd=tmp_path)
    assert result.code == 0, result.err
    project = tmp_path / "chron"
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_url"] == "https://example.org/chronology/"
    assert (project / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == spec
    assert f"requirements.txt installs {spec}" in result.out and "site_url is not set" not in result.out

    built = run_cli(["build"], cwd=project)
    assert built.code == 0, built.err
    assert "site_url" not in built.err
    sitemap = BeautifulSoup((project / "site/sitemap.xml").read_text(encoding="utf-8"), "xml")
    locations = [loc.get_text() for loc in sitemap.find_all("loc")]
    assert "https://example.org/chronology/events/example-bridge-reopens/" in locations
    feed = BeautifulSoup((project / "site/feed.xml").read_text(encoding="utf-8"), "xml")
    assert feed.find("entry").find("id").get_text().startswith("https://example.org/chronology/")


def test_without_url_init_says_so_and_build_warns_once(tmp_path: Path, run_cli) -> None:
    """No ``--url``: mkdocs.yml keeps site_url as a comment, init says what is missing and how to set it,
    and every build warns in one line on stderr (and still builds, without a sitemap)."""
    result = run_cli(["init", "chron"], cwd=tmp_path)
    project = tmp_path / "chron"
    assert "site_url" not in yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "site_url is not set: set it in mkdocs.yml" in result.out
    assert f"requirements.txt installs {new_project.requirement()} from the package index" in result.out
    assert "--requirement" in result.out
    built = run_cli(["build"], cwd=project)
    assert built.code == 0, built.err
    warnings = [line for line in built.err.splitlines() if "site_url" in line]
    assert warnings == [f"timeline build: warning: mkdocs.yml {SITE_URL_WARNING}; set site_url: to the published address"]
    assert not (project / "site/sitemap.xml").exists()


def test_a_wheel_path_is_written_absolute_and_init_says_the_workflow_cannot_reach_it(tmp_path: Path, run_cli) -> None:
    """A local file given to ``--requirement`` (relative to where init runs) is written by its absolute path:
    pip reads requirements.txt from the project's folder."""
    wheel = tmp_path / "dist" / "timeline_site-0.1.0-py3-none-any.whl"
    wheel.parent.mkdir()
    wheel.write_bytes(b"PK")
    result = run_cli(["init", "chron", "--requirement", "dist/timeline_site-0.1.0-py3-none-any.whl"], cwd=tmp_path)
    assert result.code == 0, result.err
    assert (tmp_path / "chron/requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == str(wheel)
    assert "a file on this machine: the GitHub workflow cannot reach" in result.out


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--url", "example.org/chronology", "--url: 'example.org/chronology' is not a web address"),
    ("--url", "https://example.org/?page=1", "has a query or a fragment"),
    ("--requirement", " ", "--requirement: the requirement is empty"),
])
def test_refuses_a_bad_url_or_requirement(tmp_path: Path, run_cli, option: str, value: str, message: str) -> None:
    result = run_cli(["init", "chron", option, value], cwd=tmp_path)
    assert result.code == 2 and message in result.err
    assert not (tmp_path / "chron").exists()


def test_new_warns_about_ids_no_record_holds(tmp_path: Path, run_cli) -> None:
    """``timeline new --place unknown`` (and an unknown actor or source) writes the event and warns, naming
    the option, the id and where to add it; ids that exist give no warning."""
    assert run_cli(["init", "chron"], cwd=tmp_path).code == 0
    project = tmp_path / "chron"
    known = run_cli(["new", "--date", "2024-05-20", "--title", "Known", "--source", "example-article"], cwd=project)
    assert known.code == 0 and "warning" not in known.err
    result = run_cli(["new", "--date", "2024-05-21", "--title", "Unknown", "--source", "example-articel",
                      "--place", "unknown", "--actor", "nobody"], cwd=project)
    assert result.code == 0
    assert (project / result.out.strip()).is_file()
    assert result.err.splitlines() == [
        "timeline new: warning: --source: no article 'example-articel' yet: add content/sources/example-articel.yaml "
        "(title, url, …); did you mean 'example-article'?; `timeline check` fails until then",
        "timeline new: warning: --place: no place 'unknown' in content/places.yaml yet: add it there "
        "(or as content/places/unknown.yaml); `timeline check` fails until then",
        "timeline new: warning: --actor: no actor 'nobody' in content/actors.yaml yet: add it there "
        "(or as content/actors/nobody.yaml); `timeline check` fails until then",
    ]


def test_check_warns_about_the_placeholder_left_in_a_new_event(tmp_path: Path, run_cli) -> None:
    """The TODO summary ``timeline new`` writes passes check with a warning (exit 0) at its line and column,
    told apart from errors; a TODO in a YAML comment is not one; in GitHub format it is a warning annotation."""
    assert run_cli(["init", "chron"], cwd=tmp_path).code == 0
    project = tmp_path / "chron"
    added = run_cli(["new", "--date", "2024-05-20", "--title", "Traffic returns", "--source", "example-article"],
                    cwd=project)
    path = added.out.strip()
    event = project / path
    event.write_text(event.read_text(encoding="utf-8") + "# TODO: add a photo\n", encoding="utf-8")
    lines = event.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith("  TODO:"))

    checked = run_cli(["check"], cwd=project)
    assert checked.code == 0
    message = "warning: placeholder 'TODO' in summary: readers would see it; write the text it stands for"
    assert checked.err.splitlines() == [f"{path}:{line}:3: {message}",
                                        "content: 2 events, 1 sources, 1 actors, 2 places: OK (1 warning(s))"]
    github = run_cli(["check", "--format", "github"], cwd=project)
    assert github.code == 0
    assert github.out.splitlines() == [f"::warning file={path},line={line},col=3::{message.removeprefix('warning: ')}"]

    event.write_text(event.read_text(encoding="utf-8").replace("TODO: one or two", "Cars cross again; one or two"),
                     encoding="utf-8")
    clean = run_cli(["check"], cwd=project)
    assert clean.code == 0 and "warning" not in clean.err
