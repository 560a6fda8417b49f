"""A published site is readable by a web server running as another user: every file is
readable by all (0644 under the default umask) and every folder can be listed and entered
(0755), the image variants included (they were written 0600 by a private temporary file)."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import Iterator

from generator.cli.main import main
from test_media_site import media_project

CACHE_DIR = ".timeline-cache"


@contextlib.contextmanager
def default_umask() -> Iterator[None]:
    """The usual umask (022) for the block, whatever the test runner's is."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def not_public(site: Path) -> list[str]:
    """Every path under ``site`` (and itself) that another user could not read: 'path 0600'."""
    found = []
    for path in [site, *sorted(site.rglob("*"))]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        wanted = 0o755 if path.is_dir() else 0o444
        if mode & wanted != wanted:
            found.append(f"{path.relative_to(site).as_posix() or '.'} {mode:04o}")
    return found


def build(project: Path, site: Path) -> None:
    with default_umask():
        assert main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]) == 0


def test_every_published_file_and_folder_is_readable_by_others_images_included(tmp_path, copy_project):
    project = media_project(tmp_path / "project", copy_project)
    build(project, tmp_path / "site")
    variants = sorted((tmp_path / "site" / "media").glob("street-*"))
    assert len(variants) == 6  # 3 widths × (WebP, JPEG): the files this is about
    assert not_public(tmp_path / "site") == []


def test_image_variants_cached_private_by_an_older_build_are_published_readable(tmp_path, copy_project):
    project = media_project(tmp_path / "project", copy_project)
    build(project, tmp_path / "site")
    cached = [p for p in (project / CACHE_DIR).rglob("*") if p.is_file() and p.suffix in (".webp", ".jpg", ".png")]
    assert cached
    for path in cached:  # what the cache of a build before this fix holds
        path.chmod(0o600)
    build(project, tmp_path / "again")
    assert not_public(tmp_path / "again") == []
