"""The site's URL scheme, in one place. Every URL is a directory URL ending in '/'.

Ids are validated slugs, so they can never climb out of the output folder;
``page_path`` checks again anyway, because a path bug here would write files
anywhere.
"""

from __future__ import annotations

from posixpath import normpath

from generator.content.dates import year_slug

HOME = ""


def event_url(event_id: str) -> str:
    return f"events/{event_id}/"


def year_url(year: int) -> str:
    """'years/2015/'; astronomical years as ``year_slug`` writes them: 'years/-0043/' (44 BC), 'years/-13800000000/'."""
    return f"years/{year_slug(year)}/"


def month_url(year: int, month_slug: str) -> str:
    return f"years/{year_slug(year)}/{month_slug}/"


def term_url(kind: str, term_id: str) -> str:
    """Index pages: kind is 'tags', 'actors', 'places', 'sources' or 'status'."""
    return f"{kind}/{term_id}/"


def kind_url(kind: str) -> str:
    """The list of all terms of a kind, e.g. 'tags/'."""
    return f"{kind}/"


def page_path(url: str) -> str:
    """The file a directory URL is written to: 'events/x/' -> 'events/x/index.html'."""
    path = normpath(url + "index.html")
    if path.startswith(("/", "..")) or "/../" in path:
        raise ValueError(f"refusing to write outside the site: {url!r}")
    return path


def relative_root(url: str) -> str:
    """The relative path from a page to the site root: '' -> '.', 'events/x/' -> '../..'."""
    depth = url.count("/")
    return "/".join([".."] * depth) if depth else "."
