"""Built folders read back, shared by the tests (a plain module: ``from trees import files_under`` works from
tests/ and tests/browser/ alike, where ``conftest`` names two different files)."""

from __future__ import annotations

from pathlib import Path


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (a built site, or part of one): its bytes by its relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
