"""The records of a content folder's git history (``generator.editorial.history`` reads them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Change:
    """One commit that touched a file.

    ``kind`` is 'added', 'changed' or 'renamed'; ``moved_only`` is True for a
    rename without any edit (it does not count as the file's last change).
    ``words``: for an event file, what the commit changed in the event, in words for
    readers ('Title changed', 'Source added': message ids, ``generator.editorial.diff.words``),
    () when it changed nothing the event says; None for other files.
    """

    date: datetime
    subject: str
    author: str
    commit: str
    kind: str = "changed"
    moved_only: bool = False
    words: tuple[str, ...] | None = None


@dataclass(frozen=True)
class FileHistory:
    """The history of one current file, newest change first.

    ``first_published`` is None when the commit that added the file is not in
    the history (a shallow clone); ``last_changed`` is the newest change that
    edited the file (a pure move does not count).
    """

    first_published: datetime | None = None
    last_changed: datetime | None = None
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class LogEntry:
    """One file touched by one commit, as git reported it (paths content-relative).

    ``current_path`` is where that file lives now, or None when it has since
    been deleted. ``words`` and ``title``: for an event file, what the commit changed in
    the event in words (as ``Change.words``) and the event's title as of that commit.
    """

    kind: str  # added | changed | removed | renamed
    path: str
    date: datetime
    subject: str
    author: str
    commit: str
    old_path: str | None = None
    current_path: str | None = None
    moved_only: bool = False
    words: tuple[str, ...] | None = None
    title: str | None = None


@dataclass(frozen=True)
class Deletion:
    """A file that a commit deleted (and that does not exist any more at that path)."""

    path: str
    date: datetime
    subject: str
    author: str
    commit: str


@dataclass(frozen=True)
class ChangeEntry:
    """One line of a "recent changes" page."""

    kind: str  # added | changed | removed | renamed
    path: str  # the path the commit gave the file (for 'renamed', the new one)
    date: datetime
    subject: str
    author: str
    commit: str = ""
    old_path: str | None = None  # for 'renamed'
    current_path: str | None = None  # where the file lives now; None once deleted
    words: tuple[str, ...] | None = None  # for an event file: what changed, in words (message ids)
    title: str | None = None  # for an event file: the event's title as of that change


EMPTY_FILE_HISTORY = FileHistory()


@dataclass(frozen=True)
class History:
    """Histories of the current files of a content folder, and its log.

    ``files`` maps content-relative POSIX paths of the files present at HEAD
    to their ``FileHistory``; ``log`` lists every file change, newest first;
    ``deletions`` lists deleted files, newest first. ``head`` is the commit the
    history was read at ('' when there is none). ``renames`` lists, newest first,
    ``(former path, current path)`` for every rename of a file present at HEAD,
    including those of commits kept out of the reader-facing history (the
    redirects from former event URLs come from it).
    """

    files: dict[str, FileHistory] = field(default_factory=dict)
    deletions: tuple[Deletion, ...] = ()
    log: tuple[LogEntry, ...] = ()
    head: str = ""
    content_dir: Path | None = None
    shallow: bool = False
    renames: tuple[tuple[str, str], ...] = ()

    def __getitem__(self, path: str) -> FileHistory:
        return self.files[path]

    def __contains__(self, path: object) -> bool:
        return path in self.files

    def __len__(self) -> int:
        return len(self.files)

    def get(self, path: str) -> FileHistory:
        """The history of a content-relative path; an empty ``FileHistory`` when unknown."""
        return self.files.get(path, EMPTY_FILE_HISTORY)

    def for_file(self, path: Path | str) -> FileHistory:
        """The history of a file given by its own path (absolute or relative to the current directory)."""
        key = self.key_of(path)
        return self.get(key) if key is not None else EMPTY_FILE_HISTORY

    def key_of(self, path: Path | str) -> str | None:
        """The content-relative key of a file path, or None when it is outside the content folder."""
        if self.content_dir is None:
            return None
        try:
            return Path(path).resolve().relative_to(self.content_dir).as_posix()
        except ValueError:
            return None


EMPTY_HISTORY = History()
