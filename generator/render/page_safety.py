"""Hand-written pages (``content/pages/*.md``, rendered by MkDocs' Python-Markdown) made as safe as
event fields, and titles that cannot turn the text around them.

``clean_page`` sanitises a page's HTML with nh3, as ``generator.render.markdown`` does event fields
(the same link schemes), keeping what a hand-written page needs beyond them: every heading (with
its ``id``, for the table of contents and anchors), tables (their column alignment as ``align``:
Python-Markdown writes it as a ``style``, which the Content-Security-Policy would refuse), images
from the site itself, definition lists, ``class`` (code highlighting, admonitions). Scripts, styles,
event handlers, frames, forms and ``javascript:`` links are dropped. An image from another site is
dropped too: no page requests anything from a third party before the reader asks (DESIGN.md),
and the policy would block it; ``CleanPage.dropped`` names each one, for a warning.

``isolate_bidi`` keeps a title's explicit direction controls (U+202A–U+202E: an override can
reverse every character after it) inside that title, for ``<title>``, which holds no markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nh3

from generator.render.markdown import ALLOWED_TAGS, URL_SCHEMES

PAGE_TAGS = ALLOWED_TAGS | {
    "h1", "h2", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "img", "figure", "figcaption", "div", "span", "dl", "dt", "dd", "details", "summary",
    "kbd", "mark", "small", "cite", "ins", "time", "var", "samp", "dfn",
}
PAGE_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
}
ALIGNMENTS = {"left", "right", "center"}
_ALIGN_STYLE = re.compile(r'\bstyle="text-align:\s*(left|right|center);?"')
_FOREIGN = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|\\\\)")  # a scheme, or a network path

EMBEDDING_CONTROLS = "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
ISOLATE_CONTROLS = "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
FSI, PDI = "\u2068", "\u2069"


@dataclass(frozen=True)
class CleanPage:
    """A page's sanitised HTML, and the sources of the images dropped from it (on another site)."""

    html: str
    dropped: tuple[str, ...] = ()


def clean_page(html: str) -> CleanPage:
    """The HTML of a hand-written page, sanitised (see the module's docstring)."""
    dropped: list[str] = []

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src" and _FOREIGN.match(value.strip()):
            dropped.append(value)
            return None
        return value

    html = _ALIGN_STYLE.sub(r'align="\1"', html)
    cleaned = nh3.clean(html, tags=PAGE_TAGS, attributes=PAGE_ATTRIBUTES, attribute_filter=keep,
                        tag_attribute_values={"th": {"align": ALIGNMENTS}, "td": {"align": ALIGNMENTS}},
                        url_schemes=URL_SCHEMES, link_rel=None)
    return CleanPage(cleaned, tuple(dropped))


def isolate_bidi(text: str) -> str:
    """``text`` whose direction controls cannot reach past it: isolates are removed (an unmatched
    one would end or extend the isolate), and a text with embeddings or overrides is wrapped in a
    first-strong isolate (FSI … PDI ends them all). Text without such controls is returned as is."""
    if not any(char in text for char in EMBEDDING_CONTROLS + ISOLATE_CONTROLS):
        return text
    kept = text.translate({ord(char): None for char in ISOLATE_CONTROLS})
    return FSI + kept + PDI if any(char in kept for char in EMBEDDING_CONTROLS) else kept
