"""What a media URL points to, and what (if anything) may be loaded to show it.

``media_kind(url)`` recognises a URL the way TimelineJS 3 does (its
``src/js/media/MediaType.js`` list: YouTube, Vimeo, Dailymotion, SoundCloud,
Twitter, Google Maps, Flickr, Instagram, DocumentCloud, image files, Google
Docs, PDF, Wikipedia, Spotify, video and audio files; plus Bluesky and TikTok,
which it added later) and answers with a ``MediaKind`` (``generator.content.media_kinds``):
a name, a label readers see ("YouTube video"), and the privacy-respecting URL a click may load (the
``youtube-nocookie.com`` player, Vimeo with ``dnt=1``, …), or ``None`` when the
media is shown as a link card only (posts, articles, documents without an
iframe player).

Differences from TimelineJS, on purpose:

* hosts are matched on the parsed host name, not anywhere in the text
  (``https://example.org/?next=youtube.com`` is a link, not a video);
* provider rules come before file extensions, so a Wikipedia ``File:x.jpg``
  page is an article, not an image;
* posts (X/Twitter, Bluesky, Instagram) get no embed: their embeds run the
  provider's scripts and track readers; a card links to the post instead;
* ids are checked against strict patterns, so an embed URL never carries
  text an editor did not mean as an id.

Nothing here touches the network. Pure standard library, so any stage may import it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import parse_qs, quote, urlsplit

from generator.content.media_kinds import AUDIO_ALLOW, LINK, VIDEO_ALLOW, MediaKind

_IMAGE_EXT = ("jpg", "jpeg", "png", "gif", "webp", "svg", "avif")
_VIDEO_EXT = ("mp4", "webm", "ogv", "m4v", "mov")
_AUDIO_EXT = ("mp3", "ogg", "oga", "opus", "wav", "m4a", "flac")

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_LIST_ID = re.compile(r"[A-Za-z0-9_-]{10,64}")
_DIGITS = re.compile(r"\d{1,20}")
_HASH = re.compile(r"[0-9a-f]{6,20}")
_DAILYMOTION_ID = re.compile(r"[a-z0-9]{5,12}", re.IGNORECASE)
_SPOTIFY_ID = re.compile(r"[A-Za-z0-9]{22}")
_SPOTIFY_TYPES = ("track", "album", "playlist", "episode", "show", "artist")
_DOCCLOUD_ID = re.compile(r"\d{1,12}(-[a-z0-9-]{1,200})?", re.IGNORECASE)
_TIME = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?")
_COORD = re.compile(r"@(-?\d{1,3}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)(?:,(\d{1,2}(?:\.\d+)?)z)?")


@dataclass(frozen=True)
class _Url:
    """A parsed URL: lowercase host without 'www.', 'm.' or 'mobile.', path segments, query."""

    text: str
    host: str
    path: str
    segments: tuple[str, ...]
    query: dict[str, list[str]]
    fragment: str

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    @property
    def extension(self) -> str:
        last = self.segments[-1] if self.segments else ""
        return last.rsplit(".", 1)[1].lower() if "." in last else ""


def _host_is(url: _Url, *domains: str) -> bool:
    """True when the host is one of ``domains`` or a subdomain of one."""
    return any(url.host == d or url.host.endswith("." + d) for d in domains)


def _seconds(text: str | None) -> int | None:
    """'90', '90s', '1m30s', '1h2m3s' -> seconds; None for anything else or zero."""
    if not text:
        return None
    match = _TIME.fullmatch(text)
    if not match or not any(match.groups()):
        return None
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    total = hours * 3600 + minutes * 60 + seconds
    return total or None


# --- providers: each returns a MediaKind, or None when the URL is not theirs ---------------

def _youtube(url: _Url) -> MediaKind | None:
    if not (_host_is(url, "youtube.com", "youtube-nocookie.com") or url.host == "youtu.be"):
        return None
    video = None
    segments = url.segments
    if url.host == "youtu.be":
        video = segments[0] if segments else None
    elif segments[:1] == ("watch",):
        video = url.param("v")
    elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v", "e"):
        video = segments[1]
    start = _seconds(url.param("t") or url.param("start"))
    label = "YouTube video"
    if video and _YOUTUBE_ID.fullmatch(video):
        embed = f"https://www.youtube-nocookie.com/embed/{video}" + (f"?start={start}" if start else "")
        vertical = segments[:1] == ("shorts",)
        return MediaKind("youtube", label, "video", embed, "iframe", VIDEO_ALLOW,
                         "9 / 16" if vertical else "16 / 9", autoplay="autoplay=1")
    playlist = url.param("list")
    if playlist and _LIST_ID.fullmatch(playlist) and (segments[:1] == ("playlist",) or video is None):
        embed = f"https://www.youtube-nocookie.com/embed/videoseries?list={playlist}"
        return MediaKind("youtube", "YouTube playlist", "video", embed, "iframe", VIDEO_ALLOW, "16 / 9",
                         autoplay="autoplay=1")
    return MediaKind("youtube", "YouTube page", "page")  # a channel, a search: a link


def _vimeo(url: _Url) -> MediaKind | None:
    if not _host_is(url, "vimeo.com"):
        return None
    # vimeo.com/<id>[/<hash>], vimeo.com/channels/<c>/<id>, vimeo.com/groups/<g>/videos/<id>,
    # player.vimeo.com/video/<id>; an unlisted video's hash is the segment after the id or ?h=.
    ids = [i for i, s in enumerate(url.segments) if _DIGITS.fullmatch(s)]
    if not ids:
        return MediaKind("vimeo", "Vimeo page", "page")
    index = ids[0]
    video = url.segments[index]
    after = url.segments[index + 1] if index + 1 < len(url.segments) else None
    secret = url.param("h") or (after if after and _HASH.fullmatch(after) else None)
    embed = f"https://player.vimeo.com/video/{video}?dnt=1"
    if secret and _HASH.fullmatch(secret):
        embed += f"&h={secret}"
    return MediaKind("vimeo", "Vimeo video", "video", embed, "iframe", VIDEO_ALLOW, "16 / 9", autoplay="autoplay=1")


def _dailymotion(url: _Url) -> MediaKind | None:
    if url.host == "dai.ly":
        video = url.segments[0] if url.segments else None
    elif _host_is(url, "dailymotion.com"):
        segments = url.segments
        if segments[:2] == ("embed", "video") and len(segments) >= 3:
            video = segments[2]
        elif segments[:1] == ("video",) and len(segments) >= 2:
            video = segments[1]
        else:
            video = url.param("video") if segments[:1] == ("player.html",) else None
    else:
        return None
    video = video.split("_", 1)[0] if video else None  # /video/x2fo0e8_the-title_lifestyle
    if not video or not _DAILYMOTION_ID.fullmatch(video):
        return MediaKind("dailymotion", "Dailymotion page", "page")
    return MediaKind("dailymotion", "Dailymotion video", "video",
                     f"https://www.dailymotion.com/embed/video/{video}", "iframe", VIDEO_ALLOW, "16 / 9",
                     autoplay="autoplay=1")


def _twitter(url: _Url) -> MediaKind | None:
    if not _host_is(url, "twitter.com", "x.com"):
        return None
    segments = url.segments
    if len(segments) >= 3 and segments[1] in ("status", "statuses") and _DIGITS.fullmatch(segments[2]):
        return MediaKind("twitter", "Post on X (Twitter)", "post")
    if len(segments) >= 4 and segments[:2] == ("i", "web") and segments[2] == "status":
        return MediaKind("twitter", "Post on X (Twitter)", "post")
    return MediaKind("twitter", "Page on X (Twitter)", "page")


def _bluesky(url: _Url) -> MediaKind | None:
    if url.host != "bsky.app":
        return None
    segments = url.segments
    if len(segments) >= 4 and segments[0] == "profile" and segments[2] == "post":
        return MediaKind("bluesky", "Bluesky post", "post")
    return MediaKind("bluesky", "Bluesky page", "page")


def _instagram(url: _Url) -> MediaKind | None:
    if not (_host_is(url, "instagram.com") or url.host == "instagr.am"):
        return None
    segments = url.segments
    if len(segments) >= 2 and segments[0] in ("p", "tv"):
        return MediaKind("instagram", "Instagram post", "post")
    if len(segments) >= 2 and segments[0] in ("reel", "reels"):
        return MediaKind("instagram", "Instagram video", "post")
    if len(segments) >= 3 and segments[1] in ("p", "reel"):  # instagram.com/<user>/p/<id>
        return MediaKind("instagram", "Instagram post", "post")
    return MediaKind("instagram", "Instagram profile", "page")


def _tiktok(url: _Url) -> MediaKind | None:
    if not _host_is(url, "tiktok.com"):
        return None
    segments = url.segments
    # www.tiktok.com/@user/video/<id>; the official embed player is tiktok.com/player/v1/<id>.
    if len(segments) >= 3 and segments[0].startswith("@") and segments[1] in ("video", "photo"):
        if _DIGITS.fullmatch(segments[2]):
            if segments[1] == "photo":
                return MediaKind("tiktok", "TikTok post", "post")
            return MediaKind("tiktok", "TikTok video", "video", f"https://www.tiktok.com/player/v1/{segments[2]}",
                             "iframe", VIDEO_ALLOW, "9 / 16")
    if len(segments) >= 2 and segments[0] in ("embed", "player") and _DIGITS.fullmatch(segments[-1]):
        return MediaKind("tiktok", "TikTok video", "video", f"https://www.tiktok.com/player/v1/{segments[-1]}",
                         "iframe", VIDEO_ALLOW, "9 / 16")
    return MediaKind("tiktok", "TikTok video", "post")  # vm.tiktok.com short links: a link card


def _soundcloud(url: _Url) -> MediaKind | None:
    if not _host_is(url, "soundcloud.com"):
        return None
    segments = url.segments
    if url.host == "soundcloud.com" and len(segments) >= 2 and segments[0] not in (
        "discover", "search", "charts", "stream", "you", "upload", "pages", "jobs", "imprint",
    ):
        canonical = "https://soundcloud.com/" + "/".join(quote(s, safe="-_.~") for s in segments)
        embed = "https://w.soundcloud.com/player/?url=" + quote(canonical, safe="") + "&visual=false&show_comments=false"
        height = 450 if len(segments) >= 3 and segments[1] == "sets" else 166
        return MediaKind("soundcloud", "SoundCloud audio", "audio", embed, "iframe", AUDIO_ALLOW, None, height,
                         autoplay="auto_play=true")
    return MediaKind("soundcloud", "SoundCloud audio", "page")  # on.soundcloud.com short links, profiles


def _spotify(url: _Url) -> MediaKind | None:
    if not _host_is(url, "spotify.com"):
        return None
    segments = [s for s in url.segments if not s.startswith("intl-")]
    if segments[:1] == ["embed"]:
        segments = segments[1:]
    if len(segments) >= 2 and segments[0] in _SPOTIFY_TYPES and _SPOTIFY_ID.fullmatch(segments[1]):
        kind, item = segments[0], segments[1]
    elif len(segments) >= 4 and segments[0] == "user" and segments[2] == "playlist" and _SPOTIFY_ID.fullmatch(segments[3]):
        kind, item = "playlist", segments[3]
    else:
        return MediaKind("spotify", "Spotify page", "page")
    label = "Spotify podcast" if kind in ("episode", "show") else "Spotify audio"
    height = 152 if kind in ("track", "episode") else 352
    return MediaKind("spotify", label, "audio", f"https://open.spotify.com/embed/{kind}/{item}",
                     "iframe", AUDIO_ALLOW, None, height)


def _documentcloud(url: _Url) -> MediaKind | None:
    if not _host_is(url, "documentcloud.org"):
        return None
    segments = url.segments
    if len(segments) >= 2 and segments[0] == "documents":
        slug = segments[1].removesuffix(".html")
        if _DOCCLOUD_ID.fullmatch(slug):
            return MediaKind("documentcloud", "DocumentCloud document", "document",
                             f"https://embed.documentcloud.org/documents/{slug}/?embed=1", "iframe", "",
                             "3 / 4")
    return MediaKind("documentcloud", "DocumentCloud page", "page")


def _wikipedia(url: _Url) -> MediaKind | None:
    if url.host.endswith(".wikipedia.org") or url.host == "wikipedia.org":
        if url.fragment.startswith("/media/"):  # an image in an article's media viewer
            return MediaKind("wikipedia", "Wikipedia image", "page")
        return MediaKind("wikipedia", "Wikipedia article", "page")
    if url.host == "commons.wikimedia.org":
        return MediaKind("wikimedia", "Wikimedia Commons file", "page")
    return None


def _google_maps(url: _Url) -> MediaKind | None:
    is_google = re.fullmatch(r"(maps\.)?google(\.[a-z]{2,3}){1,2}", url.host) is not None
    if url.host in ("maps.app.goo.gl", "goo.gl") and (url.host != "goo.gl" or url.segments[:1] == ("maps",)):
        return MediaKind("googlemaps", "Google Maps map", "map")
    if not is_google or not (url.host.startswith("maps.") or url.segments[:1] == ("maps",)):
        return None
    coords = _COORD.search(url.path)
    query = None
    segments = url.segments
    if len(segments) >= 3 and segments[1] in ("place", "search") and not segments[2].startswith("@"):
        query = segments[2]
    elif url.param("q"):
        query = url.param("q")
    if coords:
        lat, lon, zoom = coords.groups()
        if abs(float(lat)) <= 90 and abs(float(lon)) <= 180:
            z = max(1, min(21, round(float(zoom)))) if zoom else 15
            q = quote(query.replace("+", " "), safe="") if query else f"{lat},{lon}"
            ll = f"&ll={lat},{lon}" if query else ""
            embed = f"https://maps.google.com/maps?q={q}{ll}&z={z}&output=embed"
            return MediaKind("googlemaps", "Google Maps map", "map", embed, "iframe", "", "4 / 3")
    if query:
        embed = f"https://maps.google.com/maps?q={quote(query.replace('+', ' '), safe='')}&output=embed"
        return MediaKind("googlemaps", "Google Maps map", "map", embed, "iframe", "", "4 / 3")
    return MediaKind("googlemaps", "Google Maps map", "map")


def _flickr(url: _Url) -> MediaKind | None:
    if (_host_is(url, "flickr.com") and url.segments[:1] == ("photos",)) or url.host == "flic.kr":
        return MediaKind("flickr", "Flickr photo", "page")
    return None


def _google_docs(url: _Url) -> MediaKind | None:
    if url.host in ("docs.google.com", "drive.google.com"):
        return MediaKind("googledocs", "Google document", "document")
    return None


def _file(url: _Url) -> MediaKind | None:
    """A media file by its extension (on the path, not the query): loaded, after a click, in a
    native element."""
    ext = url.extension
    if ext in _IMAGE_EXT:
        return MediaKind("image", "Image", "image", url.text, "image")
    if ext in _VIDEO_EXT:
        return MediaKind("video", "Video", "video", url.text, "video", "", "16 / 9")
    if ext in _AUDIO_EXT:
        return MediaKind("audio", "Audio", "audio", url.text, "audio")
    if ext == "pdf":
        return MediaKind("pdf", "PDF document", "document")
    return None


# In order: the first rule that answers wins. Providers before file extensions.
RULES: tuple[Callable[[_Url], MediaKind | None], ...] = (
    _youtube, _vimeo, _dailymotion, _soundcloud, _twitter, _bluesky, _google_maps, _flickr,
    _instagram, _tiktok, _documentcloud, _google_docs, _wikipedia, _spotify, _file,
)


def _parse(url: str) -> _Url | None:
    text = url.strip()
    if text.startswith("//"):
        text = "https:" + text
    elif "://" not in text:
        text = "https://" + text  # 'youtu.be/…' as TimelineJS accepts it
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    for prefix in ("www.", "m.", "mobile."):
        if host.startswith(prefix):
            host = host[len(prefix):]
            break
    segments = tuple(s for s in parts.path.split("/") if s)
    return _Url(text, host, parts.path, segments, parse_qs(parts.query), parts.fragment)


def media_kind(url: str) -> MediaKind:
    """What ``url`` is: a provider's video or post, a media file, or a plain link ("link").

    Never raises; anything unrecognised, malformed or not http(s) is a link.
    """
    parsed = _parse(url)
    if parsed is None:
        return LINK
    for rule in RULES:
        kind = rule(parsed)
        if kind is not None:
            return kind
    return LINK


__all__ = ["RULES", "media_kind"]
