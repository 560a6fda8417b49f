"""Every file one build adds to the site, as a list of ``Output``: each made only when written.

Pages come from the page renderer (compared by their inputs, so unchanged ones are reused),
feeds and exports are kept in the cache folder by their inputs' key, images are linked from
the image cache. Nothing here writes the site: ``full`` and ``preview`` do.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Collection, Container

import jinja2

from generator.cache_folder import cache_key
from generator.chronology import Chronology
from generator.editorial.history import EMPTY_HISTORY, History, recent_changes
from generator.pipeline import search_shards
from generator.pipeline.caches import files_key, kept_file
from generator.pipeline.project import Project
from generator.pipeline.site_images import images_signature, listing_images_key, site_images
from generator.render import csp, urls
from generator.render.cms_config import DEFAULT_CMS_SCRIPT, cms_files
from generator.render.feed import index_feed
from generator.render.markdown import MarkdownRenderer
from generator.render.options import SiteOptions
from generator.render.pages import Page, PageRenderer
from generator.render.processed_images import ProcessedImage
from generator.render.redirects import REDIRECTS_FILE, find_redirects, redirect_pages, redirects_file
from generator.render.site_files import FEED_LIMIT, site_file_builders

CHANGES_LIMIT = 200  # entries on the recent-changes page
SLOW_FILES = ("events.ics", "events.json", "events.csv", "timeline.json")  # made first, so workers finish together


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
    """Every file the generator adds to the site, slow exports first, pages after; nothing made yet.

    ``outputs`` lists them all (listed when first asked); ``outputs_with(ids, feeds)`` the same list with the
    event pages of only the events ``ids`` and, given ``feeds``, the index feeds at only those paths (a live
    preview that knows which pages an edit can change)."""

    outputs_with: Callable[..., list[Output]]
    files_key: Callable[[], str]  # the feeds' and exports' cache key, computed once when first asked
    images: dict[str, ProcessedImage] = field(default_factory=dict)  # path under content/media/ -> its variants
    listing_key: bytes = b""  # what every listing's thumbnails are made from (see ``listing_images_key``)
    render_cards: Callable[[], None] = lambda: None  # every list entry rendered now (``PageRenderer.render_cards``)
    history: History = EMPTY_HISTORY  # the git history the pages show
    images_key: bytes = b""  # which images there are and what they hold (``images_signature``)

    @functools.cached_property
    def outputs(self) -> list[Output]:
        """Every output of the build."""
        return self.outputs_with(None)


def site_outputs(project: Project, chron: Chronology, env: jinja2.Environment, md: MarkdownRenderer,
                 history: History, images: dict[str, ProcessedImage] | None = None,
                 cards: dict | None = None) -> SiteOutputs:
    """The outputs of one build of ``chron``; ``images``: its processed images (``site_images``), made here when
    not given; ``cards``: list entries rendered by an earlier build with the same registries, images and templates."""
    options = project.options
    if images is None:
        images = site_images(project, chron)
    event_history = project.event_history(history)
    shards = search_shards.SHARDS_LIST if search_shards.sharded(len(chron.events)) else ""  # a record per event
    renderer = PageRenderer(env, chron, options, md, history=event_history, images=images, cards=cards,
                            search_shards=shards)
    files = site_file_builders(chron, options, md, lambda event: event_history(event).last_changed, images)
    images_key = images_signature(images)
    key = functools.cache(lambda: cache_key(files_key(chron, options, event_history), images_key).hex())
    head = [
        Output(name, functools.partial(_kept, project.cache.kept_file(name), key, files[name]))
        for name in sorted(files, key=lambda name: (name not in SLOW_FILES, name))
    ]
    moved = find_redirects(chron.events, history.renames, project.content_prefix)  # former event URLs
    if moved:
        head.append(Output(REDIRECTS_FILE, functools.partial(redirects_file, moved, options.site_url)))
    if options.admin:  # the web editor: /admin/ and its config.yml (kept: it is made from the content format)
        for path, make in cms_files(options, chron.content, env, project.root, project.content_dir):
            if path.endswith(".yml"):
                make = functools.partial(_kept, project.cache.kept_file("admin-config.yml"), key, make)
            head.append(Output(path, make))
    changes = renderer.changes_page(recent_changes(history, CHANGES_LIMIT, events_only=True), project.content_prefix)

    def outputs_with(event_ids: Collection[str] | None, feeds: Container[str] | None = None) -> list[Output]:
        outputs = list(head)
        pages = [*renderer.pages(event_ids), changes, *redirect_pages(moved)]
        outputs.extend(Output(page.path, functools.partial(_render, renderer, page), page) for page in pages)
        # Each index page's feed: made, and kept or reused, as a page is (by its events and their last changes).
        outputs.extend(Output(feed.path, functools.partial(_index_feed, feed, options, md, images), feed)
                       for feed in renderer.index_feeds(lambda event: event_history(event).last_changed, feeds))
        outputs.extend(image_outputs(images))
        # The pages' Content-Security-Policy for hosts that read _headers, with who may frame them: a rule for each
        # top-level folder of pages (the generated ones and the hand-written ones), so that no two rules overlap.
        # (The events' folder is named even when ``event_ids`` leaves their pages out: the file is the same.)
        sections = {output.path.split("/")[0] for output in outputs if output.path.endswith(".html") and "/" in output.path}
        sections |= {urls.page_path(urls.event_url(event.id)).split("/")[0] for event in chron.events[:1]}
        sections |= {url.split("/")[0] for _, url in options.extra_nav if "/" in url}
        outputs.append(Output(csp.HEADERS_FILE, functools.partial(csp.headers_file, options, chron.events, sorted(sections),
                                                                  options.cms_script or DEFAULT_CMS_SCRIPT)))
        return outputs

    return SiteOutputs(outputs_with, key, images, listing_images_key(chron, images), renderer.render_cards, history,
                       images_key)


def image_outputs(images: dict[str, ProcessedImage]) -> list[Output]:
    """The published files of every image (each variant once, however many entries show it)."""
    variants = {variant.path: variant for image in images.values() for variant in image.variants}
    return [Output(path, variant.file.read_bytes, file=variant.file) for path, variant in sorted(variants.items())]


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
