"""One call in a forked process while the build goes on (generator/runtime.py's ``call_forked``): its value, its
exception as the caller would have had it, and no process left running after the caller fails."""

from __future__ import annotations

import errno
import os
import subprocess
import time
from pathlib import Path

import pytest

from generator.pipeline.pagefind_format import SearchIndexError
from generator.runtime import call_forked, end_with_parent, stop_workers
from processes import running


def _pid_and_sum(numbers: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(numbers)


def _fail_with(exc: BaseException) -> None:
    raise exc


def _sleep_under(pids: Path) -> None:
    """Start a grandchild (as Pagefind is started), write both pids, and wait forever."""
    sleeper = subprocess.Popen(["sleep", "600"], preexec_fn=end_with_parent)
    pids.write_text(f"{os.getpid()} {sleeper.pid}", encoding="utf-8")
    time.sleep(600)


def _ended(pids: list[int], within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while any(running(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _pids_written(path: Path) -> list[int]:
    deadline = time.monotonic() + 20
    while not path.exists() or len(path.read_text(encoding="utf-8").split()) < 2:
        assert time.monotonic() < deadline, "the forked call never started its grandchild"
        time.sleep(0.05)
    return [int(pid) for pid in path.read_text(encoding="utf-8").split()]


def test_the_value_comes_back_from_another_process():
    with call_forked(_pid_and_sum, [1, 2, 3]) as call:
        pid, total = call.result()
    assert total == 6
    assert pid != os.getpid()
    assert call.forked


def test_its_exception_reaches_the_caller_as_raised_with_its_traceback():
    with call_forked(_fail_with, SearchIndexError("Pagefind failed (exit code 1): boom")) as call:
        with pytest.raises(SearchIndexError, match=r"Pagefind failed \(exit code 1\): boom") as raised:
            call.result()
    assert "_fail_with" in str(raised.value.__cause__)  # the child's traceback, as text


def test_a_full_disk_stays_an_os_error_with_its_errno():
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/site")
    with call_forked(_fail_with, full) as call:
        with pytest.raises(OSError) as raised:
            call.result()
    assert (raised.value.errno, raised.value.filename) == (errno.ENOSPC, "/site")


def test_a_process_that_dies_without_a_result_is_an_error_not_a_hang():
    with call_forked(os._exit, 3) as call:
        with pytest.raises(RuntimeError, match="exit code 3"):
            call.result()


def test_a_failure_in_the_callers_block_ends_the_call_and_what_it_started(tmp_path):
    pids_file = tmp_path / "pids"
    with pytest.raises(KeyError):
        with call_forked(_sleep_under, pids_file):
            pids = _pids_written(pids_file)
            assert all(running(pid) for pid in pids)
            raise KeyError("the writing failed")
    assert _ended(pids)


def test_stop_workers_ends_a_call_under_way(tmp_path):
    pids_file = tmp_path / "pids"
    call = call_forked(_sleep_under, pids_file)
    try:
        pids = _pids_written(pids_file)
        stop_workers()  # as `timeline build` does on Ctrl-C
        assert _ended(pids)
    finally:
        call.terminate()


def test_without_fork_it_runs_here_and_only_when_asked(tmp_path):
    marker = tmp_path / "called"
    with call_forked(marker.write_text, "yes", fork=False):
        pass
    assert not marker.exists()
    with call_forked(_pid_and_sum, [4, 5], fork=False) as call:
        assert call.result() == (os.getpid(), 9)
    assert not call.forked
