"""The wheel alone makes a working chronology: build the wheel of this repository, install it into a
new virtual environment, and run that environment's ``timeline init``, ``check`` and ``build`` in a
folder outside the repository; the example event's page is styled by the theme the wheel carries.

Self-contained: the package's sources are copied to a temporary folder and the wheel is built there
(``pip wheel --no-deps``; setuptools builds in the source folder, and nothing may be written into the
repository); the new environment (``python -m venv --without-pip``) gets the wheel and its
dependencies from the configured package index through this interpreter's pip (``pip --python``),
and sees nothing of this repository or of the test environment. It takes about a minute (most of
it pip), which is why everything is checked in one test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
# What the wheel is built from (pyproject.toml's readme, packages and their data).
SOURCES = ("pyproject.toml", "README.md", "generator", "site_templates")
EXAMPLE_ID = "example-bridge-reopens"
EXAMPLE_TITLE = "Example: the river bridge reopens after repairs"


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    """Run ``command``; fail the test with its output unless it exits 0."""
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


def clean_environment(venv: Path) -> dict[str, str]:
    """This process's environment without any trace of the test's virtual environment or sources."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"}}
    here = str(Path(sys.executable).parent)
    path = [entry for entry in env.get("PATH", "").split(os.pathsep) if entry and entry != here]
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *path])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def build_wheel(work: Path, env: dict[str, str]) -> Path:
    """The wheel of a copy of this repository's package sources (as they are in the working tree)."""
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        origin = REPO / name
        if origin.is_dir():  # generator/theme is a symbolic link to ../site_templates: keep it one
            shutil.copytree(origin, source / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules"))
        else:
            shutil.copy2(origin, source / name)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(source)],
        cwd=work, env=env)
    (wheel,) = (work / "dist").glob("timeline_site-*.whl")
    return wheel


def test_wheel_installs_and_makes_a_chronology(tmp_path: Path) -> None:
    """init, check and build with the installed wheel only; the built page uses the packaged theme."""
    venv = tmp_path / "venv"
    env = clean_environment(venv)
    wheel = build_wheel(tmp_path, env)
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path, env=env)
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", str(wheel)], cwd=tmp_path, env=env)

    # The package comes from the new environment, not from this repository or the test environment.
    located = run([str(python), "-c", "import generator.theme as t, sys; print(t.__file__); print(sys.prefix)"],
                  cwd=tmp_path, env=env).stdout.splitlines()
    theme = Path(located[0]).parent
    assert theme.is_relative_to(venv) and not theme.resolve().is_relative_to(REPO), located
    assert Path(located[1]) == venv

    timeline = str(venv / "bin" / "timeline")
    workspace = tmp_path / "work"
    workspace.mkdir()
    created = run([timeline, "init", "chron", "--title", "Wheel test chronology"], cwd=workspace, env=env)
    assert "cd chron && timeline serve" in created.stdout
    project = workspace / "chron"
    checked = run([timeline, "check"], cwd=project, env=env)
    assert "1 events, 1 sources, 1 actors, 2 places: OK" in checked.stderr
    run([timeline, "build"], cwd=project, env=env)

    site = project / "site"
    page = site / "events" / EXAMPLE_ID / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.h1.get_text(strip=True) == EXAMPLE_TITLE
    assert soup.select_one(".brand").get_text() == "Wheel test chronology"
    base = "https://site.invalid/" + page.relative_to(site).as_posix()
    styles = {urljoin(base, link["href"]).removeprefix("https://site.invalid/")
              for link in soup.select('link[rel="stylesheet"]')}
    assert "assets/timeline.css" in styles
    for style in styles:
        built = site / style
        assert built.is_file(), style
        packaged = theme / style
        assert built.read_bytes() == packaged.read_bytes(), f"{style} is not the packaged theme's"
