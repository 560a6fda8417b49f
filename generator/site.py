"""The whole pipeline in one place: load -> model -> chronology -> render -> write.

``SiteGenerator`` is what the MkDocs plugin drives. It keeps caches between
builds of one process (parsed files, rendered Markdown, each page's inputs),
so a live preview re-reads and re-writes only what an edit changed.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .chronology import Chronology, build_chronology
from .history import EMPTY_HISTORY, FileHistory, History, recent_changes
from .load import FileCache
from .model import Event
from .render import site_files
from .render.markdown import MarkdownRenderer, markdown_texts
from .render.pages import PageRenderer, SiteOptions, make_environment
from .validate import read_content


CHANGES_LIMIT = 200  # entries on the recent-changes page
CACHE_DIR = ".timeline-cache"  # in the project folder; safe to delete
PARALLEL_FROM = 500  # events; smaller sites build faster in one process
_FORKED: tuple | None = None  # (generator, site_dir, chronology, parts) inherited by forked workers


def _write_forked_part(part: int) -> int:
    generator, site_dir, chron, parts = _FORKED
    return generator._write_part(site_dir, chron, part, parts)


@dataclass
class SiteGenerator:
    """Builds the generated part of the site from a content folder and a templates folder."""

    project_root: Path
    content_dir: Path
    templates_dir: Path
    options: SiteOptions
    history_reader: Callable[[], History] | None = None  # git history of the content, read at each build
    incremental: bool = False  # keep page inputs between builds and write only what changed
    _files: FileCache = field(default_factory=dict)
    _markdown: MarkdownRenderer = field(default_factory=MarkdownRenderer)
    _page_inputs: dict = field(default_factory=dict)
    _written: dict[str, str] = field(default_factory=dict)  # path -> digest of the last write
    _signature: tuple | None = None
    _history: History | None = None  # read once per parallel build, before forking

    def read(self) -> Chronology:
        """Load and validate the content; raises ``ContentInvalid`` with every error."""
        content = read_content(self.content_dir, self.project_root, self._files if self.incremental else None)
        return build_chronology(content)

    def outputs(self, chron: Chronology, part: int = 0, parts: int = 1) -> Iterator[tuple[str, bytes | None]]:
        """Every generated file as (path, bytes), bytes None for a page unchanged since the last build.

        With ``parts`` > 1, only the share ``part`` of the pages (every parts-th page) and, for
        part 0, the feeds and exports: the shares of one build can run in separate processes.
        """
        renderer, event_history, history, content_prefix = self._renderer(chron)
        renderer.shard = (part, parts)
        for path, html in renderer.pages():
            yield path, None if html is None else html.encode("utf-8")
        if part == 0:
            renderer.shard = (0, 1)
            path, html = renderer.changes_page(recent_changes(history, CHANGES_LIMIT), content_prefix)
            if html is not None:
                yield path, html.encode("utf-8")
            yield from site_files(chron, self.options, self._markdown, lambda event: event_history(event).last_changed)

    def _renderer(self, chron: Chronology):
        signature = (self._templates_signature(), self.options, chron.content.sources, chron.content.actors,
                     chron.content.places)
        if signature != self._signature:  # templates, options or registries changed: render everything
            self._page_inputs.clear()
            self._signature = signature
        history = self._history if self._history is not None else (
            self.history_reader() if self.history_reader else EMPTY_HISTORY)
        content_prefix = self.content_dir.relative_to(self.project_root).as_posix() + "/"

        def event_history(event: Event) -> FileHistory:
            return history.get(event.path.removeprefix(content_prefix))

        renderer = PageRenderer(
            make_environment(self.templates_dir), chron, self.options, self._markdown,
            history=event_history, cache=self._page_inputs if self.incremental else None,
        )
        self._markdown.prerender(markdown_texts(chron))
        return renderer, event_history, history, content_prefix

    def write(self, site_dir: Path, chron: Chronology) -> int:
        """Write every changed output into ``site_dir``; return how many files were written.

        A full build of a large site renders in one process per core (forked, so they share
        the loaded content and the rendered Markdown); a live preview writes only what changed.
        """
        workers = os.cpu_count() or 1
        if self.incremental or workers < 2 or len(chron.events) < PARALLEL_FROM:
            return self._write_part(site_dir, chron, 0, 1)
        self._markdown.prerender(markdown_texts(chron))  # once, before forking
        self._history = self.history_reader() if self.history_reader else EMPTY_HISTORY
        parts = workers * 4  # small shares balance the feeds-and-exports share against the others
        global _FORKED
        _FORKED = (self, site_dir, chron, parts)
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                return sum(pool.imap_unordered(_write_forked_part, range(parts)))
        finally:
            _FORKED = None
            self._history = None

    def _write_part(self, site_dir: Path, chron: Chronology, part: int, parts: int) -> int:
        if self.incremental and not (site_dir / "_timeline" / "status.json").exists():
            self._page_inputs.clear()  # the site folder was cleaned: write everything again
            self._written.clear()
        seen: set[str] = set()
        made_dirs: set[Path] = set()
        count = 0
        for path, data in self.outputs(chron, part, parts):
            seen.add(path)
            if data is None:
                continue
            digest = hashlib.blake2b(data, digest_size=16).hexdigest() if self.incremental else ""
            if self.incremental and self._written.get(path) == digest:
                continue
            target = site_dir / path
            if target.parent not in made_dirs:
                target.parent.mkdir(parents=True, exist_ok=True)
                made_dirs.add(target.parent)
            target.write_bytes(data)
            if self.incremental:
                self._written[path] = digest
            count += 1
        for stale in set(self._written) - seen:  # pages of deleted events, tags, … (live preview)
            (site_dir / stale).unlink(missing_ok=True)
            del self._written[stale]
            self._page_inputs.pop(stale, None)
        return count

    @property
    def markdown_cache(self) -> Path:
        return self.project_root / CACHE_DIR / "markdown.pickle"

    def load_caches(self) -> None:
        """Read what earlier builds kept (rendered Markdown)."""
        self._markdown.load(self.markdown_cache)

    def save_caches(self) -> None:
        """Keep this build's rendered Markdown for the next build."""
        try:
            self._markdown.save(self.markdown_cache)
        except OSError:  # a read-only checkout still builds; it just stays cold
            pass

    def _templates_signature(self) -> tuple:
        return tuple(
            (str(path), path.stat().st_mtime_ns)
            for path in sorted(self.templates_dir.rglob("*"))
            if path.is_file()
        )


def write_status(site_dir: Path, errors: list[str]) -> None:
    """The live preview's status file: the current content errors (empty when fine)."""
    import json

    target = site_dir / "_timeline" / "status.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps({"errors": errors}, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, target)
