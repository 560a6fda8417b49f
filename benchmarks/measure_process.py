"""The peak memory of every process a command starts, each named: its process tree polled from /proc.

``ru_maxrss`` from ``os.wait4`` gives one number for a command: the largest peak of the command
and of the descendants it waited for. A process nobody waited for (one left to run on) is not in
it, the number does not say which process it was (the build, one of its forked workers,
Pagefind), and it counts the command's process before its exec, a copy of the parent. So a
thread reads ``/proc`` every ``interval`` seconds while the command runs and follows the
command, every process whose parent it follows, and every process of the command's process
group (when it leads one), each until it ends, even once re-parented; it keeps each one's
``VmHWM``, the kernel's own high-water mark of its resident set, so polling between two peaks
loses nothing. A process that starts and ends between two polls is missed; its peak is still in
``ru_maxrss`` when it was waited for, which is why ``peak_of`` weighs both.

Linux only; elsewhere the monitor sees nothing and ``ru_maxrss`` is all there is.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
INTERVAL_S = 0.05


@dataclass
class ProcessPeak:
    pid: int
    name: str  # "timeline", "timeline (forked worker)", "pagefind_extended", …
    peak_mb: float  # MiB, as ru_maxrss is reported in the tables


@dataclass(frozen=True)
class _Stat:
    comm: str
    parent: int
    group: int  # process group
    start: int  # clock ticks after boot: tells a pid's processes apart


def _stat(pid: str) -> _Stat | None:
    """A live process's /proc/PID/stat, or None once it is gone."""
    try:
        text = (PROC / pid / "stat").read_text()
    except OSError:
        return None
    close = text.rfind(")")  # comm may itself hold spaces and parentheses
    fields = text[close + 2:].split()
    return _Stat(text[text.find("(") + 1:close], int(fields[1]), int(fields[2]), int(fields[19]))


def _high_water_kib(pid: int) -> int:
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0  # a zombie, or a kernel thread


def _command_line(pid: int) -> bytes:
    try:
        return (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return b""


def _program(command_line: bytes, comm: str) -> str:
    """The program a process runs: its executable's name, or the script a Python interpreter runs."""
    argv = [a.decode("utf-8", "replace") for a in command_line.split(b"\0") if a]
    if not argv:
        return comm
    words = [w for w in argv[1:] if not w.startswith("-")]
    if os.path.basename(argv[0]).startswith("python") and words:
        if "-m" in argv[:-1]:
            return argv[argv.index("-m") + 1]
        return "python -c" if "-c" in argv else os.path.basename(words[0])
    return os.path.basename(argv[0])


class ProcessTreeMonitor:
    """Polls the processes under ``root`` until ``stop()``; ``peaks()`` names each process and its peak.

    Followed: ``root``, every process whose parent is followed, and, when ``root`` leads a process
    group of its own (``Popen(process_group=0)``), every process of that group, so that one whose
    parent ended before a poll saw it is still found (unless it left the group, as ``setsid`` does)."""

    def __init__(self, root: int, interval: float = INTERVAL_S):
        self.root = root
        self.interval = interval
        self._seen: dict[tuple[int, int], ProcessPeak] = {}  # (pid, start time) -> its peak
        self._comm: dict[tuple[int, int], str] = {}
        self._command_lines: dict[tuple[int, int], bytes] = {}
        self._unrelated: set[str] = set()  # pids read once and not ours: not read again while they live
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="process-tree-monitor", daemon=True)
        self.available = PROC.joinpath("self", "status").is_file()

    def start(self) -> "ProcessTreeMonitor":
        if self.available:
            self.poll()  # before the first interval: a short command may be gone by then
            self._thread.start()
        return self

    def stop(self) -> list[ProcessPeak]:
        """Stop polling (after one last poll); the peaks, largest first."""
        if self._thread.is_alive():
            self._stopping.set()
            self._thread.join()
        return self.peaks()

    def peaks(self) -> list[ProcessPeak]:
        return sorted(self._seen.values(), key=lambda p: -p.peak_mb)

    def _run(self) -> None:
        while not self._stopping.wait(self.interval):
            self.poll()
        self.poll()

    def poll(self) -> None:
        """One look at /proc: take in new processes of the tree, raise the peak of every live one."""
        names = [entry.name for entry in os.scandir(PROC) if entry.name.isdigit()]
        self._unrelated.intersection_update(names)
        live: dict[int, _Stat] = {}
        for name in names:
            if name not in self._unrelated and (stat := _stat(name)) is not None:
                live[int(name)] = stat
        followed = {pid for pid, start in self._seen if pid in live and live[pid].start == start}
        followed.update(pid for pid, stat in live.items() if pid == self.root or stat.group == self.root)
        children: dict[int, list[int]] = {}
        for pid, stat in live.items():
            children.setdefault(stat.parent, []).append(pid)
        queue = list(followed)
        while queue:
            for child in children.get(queue.pop(), ()):
                if child not in followed:
                    followed.add(child)
                    queue.append(child)
        self._unrelated.update(str(pid) for pid in live if pid not in followed)
        for pid in sorted(followed, key=lambda p: live[p].start):  # parents before their children
            self._record(pid, live)

    def _record(self, pid: int, live: dict[int, _Stat]) -> None:
        stat = live[pid]
        key = (pid, stat.start)
        if key not in self._seen or self._comm[key] != stat.comm:  # new, or it has exec'd another program
            parent = live.get(stat.parent)
            command_line = _command_line(pid)
            forked = (pid != self.root and parent is not None and parent.comm == stat.comm  # a fork that did not exec
                      and self._command_lines.get((stat.parent, parent.start)) == command_line)
            program = _program(command_line, stat.comm)
            self._seen[key] = ProcessPeak(pid, f"{program} (forked worker)" if forked else program, 0.0)
            self._comm[key] = stat.comm
            self._command_lines[key] = command_line
        peak = self._seen[key]
        peak.peak_mb = max(peak.peak_mb, _high_water_kib(pid) / 1024)


def own_rss_mb() -> float:
    """This process's resident set now (MiB): what a child forked from it holds until it execs."""
    try:
        for line in (PROC / "self" / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def peak_of(processes: list[ProcessPeak], ru_maxrss_mb: float, parent_mb: float = 0.0) -> tuple[float, str]:
    """The largest peak of any one process and its name.

    ``ru_maxrss`` (from wait4) also counts the command's process before it exec'd: a fork of the
    parent (``parent_mb``, what the harness held), not part of the command. So it only wins when
    it is larger than both the polled peaks and that copy; then a process the polls missed had it."""
    top = max(processes, key=lambda p: p.peak_mb, default=None)
    if top is None:
        return ru_maxrss_mb, "(ru_maxrss)"
    if ru_maxrss_mb > max(top.peak_mb, parent_mb) * 1.02 + 1:  # VmHWM and ru_maxrss differ by rounding only
        return ru_maxrss_mb, "a process the polls missed (ru_maxrss)"
    return top.peak_mb, top.name
