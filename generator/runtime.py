"""Process-level helpers every stage shares: the one worker pool, the one atomic file writer,
the garbage collector's setting, and the code's version (part of every cache key).

This module is the only place that starts processes: ``fork_map`` (the worker pool),
``call_forked`` (one call in a forked process while this one goes on) and ``start_in_background``.
Workers are forked, so they inherit the parent's loaded content, rendered Markdown and
compiled templates without pickling them; ``shared`` is what the function needs besides its
item. Every process started here ends with the process that started it (``end_with_parent``):
a build killed with ``kill -9`` leaves no worker writing on.

Cache files are written with ``keep_checked`` and read with ``read_checked``: a digest
in front of the bytes, so that a truncated or damaged cache file reads as missing.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import hashlib
import importlib.metadata
import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
import time
import traceback
from multiprocessing.pool import RemoteTraceback
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_INHERITED: tuple[Callable, Any] | None = None  # (function, shared) for the forked workers of one fork_map


def cores() -> int:
    """How many processes a parallel stage should use."""
    return os.cpu_count() or 1


def _call(item):
    function, shared = _INHERITED
    return function(shared, item)


def fork_map(function: Callable[[Any, Item], Result], items: Iterable[Item], shared: Any = None,
             workers: int | None = None, ordered: bool = True) -> Iterator[Result]:
    """``function(shared, item)`` for each item, in forked worker processes; results in order
    (or as they finish, with ``ordered=False``). ``shared`` is inherited, never pickled."""
    global _INHERITED
    items = list(items)
    workers = min(workers or cores(), len(items))
    if workers < 2:
        yield from (function(shared, item) for item in items)
        return
    _INHERITED = (function, shared)
    try:
        with _stops_held():  # until each worker has set its own (below)
            pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker, initargs=(os.getpid(),))
        with pool:
            _RUNNING.append(pool)
            try:
                mapper = pool.imap if ordered else pool.imap_unordered
                yield from mapper(_call, items)
            finally:
                _RUNNING.remove(pool)
    finally:
        _INHERITED = None


_RUNNING: list = []  # the pools of the fork_map calls, and the call_forked processes, under way


def stop_workers() -> None:
    """End the workers of every ``fork_map`` (and ``call_forked``) under way now, when its caller stops on an
    exception (Ctrl-C, ``kill``): a stopped generator would end them only once the exception's traceback is gone."""
    for pool in list(_RUNNING):
        pool.terminate()


class ForkedCall:
    """One call started by ``call_forked``: ``result()`` waits for its value, or raises its exception.

    Used as a context manager: leaving the block with the result not yet asked for (the block
    failed: an error, Ctrl-C) ends the process at once, and every process it started."""

    def __init__(self, function: Callable[..., Result], args: tuple, fork: bool):
        self._function, self._args = function, args
        self.forked = fork
        self.started = time.perf_counter()  # when it started
        self._process = self._receiver = None
        if fork:
            self._receiver, sender = multiprocessing.Pipe(duplex=False)
            self._process = _start_forked(_forked_call, (function, args, sender), "timeline-call")
            sender.close()  # its copy is the child's: the receiver reads EOF if the child dies without a word
            _RUNNING.append(self)

    def result(self) -> Result:
        """The function's value; its exception (with its traceback, as text, as the cause) if it raised one."""
        if self._process is None:
            return self._function(*self._args)
        try:
            ok, value, trace = self._receiver.recv()
        except EOFError:  # it died without a word
            self._end(stop=True)
            raise RuntimeError(f"the forked process of {self._function.__name__} ended without a result "
                               f"(exit code {self._process.exitcode})") from None
        self._end(stop=False)  # it has sent its outcome and is ending
        if ok:
            return value
        if trace:
            value.__cause__ = RemoteTraceback(trace)  # as fork_map's errors carry theirs
        raise value

    def terminate(self) -> None:
        """End the process now if it is still running (and every process it started: they end with it)."""
        self._end(stop=True)

    def _end(self, stop: bool) -> None:
        if self._process is None:
            return
        if stop and self._process.exitcode is None:
            self._process.terminate()
        self._process.join()
        self._receiver.close()
        if self in _RUNNING:
            _RUNNING.remove(self)

    def __enter__(self) -> ForkedCall:
        return self

    def __exit__(self, *exc_info) -> None:
        self.terminate()


def call_forked(function: Callable[..., Result], *args: Any, fork: bool = True) -> ForkedCall:
    """Start ``function(*args)`` in a forked process now, while this one goes on; ``.result()`` collects it.

    The process inherits what this one has loaded (nothing is pickled but the result) and ends
    with it. It may start workers of its own (``fork_map``). Fork only while this process runs
    no other thread: with ``fork=False`` the call runs here instead, when its result is asked for
    (and not at all if it never is)."""
    return ForkedCall(function, args, fork)


def _forked_call(function: Callable[..., Any], args: tuple, sender) -> None:
    """In the process ``call_forked`` started: call, and send back (True, value, None) or (False, exception, traceback)."""
    try:
        outcome = (True, function(*args), None)
    except BaseException as exc:  # SystemExit too: the caller raises it
        outcome = (False, exc, traceback.format_exc())
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:  # an exception that cannot cross processes: its text can
            outcome = (False, RuntimeError(f"{type(exc).__name__}: {exc}"), outcome[2])
    try:
        sender.send(outcome)
    except Exception as exc:  # a value that cannot be pickled
        sender.send((False, RuntimeError(f"the result of {function.__name__} cannot be sent back: {exc}"), None))
    sender.close()


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _load_prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


# Looked up here, once: a child forked from a process with threads must not load libraries (a lock
# another thread held at the fork would never be released in the child).
_PRCTL = _load_prctl()


def end_with_parent(parent: int | None = None) -> None:
    """In a new child process: be killed when the process (the thread) that started it ends, however it
    ends (Linux's parent-death signal; elsewhere, only the check below). Also a ``subprocess`` ``preexec_fn``."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent is not None and os.getppid() != parent:  # the parent ended before the signal was asked for
        os._exit(1)


_STOPS = {signal.SIGTERM, signal.SIGINT}


@contextlib.contextmanager
def _stops_held() -> Iterator[None]:
    """Hold ``kill`` and Ctrl-C back from the processes forked in the block until they unblock them: one
    that got them while starting would run this process's handlers (a build turns SIGTERM into
    KeyboardInterrupt), survive its pool's ``terminate`` and hang it."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _stoppable_child() -> None:
    """In a child forked in ``_stops_held``: ``kill`` ends it at once, Ctrl-C is its parent's to handle."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)


def _start_worker(parent: int) -> None:
    """A forked worker: it ends with its parent, and leaves Ctrl-C and ``kill`` to it (the parent stops the pool)."""
    end_with_parent(parent)
    _stoppable_child()


@contextlib.contextmanager
def loading_without_gc(collect_first: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while content loads, then freeze what was loaded.

    Loading makes hundreds of thousands of small objects and no cycles: the collector
    would only rescan them, again and again (it doubles the time of a 10,000-event
    check). The records then live as long as the build, so they are frozen out of later
    collections. A live preview, which loads again on every edit, first collects the garbage
    made since its last rebuild (``collect_first``); what an earlier rebuild froze is collected
    once the rebuild is shown (the MkDocs adapter's ``_tidy_memory``), never while it waits.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collect_first:
            gc.collect()
        gc.freeze()
        if was_enabled:
            gc.enable()


PARTIAL_AGE = 600  # seconds: a temporary cache file or folder this old was left by a process that was killed
LIBRARIES = ("timeline-site", "jinja2", "markdown", "nh3", "icalendar", "feedgen", "babel")  # babel: CLDR data


@functools.cache
def code_version() -> bytes:
    """A digest of this package's source and the versions of the libraries that shape the output."""
    digest = hashlib.blake2b(digest_size=20)
    for library in LIBRARIES:
        digest.update(f"{library}={importlib.metadata.version(library)};".encode())
    package = Path(__file__).parent  # generator/
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.digest()


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` at once: readers see the old file or the new one, never half.

    The temporary file's name is unique to this process and call, so that a ``serve``
    and a ``build`` of one project never write the same temporary file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(partial, 0o644)
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise


CHECKED = b"timeline-cache 1 "  # then the payload's digest in hex, a newline, and the payload


def keep_checked(path: Path, data: bytes) -> None:
    """Write a cache file (atomically) with the digest of ``data`` in front, for ``read_checked``."""
    write_atomically(path, CHECKED + _digest(data) + b"\n" + data)


def read_checked(path: Path) -> bytes | None:
    """The bytes ``keep_checked`` wrote to ``path``; None when it is missing, unreadable, truncated or damaged."""
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError:
        return None
    header, newline, payload = data.partition(b"\n")
    if not newline or not header.startswith(CHECKED) or header[len(CHECKED):] != _digest(payload):
        return None
    return payload


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).hexdigest().encode("ascii")


def start_in_background(function: Callable[..., None], *args: Any, niceness: int = 10) -> multiprocessing.Process:
    """Run ``function(*args)`` in a forked process at a lower priority; the caller joins or terminates it.
    It ends with this process (a killed ``serve`` leaves no process writing the exports on)."""
    def lowered() -> None:
        os.nice(niceness)
        function(*args)

    return _start_forked(lowered, (), "timeline-background", daemon=True)


def _start_forked(function: Callable[..., None], args: tuple, name: str, daemon: bool = False) -> multiprocessing.Process:
    """Start ``function(*args)`` in a forked process that ends with this one and, once started, stops on
    Ctrl-C or ``kill`` as a worker does (held until then: ``_stops_held``)."""
    parent = os.getpid()

    def child() -> None:
        end_with_parent(parent)
        _stoppable_child()
        function(*args)

    process = multiprocessing.get_context("fork").Process(target=child, name=name, daemon=daemon)
    with _stops_held():
        process.start()
    return process
