"""Markdown fields -> safe HTML.

markdown-it-py renders CommonMark (the dialect of the content format: see the
README; hand-written pages still go through MkDocs' Python-Markdown), then nh3
(the Ammonia sanitizer) keeps only harmless tags and attributes and only http,
https and mailto links (relative links pass). Scripts, event handlers,
``javascript:`` URLs and raw HTML an editor typed cannot reach a reader.

Markdown is the costliest step of a cold build, so each distinct text is
rendered once: ``prerender`` renders a build's new texts in parallel
processes, and ``load``/``save`` keep the results between builds, keyed by a
hash of the text.
"""

from __future__ import annotations

import hashlib
from html import unescape
import pickle
import re
from pathlib import Path
from typing import Iterable

import markdown_it
import nh3
from markupsafe import Markup

from generator.runtime import cores, fork_map, keep_checked, read_checked

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "q", "s", "strong", "sub", "sup", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto"}
DIALECT = "commonmark"  # markdown-it-py's preset: the CommonMark spec, no extensions (raw HTML on, for nh3 to clean)
# Part of every cache key: change it when the rendering above changes.
RENDERING = (f"v3|markdown-it-py {markdown_it.__version__}|{DIALECT}|{sorted(ALLOWED_TAGS)}|"
             f"{sorted((tag, sorted(names)) for tag, names in ALLOWED_ATTRIBUTES.items())}|{sorted(URL_SCHEMES)}")
LINK_REL = "noopener noreferrer"
# A link whose URL the sanitizer removed (javascript:…) keeps its text as <a> without href; a rel there
# is invalid HTML (rel needs href), so it goes. nh3 writes every attribute in double quotes, rel last.
_REL_WITHOUT_HREF = re.compile(r'<a((?: (?!href=)[a-z-]+="[^"]*")*) rel="' + LINK_REL + '">')
PARALLEL_FROM = 400  # below this many new texts, worker processes cost more than they save

_engine: markdown_it.MarkdownIt | None = None  # one per process (it keeps no state between texts)


def render_safe(text: str) -> str:
    """Sanitized HTML for one Markdown text, uncached, without the whitespace around it."""
    global _engine
    if _engine is None:
        _engine = markdown_it.MarkdownIt(DIALECT)
    html = nh3.clean(_engine.render(text), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=LINK_REL)
    return _REL_WITHOUT_HREF.sub(r"<a\1>", html).strip()


def _render_in_worker(_shared: None, texts: list[str]) -> list[str]:
    return [render_safe(text) for text in texts]


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16, person=b"timeline-md").digest()


class MarkdownRenderer:
    """Renders and sanitizes Markdown, remembering each result by its text."""

    def __init__(self) -> None:
        self._cache: dict[str, Markup] = {}
        self._stored: dict[bytes, str] = {}  # from the cache file: hash of text -> HTML
        self._plain: dict[str, str] = {}
        self.rendered_new = False  # whether anything was rendered since the last save

    def __call__(self, text: str | None) -> Markup:
        """Safe HTML for ``text`` (empty for None)."""
        if not text:
            return Markup("")
        html = self._cache.get(text)
        if html is None:
            stored = self._stored.get(_key(text))
            if stored is None:
                self.rendered_new = True
            html = Markup(stored if stored is not None else render_safe(text))
            self._cache[text] = html
        return html

    def prerender(self, texts: Iterable[str]) -> None:
        """Render every new text of a build at once, in parallel processes when there are many."""
        new = []
        for text in dict.fromkeys(texts):
            if not text or text in self._cache:
                continue
            stored = self._stored.get(_key(text))
            if stored is not None:  # kept by an earlier build: into this build's cache (and the next save)
                self._cache[text] = Markup(stored)
            else:
                new.append(text)
        self.rendered_new |= bool(new)
        if len(new) < PARALLEL_FROM or cores() < 2:
            for text in new:
                self(text)
            return
        chunks = [new[start:start + 64] for start in range(0, len(new), 64)]
        for chunk, htmls in zip(chunks, fork_map(_render_in_worker, chunks)):
            for text, html in zip(chunk, htmls):
                self._cache[text] = Markup(html)

    def load(self, path: Path) -> None:
        """Read results kept by ``save`` (a missing or stale file is ignored)."""
        data = read_checked(path)  # None when missing, truncated or damaged
        try:
            rendering, stored = pickle.loads(data) if data is not None else (None, None)
        except Exception:  # noqa: BLE001 - another version's file: render again
            return
        if rendering == RENDERING and isinstance(stored, dict):
            self._stored = stored

    def save(self, path: Path) -> None:
        """Keep this build's results (only those used, so the file does not grow forever);
        nothing to do when the build rendered nothing new."""
        if not self.rendered_new and path.exists():
            return
        self.rendered_new = False
        stored = {_key(text): str(html) for text, html in self._cache.items()}
        keep_checked(path, pickle.dumps((RENDERING, stored), protocol=pickle.HIGHEST_PROTOCOL))

    def inline(self, text: str | None) -> Markup:
        """Like calling the renderer, without the wrapping paragraph of a one-paragraph text."""
        html = str(self(text))
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)

    def plain(self, text: str | None) -> str:
        """The text with all markup removed (for meta descriptions and exports)."""
        if not text:
            return ""
        plain = self._plain.get(text)
        if plain is None:
            # nh3 keeps the text HTML-escaped; templates escape again, so unescape here.
            plain = self._plain[text] = unescape(" ".join(nh3.clean(str(self(text)), tags=set()).split()))
        return plain


def markdown_texts(chron) -> Iterable[str]:
    """Every Markdown field of a chronology, in a stable order."""
    content = chron.content
    for event in chron.events:
        yield event.summary
        if event.body:
            yield event.body
        for quote in event.quotes:
            yield quote.text
        for ref in event.sources:
            yield from (t for t in (ref.quote, ref.note) if t)
        for update in event.updates:
            yield update.note
    for record in (*content.actors.values(), *content.sources.values()):
        text = getattr(record, "description", None) or getattr(record, "notes", None)
        if text:
            yield text
