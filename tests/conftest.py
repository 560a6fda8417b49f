"""Shared pytest fixtures. Keep this small; add fixtures here only when several test files need them.

* ``write_tree(files, root=None)`` writes ``{relpath: text or bytes}`` under ``tmp_path``
  (or ``root``) byte for byte, so tests can assert exact line and column numbers.
* ``run_cli(args, cwd=None)`` runs ``generator.cli.main.main`` in-process and returns
  ``CliResult(code, out, err)``; argparse's ``SystemExit`` becomes the exit code.
* whole-tree fixtures live in ``tests/fixtures/<case>/content``; each is named for what it shows.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from generator.cli import main


@pytest.fixture
def write_tree(tmp_path: Path) -> Callable[..., Path]:
    """Write files given as ``{relative path: str | bytes}``; returns the root folder."""

    def write(files: dict[str, str | bytes], root: Path | None = None) -> Path:
        base = root or tmp_path
        for relpath, data in files.items():
            path = base / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_bytes(data.encode("utf-8"))  # no newline translation: positions stay exact
        return base

    return write


@dataclass(frozen=True)
class CliResult:
    """What one ``timeline`` invocation did."""

    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    """Run ``timeline ARGS`` in-process (optionally from ``cwd``) and capture its output."""

    def run(args: list[str], cwd: Path | None = None) -> CliResult:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()  # drop anything printed before
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return CliResult(code, out, err)

    return run


REPO = Path(__file__).resolve().parent.parent
SMALL_SITE = REPO / "tests" / "fixtures" / "site_small"


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    """A writable copy of the small fixture site (tests/fixtures/site_small) whose mkdocs.yml
    points at the repository's templates, so a test can edit content and rebuild."""
    project = tmp_path / "project"
    shutil.copytree(SMALL_SITE, project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("../../../site_templates", str(REPO / "site_templates")))
    return project
