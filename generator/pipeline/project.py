"""What both builders start from: where a chronology's files are, how its site is made,
and the pieces every build makes the same way (the content read, the git history, the
renderer, the list of outputs)."""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2

from generator.pipeline.caches import files_key, kept_file
from generator.pipeline.images import ImageError, process_image
from generator.chronology import Chronology
from generator.content.model import Event
from generator.editorial.history import EMPTY_HISTORY, FileHistory, History, dates_only, read_history, recent_changes
from generator.render.site_files import FEED_LIMIT, site_file_builders
from generator.render import csp
from generator.render.feed import index_feed
from generator.render.cms_config import DEFAULT_CMS_SCRIPT, cms_files
from generator.render.markdown import MarkdownRenderer
from generator.render.media_urls import lead_image
from generator.render.options import SiteOptions
from generator.render.pages import Page, PageRenderer
from generator.render.processed_images import ProcessedImage
from generator.render.redirects import REDIRECTS_FILE, find_redirects, redirect_pages, redirects_file
from generator.runtime import CACHE_DIR, cores, fork_map, loading_without_gc

CHANGES_LIMIT = 200  # entries on the recent-changes page
SLOW_FILES = ("events.ics", "events.json", "events.csv", "timeline.json")  # made first, so workers finish together
IMAGES_CACHE = "images"  # under CACHE_DIR: the published variants of each image, by content hash
IMAGES_PARALLEL_FROM = 8  # images; fewer are processed in this process


CONTENT_MARKERS = ("events", "sources", "actors.yaml", "places.yaml")  # a content folder holds one at least


def content_dir_problem(content_dir: Path, project_root: Path, configured: str) -> str | None:
    """Why the resolved ``content_dir`` (``configured`` in mkdocs.yml) cannot be the chronology's content, or None."""
    option = f"plugins: timeline: content_dir: {configured}"
    if not content_dir.is_relative_to(project_root):
        return (f"{option} is {content_dir}, outside the project folder {project_root}; "
                "keep the content inside the project (content_dir: content)")
    if not content_dir.is_dir():
        return f"{option}: there is no folder {content_dir}; point it at the folder that holds events/ and sources/"
    if not any((content_dir / marker).exists() for marker in CONTENT_MARKERS):
        return (f"{option}: {content_dir} is not a content folder (it holds none of events/, sources/, actors.yaml, "
                "places.yaml); point it at the folder that does")
    return None


@dataclass(frozen=True)
class Project:
    """A chronology project as mkdocs.yml describes it."""

    root: Path
    content_dir: Path
    templates_dirs: tuple[Path, ...]  # the theme's folders, overrides first (MkDocs' theme.dirs)
    options: SiteOptions
    history: str | bool = "full"  # full | dates | off (True, False: full, off): what the site shows from git

    @property
    def cache_dir(self) -> Path:
        return self.root / CACHE_DIR

    @property
    def markdown_cache(self) -> Path:
        return self.cache_dir / "markdown.pickle"

    @property
    def images_cache(self) -> Path:
        return self.cache_dir / IMAGES_CACHE

    @property
    def history_mode(self) -> str:
        """'full' (dates, subjects, authors), 'dates' (dates only) or 'off' (no git read at all)."""
        return {True: "full", False: "off"}.get(self.history, self.history)

    def read_history(self) -> History:
        """The content's git history as the site shows it: empty when off, without subjects or names with dates."""
        mode = self.history_mode
        if mode == "off":
            return EMPTY_HISTORY
        with loading_without_gc():  # tens of thousands of small records and no cycles
            history = read_history(self.root, self.content_dir, self.cache_dir)
        return dates_only(history) if mode == "dates" else history

    def event_history(self, history: History) -> Callable[[Event], FileHistory]:
        """Each event's file history, looked up by the event's path under the content folder."""
        prefix = self.content_prefix

        def of(event: Event) -> FileHistory:
            return history.get(event.path.removeprefix(prefix))

        return of

    @property
    def content_prefix(self) -> str:
        return self.content_dir.relative_to(self.root).as_posix() + "/"


@dataclass(frozen=True)
class Output:
    """One file of the generated site: a page (compared by ``page.inputs``), a feed or export, or a
    published image (``file``: where its bytes already are, in the image cache, to link rather than copy)."""

    path: str
    make: Callable[[], bytes]
    page: Page | None = None
    file: Path | None = None


@dataclass(frozen=True)
class SiteOutputs:
    """Every file the generator adds to the site, slow exports first, pages after; nothing made yet."""

    outputs: list[Output]
    files_key: Callable[[], str]  # the feeds' and exports' cache key, computed once when first asked
    images: dict[str, ProcessedImage] = field(default_factory=dict)  # path under content/media/ -> its variants
    listing_key: bytes = b""  # what every listing's thumbnails are made from (see ``listing_images_key``)


def site_outputs(project: Project, chron: Chronology, env: jinja2.Environment, md: MarkdownRenderer,
                 history: History, images: dict[str, ProcessedImage] | None = None,
                 cards: dict | None = None) -> SiteOutputs:
    """The outputs of one build of ``chron``; ``images``: its processed images (``site_images``), made here when
    not given; ``cards``: list entries rendered by an earlier build with the same registries, images and templates."""
    options = project.options
    if images is None:
        images = site_images(project, chron)
    event_history = project.event_history(history)
    renderer = PageRenderer(env, chron, options, md, history=event_history, images=images, cards=cards)
    files = site_file_builders(chron, options, md, lambda event: event_history(event).last_changed, images)
    images_key = images_signature(images)
    key = functools.cache(lambda: hashlib.blake2b(files_key(chron, options, event_history).encode() + images_key,
                                                  digest_size=20).hexdigest())
    outputs = [
        Output(name, functools.partial(_kept, project.cache_dir / "files" / name, key, files[name]))
        for name in sorted(files, key=lambda name: (name not in SLOW_FILES, name))
    ]
    moved = find_redirects(chron.events, history.renames, project.content_prefix)  # former event URLs
    if moved:
        outputs.append(Output(REDIRECTS_FILE, functools.partial(redirects_file, moved, options.site_url)))
    if options.admin:  # the web editor: /admin/ and its config.yml (kept: it is made from the content format)
        for path, make in cms_files(options, chron.content, env, project.root, project.content_dir):
            if path.endswith(".yml"):
                make = functools.partial(_kept, project.cache_dir / "files" / "admin-config.yml", key, make)
            outputs.append(Output(path, make))
    pages = [*renderer.pages(), renderer.changes_page(recent_changes(history, CHANGES_LIMIT, events_only=True), project.content_prefix),
             *redirect_pages(moved)]
    outputs.extend(Output(page.path, functools.partial(_render, renderer, page), page) for page in pages)
    # Each index page's feed: made, and kept or reused, as a page is (by its events and their last changes).
    outputs.extend(Output(feed.path, functools.partial(_index_feed, feed, options, md, images), feed)
                   for feed in renderer.index_feeds(lambda event: event_history(event).last_changed))
    outputs.extend(image_outputs(images))
    # The pages' Content-Security-Policy for hosts that read _headers, with who may frame them: a rule for each
    # top-level folder of pages (the generated ones and the hand-written ones), so that no two rules overlap.
    sections = {output.path.split("/")[0] for output in outputs if output.path.endswith(".html") and "/" in output.path}
    sections |= {url.split("/")[0] for _, url in options.extra_nav if "/" in url}
    outputs.append(Output(csp.HEADERS_FILE, functools.partial(csp.headers_file, options, chron.events, sorted(sections),
                                                              options.cms_script or DEFAULT_CMS_SCRIPT)))
    return SiteOutputs(outputs, key, images, listing_images_key(chron, images))


# -- images -------------------------------------------------------------------------------------


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
    return process_media(project.content_dir, project.images_cache, chron, memo)


def slice_images(project: Project, events: tuple[Event, ...]) -> dict[str, ProcessedImage]:
    """The processed images of some events only (the cards of an event slice in a hand-written page:
    their thumbnails), made or found as ``site_images`` does; none when one cannot be read (the build
    reports it)."""
    try:
        return process_media(project.content_dir, project.images_cache, _Events(tuple(events)))  # type: ignore[arg-type]
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


def image_outputs(images: dict[str, ProcessedImage]) -> list[Output]:
    """The published files of every image (each variant once, however many entries show it)."""
    variants = {variant.path: variant for image in images.values() for variant in image.variants}
    return [Output(path, variant.file.read_bytes, file=variant.file) for path, variant in sorted(variants.items())]


def images_signature(images: dict[str, ProcessedImage]) -> bytes:
    """A digest of which images there are and what they hold (their content keys)."""
    digest = hashlib.blake2b(digest_size=16)
    for name, image in sorted(images.items()):
        digest.update(f"{name}\0{image.key}\n".encode())
    return digest.digest()


def listing_images_key(chron: Chronology, images: dict[str, ProcessedImage]) -> bytes:
    """What the listings' thumbnails are made from (each event's first local image and its content key):
    part of what every page shares, so a changed thumbnail renders the listings again."""
    digest = hashlib.blake2b(digest_size=16)
    for event in chron.events:
        lead = lead_image(event, images)
        if lead is not None:
            digest.update(f"{event.id}\0{lead[1].source}\0{lead[1].key}\n".encode())
    return digest.digest()


def publish_file(source: Path, target: Path) -> None:
    """Put a file that already exists (a published image in the cache) into the site: a hard link
    where the file system allows it, else a copy."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        target.write_bytes(source.read_bytes())


def _kept(cached: Path, key: Callable[[], str], make: Callable[[], bytes]) -> bytes:
    return kept_file(cached, key(), make)


def _render(renderer: PageRenderer, page: Page) -> bytes:
    return renderer.render(page).encode("utf-8")


def _index_feed(feed: Page, options: SiteOptions, md: MarkdownRenderer, images: dict[str, ProcessedImage]) -> bytes:
    """An index page's Atom feed (``PageRenderer.index_feeds``) from its page-like description."""
    events, updated = feed.context["events"], dict(zip((event.id for event in feed.context["events"]), feed.context["updated"]))
    return index_feed(events, feed.context["title"], feed.context["page_url"], options.site_url,
                      lambda event: updated.get(event.id), FEED_LIMIT, author=options.site_name,
                      markdown_to_html=lambda text: str(md(text)), images=images, language=options.language)
