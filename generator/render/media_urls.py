"""Where an event's media are on the published site: what pages, the feed and the exports link to.

The builder processes every local image once per build (``generator.pipeline.images``) and
hands the render stage a mapping ``images``: path under ``content/media/`` -> its
``ProcessedImage`` (the published variants). A local image (``file``) is then published at
its variants' paths; the original never is. A URL entry is where it is, and its optional
``thumbnail`` is a local image like any other.

Links here are relative to the site root (``media/x-1a2b3c4d-960.jpg``), or absolute when a
site URL is given, like the exports' links to event pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator, Mapping

from generator.content.model import Event

if TYPE_CHECKING:  # only for the annotations: this module reads the records, never makes one
    from generator.content.media import Media
    from generator.render.processed_images import ProcessedImage, Variant

Images = Mapping[str, "ProcessedImage"]


def site_link(path: str, site_url: str | None) -> str:
    """``path`` (from the site root) joined to ``site_url``; ``path`` itself without one."""
    return site_url.rstrip("/") + "/" + path if site_url else path


def image_of(media: "Media", images: Images | None) -> "ProcessedImage | None":
    """The processed local image of an entry: its ``file``, or the ``thumbnail`` of a URL entry; None when it has neither
    (or the images were not processed: a render outside a build)."""
    name = media.file or media.thumbnail
    return images.get(name) if name and images else None


def event_images(event: Event, images: Images | None) -> dict[str, "ProcessedImage"]:
    """The processed images one event shows (files and thumbnails), by name: an event page's share of ``images``."""
    found = {}
    for media in event.media:
        for name in (media.file, media.thumbnail):
            if name and images and name in images:
                found[name] = images[name]
    return found


def lead_image(event: Event, images: Images | None) -> "tuple[Media, ProcessedImage] | None":
    """The event's first local image (a photo, else the thumbnail of a video or post): the one a listing,
    the feed and link previews (Open Graph) show; None when it has none."""
    for media in event.media:
        image = image_of(media, images)
        if image is not None:
            return media, image
    return None


def media_url(media: "Media", images: Images | None, site_url: str | None) -> str | None:
    """Where an entry is: a local image's full-size published file, or the entry's URL.
    None for a local image that was not processed (a render outside a build)."""
    if media.url is not None:
        return media.url
    image = images.get(media.file) if images else None
    return site_link(image.full.path, site_url) if image is not None else None


def thumbnail_url(media: "Media", images: Images | None, site_url: str | None) -> str | None:
    """The small published image of an entry (a photo's smallest size, or a URL entry's ``thumbnail``), or None."""
    image = image_of(media, images)
    return site_link(image.thumbnail.path, site_url) if image is not None else None


def variant_url(variant: "Variant", site_url: str | None) -> str:
    return site_link(variant.path, site_url)


def shown_images(event: Event, images: Images | None, site_url: str | None) -> Iterator[dict[str, Any]]:
    """Every image an event page shows (photos, images on the web, thumbnails of videos and posts), as
    ``{url, width, height, alt, caption, credit, license}`` (width and height None when not known)."""
    for media in event.media:
        image = image_of(media, images)
        if image is not None:
            shown = image.full if media.file else image.thumbnail
            yield {"url": site_link(shown.path, site_url), "width": shown.width, "height": shown.height,
                   "type": shown.media_type, "media": media}
        elif media.url is not None and media.is_image:
            yield {"url": media.url, "width": None, "height": None, "type": None, "media": media}


__all__ = ["Images", "event_images", "image_of", "lead_image", "media_url", "shown_images", "site_link",
           "thumbnail_url", "variant_url"]
