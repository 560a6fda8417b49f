"""The `timeline` command: check, schema, new (generator.cli), run in-process with ``run_cli``."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

FIXTURES = Path(__file__).parent / "fixtures"
BAD_EVENT = "date: 2015-09-28\ntitle: Kunduz\nsummary: S\nstatus: confirmd\nsources:\n  - source: bbc-kunduz\n"
BAD_MESSAGE = "'confirmd' is not one of: confirmed, reported, disputed, unverified; did you mean 'confirmed'?"
SOURCE = "title: Kunduz report\nurl: https://example.org/kunduz\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the valid_minimal fixture as a project folder (so tests may write into it)."""
    shutil.copytree(FIXTURES / "valid_minimal", tmp_path / "project")
    return tmp_path / "project"


@pytest.fixture
def bad_project(write_tree, tmp_path: Path) -> Path:
    """A project whose one event has an invalid status on line 4, column 9."""
    return write_tree(
        {"content/sources/bbc-kunduz.yaml": SOURCE, "content/events/2015/kunduz.yaml": BAD_EVENT},
        root=tmp_path / "bad",
    )


# -- check ---------------------------------------------------------------------------------


def test_check_on_a_valid_tree_exits_0(run_cli, project):
    result = run_cli(["check"], cwd=project)
    assert result.code == 0
    assert "2 events, 1 sources, 2 actors, 1 places: OK" in result.err


def test_check_takes_the_content_folder_as_an_argument(run_cli):
    assert run_cli(["check", FIXTURES / "valid_minimal" / "content"]).code == 0


def test_check_on_an_invalid_tree_exits_1_with_path_line_col_message(run_cli, bad_project):
    result = run_cli(["check"], cwd=bad_project)
    assert result.code == 1
    lines = (result.out + result.err).splitlines()
    assert f"content/events/2015/kunduz.yaml:4:9: {BAD_MESSAGE}" in lines
    assert "1 error(s); nothing was written." in lines


def test_check_paths_are_relative_to_the_working_directory(run_cli, bad_project):
    result = run_cli(["check", "bad/content"], cwd=bad_project.parent)
    assert result.code == 1
    assert f"bad/content/events/2015/kunduz.yaml:4:9: {BAD_MESSAGE}" in (result.out + result.err).splitlines()


def test_check_reports_every_error_of_the_tree_in_order(run_cli):
    result = run_cli(["check"], cwd=FIXTURES / "many_errors")
    assert result.code == 1
    reported = [line for line in result.err.splitlines() if line.startswith("content/")]
    assert len(reported) == 9
    assert [line.split(":")[0] for line in reported] == [
        "content/actors.yaml",
        "content/events/2014/b-event.yaml",
        "content/events/2014/b-event.yaml",
        "content/events/2015/a-event.yaml",
        "content/events/2015/a-event.yaml",
        "content/events/2015/a-event.yaml",
        "content/events/2015/tabbed.yaml",
        "content/places.yaml",
        "content/sources/bad-url.yaml",
    ]
    assert "9 error(s); nothing was written." in result.err


def test_check_without_a_content_folder_exits_1(run_cli, tmp_path):
    result = run_cli(["check"], cwd=tmp_path)
    assert result.code == 1
    assert "content:1:1: content folder not found" in result.err


def test_check_json_format_prints_a_list_of_errors(run_cli, bad_project):
    result = run_cli(["check", "--format", "json"], cwd=bad_project)
    assert result.code == 1
    assert json.loads(result.out) == [
        {"path": "content/events/2015/kunduz.yaml", "line": 4, "column": 9, "message": BAD_MESSAGE}
    ]


def test_check_json_format_on_a_valid_tree_prints_an_empty_list(run_cli, project):
    result = run_cli(["check", "--format", "json"], cwd=project)
    assert result.code == 0
    assert json.loads(result.out) == []


def test_check_github_format_prints_error_annotations(run_cli, bad_project):
    result = run_cli(["check", "--format", "github"], cwd=bad_project)
    assert result.code == 1
    assert result.out.splitlines() == [f"::error file=content/events/2015/kunduz.yaml,line=4,col=9::{BAD_MESSAGE}"]


def test_check_unknown_option_exits_2(run_cli, project):
    result = run_cli(["check", "--bogus"], cwd=project)
    assert result.code == 2
    assert "unrecognized arguments: --bogus" in result.err


def test_check_unknown_format_exits_2(run_cli, project):
    assert run_cli(["check", "--format", "xml"], cwd=project).code == 2


def test_unknown_command_exits_2(run_cli, project):
    assert run_cli(["chekc"], cwd=project).code == 2


# -- schema -------------------------------------------------------------------------------


@pytest.fixture
def schema(run_cli) -> dict:
    result = run_cli(["schema"])
    assert result.code == 0
    return json.loads(result.out)


def test_schema_is_a_valid_json_schema(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _event_instance(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # the fixture quotes its dates, so YAML 1.1 is harmless


def test_valid_event_file_validates_against_the_schema(schema):
    instance = _event_instance(FIXTURES / "valid_minimal/content/events/2015/taliban-seize-kunduz.yaml")
    jsonschema.Draft202012Validator(schema).validate(instance)


def test_event_with_an_unknown_field_does_not_validate_against_the_schema(schema):
    instance = _event_instance(FIXTURES / "valid_minimal/content/events/2015/taliban-seize-kunduz.yaml")
    instance["titel"] = "A misspelt title"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(instance))
    assert [e.validator for e in errors] == ["additionalProperties"]
    assert "titel" in errors[0].message


def test_event_missing_sources_does_not_validate_against_the_schema(schema):
    instance = _event_instance(FIXTURES / "valid_minimal/content/events/2015/taliban-seize-kunduz.yaml")
    del instance["sources"]
    assert not jsonschema.Draft202012Validator(schema).is_valid(instance)


def test_schema_lists_the_required_event_fields(schema):
    assert set(schema["required"]) == {"date", "title", "summary", "sources"}


# -- new ----------------------------------------------------------------------------------------

NEW = ["new", "--date", "2015-09-28", "--title", "Afghan special forces sent to Kunduz!", "--source", "bbc-kunduz-2015-09-28"]


def test_new_writes_an_event_file_under_its_year(run_cli, project):
    result = run_cli(NEW, cwd=project)
    assert result.code == 0
    assert result.out.strip() == "content/events/2015/afghan-special-forces-sent-to-kunduz.yaml"
    assert (project / "content/events/2015/afghan-special-forces-sent-to-kunduz.yaml").is_file()


def test_new_event_passes_check(run_cli, project):
    assert run_cli([*NEW, "--place", "kunduz", "--tag", "kunduz", "--tag", "taliban-offensive"], cwd=project).code == 0
    result = run_cli(["check"], cwd=project)
    assert result.code == 0, result.err
    assert "3 events" in result.err


def test_new_event_keeps_the_title_and_date_as_written(run_cli, project):
    run_cli(["new", "--date", "2015-09-28T05:30+04:30", "--title", 'The "Kunduz" assault: day one', "--source", "x"], cwd=project)
    text = (project / "content/events/2015/the-kunduz-assault-day-one.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["title"] == 'The "Kunduz" assault: day one'
    assert data["date"] == "2015-09-28T05:30+04:30"


def test_new_uses_the_given_id(run_cli, project):
    assert run_cli([*NEW, "--id", "kunduz-falls"], cwd=project).code == 0
    assert (project / "content/events/2015/kunduz-falls.yaml").is_file()


def test_new_never_overwrites_an_event_and_numbers_a_title_already_taken(run_cli, project):
    """The same title twice: the first file stays as it was, the second event is '<id>-2' (and says so)."""
    path = project / "content/events/2014/national-unity-government-takes-office.yaml"
    before = path.read_bytes()
    result = run_cli(["new", "--date", "2014-09", "--title", "National unity government takes office", "--source", "x"], cwd=project)
    assert result.code == 0, result.err
    assert "an event 'national-unity-government-takes-office' already exists; this one is " \
           "'national-unity-government-takes-office-2'" in result.err
    assert path.read_bytes() == before
    assert result.out.strip() == "content/events/2014/national-unity-government-takes-office-2.yaml"


def test_new_refuses_an_id_already_used_in_another_year(run_cli, project):
    result = run_cli(["new", "--date", "2016", "--title", "x", "--id", "taliban-seize-kunduz", "--source", "x"], cwd=project)
    assert result.code == 1
    assert not (project / "content/events/2016").exists()


@pytest.mark.parametrize("id_line", ["id: kunduz-falls", 'id: "kunduz-falls"  # renamed from the file name'])
def test_new_refuses_an_id_set_by_an_id_line_in_another_file(run_cli, project, id_line):
    holder = project / "content/events/2016/the-city-falls.yaml"
    holder.parent.mkdir(parents=True)
    holder.write_text(f"{id_line}\ndate: 2016\ntitle: T\nsummary: S\nsources:\n  - source: bbc-kunduz-2015-09-28\n",
                      encoding="utf-8")
    assert run_cli(["check"], cwd=project).code == 0
    result = run_cli([*NEW, "--id", "kunduz-falls"], cwd=project)
    assert result.code == 1
    assert result.err.startswith("timeline new: an event 'kunduz-falls' already exists: "
                                 "content/events/2016/the-city-falls.yaml (its line 'id: kunduz-falls')")
    assert not (project / "content/events/2015/kunduz-falls.yaml").exists()
    assert run_cli(["check"], cwd=project).code == 0  # no duplicate id was made


def test_new_accepts_an_id_that_only_appears_inside_another_events_text(run_cli, project):
    other = project / "content/events/2015/taliban-seize-kunduz.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("body: |\n", "body: |\n  id: kunduz-falls\n"), encoding="utf-8")
    assert run_cli([*NEW, "--id", "kunduz-falls"], cwd=project).code == 0
    assert run_cli(["check"], cwd=project).code == 0


@pytest.mark.parametrize("date", ["2015-02-30", "28 September 2015", "2015-09-28T10:00"])
def test_new_rejects_a_bad_date_with_exit_2_and_writes_nothing(run_cli, project, date):
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = run_cli(["new", "--date", date, "--title", "Something", "--source", "x"], cwd=project)
    assert result.code == 2
    assert result.err.startswith("timeline new: --date: ")
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_new_rejects_a_bad_id_with_exit_2(run_cli, project):
    result = run_cli([*NEW, "--id", "Not A Slug"], cwd=project)
    assert result.code == 2
    assert "timeline new: --id: 'Not A Slug' is not a valid id" in result.err


def test_new_without_required_options_exits_2(run_cli, project):
    assert run_cli(["new", "--title", "x"], cwd=project).code == 2


@pytest.mark.parametrize("fixture", ["many_errors", "valid_minimal", "valid_yaml_lookalikes"])
def test_parallel_check_reports_exactly_what_the_serial_check_does(fixture, monkeypatch):
    from generator import runtime
    from generator.content import parallel_read, reader

    content = FIXTURES / fixture / "content"
    serial = reader.check_content(content, FIXTURES / fixture)
    monkeypatch.setattr(parallel_read, "PARALLEL_FROM", 0)
    monkeypatch.setattr(runtime.os, "cpu_count", lambda: 2)
    parallel = reader.check_content(content, FIXTURES / fixture)
    assert parallel == serial


@pytest.mark.parametrize("fixture", ["many_errors", "valid_minimal", "valid_yaml_lookalikes"])
def test_parallel_read_builds_exactly_what_the_serial_read_does(fixture, monkeypatch):
    from generator import runtime
    from generator.content import parallel_read, reader

    def read():
        try:
            return reader.read_content(FIXTURES / fixture / "content", FIXTURES / fixture)
        except reader.ContentInvalid as exc:
            return exc.errors

    serial = read()
    monkeypatch.setattr(parallel_read, "PARALLEL_FROM", 0)
    monkeypatch.setattr(runtime.os, "cpu_count", lambda: 2)
    parallel = read()
    assert parallel == serial
    assert serial if isinstance(serial, list) else serial.events  # errors, or a model with events


def test_build_verbose_says_what_each_stage_took_when_not_on_a_terminal(run_cli, small_project, tmp_path):
    quiet = run_cli(["build", "-d", tmp_path / "quiet"], cwd=small_project)
    verbose = run_cli(["build", "-v", "-d", tmp_path / "verbose"], cwd=small_project)
    assert quiet.code == verbose.code == 0
    assert "timeline:" not in quiet.err
    said = [line.split("timeline: ", 1)[1] for line in verbose.err.splitlines() if "timeline: " in line]
    assert re.fullmatch(r"content read and checked in \d+\.\d\d s", said[0]), said
    assert any(re.fullmatch(r"\d+ events, \d+ files written in \d+\.\d\d s", line) for line in said), said
