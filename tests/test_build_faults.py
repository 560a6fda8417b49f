"""A build under faults: killed at any point, run twice at once, fed a damaged cache, or writing to a
folder it cannot write, full or read-only. The published site is never half made, the caches never
publish what they did not keep, nothing is left running or lying about, and each fault is said in one
line (issue 20, items 2 and 5)."""

from __future__ import annotations

import errno
import importlib.util
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import generator.pipeline.publish
from generator import runtime
from generator.content import parallel_read
from trees import files_under
from gitrepo import Repo
from serving import Terminal, wait_for
from test_media_site import FIXTURE as MEDIA_FIXTURE, draw_media

REPO = Path(__file__).resolve().parent.parent
CACHE_DIR = ".timeline-cache"


def timeline_build(project: Path, site: Path, **popen) -> subprocess.Popen:
    """``timeline build`` of ``project`` into ``site`` as a process of its own (in a session of its own)."""
    return subprocess.Popen([sys.executable, "-m", "generator.cli", "build", "-f", str(project / "mkdocs.yml"),
                             "-d", str(site)], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True, **popen)


def finished(process: subprocess.Popen, timeout: float = 300) -> tuple[int, str]:
    """Exit code and stderr of a ``timeline_build`` once it ends."""
    _, err = process.communicate(timeout=timeout)
    return process.returncode, err


def processes_mentioning(text: str) -> list[str]:
    """Every live process (not this one) whose command line or working folder mentions ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            cwd = os.readlink(entry / "cwd")
        except OSError:  # gone meanwhile, or a zombie
            continue
        replaced_site_deletion = cmdline.split(" ")[0].endswith("/rm") and ".old-" in cmdline  # detached by design
        if (text in cmdline or text in cwd) and not replaced_site_deletion:
            found.append(f"{entry.name}: {cmdline}")
    return found


def no_process_left(text: str, timeout: float = 2.0) -> list[str]:
    """``processes_mentioning(text)`` once they have had ``timeout`` seconds to end."""
    deadline = time.monotonic() + timeout
    while (left := processes_mentioning(text)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def written_up_to(process: subprocess.Popen, site: Path, files: int) -> bool:
    """Wait until the build's work folder holds ``files`` files; False if the build ends first."""
    while process.poll() is None:
        folders = site.parent.glob(f".{site.name}.building-*")
        if sum(len(names) for folder in folders for _, _, names in os.walk(folder)) >= files:
            return True
        time.sleep(0.05)
    return False


def work_folders(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.glob(f".{site.name}.building-*"))



# -- killed builds ----------------------------------------------------------------------------------


def corpus_project(folder: Path, events: int) -> Path:
    """A project of ``events`` synthetic events (benchmarks/corpus.py), without git history."""
    corpus = sys.modules.get("bench_corpus")
    if corpus is None:
        spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "benchmarks" / "corpus.py")
        corpus = sys.modules["bench_corpus"] = importlib.util.module_from_spec(spec)  # dataclasses look it up
        spec.loader.exec_module(corpus)
    corpus.generate(folder, events, vocabulary="small")
    (folder / "mkdocs.yml").write_text(
        "site_name: Killed builds\ndocs_dir: content/pages\ntheme:\n  name: timeline\n"
        "plugins:\n  - timeline:\n      history: \"off\"\n", encoding="utf-8")
    return folder


KILLS = ("SIGKILL to the build", "SIGKILL to its process group", "SIGTERM to the build",
         "SIGKILL to the build", "SIGKILL to its process group")


def test_a_cold_build_killed_at_random_points_leaves_the_site_and_nothing_else(tmp_path, fresh_build, site_files):
    project = corpus_project(tmp_path / "project", 1000)
    site = tmp_path / "site"
    code, err = finished(timeline_build(project, site))
    assert code == 0, err
    total = len(site_files(site))
    event = sorted((project / "content" / "events").rglob("*.yaml"))[0]
    text = {"A": event.read_text(encoding="utf-8")}
    title = next(line for line in text["A"].splitlines() if line.startswith("title: "))
    text["B"] = text["A"].replace(title, 'title: "An edited title, killed five times"')
    fresh = {"A": site_files(site)}  # built from no cache at all: a fresh build
    rng = random.Random(20)
    for round, kill in enumerate(KILLS):
        state = "B" if round % 2 == 0 else "A"
        event.write_text(text[state], encoding="utf-8")
        before = site_files(site)
        shutil.rmtree(project / CACHE_DIR)  # cold
        process = timeline_build(project, site)
        point = rng.randrange(0, total * 9 // 10)  # files written: a point that does not depend on the machine's speed
        assert written_up_to(process, site, point), f"round {round}: the build ended before it was killed"
        if kill.endswith("group"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.send_signal(signal.SIGTERM if kill.startswith("SIGTERM") else signal.SIGKILL)
        code, err = finished(process)
        assert site_files(site) == before, f"round {round} ({kill}): the published site changed"
        assert no_process_left(str(tmp_path)) == [], f"round {round} ({kill}): processes left"
        if kill.startswith("SIGTERM"):  # ended as Ctrl-C ends it: its work folder removed, one line said
            assert code == 130 and work_folders(site) == [], err
            assert f"timeline build: stopped; the site in {site} is unchanged" in err and "Traceback" not in err
        code, err = finished(timeline_build(project, site))
        assert code == 0, err
        assert work_folders(site) == [], f"round {round} ({kill}): work folders left after the next build"
        if state not in fresh:
            fresh[state] = site_files(fresh_build(project))
        assert site_files(site) == fresh[state], f"round {round} ({kill}): the next build is not a fresh build's"
    assert no_process_left(str(tmp_path)) == []


def test_a_work_folder_of_a_running_build_is_never_swept(small_project, tmp_path, build):
    """A build removes the work folders that killed builds left, not the one a running build holds."""
    site = tmp_path / "site"
    with generator.pipeline.publish.work_folder(site) as running:
        (running / "page.html").write_text("being written", encoding="utf-8")
        left = tmp_path / ".site.building-killed"  # a killed build's: no one holds it
        (left / "events").mkdir(parents=True)
        assert build(small_project, site) == 0
        assert (running / "page.html").is_file()
        assert not left.exists()
    assert work_folders(site) == []


# -- two builds at once ---------------------------------------------------------------------------


def test_two_builds_at_once_take_turns_and_leave_a_correct_search_bundle(small_project, tmp_path, fresh_build,
                                                                         site_files, build):
    site = tmp_path / "site"
    assert build(small_project, site) == 0
    event = small_project / "content" / "events" / "2016" / "later.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("A later event", "A retitled event"), encoding="utf-8")
    first, second = timeline_build(small_project, site), timeline_build(small_project, site)
    results = [finished(first), finished(second)]
    assert [code for code, _ in results] == [0, 0], results
    expected = site_files(fresh_build(small_project))
    assert site_files(site) == expected
    kept = [entry.parent for entry in (small_project / CACHE_DIR / "pagefind").rglob("pagefind-entry.json")]
    assert len(kept) == 1
    assert site_files(kept[0]) == {path.removeprefix("pagefind/"): data for path, data in expected.items()
                                                 if path.startswith("pagefind/")}


def test_a_second_build_says_it_waits_for_the_first(small_project, tmp_path):
    from generator.cache_folder import CacheFolder
    from generator.pipeline.caches import build_lock

    with build_lock(CacheFolder.of_project(small_project), lambda: None):  # a build of the project is running
        waiting = timeline_build(small_project, tmp_path / "site")
        said = Terminal(waiting.stderr)
        wait_for(lambda: "timeline build: waiting for another build of this project…" in said.lines,
                 "the second build to say it waits")
        assert waiting.poll() is None, "the second build did not wait"
        assert not (tmp_path / "site").exists()
    assert waiting.wait(timeout=300) == 0
    said.close()
    assert said.lines.count("timeline build: waiting for another build of this project…") == 1


# -- damaged caches ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, copy_project) -> Path:
    """The media fixture project (images, an event per year) committed to git: history, images, exports and search."""
    folder = tmp_path_factory.mktemp("pristine")
    project = copy_project(MEDIA_FIXTURE, folder / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "history: off" in text and "search: false" in text
    config.write_text(text.replace("history: off", "history: full").replace("search: false", "search: true"), encoding="utf-8")
    draw_media(project / "content")
    Repo(project, folder / "home").commit("Publish", "2015-10-05T12:00:00+04:30")
    return project


@pytest.fixture(scope="module")
def pristine_site(pristine, tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("pristine-fresh")
    shutil.copytree(pristine, folder / "project", symlinks=True)
    assert subprocess.run([sys.executable, "-m", "generator.cli", "build", "-d", str(folder / "site")],
                          cwd=folder / "project", capture_output=True).returncode == 0
    return files_under(folder / "site")


@pytest.fixture
def parallel(monkeypatch):
    """Read the content as a large tree is read (forked workers, kept events in events.pickle)."""
    monkeypatch.setattr(parallel_read, "PARALLEL_FROM", 1)
    monkeypatch.setattr(runtime.os, "cpu_count", lambda: 2)


def one(cache: Path, pattern: str) -> Path:
    found = sorted(p for p in cache.glob(pattern) if p.is_file())
    assert found, f"no {pattern} in the cache"
    return found[0]


CACHE_FILES = {
    "kept events": "events.pickle",
    "rendered Markdown": "markdown.pickle",
    "pages manifest": "pages.pickle",
    "an export": "files/events.json",
    "git history": "history-*.json",
    "the history's words": "history_words.json",
    "an image's manifest": "images/*/*/image.json",
    "an image variant": "images/*/*/*.webp",
    "the search bundle's manifest": "pagefind/bundle-*/manifest.json",
    "Pagefind's entry file": "pagefind/**/pagefind-entry.json",
    "a search fragment": "pagefind/**/fragment/*",
}


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def corrupt(path: Path) -> None:
    """The same size, bytes changed in the middle (in place: a hard-linked copy changes too)."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 8] = bytes(b ^ 0x5A for b in data[middle:middle + 8])
    with open(path, "r+b") as stream:
        stream.write(data)


def delete(path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize("damage", [truncate, corrupt, delete])
@pytest.mark.parametrize("what", CACHE_FILES)
def test_a_damaged_cache_file_is_a_miss_and_the_site_is_a_fresh_builds(what, damage, pristine, pristine_site,
                                                                       tmp_path, parallel, build):
    project = tmp_path / "project"
    shutil.copytree(pristine, project, symlinks=True)
    site = tmp_path / "site"
    assert build(project, site) == 0
    assert files_under(site) == pristine_site
    damage(one(project / CACHE_DIR, CACHE_FILES[what]))
    assert build(project, site) == 0
    assert files_under(site) == pristine_site
    assert build(project, site) == 0  # and what the damaged file was replaced by serves the next build
    assert files_under(site) == pristine_site


# -- faults said in one line ------------------------------------------------------------------------


def in_a_small_file_system(size: str, read_only: bool, command: list[str], cwd: Path, mount: Path):
    """``command`` run with a new ``tmpfs`` of ``size`` (read-only, or not) mounted on ``mount``, seen by it alone."""
    options = f"size={size}" + (",ro" if read_only else "")
    script = f'mount -t tmpfs -o {options} tmpfs "$0" && exec "$@"'
    return subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, str(mount), *command],
                          cwd=cwd, capture_output=True, text=True, timeout=300)


def build_command(project: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "generator.cli", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]


def test_a_read_only_output_folder_is_said_in_one_line(small_project, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = in_a_small_file_system("1m", True, build_command(small_project, out / "site"), small_project, out)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"timeline build: cannot write to {out}: read-only file system; build into a folder you can write to "
        "(timeline build -d FOLDER, or site_dir in mkdocs.yml)"]


def test_an_output_folder_without_permission_is_said_in_one_line(small_project, tmp_path, run_cli, monkeypatch):
    """What the kernel answers a user who may not write to the folder (root may write anywhere, so it is
    given here at the call that makes the work folder)."""
    def refused(*args, dir=None, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), dir)

    monkeypatch.setattr(generator.pipeline.publish.tempfile, "mkdtemp", refused)
    result = run_cli(["build", "-f", small_project / "mkdocs.yml", "-d", tmp_path / "out" / "site"])
    assert result.code == 1
    assert result.err.strip().splitlines() == [
        f"timeline build: cannot write to {tmp_path / 'out'}: permission denied; build into a folder you can write to "
        "(timeline build -d FOLDER, or site_dir in mkdocs.yml)"]


def test_a_full_disk_is_said_to_be_full_whichever_write_it_stops(small_project, tmp_path, fresh_build):
    """The site's disk fills up at points across the build: in our pages, and in Pagefind's index (which
    Pagefind answers by writing empty files and exiting 0)."""
    whole = fresh_build(small_project)
    need = sum(-(-p.stat().st_size // 4096) * 4096 for p in whole.rglob("*") if p.is_file())
    search = sum(-(-p.stat().st_size // 4096) * 4096 for p in (whole / "pagefind").rglob("*") if p.is_file())
    out = tmp_path / "out"
    out.mkdir()
    for size in (need // 3, need - search // 2):
        result = in_a_small_file_system(str(size), False, build_command(small_project, out / "site"), small_project, out)
        assert result.returncode == 1, result.stderr
        lines = [line for line in result.stderr.splitlines() if line.startswith("timeline build:")]
        assert lines[0].startswith("timeline build: the disk is full"), result.stderr
        assert lines[0].endswith("; free some space and build again")
        assert lines[1] == "timeline build: the build stopped; no site was written"
        assert "Pagefind" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("content_dir, problem", [
    ("/etc", " is /etc, outside the project folder {project}; keep the content inside the project (content_dir: content)"),
    ("../elsewhere", " is {elsewhere}, outside the project folder {project}; keep the content inside the project "
                     "(content_dir: content)"),
    ("content/pages", ": {project}/content/pages is not a content folder (it holds none of events/, sources/, "
                      "actors.yaml, places.yaml); point it at the folder that does"),
    ("nowhere", ": there is no folder {project}/nowhere; point it at the folder that holds events/ and sources/"),
])
def test_a_content_dir_that_is_not_the_projects_content_is_a_configuration_error(small_project, tmp_path, run_cli,
                                                                                  content_dir, problem):
    (tmp_path / "elsewhere" / "events").mkdir(parents=True)
    config = small_project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - timeline:\n", f"  - timeline:\n      content_dir: {content_dir}\n"), encoding="utf-8")
    result = run_cli(["build", "-f", config, "-d", tmp_path / "site"])
    assert result.code == 2
    said = problem.format(project=small_project, elsewhere=tmp_path / "elsewhere")
    assert result.err.strip().splitlines() == [f"timeline build: {config}: plugins: timeline: content_dir: {content_dir}{said}"]
    assert not (tmp_path / "site").exists()
