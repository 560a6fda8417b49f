"""The site's configuration as the render stage sees it (set from mkdocs.yml by the adapter)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteOptions:
    """What the site needs to know beyond the content."""

    site_name: str = "Timeline"
    site_url: str | None = None  # absolute base URL, for canonical links, feeds and sitemaps
    description: str = ""
    language: str = "en"
    newest_first: bool = False
    home_limit: int = 100  # the home page shows at most this many (latest) events
    list_limit: int = 100  # index pages split into numbered pages beyond this
    year_split: int = 150  # a year with more events gets a page per month
    extra_nav: tuple[tuple[str, str], ...] = ()  # hand-written pages: (title, url relative to root)
    serve_status: bool = False  # live preview: pages poll for validation errors
