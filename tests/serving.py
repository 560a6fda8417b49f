"""Servers that tests start as subprocesses, shared by test_serve.py, test_slices.py and browser/test_web_editor.py.

* ``free_port()``: a port nothing listens on at the moment, on 127.0.0.1.
* ``fetch(url)``: the body of a GET, as text; ``wait_for(check, what)``: ``check()``'s first true value,
  retried (``OSError`` counts as not yet) for up to ``DEADLINE`` seconds, or a test failure naming ``what``.
* ``Terminal(stream)``: what a subprocess prints, read line by line by a thread.
* ``stop(process)``: terminate, and kill if it has not ended within 10 s.
* ``timeline_serve(project, page, text)``: ``timeline serve`` of ``project`` on a free port, as a context manager
  giving ``Served(base, terminal, process)`` once ``text`` is in ``base + page`` (the first build is done).
  tests/conftest.py's ``serve`` fixture starts these for a test and stops them after it.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

DEADLINE = 30  # seconds to wait for a rebuild on a loaded CI machine; not a performance bound


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(check, what: str):
    end = time.monotonic() + DEADLINE
    last = None
    while time.monotonic() < end:
        try:
            last = check()
            if last:
                return last
        except OSError as exc:
            last = exc
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what} (last: {last!r})")


class Terminal:
    """What the server prints (stdout and stderr), read line by line by a thread so that
    the pipe never fills up and the tests never block on it."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def mark(self) -> int:
        """A position in the output: later lines are those printed after this call."""
        return len(self.lines)

    def since(self, mark: int) -> list[str]:
        return self.lines[mark:]

    def close(self) -> None:
        self._thread.join(timeout=10)


def stop(process: subprocess.Popen) -> None:
    """Terminate ``process``; kill it if it has not ended within 10 seconds."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@dataclass(frozen=True)
class Served:
    """A running ``timeline serve``: the site's URL (ending in /timeline/), its output, its process."""

    base: str
    terminal: Terminal
    process: subprocess.Popen


@contextlib.contextmanager
def timeline_serve(project: Path, page: str, text: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """``timeline serve`` in ``project`` on a free loopback port (with ``env`` added to the environment),
    ready once ``text`` is in ``base + page``; stopped when the block ends."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, **(env or {})},
    )
    terminal = Terminal(process.stdout)
    base = f"http://127.0.0.1:{port}/timeline/"
    try:
        wait_for(lambda: text in fetch(base + page), "the first build")
        yield Served(base, terminal, process)
    finally:
        stop(process)
        terminal.close()
