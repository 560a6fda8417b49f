"""A page's Markdown as MkDocs hands it to plugins, for ``timeline check`` (which reads the
hand-written pages as the build does, without running MkDocs)."""

from __future__ import annotations


def without_front_matter(text: str) -> str:
    """``text`` without its front matter, split off as MkDocs splits it."""
    from mkdocs.utils.meta import get_data  # MkDocs takes 60 ms to load: only for a page with a slice

    return get_data(text)[0]
