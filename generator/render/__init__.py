"""Render stage: pages (``pages``), feeds and exports (``feed``, ``exports``), the sitemap."""

from __future__ import annotations

from typing import Iterator
from xml.etree import ElementTree as ET

from ..chronology import Chronology
from . import urls
from .markdown import MarkdownRenderer


def sitemap_xml(page_urls: list[str], site_url: str | None) -> bytes:
    """A sitemap of the generated pages (absolute URLs need ``site_url``; relative otherwise)."""
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    root = ET.Element("urlset", xmlns=ns)
    base = (site_url or "/").rstrip("/") + "/"
    for url in page_urls:
        ET.SubElement(ET.SubElement(root, "url"), "loc").text = base + url
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def site_files(chron: Chronology, options, md: MarkdownRenderer, renderer) -> Iterator[tuple[str, bytes]]:
    """The site's non-page files: sitemap, feed and exports."""
    page_urls = [""] + [urls.event_url(e.id) for e in chron.events] + ["years/"] + [
        urls.year_url(y.year) for y in chron.years
    ]
    for kind, index in (("tags", chron.by_tag), ("actors", chron.by_actor), ("places", chron.by_place),
                        ("sources", chron.by_source), ("status", chron.by_status)):
        page_urls.append(urls.kind_url(kind))
        page_urls.extend(urls.term_url(kind, key) for key in index)
    page_urls.extend(options.extra_nav_urls if hasattr(options, "extra_nav_urls") else [u for _, u in options.extra_nav])
    yield "sitemap.xml", sitemap_xml(page_urls, options.site_url)
