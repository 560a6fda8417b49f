"""The benchmark harness's own measures: every process's peak memory, the site's breakdown, the targets."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import measure_process  # noqa: E402
import site_breakdown  # noqa: E402
import targets  # noqa: E402

# A parent that forks two workers (each touching 60 MiB), then starts a program (touching 120 MiB)
# and exits without waiting for it: that process is nobody's child the harness waits for.
FAMILY = """
import multiprocessing, subprocess, sys, time
def touch(mib):
    data = bytearray(mib * 1024 * 1024)
    data[::4096] = b"x" * (len(data) // 4096)
    time.sleep(0.4)
    return len(data)
if __name__ == "__main__":
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(touch, [60, 60])
    subprocess.Popen([sys.executable, "-c", "import time; d = bytearray(120 * 2**20); d[::4096] = b'x' * (len(d) // 4096); time.sleep(0.6)"])
"""


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_every_process_of_a_command_is_named_with_its_peak_including_one_left_running():
    proc = subprocess.Popen([sys.executable, "-c", FAMILY], process_group=0)
    monitor = measure_process.ProcessTreeMonitor(proc.pid).start()
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    while _group_alive(proc.pid):  # the program left running, until it ends
        monitor.poll()
    peaks = monitor.stop()
    workers = [p for p in peaks if p.name == "python -c (forked worker)"]
    assert len(workers) == 2 and all(60 <= p.peak_mb < 110 for p in workers)
    started = [p for p in peaks if p.name == "python -c" and p.pid != proc.pid]
    assert len(started) == 1 and started[0].peak_mb >= 120
    # wait4's ru_maxrss also counts the fork of this process before it exec'd (as the harness passes its own size)
    own_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert measure_process.peak_of(peaks, usage.ru_maxrss / 1024, parent_mb=own_mb) == (started[0].peak_mb, "python -c")


def test_ru_maxrss_wins_only_past_the_polled_peaks_and_the_forked_harness():
    peaks = [measure_process.ProcessPeak(1, "timeline", 30.0)]
    assert measure_process.peak_of(peaks, 70.0, parent_mb=70.0) == (30.0, "timeline")
    assert measure_process.peak_of(peaks, 500.0, parent_mb=70.0) == (500.0, "a process the polls missed (ru_maxrss)")


def test_a_site_is_broken_down_by_kind_and_top_level_folder(tmp_path):
    files = {
        "index.html": 10, "events/e-1/index.html": 100, "events/e-2/index.html": 100, "actors/a/index.html": 40,
        "actors/a/feed.xml": 7, "embed/actors/a/index.html": 30, "events.json": 50, "timeline.json": 5,
        "pagefind/fragment/x.pf_fragment": 3, "assets/site.css": 2,
    }
    for name, size in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x" * size)
    found = site_breakdown.breakdown(tmp_path)
    assert found["bytes"] == sum(files.values()) and found["files"] == len(files)
    assert found["by_kind"] == {
        "event pages": {"bytes": 200, "files": 2}, "index pages": {"bytes": 50, "files": 2},
        "embeds": {"bytes": 30, "files": 1}, "feeds": {"bytes": 7, "files": 1}, "exports": {"bytes": 55, "files": 2},
        "search bundle": {"bytes": 3, "files": 1}, "assets and the rest": {"bytes": 2, "files": 1},
    }
    assert found["by_folder"]["actors/"] == {"bytes": 47, "files": 2}
    assert found["by_folder"]["events.json"] == {"bytes": 50, "files": 1}
    assert site_breakdown.breakdown(tmp_path / "assets") is None


def test_a_projection_is_linear_from_one_size_and_along_the_line_through_two():
    assert site_breakdown.project([(2000, 601)], 100_000) == 30_050
    assert site_breakdown.project([(1000, 601), (2000, 601)], 100_000) == 601
    assert site_breakdown.project([(1000, 1000), (2000, 2000)], 100_000) == 100_000


def _row(median: float | None, skipped: str | None = None, peak: float = 0.0, process: str = ""):
    samples = [] if median is None else [SimpleNamespace(wall_s=median, peak_process_mb=peak, peak_process=process)]
    return SimpleNamespace(median=median, skipped=skipped, samples=samples)


def _verdicts(n: int, rows: dict, site=None, search=(), mode="serve") -> dict[tuple[str, int], tuple[str, str]]:
    summary = targets.summarize(rows, site, list(search), mode)
    return {(t.what, t.set_for): targets.check(t, summary, 2) for t in targets.TARGETS if targets.applies(t, n)}


def test_each_target_is_met_not_met_or_not_measured_with_the_reason():
    rows = {"build": _row(80.0, peak=2500.0, process="pagefind"), "mkdocs": _row(40.0), "hugo": _row(8.0),
            "warm": _row(7.0), "check-cold": _row(2.5), "check": _row(0.5), "incremental": _row(0.4)}
    site = {"bytes": 3_600_000_000, "files": 100_000}
    verdicts = _verdicts(10_000, rows, site, [{"word": "same", "bytes": 250_000}])
    assert verdicts[("cold build", 10_000)] == ("2.00× (80.00 s against 40.00 s; 10.00× Hugo)", "**not met**")
    assert verdicts[("warm build", 10_000)][1] == "met"
    assert verdicts[("`timeline check`, cold", 10_000)][1] == "**not met**"
    assert verdicts[("an edit shown by `serve`", 10_000)][1] == "met"
    assert verdicts[("largest process, peak RSS", 100_000)] == ("2.62 GB (pagefind, in `build`)", "**not met**")
    assert verdicts[("site size", 100_000)][1] == "**not met**"
    assert verdicts[("site files", 100_000)][1] == "met"
    assert verdicts[("a first search downloads", 100_000)][1] == "met, stretch too"

    without = _verdicts(10_000, {**rows, "hugo": _row(None, skipped="hugo: not installed")}, site, [], mode="build")
    assert without[("warm build", 10_000)][1] == "not measured"
    assert without[("a first search downloads", 100_000)][1] == "not measured"
    assert "--incremental-mode serve" in without[("an edit shown by `serve`", 10_000)][0]


def test_the_targets_of_10000_are_not_held_against_100000():
    held = {(t.what, t.set_for) for t in targets.TARGETS if targets.applies(t, 100_000)}
    assert held == {(t.what, t.set_for) for t in targets.TARGETS if t.set_for == 100_000}
    assert all(targets.applies(t, 1000) for t in targets.TARGETS)
