"""An event's ``media`` list: the model record and its validation.

Each entry is a local image (``file``: a path under ``content/media/``) or a URL
(``url``: http or https), with ``alt`` (required for images: what screen-reader
users hear), and optional ``caption``, ``credit``, ``license``, ``link`` (where
the media was published) and ``thumbnail`` (a local image shown on the card of
a URL entry; nothing is loaded from the third party until the reader asks).

Local files are checked on disk (``generator.content.media_files``): inside
``content/media/``, spelled exactly, and an image that can be published. What a
URL is comes from ``generator.content.media_providers``.

How ``format.py`` uses it (see ``MediaList``): ``"media": FieldSpec(MediaList(), …)``,
and the caller that validates a tree says where the content folder is, once,
with ``with media_root(content_dir): …``. Without a content folder (a reader of
old git revisions, an importer) only the structure is checked.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

from generator.content.errors import ContentError
from generator.content.fields import INVALID, Invalid, Text, Url, did_you_mean
from generator.content.yaml_nodes import Mapping, Node, Scalar, Sequence
from generator.content.media_kinds import IMAGE, MediaKind
from generator.content.media_files import local_image
from generator.content.media_providers import media_kind

TEXT_MAX = 1000
ALT_MAX = 1000
Errors = list[ContentError]

ALT_REQUIRED = "alt text is required for images: it is what screen-reader users hear"
ALT_HINT = "describe what the image shows, e.g. alt: Smoke rising over the hospital's east wing"


@dataclass(frozen=True)
class Media:
    """One media entry of an event, validated.

    Exactly one of ``file`` (a POSIX path relative to ``content/media/``, normalised)
    and ``url`` (http or https) is set. ``kind`` is what the entry is: for a ``file``
    always the image kind; for a ``url`` what ``media_kind`` recognises (a
    ``generator.content.media_kinds.MediaKind``: ``.name``, ``.label``, ``.embed_url``…).
    ``thumbnail`` (URL entries only) is a path under ``content/media/`` like ``file``.
    """

    file: str | None = None
    url: str | None = None
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None
    license: str | None = None
    link: str | None = None
    thumbnail: str | None = None
    kind: MediaKind | None = None

    @property
    def is_local(self) -> bool:
        """True for an image from ``content/media/``."""
        return self.file is not None

    @property
    def is_image(self) -> bool:
        """True for a local image or a URL of an image file."""
        return self.kind is not None and self.kind.name == "image"

    @property
    def host(self) -> str | None:
        """The site a URL entry is on, as readers know it: 'youtube.com', 'bsky.app'."""
        if self.url is None:
            return None
        host = (urlsplit(self.url).hostname or "").removeprefix("www.")
        return host or None

    @property
    def license_url(self) -> str | None:
        """The deed of a Creative Commons licence named in ``license`` ('CC BY-SA 4.0', 'CC0'), else None."""
        return license_url(self.license) if self.license else None


_CC = re.compile(r"CC[ -]?(BY(?:[ -](?:NC[ -]SA|NC[ -]ND|NC|SA|ND))?)[ -]?(\d\.\d)", re.IGNORECASE)
_CC0 = re.compile(r"CC[ -]?0(?:[ -]?1\.0)?", re.IGNORECASE)


def license_url(text: str) -> str | None:
    """'CC BY-SA 4.0' -> 'https://creativecommons.org/licenses/by-sa/4.0/'; CC0 and the
    public-domain mark too; None for anything else (the text is shown as written)."""
    text = text.strip()
    if _CC0.fullmatch(text):
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    if text.lower() in ("public domain mark", "pdm", "public domain mark 1.0"):
        return "https://creativecommons.org/publicdomain/mark/1.0/"
    match = _CC.fullmatch(text)
    if match:
        terms = re.sub(r"[ -]+", "-", match.group(1).lower())
        return f"https://creativecommons.org/licenses/{terms}/{match.group(2)}/"
    return None


# --- where the content folder is, for the field spec ------------------------------------------

_CONTENT_DIR: contextvars.ContextVar[Path | None] = contextvars.ContextVar("media_content_dir", default=None)


@contextlib.contextmanager
def media_root(content_dir: Path | None) -> Iterator[None]:
    """Within this block, ``MediaList`` checks files against ``content_dir/media/``."""
    token = _CONTENT_DIR.set(Path(content_dir) if content_dir is not None else None)
    try:
        yield
    finally:
        _CONTENT_DIR.reset(token)


@dataclass(frozen=True)
class MediaList:
    """The field spec of an event's ``media`` (the ``fields.py`` protocol: ``convert``, ``schema``).

    ``content_dir`` fixes the folder; when None, the one set by ``media_root`` is used,
    and without either only the structure is checked (no file is read).
    """

    content_dir: Path | None = None

    def convert(self, node: Node, errors: Errors) -> Any:
        root = self.content_dir if self.content_dir is not None else _CONTENT_DIR.get()
        return validate_media(node, root, errors)

    def schema(self) -> dict:
        return media_schema()


_FIELDS = ("file", "url", "alt", "caption", "credit", "license", "link", "thumbnail")
_DESCRIPTIONS = {
    "file": "an image (JPEG, PNG, GIF, WebP) under content/media/, e.g. photos/hospital.jpg",
    "url": "an http(s) URL: a video (YouTube, Vimeo, …), a post (X, Bluesky, Instagram, TikTok), audio, a document, a page",
    "alt": "what the image shows, for people who cannot see it; required for images",
    "caption": "plain text shown under the media",
    "credit": "who made it: 'Photo: Jane Doe / Agency'",
    "license": "e.g. 'CC BY-SA 4.0', 'All rights reserved'",
    "link": "http(s) URL of the page where the media was published",
    "thumbnail": "an image under content/media/ shown on the card of a url entry before the reader loads it",
}


def media_schema() -> dict:
    """JSON Schema of the ``media`` list (for ``timeline schema``)."""
    text = {"type": "string", "minLength": 1, "maxLength": TEXT_MAX}
    path = {"type": "string", "minLength": 1, "pattern": r"^(?!/)(?!.*(^|/)\.\.(/|$))[^\\]+$"}
    url = {"type": "string", "format": "uri", "pattern": "^https?://"}
    properties = {
        "file": path, "url": url, "alt": {**text, "maxLength": ALT_MAX}, "caption": text, "credit": text,
        "license": text, "link": url, "thumbnail": path,
    }
    item = {
        "type": "object",
        "additionalProperties": False,
        "properties": {name: {**schema, "description": _DESCRIPTIONS[name]} for name, schema in properties.items()},
        "oneOf": [{"required": ["file", "alt"]}, {"required": ["url"]}],
        "not": {"required": ["file", "thumbnail"]},
    }
    return {"type": "array", "items": item}


# --- validation --------------------------------------------------------------------------------

_TEXT = Text(TEXT_MAX)
_ALT = Text(ALT_MAX)
_URL = Url()


def validate_media(node: Node, content_dir: Path | None, errors: Errors) -> tuple[Media, ...] | Invalid:
    """Validate an event's ``media`` node; return its entries, or INVALID after appending errors.

    ``content_dir`` is the content folder (the one holding ``media/``); None checks the
    structure only. Every error points at the offending value (a missing field: at the entry).
    """
    if not isinstance(node, Sequence):
        errors.append(node.pos.error("expected a list of media (lines starting with '- ')"))
        return INVALID
    entries = [_entry(item, content_dir, errors) for item in node.items]
    return INVALID if any(e is INVALID for e in entries) else tuple(entries)


def _entry(node: Node, content_dir: Path | None, errors: Errors) -> Media | Invalid:
    if not isinstance(node, Mapping):
        errors.append(node.pos.error("expected a media entry: a mapping with 'file' or 'url', and 'alt'"))
        return INVALID
    before = len(errors)
    nodes: dict[str, Node] = {}
    values: dict[str, Any] = {}
    for key, child in node.items:
        if key.text not in _FIELDS:
            errors.append(key.pos.error(f"unknown field '{key.text}' in a media entry{did_you_mean(key.text, _FIELDS)}"))
            continue
        if isinstance(child, Scalar) and child.is_null:
            if key.text in ("file", "url", "alt"):
                errors.append(child.pos.error(f"'{key.text}' is empty"))
            continue
        nodes[key.text] = child
        spec = _URL if key.text in ("url", "link") else _ALT if key.text == "alt" else _TEXT
        value = spec.convert(child, errors)
        if value is not INVALID:
            values[key.text] = value

    has_file, has_url = "file" in node.keys(), "url" in node.keys()
    if has_file and has_url:
        second = max((k for k, _ in node.items if k.text in ("file", "url")), key=lambda k: (k.pos.line, k.pos.column))
        errors.append(second.pos.error("a media entry has either 'file' (an image under content/media/) or 'url', not both"))
    elif not has_file and not has_url:
        errors.append(node.pos.error("a media entry needs 'file' (an image under content/media/) or 'url' (http or https)"))
    if "thumbnail" in nodes and has_file:
        errors.append(nodes["thumbnail"].pos.error("'thumbnail' is for url entries; a file is its own thumbnail"))

    if "file" in values:
        values["file"] = local_image(values["file"], nodes["file"].pos, content_dir, errors)
    if "thumbnail" in values:
        values["thumbnail"] = local_image(values["thumbnail"], nodes["thumbnail"].pos, content_dir, errors)
    kind = _kind_of(values)
    if (has_file or (kind is not None and kind.name == "image")) and "alt" not in node.keys():
        errors.append(node.pos.error(f"media entry is missing 'alt': {ALT_REQUIRED}; {ALT_HINT}"))
    if len(errors) > before or any(v is INVALID for v in values.values()) or kind is None:
        return INVALID
    return Media(kind=kind, **values)


def _kind_of(values: dict[str, Any]) -> MediaKind | None:
    """The entry's MediaKind (the image kind for a local file), or None when neither is valid."""
    if values.get("file") not in (None, INVALID):
        return IMAGE
    if values.get("url") not in (None, INVALID):
        return media_kind(values["url"])
    return None


__all__ = ["ALT_REQUIRED", "Media", "MediaList", "license_url", "media_root", "media_schema", "validate_media"]
