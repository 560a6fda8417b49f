"""Placeholder text left in an event: ``timeline check``'s warnings (the content is valid; a reader
would still see "TODO").

``timeline new`` writes a summary that says ``TODO: …``; an editor who commits it unchanged publishes
it. This is a text scan of the event files, apart from the validation (it never makes the content
invalid): each ``TODO`` word outside a YAML comment, with its line, column and the field it is in.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from generator.content.errors import ContentError

WORD = "TODO"
_WORD = re.compile(rb"\bTODO\b")
_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)[ \t]*:")


def placeholder_warnings(content_dir: Path, project_root: Path) -> list[ContentError]:
    """A warning (``ContentError``, message starting ``warning:``) for each placeholder in an event file, sorted."""
    warnings: list[ContentError] = []
    for path in _event_files(content_dir / "events"):
        try:
            data = path.read_bytes()
        except OSError:
            continue  # the validation reports a file it cannot read
        if WORD.encode() in data:
            warnings.extend(_in_file(data, _shown(path, project_root)))
    return sorted(warnings)


def _event_files(folder: Path):
    """Every ``.yaml``/``.yml`` file under ``folder`` (os.scandir: this runs on every check, at any size)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _event_files(Path(entry.path))
        elif entry.name.endswith((".yaml", ".yml")) and entry.is_file(follow_symlinks=False):
            yield Path(entry.path)  # plain files only: a link or a pipe is an error of the walk, never read


def _in_file(data: bytes, shown: str) -> list[ContentError]:
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    warnings, field = [], None
    for number, line in enumerate(text.splitlines(), start=1):
        key = _TOP_LEVEL_KEY.match(line)
        field = key[1] if key else field
        for match in _WORD.finditer(line.encode("utf-8")):
            before = line.encode("utf-8")[: match.start()].decode("utf-8", errors="replace")
            if before.lstrip().startswith("#") or " #" in before:
                continue  # a YAML comment: the reader never sees it
            where = f"in {field}" if field else "in this event"
            warnings.append(ContentError(shown, number, len(before) + 1,
                                         f"warning: placeholder '{WORD}' {where}: readers would see it; "
                                         f"write the text it stands for"))
    return warnings


def _shown(path: Path, project_root: Path) -> str:
    """The file's path as validation errors show it: relative to the project when inside it."""
    try:
        return path.absolute().relative_to(project_root.absolute()).as_posix()
    except ValueError:
        return str(path)
