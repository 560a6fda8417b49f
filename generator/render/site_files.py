"""The site's files besides its pages: the sitemap, the Atom feed and the exports (``feed``,
``exports``), each made only when the builder calls for it. Past a size (``site_scale``) the bulk
exports are published by year (``exports.by_year``)."""

from __future__ import annotations

import json
from typing import Callable
from xml.etree import ElementTree as ET

from generator.chronology import Chronology
from generator.render import site_scale, urls
from generator.render.exports import by_year, events_csv, events_ics, events_json, events_json_schema, timelinejs_json
from generator.render.exports.timelinejs import WHOLE_EXPORT
from generator.render.feed import atom_feed
from generator.render.markdown import MarkdownRenderer
from generator.render.media_urls import Images

FEED_LIMIT = 50  # the latest events a feed holds (the site's and each index page's)


def sitemap_xml(page_urls: list[str], site_url: str) -> bytes:
    """A sitemap of the generated pages, as absolute URLs under ``site_url``."""
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    root = ET.Element("urlset", xmlns=ns)
    base = site_url.rstrip("/") + "/"
    for url in page_urls:
        ET.SubElement(ET.SubElement(root, "url"), "loc").text = base + url
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def export_builders(chron: Chronology, site_name: str, site_url: str | None, md: MarkdownRenderer,
                    updated_for: Callable | None = None, images: Images | None = None,
                    language: str | None = None, every_event_in: str = WHOLE_EXPORT) -> dict[str, Callable[[], bytes]]:
    """The machine-readable files by their name in the site, each made only when called. ``images``: the
    processed local images (``generator.render.media_urls``), for the links to published media;
    ``every_event_in``: where timeline.json says every event is, when it leaves some out."""
    to_html = lambda text: str(md(text))  # noqa: E731 - the sanitizing renderer, as a plain function
    return {
        "feed.xml": lambda: atom_feed(chron, site_url or "", site_name, updated_for, FEED_LIMIT,
                                      markdown_to_html=to_html,
                                      self_url=(site_url.rstrip("/") + "/feed.xml") if site_url else None,
                                      images=images, language=language),
        "events.json": lambda: events_json(chron, site_url, images=images, language=language),
        "events.schema.json": lambda: (json.dumps(events_json_schema(), indent=2, ensure_ascii=False) + "\n").encode(),
        "timeline.json": lambda: timelinejs_json(chron, site_name, markdown_to_html=to_html, site_url=site_url,
                                                 images=images, every_event_in=every_event_in),
        "events.csv": lambda: events_csv(chron, site_url, images=images),
        "events.ics": lambda: events_ics(chron, site_url, title=site_name, updated_for=updated_for),
    }


def page_urls(chron: Chronology, year_split: int, extra: tuple[tuple[str, str], ...] = ()) -> list[str]:
    """The first page of every listing and every page, for the sitemap."""
    found = ["", "changes/"] + [urls.event_url(e.id) for e in chron.events] + ["years/"]
    for year in chron.years:
        found.append(urls.year_url(year.year))
        if year.count > year_split:
            found.extend(urls.month_url(year.year, month.slug) for month in year.months)
    for kind, index in (("tags", chron.by_tag), ("actors", chron.by_actor), ("places", chron.by_place),
                        ("sources", chron.by_source), ("status", chron.by_status)):
        found.append(urls.kind_url(kind))
        found.extend(urls.term_url(kind, key) for key in index)
    found.extend(url for _, url in extra)
    return found


def site_file_builders(chron: Chronology, options, md: MarkdownRenderer, updated_for: Callable | None = None,
                       images: Images | None = None) -> dict[str, Callable[[], bytes]]:
    """The site's non-page files (sitemap, feed, exports), each made only when called.
    A sitemap needs absolute URLs, so there is none without ``site_url``. Past a size, the bulk
    exports by year and their index (``exports.by_year``) instead of the whole files."""
    language = getattr(options, "language", None)
    split = site_scale.exports_by_year(len(chron.events))
    builders = export_builders(chron, options.site_name, options.site_url, md, updated_for, images, language,
                               every_event_in=by_year.EVERY_EVENT_IN if split else WHOLE_EXPORT)
    if split:
        for name in by_year.FORMATS.values():
            del builders[name]
        builders.update(by_year.builders_by_year(
            chron, lambda part: export_builders(part, options.site_name, options.site_url, md, updated_for, images,
                                                language),
            options.site_url))
    if options.site_url:
        builders["sitemap.xml"] = lambda: sitemap_xml(page_urls(chron, options.year_split, options.extra_nav),
                                                      options.site_url)
    return builders
