"""HTML (TimelineJS slide text) to Markdown-ish text and to plain text; shortening text for messages and titles.

Tags are stripped; paragraphs, line breaks and list items are kept; http(s)
and mailto links are kept as ``[text](url)``; images, embeds and scripts are
dropped, and what was dropped is returned so that it can be reported.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK_TAGS = {
    "p", "div", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr",
    "section", "article", "header", "footer", "figure", "figcaption", "pre", "hr", "dl", "dt", "dd",
}
_MEDIA_TAGS = {"img", "iframe", "video", "audio", "embed", "object", "source", "picture", "svg", "canvas", "track", "map"}
_SKIP_CONTENT = {"script", "style", "noscript", "template", "iframe", "video", "audio", "object", "svg", "canvas"}
_VOID = {"img", "embed", "source", "track", "br", "hr", "wbr", "input", "meta", "link", "area", "col", "param"}
_LINK_SCHEMES = ("http://", "https://", "mailto:")


class _HtmlToMarkdown(HTMLParser):
    """Strips tags, keeps paragraphs, line breaks, list items and http(s)/mailto links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.plain: list[str] = []
        self.links: list[tuple[int, str | None]] = []
        self.skip = 0
        self.dropped: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attr = {k: (v or "") for k, v in attrs}
        if self.skip:
            if tag in _SKIP_CONTENT and tag not in _VOID:
                self.skip += 1
            return
        if tag in _MEDIA_TAGS:
            where = attr.get("src") or attr.get("data") or attr.get("href") or ""
            self.dropped.append(f"<{tag}>" + (f" {where}" if where else ""))
        elif tag in ("script", "style"):
            self.dropped.append(f"<{tag}>")
        if tag in _SKIP_CONTENT and tag not in _VOID:
            self.skip += 1
            return
        if tag == "br":
            self._write("\n")
        elif tag == "li":
            self._write("\n- ")
        elif tag in _BLOCK_TAGS:
            self._write("\n\n")
        elif tag == "a":
            href = attr.get("href", "").strip()
            if href and not href.lower().startswith(_LINK_SCHEMES):
                if not href.startswith("#"):
                    self.dropped.append(f"link {href} (not http, https or mailto)")
                href = ""
            self.links.append((len(self.out), href or None))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_CONTENT and tag not in _VOID:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "a" and self.links:
            start, href = self.links.pop()
            if href:
                text = "".join(self.out[start:]).strip() or href
                del self.out[start:]
                self._write(f"[{text}]({href.replace(' ', '%20').replace(')', '%29')})")
        elif tag in _BLOCK_TAGS:
            self._write("\n\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        pieces = re.split(r"\n[ \t\r\f\v]*\n\s*", data)  # a blank line in plain text is a paragraph break
        for number, piece in enumerate(pieces):
            if number:
                self._write("\n\n")
            self._text(piece)

    def _text(self, data: str) -> None:
        text = re.sub(r"\s+", " ", data.replace("\xa0", " "))
        self.plain.append(text)
        if self._at_line_start():
            text = text.lstrip(" ")
            text = re.sub(r"^(#|>|[+-](?= ))", r"\\\1", escape_inline(text))
            text = re.sub(r"^(\d+)\.(?= |$)", r"\1\\.", text)
        else:
            text = escape_inline(text)
        self._write(text)

    def _write(self, text: str) -> None:
        self.out.append(text)

    def _at_line_start(self) -> bool:
        tail = "".join(self.out[-3:]).rstrip(" ")
        return not tail or tail.endswith("\n")

    def result(self) -> str:
        text = "".join(self.out)
        lines = [line.strip() for line in text.split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
        return text.strip("\n")


def escape_inline(text: str) -> str:
    """Plain text made safe inside a Markdown paragraph (backslash, code, emphasis, brackets, '<')."""
    text = re.sub(r"([\\`*_\[\]])", r"\\\1", text)
    return text.replace("<", "&lt;")


def html_to_markdown(html: str) -> tuple[str, list[str]]:
    """Markdown-ish text of an HTML fragment, and what was dropped (media, scripts, odd links)."""
    parser = _HtmlToMarkdown()
    parser.feed(html)
    parser.close()
    return parser.result(), parser.dropped


def html_to_plain(html: str) -> str:
    """The text of an HTML fragment on one line, without any markup."""
    parser = _HtmlToMarkdown()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.plain).split())


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters: cut at a space in the second half when there is one, ending in '…'."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def quoted_headline(html: str) -> str:
    """' ("the headline")' as plain text, shortened, to name a slide or row in messages; '' when empty."""
    headline = html_to_plain(html)
    return f' ("{shorten(headline, 60)}")' if headline else ""
