"""The one error type of the content pipeline, and the list that collects it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """Something wrong in the content, at a place an editor can jump to.

    ``path`` is relative to the project (or absolute when outside it); ``line``
    and ``column`` count from 1. Errors sort like a compiler's output.
    """

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class ContentInvalid(Exception):
    """Raised at the edge of the pipeline when content has errors; holds all of them."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(errors)
        super().__init__("\n".join(str(e) for e in self.errors))
