"""The site's images: every local image the events show, processed once into its published variants
(responsive sizes, WebP and a fallback, no metadata), found by content hash in the cache folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.cache_folder import cache_key
from generator.chronology import Chronology
from generator.content.model import Event
from generator.pipeline.images import ImageError, process_image
from generator.pipeline.project import Project
from generator.render.media_urls import lead_image
from generator.render.processed_images import ProcessedImage
from generator.runtime import cores, fork_map


IMAGES_PARALLEL_FROM = 8  # images; fewer are processed in this process


def media_names(chron: Chronology) -> list[str]:
    """Every local image the events show (files and thumbnails), by path under content/media/, once each."""
    return sorted({name for event in chron.events for media in event.media
                   for name in (media.file, media.thumbnail) if name})


ImageMemo = dict[str, tuple[tuple[int, int, int], ProcessedImage]]  # name -> ((mtime, size, inode), image)


def site_images(project: Project, chron: Chronology, memo: ImageMemo | None = None) -> dict[str, ProcessedImage]:
    """Every local image of the chronology, processed once: its published variants (responsive sizes,
    WebP and a fallback, no metadata) made, or found by content hash in ``.timeline-cache/images``.

    A live preview keeps a ``memo`` between rebuilds, so an unchanged file is not even read again.
    Many images are processed in one forked process per core. Raises ``images.ImageError``.
    """
    return process_media(project.content_dir, project.cache.images, chron, memo)


def slice_images(project: Project, events: tuple[Event, ...]) -> dict[str, ProcessedImage]:
    """The processed images of some events only (the cards of an event slice in a hand-written page:
    their thumbnails), made or found as ``site_images`` does; none when one cannot be read (the build
    reports it)."""
    try:
        return process_media(project.content_dir, project.cache.images, _Events(tuple(events)))  # type: ignore[arg-type]
    except ImageError:
        return {}


@dataclass(frozen=True)
class _Events:
    events: tuple[Event, ...]


def process_media(content_dir: Path, cache_dir: Path, chron: Chronology,
                  memo: ImageMemo | None = None) -> dict[str, ProcessedImage]:
    """``site_images`` for a content folder and an image cache folder."""
    media_dir = content_dir / "media"
    found: dict[str, ProcessedImage] = {}
    todo: list[str] = []
    stamps: dict[str, tuple[int, int, int]] = {}
    for name in media_names(chron):
        try:
            stat = os.stat(media_dir / name)
            stamps[name] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        except OSError:
            stamps[name] = (0, 0, 0)
        kept = memo.get(name) if memo is not None else None
        if kept is not None and kept[0] == stamps[name] and kept[0] != (0, 0, 0):
            found[name] = kept[1]
        else:
            todo.append(name)
    workers = cores() if len(todo) >= IMAGES_PARALLEL_FROM else 1
    processed = fork_map(_process_one, todo, (media_dir, cache_dir), workers=workers)
    for name, image in zip(todo, processed):
        found[name] = image
    if memo is not None:
        memo.clear()
        memo.update((name, (stamps[name], image)) for name, image in found.items())
    return dict(sorted(found.items()))


def _process_one(shared: tuple[Path, Path], name: str) -> ProcessedImage:
    media_dir, cache_dir = shared
    return process_image(media_dir / name, cache_dir, name=name)


def images_signature(images: dict[str, ProcessedImage]) -> bytes:
    """A digest of which images there are and what they hold (their content keys)."""
    return cache_key(*(f"{name}\0{image.key}" for name, image in sorted(images.items())))


def listing_images_key(chron: Chronology, images: dict[str, ProcessedImage]) -> bytes:
    """What the listings' thumbnails are made from (each event's first local image and its content key):
    part of what every page shares, so a changed thumbnail renders the listings again."""
    leads = ((event, lead_image(event, images)) for event in chron.events)
    return cache_key(*(f"{event.id}\0{lead[1].source}\0{lead[1].key}" for event, lead in leads if lead is not None))
