"""From zero to published, as a newsroom does it, with the project's own files as the script:

* the release workflow (``.github/workflows/release.yml``): its build job's ``run:`` steps, run on a copy
  of the package's sources in a new virtual environment (the runner's Python), build the sdist and the
  wheel (``python -m build``) and check them (``twine check --strict``);
* the wheel goes into another new virtual environment, whose ``timeline init --url … --requirement <wheel>``
  makes a chronology; the workflow that init wrote (``.github/workflows/site.yml``) then runs its own
  ``run:`` steps there (install, check, build), and the site is built, at its address, with the theme the
  wheel carries;
* every workflow the project ships or generates passes GitHub's workflow schema (check-jsonschema's copy of
  SchemaStore's ``github-workflow`` schema) and uses the current major version of each action.

Nothing is written into the repository; the two environments see nothing of it or of the test
environment. Packages come from the configured package index through pip's cache; the whole module takes
about a minute and a half, most of it pip, which is why the environments are made once (module fixture).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
# What the release workflow's checkout holds that the build reads (pyproject.toml's readme, packages, data).
SOURCES = ("pyproject.toml", "README.md", "generator", "site_templates", ".github")
RELEASE_WORKFLOW = ".github/workflows/release.yml"
SITE_WORKFLOW = ".github/workflows/site.yml"
URL = "https://example.org/chronology/"
EXAMPLE_ID = "example-bridge-reopens"
EXAMPLE_TITLE = "Example: the river bridge reopens after repairs"
# The current major version of each action the workflows use (late 2026: all of them on Node 24).
CURRENT_MAJORS = {
    "actions/checkout": "v7", "actions/setup-python": "v7", "actions/cache": "v6",
    "actions/upload-pages-artifact": "v5", "actions/deploy-pages": "v5",
    "actions/upload-artifact": "v7", "actions/download-artifact": "v8",
    "pypa/gh-action-pypi-publish": "release/v1",
}


def run(command: list[str] | str, cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    """Run ``command`` (a string: with bash, as a workflow's ``run:``); fail the test with its output unless it exits 0."""
    if isinstance(command, str):
        command = ["bash", "-e", "-c", command]  # GitHub's default shell: bash -e {0}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{command} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


def environment_of(venv: Path, **extra: str) -> dict[str, str]:
    """This process's environment without the test's virtual environment or sources, ``venv`` first on PATH."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"}}
    here = str(Path(sys.executable).parent)
    path = [entry for entry in env.get("PATH", "").split(os.pathsep) if entry and entry != here]
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *path])
    env["VIRTUAL_ENV"] = str(venv)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PIP_NO_COMPILE"] = "1"  # no bytecode for what pip installs: the same files, in a fraction of the time
    env["NO_COLOR"] = "1"
    env.update(extra)
    return env


def new_environment(venv: Path) -> dict[str, str]:
    """A new virtual environment with pip in it (this interpreter's pip installs it: quicker than ensurepip's
    copy, which compiles every module); its environment variables."""
    env = environment_of(venv)
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=venv.parent, env=env)
    run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q", "pip"],
        cwd=venv.parent, env=env)
    return env


def run_steps(workflow: Path, job: str) -> list[str]:
    """The ``run:`` commands of one job of a workflow, in order (``uses:`` steps are GitHub's own actions)."""
    jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]
    return [step["run"] for step in jobs[job]["steps"] if "run" in step]


@dataclass(frozen=True)
class Release:
    """What the module's fixture made."""

    dist: Path
    sdist: Path
    wheel: Path
    twine_output: str
    venv: Path            # the newsroom's environment: the wheel installed
    project: Path         # the chronology its `timeline init` made
    init_output: str
    step_outputs: dict[str, subprocess.CompletedProcess]  # the site workflow's run: steps, by command


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    """Run the release workflow's build steps, then install the wheel and run the generated site workflow."""
    work = tmp_path_factory.mktemp("release")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        origin = REPO / name
        if origin.is_dir():  # generator/theme is a symbolic link to ../site_templates: keep it one
            shutil.copytree(origin, source / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules"))
        else:
            shutil.copy2(origin, source / name)
    version = tomllib.loads((source / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

    runner = work / "runner"  # the release job's Python (actions/setup-python)
    new_environment(runner)
    env = environment_of(runner, GITHUB_REF_NAME=f"v{version}", GITHUB_ACTIONS="true", CI="true")
    twine_output = ""
    for command in run_steps(source / RELEASE_WORKFLOW, "build"):
        done = run(command, cwd=source, env=env)
        if "twine check" in command:
            twine_output = done.stdout + done.stderr
    dist = source / "dist"
    (sdist,) = dist.glob("timeline_site-*.tar.gz")
    (wheel,) = dist.glob("timeline_site-*.whl")

    venv = work / "newsroom"
    env = new_environment(venv)
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], cwd=work, env=env)
    workspace = work / "work"
    workspace.mkdir()
    created = run(["timeline", "init", "chron", "--title", "Release test chronology", "--url", URL,
                   "--requirement", str(wheel)], cwd=workspace, env=env)
    project = workspace / "chron"
    env = environment_of(venv, GITHUB_ACTIONS="true", CI="true")
    outputs = {command: run(command, cwd=project, env=env) for command in run_steps(project / SITE_WORKFLOW,
                                                                                     "check-and-build")}
    return Release(dist, sdist, wheel, twine_output, venv, project, created.stdout, outputs)


def test_the_release_workflow_builds_an_sdist_and_a_wheel_that_twine_passes(release: Release) -> None:
    """Exactly one sdist and one wheel, both PASSED by ``twine check --strict``; the wheel carries the theme,
    the map data and every file of a new project (dotfiles under their ``dot-`` names); the sdist builds it."""
    assert sorted(path.name for path in release.dist.iterdir()) == sorted([release.sdist.name, release.wheel.name])
    passed = re.findall(r"Checking dist/(\S+): PASSED", re.sub(r"\x1b\[[0-9;]*m", "", release.twine_output))
    assert sorted(passed) == sorted([release.sdist.name, release.wheel.name]), release.twine_output
    names = set(zipfile.ZipFile(release.wheel).namelist())
    for required in ("generator/theme/assets/timeline.css", "generator/theme/base.html",
                     "generator/render/geodata/README.md",
                     "generator/editorial/project_template/common/dot-github/workflows/site.yml",
                     "generator/editorial/project_template/common/mkdocs.yml",
                     "generator/editorial/project_template/example/content/sources/example-article.yaml"):
        assert required in names, required
    assert not any("__pycache__" in name or name.startswith("tests/") for name in names)
    with tarfile.open(release.sdist) as sdist:
        top = sdist.getnames()[0].split("/")[0]
        assert f"{top}/pyproject.toml" in sdist.getnames() and f"{top}/README.md" in sdist.getnames()


def test_the_generated_workflow_installs_checks_and_builds_the_new_chronology(release: Release) -> None:
    """The site workflow's own steps, in the new environment: pip installs what requirements.txt names (the
    wheel, as --requirement said), check passes, and the build makes the site at its address (no site_url
    warning, a sitemap of absolute URLs) with the theme the wheel installed."""
    project = release.project
    assert (project / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == str(release.wheel)
    assert f"requirements.txt installs {release.wheel}" in release.init_output
    commands = list(release.step_outputs)
    assert commands == ["pip install -r requirements.txt", "timeline check --format github", "timeline build -d site"]
    assert release.step_outputs["timeline check --format github"].stdout == ""  # no error, no warning annotation
    assert "site_url" not in release.step_outputs["timeline build -d site"].stderr

    site = project / "site"
    page = site / "events" / EXAMPLE_ID / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.h1.get_text(strip=True) == EXAMPLE_TITLE
    assert soup.select_one(".brand").get_text() == "Release test chronology"
    assert soup.find("link", rel="canonical")["href"] == f"{URL}events/{EXAMPLE_ID}/"
    sitemap = BeautifulSoup((site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    assert f"{URL}events/{EXAMPLE_ID}/" in [loc.get_text() for loc in sitemap.find_all("loc")]

    # The package is the wheel's, in the new environment, not this repository's.
    located = run([str(release.venv / "bin" / "python"), "-c", "import generator.theme as t; print(t.__file__)"],
                  cwd=project, env=environment_of(release.venv)).stdout.strip()
    theme = Path(located).parent
    assert theme.is_relative_to(release.venv) and not theme.resolve().is_relative_to(REPO), located
    base = "https://site.invalid/" + page.relative_to(site).as_posix()
    styles = {urljoin(base, link["href"]).removeprefix("https://site.invalid/")
              for link in soup.select('link[rel="stylesheet"]')}
    assert "assets/timeline.css" in styles
    for style in styles:
        assert (site / style).read_bytes() == (theme / style).read_bytes(), f"{style} is not the packaged theme's"


# -- the workflows' schema and versions (no environment needed) ----------------------------------------


def shipped_workflows(tmp_path: Path, run_cli) -> list[Path]:
    """The repository's workflows and those ``timeline init`` writes into a new project."""
    assert run_cli(["init", "chron"], cwd=tmp_path).code == 0
    generated = sorted((tmp_path / "chron" / ".github" / "workflows").glob("*.yml"))
    assert [path.name for path in generated] == ["site.yml"]
    return sorted((REPO / ".github" / "workflows").glob("*.yml")) + generated


def schema_check(paths: list[Path]) -> subprocess.CompletedProcess:
    """check-jsonschema with its copy of GitHub's workflow schema (no network)."""
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           *map(str, paths)], capture_output=True, text=True, timeout=120)


def test_every_workflow_passes_the_github_workflow_schema(tmp_path: Path, run_cli) -> None:
    workflows = shipped_workflows(tmp_path, run_cli)
    assert {path.name for path in workflows} == {"release.yml", "site.yml"}
    checked = schema_check(workflows)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # The check can fail: a misspelt key is refused.
    broken = tmp_path / "broken.yml"
    broken.write_text(workflows[0].read_text(encoding="utf-8").replace("runs-on:", "runs_on:"), encoding="utf-8")
    refused = schema_check([broken])
    assert refused.returncode == 1 and "broken.yml" in refused.stdout + refused.stderr


def test_workflows_use_current_actions_and_concurrency_groups(tmp_path: Path, run_cli) -> None:
    """Every action at its current major version; the site workflows cancel only superseded pull request runs
    and deploy one at a time; the release publishes with trusted publishing from the pypi environment."""
    for path in shipped_workflows(tmp_path, run_cli):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    action, _, ref = step["uses"].partition("@")
                    assert CURRENT_MAJORS.get(action) == ref, f"{path}: {step['uses']}"
        assert "concurrency" in workflow, path
        if path.name == "site.yml":
            assert workflow["concurrency"]["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"
            assert workflow["jobs"]["deploy"]["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    release = yaml.safe_load((REPO / RELEASE_WORKFLOW).read_text(encoding="utf-8"))
    assert release[True] == {"push": {"tags": ["v*"]}}  # YAML 1.1 reads the key `on` as true
    publish = release["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"} and publish["environment"]["name"] == "pypi"
    assert publish["steps"][-1]["uses"] == "pypa/gh-action-pypi-publish@release/v1"
