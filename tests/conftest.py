"""Shared pytest fixtures. Keep this small; add fixtures here only when several test files need them.

* ``write_tree(files, root=None)`` writes ``{relpath: text or bytes}`` under ``tmp_path``
  (or ``root``) byte for byte, so tests can assert exact line and column numbers.
* ``run_cli(args, cwd=None)`` runs ``generator.cli.main.main`` in-process and returns
  ``CliResult(code, out, err)``; argparse's ``SystemExit`` becomes the exit code.
* ``build(project, out)`` runs ``timeline build -f project/mkdocs.yml -d out`` in-process; its exit code.
* ``fresh_build(project)``: the site an independent build of ``project`` makes, from a copy of it
  without ``.timeline-cache`` into a new folder; to compare a cached rebuild with, byte for byte
  (``site_files(folder)``: ``{relative path: bytes}`` of every file under a folder).
* ``spy(owner, "name", when=None)`` wraps ``owner.name`` for the test: it still runs, and every call
  (``Call(args, kwargs)``, only those ``when(*args, **kwargs)`` accepts if given) is appended to the
  list it returns. ``spy(subprocess, "run")`` records the commands run (``call.args[0]``).
* ``dari_site``: the demo site built in Dari (``language: fa-AF``, right to left), once a session.
* ``copy_project(source, target)`` copies a fixture project (``mkdocs.yml``, ``content/``) to build it there;
  ``small_project``: a writable copy of ``tests/fixtures/site_small`` in ``tmp_path``;
  ``demo_project``: one session-wide copy of the repository's own site (``mkdocs.yml`` + ``content/``),
  committed to a git repository of its own, so its history does not depend on this repository's.
* ``serve(project, page, text)``: ``timeline serve`` of ``project`` as a subprocess on a free loopback port,
  once ``text`` is in its ``page``; ``Served(base, terminal, process)``, stopped after the test
  (tests/serving.py: it and ``fetch``, ``wait_for``, ``Terminal``, imported as ``from serving import ...``).
* whole-tree fixtures live in ``tests/fixtures/<case>/content``; each is named for what it shows.
  Tests only read them: a test that builds, edits or writes works on a copy in a temporary folder.
"""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from generator.cli import main
from gitrepo import Repo
from serving import Served, timeline_serve
from trees import files_under

REPO = Path(__file__).resolve().parent.parent
SMALL_SITE = REPO / "tests" / "fixtures" / "site_small"
TEMPLATES = REPO / "site_templates"
CACHE_DIR = ".timeline-cache"  # a project's build cache (README: safe to delete)


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


# -- building sites -----------------------------------------------------------------------------


def build_site(project: Path, out: Path) -> int:
    """``timeline build`` of the project whose ``mkdocs.yml`` is in ``project``, into ``out``."""
    return main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(out)])


@pytest.fixture(scope="session")
def build() -> Callable[[Path, Path], int]:
    """``build(project, out)``: ``timeline build -f project/mkdocs.yml -d out`` in-process; its exit code."""
    return build_site


@pytest.fixture
def fresh_build(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], Path]:
    """``fresh_build(project)``: a copy of ``project`` without its build cache, built into a new folder;
    returns that site folder. Nothing is shared with earlier builds of ``project``."""

    def make(project: Path) -> Path:
        folder = tmp_path_factory.mktemp("fresh")
        copy = folder / project.name
        shutil.copytree(project, copy, ignore=shutil.ignore_patterns(CACHE_DIR))
        assert build_site(copy, folder / "site") == 0
        return folder / "site"

    return make


@pytest.fixture(scope="session")
def site_files() -> Callable[[Path], dict[str, bytes]]:
    """``site_files(folder)``: every file under a built site's folder, ``{relative path: bytes}``."""
    return files_under


def _copy_project(source: Path, target: Path) -> Path:
    """Copy the project in ``source`` (``mkdocs.yml`` and ``content/``) to ``target``, with a theme
    ``custom_dir`` pointing at the repository's ``site_templates/`` (a project on the packaged
    ``theme: timeline`` needs none); returns ``target``."""
    target.mkdir(parents=True)
    shutil.copytree(source / "content", target / "content", ignore=shutil.ignore_patterns(CACHE_DIR))
    config = (source / "mkdocs.yml").read_text(encoding="utf-8")
    lines = [f"  custom_dir: {TEMPLATES}" if line.startswith("  custom_dir:") else line for line in config.splitlines()]
    (target / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def copy_project() -> Callable[[Path, Path], Path]:
    """``copy_project(source, target)``: the project in ``source`` (``mkdocs.yml``, ``content/``) copied
    to ``target``, its theme pointing at the repository's ``site_templates/``; returns ``target``."""
    return _copy_project


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    """A writable copy of the small fixture site (tests/fixtures/site_small) whose mkdocs.yml
    points at the repository's templates, so a test can edit content and rebuild."""
    return _copy_project(SMALL_SITE, tmp_path / "project")


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site (the Kunduz chronology), copied once per session into a git repository
    of its own with one commit; shared, so tests only build it, never edit it."""
    folder = tmp_path_factory.mktemp("demo")
    project = _copy_project(REPO, folder / "project")
    repo = Repo(project, folder / "home")
    repo.commit("Publish the chronology", "2015-10-05T12:00:00+04:30")
    return project


# -- timeline serve --------------------------------------------------------------------------------


@pytest.fixture
def serve() -> Iterator[Callable[[Path, str, str], Served]]:
    """``serve(project, page, text, env=None)``: ``timeline serve`` in ``project`` on a free loopback port,
    returned as ``Served(base, terminal, process)`` once ``text`` is in ``base + page``; stopped when the
    test ends."""
    with contextlib.ExitStack() as running:
        yield lambda project, page, text, env=None: running.enter_context(timeline_serve(project, page, text, env))


# -- spying on calls ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One call a spy saw."""

    args: tuple[Any, ...]
    kwargs: dict[str, Any]


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Callable[..., list[Call]]:
    """``spy(owner, "name", when=None)``: from now on (until the test ends) ``owner.name`` is wrapped;
    it still runs, and each call it gets (those ``when(*args, **kwargs)`` accepts, if given) is
    appended to the returned list as ``Call(args, kwargs)``."""

    def install(owner: Any, name: str, when: Callable[..., bool] | None = None) -> list[Call]:
        calls: list[Call] = []
        real = getattr(owner, name)

        def recording(*args: Any, **kwargs: Any) -> Any:
            if when is None or when(*args, **kwargs):
                calls.append(Call(args, dict(kwargs)))
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, recording)
        return calls

    return install


@pytest.fixture(scope="session")
def dari_site(tmp_path_factory: pytest.TempPathFactory, demo_project: Path, build) -> Path:
    """The demo site in Dari (fa-AF, right to left), with its search index."""
    folder = tmp_path_factory.mktemp("dari")
    project = folder / "project"
    shutil.copytree(demo_project, project, ignore=shutil.ignore_patterns(".timeline-cache", "site"))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - timeline:\n", "  - timeline:\n      language: fa-AF\n", 1), encoding="utf-8")
    assert build(project, folder / "site") == 0
    return folder / "site"
