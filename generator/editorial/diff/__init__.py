"""``timeline diff``: what changed between two revisions, record by record, field by field.

Both sides are read from git or from the working tree (``revisions``) and
parsed with the same loader and field table as ``timeline check``
(``records``), so the diff reflects meaning (``compare``): re-indenting a
file, re-quoting a value or re-wrapping a paragraph is not a change; moving an
event to another year folder is not a change either (events are matched by id,
not by path). ``changes`` holds what a diff finds, ``format`` writes it out.

A record that does not validate on the newer side is reported as invalid with
its first errors, never as a crash.
"""

from __future__ import annotations

from pathlib import Path

from generator.editorial.diff.changes import WORKING_TREE, EventChange, FieldChange
from generator.editorial.diff.compare import compare
from generator.editorial.diff.format import format_markdown, format_text
from generator.editorial.diff.records import read_side
from generator.editorial.diff.revisions import DiffError, changed_files


def diff_revisions(repo_root: Path, content_dir: Path, rev_a: str = "HEAD", rev_b: str | None = None) -> list[EventChange]:
    """Record-level, field-level changes from ``rev_a`` to ``rev_b`` (None: the working tree).

    ``content_dir`` is relative to ``repo_root`` unless absolute. Raises
    ``DiffError`` when git is missing, the folder is not in a repository, or a
    revision does not exist.
    """
    files = changed_files(Path(repo_root), Path(content_dir), rev_a, rev_b)
    before = read_side(files.before, files.prefix)
    after = read_side(files.after, files.prefix)
    return compare(before, after, WORKING_TREE if rev_b is None else rev_b)


__all__ = ["DiffError", "EventChange", "FieldChange", "diff_revisions", "format_markdown", "format_text"]
