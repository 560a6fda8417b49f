"""The site's configuration as the render stage sees it (set from mkdocs.yml by the adapter)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
    # The web editor at /admin/ (generator.render.cms_config): on unless admin is False.
    admin: bool = True
    cms_script: str = ""  # the CMS script's URL; empty: Decap CMS pinned on unpkg, with its integrity hash
    cms_backend: tuple[tuple[str, Any], ...] = ()  # Decap's `backend` mapping, as pairs; empty: git-gateway
    cms_local_backend: bool | str = False  # Decap's `local_backend`: True (decap-server on :8081) or its API URL
