"""Embeds: ``/embed/<path>`` views of the chronology and of every index page, for an ``<iframe>``
in an article (DESIGN.md, "Embeds").

``PageRenderer.embed_pages`` lists them (template ``embed.html``): the page's time axis (and the
overview where the page has one), without the site's header, filters or footer. An embed shows
the first page of its listing, never more, and a link to the page on the site, so an embed is
never bigger than its page (at 100,000 events too). Its links open in the top window
(``top_links``: ``target="_top"`` on every link that leaves the embed), its script
(``assets/embed.js``) posts its height to the host page, and it loads nothing from elsewhere.

Hosts that read a ``_headers`` file (Netlify, Cloudflare Pages) get one that lets any site frame
``/embed/`` (``generator.render.csp.headers_file``); README ("Embeds and slices") gives the headers for others.
"""

from __future__ import annotations

import re

from markupsafe import Markup

EMBED_PREFIX = "embed/"  # /embed/<the page's path>
HEIGHT_MESSAGE = "timeline-site:height"  # the postMessage type assets/embed.js sends, and embed-host.js reads

_LEAVING_LINK = re.compile(r'<a\b(?![^>]*\btarget=)(?=[^>]*\bhref="(?!#))')


def embed_url(url: str) -> str:
    """The embed of the page at ``url``: 'tags/prison/' -> 'embed/tags/prison/', '' -> 'embed/'."""
    return EMBED_PREFIX + url


def top_links(html: str) -> Markup:
    """``html`` with ``target="_top"`` on every link that leaves the page (not '#…' links, which
    stay in the frame): an embed's links open the site in the reader's window, not in the frame.
    (A ``<base target="_top">`` would send the skip links' '#…' targets to the top window too.)"""
    return Markup(_LEAVING_LINK.sub('<a target="_top"', str(html)))


__all__ = ["EMBED_PREFIX", "HEIGHT_MESSAGE", "embed_url", "top_links"]
