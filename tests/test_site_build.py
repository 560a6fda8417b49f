"""The one build pipeline (generator/pipeline/site_build.py): every command runs the same stages on the
same project, so what they make agrees byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.pipeline.preview import PreviewState
from generator.pipeline.project import Project
from generator.pipeline.site_build import build_site
from generator.render.options import SiteOptions
from trees import files_under

TEMPLATES = Path(__file__).resolve().parents[1] / "site_templates"


def _in_dari(project: Path) -> Path:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - timeline:\n", "  - timeline:\n      language: fa-AF\n", 1), encoding="utf-8")
    return project


@pytest.mark.parametrize("export, name", [("json", "events.json"), ("csv", "events.csv"), ("ics", "events.ics"),
                                          ("timelinejs", "timeline.json")])
def test_an_export_is_the_file_the_site_publishes(small_project, build, run_cli, tmp_path, export, name):
    """`timeline export` reads the project as the build does: its site's language and address included."""
    project = _in_dari(small_project)
    assert build(project, tmp_path / "site") == 0
    result = run_cli(["export", "--format", export, "-o", tmp_path / name], cwd=project)
    assert result.code == 0, result.err
    assert (tmp_path / name).read_bytes() == (tmp_path / "site" / name).read_bytes()


def test_the_exported_events_say_the_sites_language(small_project, run_cli, tmp_path):
    result = run_cli(["export", "--format", "json", "-o", tmp_path / "events.json"], cwd=_in_dari(small_project))
    assert result.code == 0, result.err
    assert json.loads((tmp_path / "events.json").read_text(encoding="utf-8"))["language"] == "fa-AF"


def test_an_export_names_a_wrong_option_in_one_line(small_project, run_cli, tmp_path):
    config = small_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("list_limit: 2", "list_limit: 0"), encoding="utf-8")
    result = run_cli(["export", "--format", "json"], cwd=small_project)
    assert result.code == 2
    assert "list_limit must be at least 1" in result.err and "Traceback" not in result.err


def _project(root: Path) -> Project:
    return Project(root, root / "content", (TEMPLATES,), SiteOptions(site_name="Small", site_url="https://example.org/"),
                   history="off")


def test_a_preview_writes_what_a_full_build_writes(small_project, tmp_path):
    """The pipeline's two writers, into a new folder (with a site to reuse pages from) and in place (a
    live preview's), give the same files."""
    project = _project(small_project)
    full, again, preview = tmp_path / "full", tmp_path / "again", tmp_path / "preview"
    build_site(project, full, search=False)
    build_site(project, again, previous=full, search=False)  # every page linked from the first
    state = PreviewState(project)
    build_site(project, preview, preview=state, search=False)
    state.stop()  # the preview writes feeds and exports in the background
    assert files_under(again) == files_under(full)
    assert files_under(preview) == files_under(full)


@pytest.mark.parametrize("command", [["build"], ["export", "--format", "json"]])
def test_an_mkdocs_yml_without_the_plugin_is_said_in_one_line(small_project, run_cli, command):
    config = small_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").split("plugins:")[0], encoding="utf-8")
    result = run_cli([*command, "-f", config], cwd=small_project)
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        f"timeline {command[0]}: {config}: it does not list the 'timeline' plugin under plugins:"]
