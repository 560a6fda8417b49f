"""Markdown fields -> safe HTML.

Python-Markdown renders (the same engine MkDocs uses for hand-written pages),
then nh3 (the Ammonia sanitizer) keeps only harmless tags and attributes and
only http, https and mailto links (relative links pass). Scripts, event
handlers, ``javascript:`` URLs and raw HTML an editor typed cannot reach a
reader. Each distinct text is rendered once per process.
"""

from __future__ import annotations

import markdown as _markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "q", "s", "strong", "sub", "sup", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto"}


class MarkdownRenderer:
    """Renders and sanitizes Markdown, remembering each result by its text."""

    def __init__(self) -> None:
        self._md = _markdown.Markdown(extensions=["sane_lists", "smarty"], output_format="html")
        self._cache: dict[str, Markup] = {}

    def __call__(self, text: str | None) -> Markup:
        """Safe HTML for ``text`` (empty for None)."""
        if not text:
            return Markup("")
        html = self._cache.get(text)
        if html is None:
            raw = self._md.reset().convert(text)
            html = Markup(
                nh3.clean(
                    raw,
                    tags=ALLOWED_TAGS,
                    attributes=ALLOWED_ATTRIBUTES,
                    url_schemes=URL_SCHEMES,
                    link_rel="noopener noreferrer",
                )
            )
            self._cache[text] = html
        return html

    def inline(self, text: str | None) -> Markup:
        """Like calling the renderer, without the wrapping paragraph of a one-paragraph text."""
        html = str(self(text))
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)

    def plain(self, text: str | None) -> str:
        """The text with all markup removed (for meta descriptions and exports)."""
        return " ".join(nh3.clean(str(self(text)), tags=set()).split()) if text else ""
