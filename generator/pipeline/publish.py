"""Publishing a built site: the output folder is swapped in whole, so readers never see half a site.

A build writes into a work folder beside the site (``.<site>.building-*``), which it holds a
lock on (``flock`` on the folder itself) until the folder is published or removed. A build
killed with ``kill -9`` cannot remove its work folder, but the kernel drops its lock: the next
build of the site removes every work folder whose lock it can take (``sweep_work_folders``),
and never one that a running build holds.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Iterator


def unsafe_site_dir(site_dir: Path, project_root: Path, content_dir: Path) -> str | None:
    """Why ``site_dir`` must not be written (it would contain the project or the content), or None."""
    for protected in (project_root, content_dir):
        if site_dir == protected or protected.is_relative_to(site_dir):
            return f"the site folder {site_dir} would contain {protected}; choose a folder of its own, like 'site'"
    return None


def _work_prefix(site_dir: Path) -> str:
    return f".{site_dir.name}.building-"


@contextlib.contextmanager
def work_folder(site_dir: Path) -> Iterator[Path]:
    """A new empty folder beside ``site_dir`` to build into, locked while the block runs, removed after it
    unless it was published (``swap_in``). Raises ``OSError`` when the folder cannot be made."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    sweep_work_folders(site_dir)
    while True:
        folder = Path(tempfile.mkdtemp(prefix=_work_prefix(site_dir), dir=site_dir.parent))
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        if _locked(handle, folder):
            break
        os.close(handle)  # another build's sweep took the folder between its making and our lock: make another
    try:
        yield folder
    finally:
        try:
            shutil.rmtree(folder, ignore_errors=True)  # gone already when published
        finally:
            os.close(handle)


def _locked(handle: int, folder: Path) -> bool:
    """Lock the work folder open as ``handle``; False if a sweep holds it or has removed it."""
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return os.path.samestat(os.fstat(handle), os.stat(folder))
    except OSError:
        return False


def sweep_work_folders(site_dir: Path) -> None:
    """Remove the work folders of builds of ``site_dir`` that ended without removing theirs (killed)."""
    for folder in site_dir.parent.glob(_work_prefix(site_dir) + "*"):
        try:
            handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # a running build's
            os.close(handle)
            continue
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(handle)


def swap_in(built: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``built`` at once (one atomic exchange where the system has it, else
    two renames), so readers never see half a site, and a build killed meanwhile leaves one or the other.

    The replaced site is deleted in the background: removing tens of thousands of
    files takes seconds that the person waiting for the build need not spend.
    """
    os.chmod(built, 0o755)
    if site_dir.exists() and _exchange(built, site_dir):
        os.replace(built, _unused_old_name(site_dir))  # now the replaced site (were this cut short, the next build sweeps it)
    else:
        if site_dir.exists():
            os.replace(site_dir, _unused_old_name(site_dir))
        os.replace(built, site_dir)
    # Also sweep replaced sites whose deletion was cut short (the machine stopped, say).
    leftovers = sorted(site_dir.parent.glob(f".{site_dir.name}.old-*"))
    if leftovers:
        _delete_in_background(leftovers)


def _unused_old_name(site_dir: Path) -> Path:
    """A new name beside ``site_dir`` for the site it replaces, swept by ``swap_in``."""
    old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
    os.rmdir(old)
    return old


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders' names in one step (Linux's ``renameat2``); False where that cannot be done."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):  # a file system that cannot exchange
        return False
    raise OSError(code, os.strerror(code), str(second))


def _delete_in_background(folders: list[Path]) -> None:
    """Delete folders in a detached process that outlives this one; fall back to deleting now."""
    rm = shutil.which("rm")
    if rm is None or not os.path.exists("/bin/sh"):
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        return
    # sh starts rm in the background and exits at once, so rm is not our child and needs no reaping.
    pid = os.posix_spawn("/bin/sh", ["sh", "-c", '"$0" -rf -- "$@" >/dev/null 2>&1 &', rm, *map(str, folders)],
                         os.environ, setsid=True)
    os.waitpid(pid, 0)
