"""A `timeline build` that fails says what failed and where, exits 1, and leaves the previous site as it was.

Each test builds a good site first, then breaks one thing (a template, Pagefind) and
builds again into the same folder, through the real command.
"""

from __future__ import annotations

import shutil
import stat
import sys
from pathlib import Path

import pytest

import generator.pipeline.pagefind_run
from generator.pipeline.pagefind_format import TESTED_REQUIREMENT
from generator.cli.main import main
from trees import files_under

REPO = Path(__file__).resolve().parent.parent


def build(project: Path, out: Path) -> int:
    return main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(out)])


def script(path: Path, text: str) -> Path:
    """An executable file."""
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def built(small_project: Path, tmp_path: Path, capsys) -> tuple[Path, Path, Path]:
    """The small project with a theme folder of its own (a copy of site_templates), built once into
    ``site``; returns (project, its templates folder, the site folder)."""
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "site_templates", templates)
    config = small_project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    themed = [f"  custom_dir: {templates}" if line.startswith("  custom_dir:") else line for line in lines]
    assert themed != lines, "the small project's mkdocs.yml has no theme custom_dir to point elsewhere"
    config.write_text("\n".join(themed) + "\n", encoding="utf-8")
    site = tmp_path / "site"
    assert build(small_project, site) == 0
    capsys.readouterr()
    return small_project, templates, site


def insert_line(path: Path, text: str) -> int:
    """Put ``text`` on a line of its own inside the template's content block (or first, in a template
    without one, such as a partial); return its line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    starts = [n for n, line in enumerate(lines, 1) if "{% block content %}" in line]
    number = starts[0] + 1 if starts else 1
    lines.insert(number - 1, text + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return number


@pytest.mark.parametrize(
    "template, text, message",
    [
        ("event.html", "{% if %}", "template syntax error in {path}:{line}: Expected an expression"),
        ("event.html", "{{ event.no_such_field }}", "template error in {path}:{line}: UndefinedError: "),
        ("partials/event_card.html", "{{ no_such_name }}",
         "template error in {path}:{line}: UndefinedError: 'no_such_name' is undefined"),
    ],
)
def test_a_template_error_names_the_template_file_and_line(built, capsys, template, text, message):
    project, templates, site = built
    before = files_under(site)
    line = insert_line(templates / template, text)
    code = build(project, site)
    err = capsys.readouterr().err
    assert code == 1
    assert "timeline build: " + message.format(path=(templates / template).resolve(), line=line) in err
    assert "fix the template" in err
    assert "Traceback" not in err
    assert f"the site in {site} is unchanged" in err
    assert files_under(site) == before


def pagefind_then(tmp_path: Path, monkeypatch, after: str) -> None:
    """Builds run the real Pagefind, then ``after`` (Python, with ``bundle``: the Pagefind folder it wrote)."""
    real = generator.pipeline.pagefind_run.pagefind_executable()
    wrapped = script(tmp_path / "pagefind", f"""#!{sys.executable}
import json, subprocess, sys
from pathlib import Path
code = subprocess.run([{str(real)!r}, *sys.argv[1:]]).returncode
bundle = Path(sys.argv[sys.argv.index("--site") + 1]) / "pagefind"
{after}
sys.exit(code)
""")
    monkeypatch.setattr(generator.pipeline.pagefind_run, "pagefind_executable", lambda: wrapped)


def rename_an_event(project: Path) -> None:
    """Change an event's pages, so that the kept index cannot be reused: Pagefind must run."""
    event = project / "content" / "events" / "2016" / "later.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("A later event", "A renamed event"), encoding="utf-8")


def test_a_pagefind_failure_says_pagefind_failed_and_why(built, capsys, monkeypatch, tmp_path):
    project, _, site = built
    before = files_under(site)
    failing = script(tmp_path / "pagefind", "#!/bin/sh\necho 'Error: no space left on the index disk' >&2\nexit 1\n")
    monkeypatch.setattr(generator.pipeline.pagefind_run, "pagefind_executable", lambda: failing)
    rename_an_event(project)
    code = build(project, site)
    err = capsys.readouterr().err
    assert code == 1
    assert ("timeline build: building the search index: Pagefind failed (exit code 1): "
            "Error: no space left on the index disk") in err
    assert "Traceback" not in err
    assert files_under(site) == before


def test_a_pagefind_run_that_leaves_an_empty_file_publishes_nothing(built, capsys, monkeypatch, tmp_path):
    """Pagefind exits 0 when a write fails, leaving the file empty: that is a failed index, never published."""
    project, _, site = built
    before = files_under(site)
    pagefind_then(tmp_path, monkeypatch, 'sorted((bundle / "fragment").iterdir())[0].write_bytes(b"")')
    rename_an_event(project)
    code = build(project, site)
    err = capsys.readouterr().err
    assert code == 1
    assert "Pagefind left " in err and " empty" in err and "Traceback" not in err
    assert files_under(site) == before


def test_an_untested_pagefind_version_is_refused_before_its_index_is_rewritten(built, capsys, monkeypatch, tmp_path):
    project, _, site = built
    before = files_under(site)
    pagefind_then(tmp_path, monkeypatch, """entry = bundle / "pagefind-entry.json"
data = json.loads(entry.read_text(encoding="utf-8"))
data["version"] = "1.9.0"
entry.write_text(json.dumps(data), encoding="utf-8")""")
    rename_an_event(project)
    code = build(project, site)
    err = capsys.readouterr().err
    assert code == 1
    assert "Pagefind 1.9.0 wrote the search index" in err
    assert "tested only with Pagefind 1.3 up to (not including) 1.6" in err
    assert f"pip install '{TESTED_REQUIREMENT}'" in err
    assert "Traceback" not in err
    assert files_under(site) == before


def test_an_unreadable_mkdocs_yml_says_where_without_a_traceback(small_project, tmp_path, capsys):
    config = small_project / "mkdocs.yml"
    config.write_text("site_name: [Small fixture timeline\n", encoding="utf-8")
    code = build(small_project, tmp_path / "site")
    err = capsys.readouterr().err
    assert code == 2
    assert f'timeline build: {config}: MkDocs encountered an error parsing the configuration file' in err
    assert f'in "{config}", line 1, column 12' in err
    assert "Traceback" not in err
    assert not (tmp_path / "site").exists()
