"""The live preview's state and writer: keeps a served site up to date as an editor saves files.

Between rebuilds it keeps the parsed files and the events built from them (so only
edited files are read again), the rendered Markdown, the compiled templates, and the
inputs and bytes of every page it wrote (so only pages an edit changed are rendered
and written), and which events each page's inputs hold (``PageIndex``: after an edit of events'
text, only those events' pages and feeds are listed, and only the pages they feed are compared;
the other pages are still described, not compared). Feeds and exports are written
after the pages, in a background process, so the edited page shows at once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.cache_folder import cache_key
from generator.chronology import Chronology, build_chronology, with_events_replaced
from generator.content.load import FileCache
from generator.content.model import Content
from generator.content.reader import read_content
from generator.pipeline.caches import EventDigests, Manifest, PageReuse, load_manifest, pages_key, save_manifest
from generator.pipeline.outputs import SiteOutputs, publish_file
from generator.pipeline.page_index import PageIndex, text_edits
from generator.pipeline.project import Project
from generator.pipeline.site_images import ImageMemo
from generator.render.environment import make_environment
from generator.render.markdown import MarkdownRenderer
from generator.runtime import loading_without_gc, start_in_background, write_atomically

STATUS_FILE = "_timeline/status.json"  # the current content errors, polled by the open page


class PreviewState:
    """What a live preview keeps between rebuilds (``build_site(..., preview=state)``), so that a
    rebuild reads only edited files and renders and writes only the pages an edit changed."""

    def __init__(self, project: Project) -> None:
        self._made_for = _sources(project)  # where content, theme and history come from
        self.files: FileCache = {}  # the parsed files, by path, while they stay the same
        self.events: dict = {}  # the events built from them (content.validate's memo)
        self.markdown = MarkdownRenderer()  # rendered Markdown by text; the last write rendered every text
        self.markdown.load(project.cache.markdown)
        self.env = make_environment(project.templates_dirs)  # compiled once; Jinja reloads an edited template
        self.images: ImageMemo = {}  # the processed images, kept while their files stay the same
        self.cards: dict = {}  # list entries, while registries, images and templates stay (PageRenderer)
        self.event_digests: EventDigests = {}  # each event's digest in page keys (PageReuse)
        self._page_inputs: dict[str, Any] = {}  # page path -> its inputs when last written
        self._written: dict[str, bytes] = {}  # page path -> digest of the bytes last written
        self._keys: dict[str, bytes] = {}  # page path -> digest of its inputs, for the next session's manifest
        self._kept: Manifest = {}  # the last session's manifest, until the first write has caught up
        self._shared_inputs: tuple | None = None  # what every page depends on, at the last rebuild
        self._index = PageIndex()  # which pages each event feeds
        self._chronology: Chronology | None = None  # the last one read
        self._last: tuple | None = None  # the events, history and images of the last whole write
        self._media_signature: tuple | None = None  # the files of content/media/ at the last read
        self._exports = None  # the background process writing feeds and exports

    def serves(self, project: Project) -> bool:
        """Whether this state can go on serving ``project``: its content, theme and history come from where
        they came from (its options may differ: then every page is rendered again)."""
        return _sources(project) == self._made_for

    def read_content(self, project: Project) -> Content:
        """Load and validate the content, re-reading only edited files; raises ``ContentInvalid``."""
        media = _media_files(project.content_dir)
        if media != self._media_signature:  # a media file came, went or changed: check the events that use it again
            self.events.clear()
            self._media_signature = media
        with loading_without_gc(collect_first=True):
            return read_content(project.content_dir, project.root, self.files, self.events)

    def chronology(self, content: Content) -> Chronology:
        """The chronology of freshly read ``content``: the last one with the events read again put in place when
        only their text changed (``text_edits``; registries as they were), else built afresh."""
        last = self._chronology
        edited = None
        if last is not None and (content.sources, content.actors, content.places) == \
                (last.content.sources, last.content.actors, last.content.places):
            edited = text_edits(last.events, content.events)  # both in the one order of events
        if edited is None:
            self._chronology = build_chronology(content)
        else:
            self._chronology = with_events_replaced(
                last, content, {event_id: content.events[last.position[event_id]] for event_id in edited})
        return self._chronology

    def write(self, project: Project, site: SiteOutputs, chron: Chronology, site_dir: Path) -> int:
        """Write the pages whose inputs changed, delete those that are gone, then start the exports.

        The first write of a session into a site folder an earlier session left (``CacheFolder.preview_site``)
        compares each page's inputs key with that session's manifest, and writes only what differs. When
        only events' text changed since the last write (``text_edits``), only those events' pages and feeds
        are listed and only the pages they feed are compared (``PageIndex``).
        """
        content = chron.content
        last, self._last = self._last, None  # set again once this write is whole
        shared = (_templates_signature(project), project.options, content.sources, content.actors, content.places,
                  site.listing_key)
        if shared != self._shared_inputs:  # what every page depends on changed: render every page and entry again
            self._forget_pages()
            self.cards.clear()  # the dict the renderer of ``site`` holds: nothing is rendered before this write
            self._shared_inputs = shared
        manifest_path = project.cache.preview_manifest
        if not (site_dir / STATUS_FILE).exists():  # a new or cleaned site folder: write everything
            self._forget_pages()
            self._written.clear()
            self._keys.clear()
        elif not self._written:
            self._kept = load_manifest(manifest_path, site_dir)
            self._written = {path: digest for path, (_, digest) in self._kept.items()}
        edited = None  # the events whose text alone changed since the last write, when nothing else did
        if (last is not None and self._page_inputs and not self._kept
                and (last[1], last[2]) == (site.history, site.images_key)):
            edited = text_edits(last[0], chron.events)
        if edited is None:
            candidates, outputs = None, site.outputs
        else:  # only the pages the edited events feed can change: list and compare only those
            candidates = self._index.pages_fed_by(edited)
            outputs = site.outputs_with(self._index.event_pages(candidates), candidates)
            if not candidates <= {output.path for output in outputs}:  # an event page not told apart: list them all
                outputs = site.outputs
        keys = PageReuse(pages_key(chron, project.options, project.templates_dirs) + site.listing_key, {},
                         None, site_dir, self.event_digests)
        count, seen = 0, set()
        for output in outputs:
            if output.file is not None:  # a published image, before the pages that show it; its name says its content
                target = site_dir / output.path
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    publish_file(output.file, target)
                    count += 1
                continue
            if output.page is None or (candidates is not None and output.path not in candidates):
                continue
            seen.add(output.path)
            if self._page_inputs.get(output.path) == output.page.inputs:
                continue
            held: set[str] = set()
            key = keys.key(output.page.inputs, held)
            self._index.note(output.path, held if key is not None else None)
            kept = self._kept.get(output.path)
            if not (kept and key is not None and kept[0] == key and (site_dir / output.path).exists()):
                data = output.make()
                digest = cache_key(data)
                if self._written.get(output.path) != digest:
                    write_atomically(site_dir / output.path, data)
                    self._written[output.path] = digest
                    count += 1
            self._page_inputs[output.path] = output.page.inputs
            if key is not None:
                self._keys[output.path] = key
        for stale in set(self._written) - seen if candidates is None else ():  # pages of deleted events, tags, …
            (site_dir / stale).unlink(missing_ok=True)
            del self._written[stale]
            self._page_inputs.pop(stale, None)
            self._keys.pop(stale, None)
            self._index.forget(stale)
        self._kept = {}
        save_manifest(manifest_path, site_dir, {path: (key, self._written[path]) for path, key in self._keys.items()
                                                if path in self._written})
        self._write_files_later(site_dir, [output for output in outputs if output.page is None and output.file is None])
        self._last = (chron.events, site.history, site.images_key)
        return count

    def _forget_pages(self) -> None:
        """Compare every page's inputs again at the next write."""
        self._page_inputs.clear()
        self._index.clear()

    def _write_files_later(self, site_dir: Path, files: list) -> None:
        """Feeds and exports in a background process; a newer rebuild's process replaces one still running."""
        self.stop(cancel=True)
        self._exports = start_in_background(_write_files, site_dir, files)

    def stop(self, cancel: bool = False) -> None:
        """Wait for (or cancel) the feeds and exports still being written."""
        process, self._exports = self._exports, None
        if process is not None:
            if cancel:
                process.terminate()
            process.join()



def _sources(project: Project) -> tuple:
    return project.root, project.content_dir, project.templates_dirs, project.history


def _media_files(content_dir: Path) -> tuple:
    """What is in content/media/ (each file's path, modification time and size)."""
    folder = content_dir / "media"
    found = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append((path.relative_to(folder).as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


def _templates_signature(project: Project) -> tuple:
    return tuple((str(path), path.stat().st_mtime_ns) for folder in project.templates_dirs
                 for path in sorted(folder.rglob("*")) if path.is_file())


def _write_files(site_dir: Path, files: list) -> None:
    for output in files:
        write_atomically(site_dir / output.path, output.make())


def write_status(site_dir: Path, errors: list[str]) -> None:
    """The live preview's status file: the current content errors (empty when fine)."""
    data = json.dumps({"errors": errors}, ensure_ascii=False).encode("utf-8")
    write_atomically(site_dir / STATUS_FILE, data)
