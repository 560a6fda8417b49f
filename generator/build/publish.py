"""Publishing a built site: the output folder is swapped in whole, so readers never see half a site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
import tempfile


def unsafe_site_dir(site_dir: Path, project_root: Path, content_dir: Path) -> str | None:
    """Why ``site_dir`` must not be written (it would contain the project or the content), or None."""
    for protected in (project_root, content_dir):
        if site_dir == protected or protected.is_relative_to(site_dir):
            return f"the site folder {site_dir} would contain {protected}; choose a folder of its own, like 'site'"
    return None


def scratch_dir(site_dir: Path) -> Path:
    """A new empty folder beside ``site_dir`` to build into."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))


def swap_in(built: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``built`` with two renames, so readers never see half a site.

    The replaced site is deleted in the background: removing tens of thousands of
    files takes seconds that the person waiting for the build need not spend.
    """
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
        os.rmdir(old)
        os.replace(site_dir, old)
    os.replace(built, site_dir)
    os.chmod(site_dir, 0o755)
    # Also sweep replaced sites whose deletion was cut short (the machine stopped, say).
    leftovers = sorted(site_dir.parent.glob(f".{site_dir.name}.old-*"))
    if leftovers:
        _delete_in_background(leftovers)


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
