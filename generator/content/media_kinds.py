"""What a media entry is, as readers see it and a click may load it: ``MediaKind``.

A URL entry's kind comes from ``media_kind`` (``generator.content.media_providers``), which
knows each provider's URLs; a local image (``file:``) is always ``IMAGE``. The content stage
sets ``Media.kind`` when it validates an entry; templates read the kind's label, player and
sizes. Pure standard library, so any stage may import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

# What a click on "Play" may delegate to the player frame: nothing more.
VIDEO_ALLOW = "autoplay; fullscreen; picture-in-picture"
AUDIO_ALLOW = "autoplay"
# The sandbox of every player frame. Third-party players need their own scripts and
# their own origin (cookies, storage: the frames are cross-origin, so this does not
# give them ours); popups let "watch on YouTube" open a normal tab.
IFRAME_SANDBOX = "allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox"


@dataclass(frozen=True)
class MediaKind:
    """What a URL is and how a reader may load it.

    ``name``: a stable identifier (``youtube``, ``image``, ``link``, …), for CSS
    classes and exports. ``label``: what readers see on the card ("YouTube video").
    ``category``: ``image``, ``video``, ``audio``, ``post``, ``document``, ``map`` or
    ``page``. ``embed_url``: what the reader's click loads, or None for a link card.
    ``player``: the element that loads it: ``iframe``, ``video``, ``audio`` or
    ``image`` (a third-party file shown in a native element), None without an embed.
    ``allow``: the iframe ``allow`` attribute (minimal). ``aspect_ratio`` (CSS,
    "16 / 9") or ``frame_height`` (CSS pixels) size the player. ``autoplay``: the query
    parameter that starts a player at once ("autoplay=1"), which the page adds when the
    reader has clicked "Play", so that one click plays.
    """

    name: str
    label: str
    category: str
    embed_url: str | None = None
    player: str | None = None
    allow: str = ""
    aspect_ratio: str | None = None
    frame_height: int | None = None
    autoplay: str | None = None

    @property
    def loads_from(self) -> str | None:
        """The host a click contacts ('www.youtube-nocookie.com'), or None without an embed."""
        return urlsplit(self.embed_url).hostname if self.embed_url else None

    @property
    def sandbox(self) -> str:
        """The ``sandbox`` attribute of the player frame ('' for non-iframe players)."""
        return IFRAME_SANDBOX if self.player == "iframe" else ""


LINK = MediaKind("link", "Web page", "page")
# A local image (``file:`` under content/media/): published with the site, nothing to load from elsewhere.
IMAGE = MediaKind("image", "Image", "image")

# The names ``media_kind`` can answer, for schema and export documentation.
KIND_NAMES = ("youtube", "vimeo", "dailymotion", "soundcloud", "twitter", "bluesky", "googlemaps", "flickr",
              "instagram", "tiktok", "documentcloud", "googledocs", "wikipedia", "wikimedia", "spotify",
              "image", "video", "audio", "pdf", "link")


__all__ = ["AUDIO_ALLOW", "IFRAME_SANDBOX", "IMAGE", "KIND_NAMES", "LINK", "MediaKind", "VIDEO_ALLOW"]
