"""Which processes the test's own process has started and are still running, read from /proc (Linux)."""

from __future__ import annotations

import os


def running(pid: int) -> bool:
    """Whether ``pid`` is still running (a zombie has ended: only its exit is unread)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def children() -> set[int]:
    """This process's child processes still running."""
    pids = set()
    for task in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{task}/children", encoding="ascii") as listed:
            pids.update(int(pid) for pid in listed.read().split())
    return {pid for pid in pids if running(pid)}
