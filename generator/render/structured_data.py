"""What an event page says to machines: its schema.org ``Event`` (JSON-LD), with the articles it
cites, its place, its actors and its images (``generator.render.media_urls``)."""

from __future__ import annotations

from typing import Any

from generator.chronology import Chronology
from generator.content.model import Event
from generator.render import urls
from generator.render.markdown import MarkdownRenderer
from generator.render.media_urls import Images, shown_images


def event_jsonld(event: Event, chron: Chronology, md: MarkdownRenderer, site_url: str | None,
                 images: Images | None = None, root: str = "../..") -> dict:
    """schema.org ``Event`` data for an event page; ``images`` (see ``generator.render.media_urls``) give
    its ``image``: each image the page shows, absolute under ``site_url``, else relative to the page
    (``root``: the way from the page to the site root)."""
    content = chron.content
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": md.plain(event.summary),
        "eventStatus": "https://schema.org/EventScheduled",
    }
    if site_url:
        data["url"] = site_url.rstrip("/") + "/" + urls.event_url(event.id)
    # schema.org dates are ISO 8601: an EDTF date HTML has no form for (201X, 44 BC) stays in
    # temporalCoverage as written; an open end ('..', still going) has no endDate.
    start = event.date.html_datetime
    if start is not None:
        data["startDate"] = start
    if event.date.needs_edtf:
        data["temporalCoverage"] = str(event.date) + ("/" + str(event.end_date) if event.end_date else "")
    end = event.end_date.html_datetime if event.end_date and not event.end_date.is_open else None
    if end is not None:
        data["endDate"] = end
    place = content.places.get(event.place) if event.place else None
    if place:
        location: dict[str, Any] = {"@type": "Place", "name": place.name}
        address = {k: v for k, v in (("addressRegion", place.region), ("addressCountry", place.country)) if v}
        if address:
            location["address"] = {"@type": "PostalAddress", **address}
        if place.lat is not None and place.lon is not None:
            location["geo"] = {"@type": "GeoCoordinates", "latitude": place.lat, "longitude": place.lon}
        data["location"] = location
    else:
        data["location"] = {"@type": "Place", "name": "Unknown"}
    citations = []
    for ref in event.sources:
        source = content.sources[ref.source]
        article: dict[str, Any] = {"@type": "NewsArticle", "headline": source.title}
        if source.url:
            article["url"] = source.url
        if source.publisher:
            article["publisher"] = {"@type": "Organization", "name": source.publisher}
        if source.published:
            article["datePublished"] = str(source.published)
        citations.append(article)
    data["citation"] = citations
    performers = [content.actors[a] for a in event.actors]
    if performers:
        data["performer"] = [
            {"@type": "Person" if a.kind == "person" else "Organization", "name": a.name} for a in performers
        ]
    pictures = [_image_object(shown, site_url, root) for shown in shown_images(event, images, site_url)]
    if pictures:
        data["image"] = pictures
    return data


def _image_object(shown: dict, site_url: str | None, root: str) -> dict:
    """A schema.org ``ImageObject`` for one image of an event page."""
    media = shown["media"]
    url = shown["url"] if site_url or "://" in shown["url"] else f"{root}/{shown['url']}"
    image: dict[str, Any] = {"@type": "ImageObject", "contentUrl": url, "url": url}
    if shown["width"]:
        image["width"], image["height"] = shown["width"], shown["height"]
    if media.caption or media.alt:
        image["caption"] = media.caption or media.alt
    if media.alt:
        image["description"] = media.alt
    if media.credit:
        image["creditText"] = media.credit
    if media.license_url:
        image["license"] = media.license_url
    return image


__all__ = ["event_jsonld"]
