"""Placeholder text left in an event: ``timeline check``'s warnings (the content is valid; a reader
would still see "TODO").

``timeline new`` writes a summary that says ``TODO: …``; an editor who commits it unchanged publishes
it. This is a text scan of the event files, apart from the validation (it never makes the content
invalid): each ``TODO`` word outside a YAML comment, with its line, column and the field it is in.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.content.errors import ContentError
from generator.content.load import list_content, path_shower

WORD = "TODO"
_WORD = re.compile(rb"\bTODO\b")
_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)[ \t]*:")


def placeholder_warnings(content_dir: Path, project_root: Path) -> list[ContentError]:
    """A warning (``ContentError``, message starting ``warning:``) for each placeholder in an event file, sorted."""
    warnings: list[ContentError] = []
    shown = path_shower(content_dir, project_root)
    for path in list_content(content_dir, project_root).events:  # plain files only: never a link or a pipe
        try:
            with open(path, "rb") as stream:
                data = stream.read()
        except OSError:
            continue  # the validation reports a file it cannot read
        if WORD.encode() in data:
            warnings.extend(_in_file(data, shown(path)))
    return sorted(warnings)


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
