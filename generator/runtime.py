"""Process-level helpers every stage shares: the one worker pool, the one atomic file writer,
the garbage collector's setting, and the code's version (part of every cache key).

``fork_map`` is the only place that starts worker processes. Workers are forked, so
they inherit the parent's loaded content, rendered Markdown and compiled templates
without pickling them; ``shared`` is what the function needs besides its item.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import importlib.metadata
import multiprocessing
import os
import tempfile
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
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            mapper = pool.imap if ordered else pool.imap_unordered
            yield from mapper(_call, items)
    finally:
        _INHERITED = None


@contextlib.contextmanager
def loading_without_gc(collect_first: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while content loads, then freeze what was loaded.

    Loading makes hundreds of thousands of small objects and no cycles: the collector
    would only rescan them, again and again (it doubles the time of a 10,000-event
    check). The records then live as long as the build, so they are frozen out of later
    collections. A live preview, which loads again on every edit, first collects the last
    build's garbage (``collect_first``), or it would stay forever.
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


CACHE_DIR = ".timeline-cache"  # in the project folder, what builds keep for the next; safe to delete
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


def start_in_background(function: Callable[..., None], *args: Any, niceness: int = 10) -> multiprocessing.Process:
    """Run ``function(*args)`` in a forked process at a lower priority; the caller joins or terminates it."""

    def lowered() -> None:
        os.nice(niceness)
        function(*args)

    process = multiprocessing.get_context("fork").Process(target=lowered, name="timeline-background", daemon=True)
    process.start()
    return process
