"""The whole pipeline in one place: load -> model -> chronology -> render -> write.

``SiteGenerator`` is what the MkDocs plugin drives. It keeps caches between
builds of one process (parsed files, rendered Markdown, each page's inputs),
so a live preview re-reads and re-writes only what an edit changed; and, in
``.timeline-cache/``, between builds (rendered Markdown, feeds and exports, and
which inputs made each page: see ``build_cache``), so that a build re-renders only
the pages an edit changed and links the rest from the site it replaces.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import jinja2

from generator.build.caches import (Manifest, PageReuse, SeenInputs, files_key, kept_file, load_manifest, pages_key,
                          save_manifest)
from generator.chronology import Chronology, build_chronology
from generator.editorial.history import EMPTY_HISTORY, FileHistory, History, recent_changes
from generator.content.load import FileCache
from generator.content.model import Event
from generator.render import site_file_builders
from generator.render.markdown import MarkdownRenderer, markdown_texts
from generator.render.environment import make_environment
from generator.render.options import SiteOptions
from generator.render.pages import PageRenderer
from generator.content.validate import read_content
from generator.runtime import loading_without_gc


CHANGES_LIMIT = 200  # entries on the recent-changes page
CACHE_DIR = ".timeline-cache"  # in the project folder; safe to delete
PARALLEL_FROM = 500  # events; smaller sites build faster in one process
SLOW_FILES = ("events.ics", "events.json", "events.csv", "timeline.json")
_FORKED: tuple | None = None  # (generator, site_dir, chronology, parts) inherited by forked workers


def _write_forked_job(job: str) -> tuple[int, Manifest]:
    generator, site_dir, chron, parts = _FORKED
    generator._reuse.entries = {}  # this share's pages, sent back for the build's manifest
    return generator._write_job(site_dir, chron, job, parts), generator._reuse.entries


@dataclass
class SiteGenerator:
    """Builds the generated part of the site from a content folder and a templates folder."""

    project_root: Path
    content_dir: Path
    templates_dir: Path
    options: SiteOptions
    history_reader: Callable[[], History] | None = None  # git history of the content, read at each build
    incremental: bool = False  # keep page inputs between builds and write only what changed
    final_site_dir: Path | None = None  # where a full build's site goes (swapped in after the build):
    # the site there now is the one it replaces, whose unchanged pages are reused
    _files: FileCache = field(default_factory=dict)
    _events: dict = field(default_factory=dict)
    _markdown: MarkdownRenderer = field(default_factory=MarkdownRenderer)
    _page_inputs: SeenInputs = field(default_factory=SeenInputs)
    _written: dict[str, str] = field(default_factory=dict)  # path -> digest of the last write
    _signature: tuple | None = None
    _history: History | None = None  # read once per parallel build, before forking
    _files_key: str | None = None  # likewise the feeds' and exports' cache key
    _env: jinja2.Environment | None = None
    _cards: dict | None = None  # list entries rendered by this process's shares of one parallel build
    _reuse: PageReuse | None = None  # a full build's pages reused from the site it replaces
    _files_process: multiprocessing.Process | None = None

    def read(self) -> Chronology:
        """Load and validate the content; raises ``ContentInvalid`` with every error."""
        with loading_without_gc(collect_first=self.incremental):
            content = read_content(self.content_dir, self.project_root,
                                   *((self._files, self._events) if self.incremental else ()))
        return build_chronology(content)

    def outputs(self, chron: Chronology, job: str = "all", parts: int = 1) -> Iterator[tuple[str, bytes | None]]:
        """Generated files as (path, bytes), bytes None for a page unchanged since the last build.

        ``job`` picks a share, so that the shares of one build can run in separate processes
        or threads: "all"; "pages" (every page, /changes/ included); "pages:K" (every
        ``parts``-th page from the K-th); "changes"; "files" (feeds, exports, sitemap); or
        one file name such as "events.ics".
        """
        history, event_history, content_prefix = self._history_of(chron)
        if job in ("all", "pages", "changes") or job.startswith("pages:"):
            renderer = self._renderer(chron, event_history)
            if job != "changes":
                renderer.shard = (int(job.partition(":")[2] or 0), parts)
                for path, html in renderer.pages():
                    yield path, None if html is None else html.encode("utf-8")
                renderer.shard = (0, 1)
            if job in ("all", "pages", "changes"):
                path, html = renderer.changes_page(recent_changes(history, CHANGES_LIMIT), content_prefix)
                yield path, None if html is None else html.encode("utf-8")
        files = site_file_builders(chron, self.options, self._markdown, lambda event: event_history(event).last_changed)
        wanted = [name for name in files if job in ("all", "files", name)]
        if wanted:
            key = self._files_key or files_key(chron, self.options, event_history)
            for name in wanted:
                yield name, kept_file(self.project_root / CACHE_DIR / "files" / name, key, files[name])

    def jobs(self, chron: Chronology, parts: int) -> list[str]:
        """A parallel build's shares: each site file, /changes/, then the pages (the slow exports
        come first, so that the workers finish together)."""
        files = site_file_builders(chron, self.options, self._markdown)
        return [*sorted(files, key=lambda name: name not in SLOW_FILES), "changes", *(f"pages:{k}" for k in range(parts))]

    def _history_of(self, chron: Chronology) -> tuple[History, Callable[[Event], FileHistory], str]:
        history = self._history if self._history is not None else (
            self.history_reader() if self.history_reader else EMPTY_HISTORY)
        content_prefix = self.content_dir.relative_to(self.project_root).as_posix() + "/"

        def event_history(event: Event) -> FileHistory:
            return history.get(event.path.removeprefix(content_prefix))

        return history, event_history, content_prefix

    def _renderer(self, chron: Chronology, event_history: Callable[[Event], FileHistory]) -> PageRenderer:
        signature = (self._templates_signature(), self.options, chron.content.sources, chron.content.actors,
                     chron.content.places)
        if signature != self._signature:  # templates, options or registries changed: render everything
            self._page_inputs.forget()
            self._signature = signature
        self._markdown.prerender(markdown_texts(chron))
        if self._env is None:  # kept: Jinja compiles each template once and reloads it when edited
            self._env = make_environment(self.templates_dir)
        return PageRenderer(
            self._env, chron, self.options, self._markdown,
            history=event_history, cache=self._page_inputs if self.incremental else self._reuse, cards=self._cards,
        )

    def write(self, site_dir: Path, chron: Chronology) -> int:
        """Write every changed output into ``site_dir``; return how many files were written.

        A full build of a large site renders in one process per core (forked, so they share
        the loaded content and the rendered Markdown). A live preview writes the pages that
        changed, and the feeds and exports after returning, in a thread, so that the edited
        page shows at once.
        """
        if self.incremental:
            count = self._write_job(site_dir, chron, "pages", 1)
            self._write_files_later(site_dir, chron)
            return count
        final = self.final_site_dir
        self._reuse = PageReuse(pages_key(chron, self.options, self.templates_dir),
                                load_manifest(self.manifest_path, final) if final else {}, final, site_dir)
        try:
            workers = os.cpu_count() or 1
            if workers < 2 or len(chron.events) < PARALLEL_FROM:
                count = self._write_job(site_dir, chron, "all", 1)
                manifest = self._reuse.entries
            else:
                count, manifest = self._write_in_parallel(site_dir, chron, workers)
            if final is not None:
                save_manifest(self.manifest_path, final, manifest)
            return count
        finally:
            self._reuse = None

    def _write_in_parallel(self, site_dir: Path, chron: Chronology, workers: int) -> tuple[int, Manifest]:
        self._markdown.prerender(markdown_texts(chron))  # once, before forking
        self._history = self.history_reader() if self.history_reader else EMPTY_HISTORY
        self._files_key = files_key(chron, self.options, self._history_of(chron)[1])
        self._cards = {}  # each worker fills its own copy, reused across the shares it renders
        parts = workers * 4
        global _FORKED
        _FORKED = (self, site_dir, chron, parts)
        count, manifest = 0, {}
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for written, entries in pool.imap_unordered(_write_forked_job, self.jobs(chron, parts)):
                    count += written
                    manifest.update(entries)
        finally:
            _FORKED = None
            self._history = None
            self._files_key = None
            self._cards = None
        return count, manifest

    def _write_files_later(self, site_dir: Path, chron: Chronology) -> None:
        """Write feeds and exports in a forked process, so the edited page shows at once and the
        next edit is not slowed (a thread would share the interpreter lock); a newer build's
        process replaces one still running."""
        self.wait_for_files(cancel=True)
        self._files_process = multiprocessing.get_context("fork").Process(
            target=self._write_files_niced, args=(site_dir, chron), name="timeline-exports", daemon=True)
        self._files_process.start()

    def _write_files_niced(self, site_dir: Path, chron: Chronology) -> None:
        os.nice(10)  # the next edit's rebuild comes first
        self._write_job(site_dir, chron, "files", 1)

    def wait_for_files(self, cancel: bool = False) -> None:
        """Wait for (or cancel) a live preview's feeds and exports."""
        process, self._files_process = self._files_process, None
        if process is not None:
            if cancel:
                process.terminate()
            process.join()

    def _write_job(self, site_dir: Path, chron: Chronology, job: str, parts: int) -> int:
        tracked = self.incremental and job == "pages"  # a live preview remembers what it wrote
        if tracked and not (site_dir / "_timeline" / "status.json").exists():
            self._page_inputs.forget()  # the site folder was cleaned: write everything again
            self._written.clear()
        seen: set[str] = set()
        made_dirs: set[Path] = set()
        count = 0
        for path, data in self.outputs(chron, job, parts):
            seen.add(path)
            if data is None:
                continue
            digest = hashlib.blake2b(data, digest_size=16).hexdigest() if tracked else ""
            if tracked and self._written.get(path) == digest:
                continue
            target = site_dir / path
            if target.parent not in made_dirs:
                target.parent.mkdir(parents=True, exist_ok=True)
                made_dirs.add(target.parent)
            target.write_bytes(data)
            if tracked:
                self._written[path] = digest
            count += 1
        if tracked:
            for stale in set(self._written) - seen:  # pages of deleted events, tags, …
                (site_dir / stale).unlink(missing_ok=True)
                del self._written[stale]
                self._page_inputs.forget(stale)
        return count

    @property
    def manifest_path(self) -> Path:
        return self.project_root / CACHE_DIR / "pages.pickle"

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
