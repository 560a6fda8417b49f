"""What both builders start from: where a chronology's files are, how its site is made,
and the pieces every build makes the same way (the content read, the git history, the
renderer, the list of outputs)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import jinja2

from generator.build.caches import files_key, kept_file
from generator.chronology import Chronology
from generator.content.model import Event
from generator.editorial.history import EMPTY_HISTORY, FileHistory, History, dates_only, read_history, recent_changes
from generator.render import site_file_builders
from generator.render.markdown import MarkdownRenderer
from generator.render.options import SiteOptions
from generator.render.pages import Page, PageRenderer
from generator.render.redirects import REDIRECTS_FILE, find_redirects, redirect_pages, redirects_file
from generator.runtime import loading_without_gc

CACHE_DIR = ".timeline-cache"  # in the project folder; safe to delete
CHANGES_LIMIT = 200  # entries on the recent-changes page
SLOW_FILES = ("events.ics", "events.json", "events.csv", "timeline.json")  # made first, so workers finish together


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
    """One file of the generated site: a page (compared by ``page.inputs``) or a feed or export."""

    path: str
    make: Callable[[], bytes]
    page: Page | None = None


@dataclass(frozen=True)
class SiteOutputs:
    """Every file the generator adds to the site, slow exports first, pages after; nothing made yet."""

    outputs: list[Output]
    files_key: Callable[[], str]  # the feeds' and exports' cache key, computed once when first asked


def site_outputs(project: Project, chron: Chronology, env: jinja2.Environment, md: MarkdownRenderer,
                 history: History) -> SiteOutputs:
    """The outputs of one build of ``chron``."""
    options = project.options
    event_history = project.event_history(history)
    renderer = PageRenderer(env, chron, options, md, history=event_history)
    files = site_file_builders(chron, options, md, lambda event: event_history(event).last_changed)
    key = functools.cache(lambda: files_key(chron, options, event_history))
    outputs = [
        Output(name, functools.partial(_kept, project.cache_dir / "files" / name, key, files[name]))
        for name in sorted(files, key=lambda name: (name not in SLOW_FILES, name))
    ]
    moved = find_redirects(chron.events, history.renames, project.content_prefix)  # former event URLs
    if moved:
        outputs.append(Output(REDIRECTS_FILE, functools.partial(redirects_file, moved, options.site_url)))
    pages = [*renderer.pages(), renderer.changes_page(recent_changes(history, CHANGES_LIMIT), project.content_prefix),
             *redirect_pages(moved)]
    outputs.extend(Output(page.path, functools.partial(_render, renderer, page), page) for page in pages)
    return SiteOutputs(outputs, key)


def _kept(cached: Path, key: Callable[[], str], make: Callable[[], bytes]) -> bytes:
    return kept_file(cached, key(), make)


def _render(renderer: PageRenderer, page: Page) -> bytes:
    return renderer.render(page).encode("utf-8")
