"""The one error type of the content pipeline, and the list that collects it."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters a terminal acts on rather than shows: C0 and C1 controls and DEL (ESC starts the
# sequences that move the cursor, set the window title, clear the screen), and the bidirectional
# overrides and isolates that make a line read differently from what it holds.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with the characters a terminal would act on written as escapes (``\\x1b``,
    ``\\n``, ``\\u202e``), so that a message quoting a hostile file cannot drive the terminal."""
    if not _UNSHOWABLE.search(text):
        return text
    return _UNSHOWABLE.sub(_escaped, text)


def _escaped(found: re.Match) -> str:
    char = found.group()
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
    return named or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


@dataclass(frozen=True, order=True)
class ContentError:
    """Something wrong in the content, at a place an editor can jump to.

    ``path`` is relative to the project (or absolute when outside it); ``line``
    and ``column`` count from 1. Errors sort like a compiler's output. As text,
    control characters in the path or the message are shown escaped.
    """

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return printable(f"{self.path}:{self.line}:{self.column}: {self.message}")


class ContentInvalid(Exception):
    """Raised at the edge of the pipeline when content has errors; holds all of them."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(errors)
        super().__init__("\n".join(str(e) for e in self.errors))
