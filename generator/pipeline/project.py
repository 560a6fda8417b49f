"""A chronology project as mkdocs.yml describes it: where its files are, its site's options, its
cache folder, and the git history its site shows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from generator.cache_folder import CacheFolder
from generator.content.model import Event
from generator.editorial.history import EMPTY_HISTORY, FileHistory, History, dates_only, read_history
from generator.render.options import SiteOptions
from generator.runtime import loading_without_gc

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
    def cache(self) -> CacheFolder:
        """The project's cache folder: what one build keeps for the next."""
        return CacheFolder.of_project(self.root)

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
            history = read_history(self.root, self.content_dir, self.cache)
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
