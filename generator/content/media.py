"""An event's ``media`` list: the model record and its validation.

Each entry is a local image (``file``: a path under ``content/media/``) or a URL
(``url``: http or https), with ``alt`` (required for images: what screen-reader
users hear), and optional ``caption``, ``credit``, ``license``, ``link`` (where
the media was published) and ``thumbnail`` (a local image shown on the card of
a URL entry; nothing is loaded from the third party until the reader asks).

Local files are checked on disk: they must stay inside ``content/media/``
(no ``..``, no absolute path, no symbolic link out), exist with that exact
spelling (so a site built on a case-sensitive file system behaves the same),
and be a JPEG, PNG, GIF or WebP image that Pillow can read completely, of at
most ``MAX_PIXELS`` pixels and ``MAX_BYTES`` bytes (decompression bombs).

How ``format.py`` uses it (see ``MediaList``): ``"media": FieldSpec(MediaList(), …)``,
and the caller that validates a tree says where the content folder is, once,
with ``with media_root(content_dir): …``. Without a content folder (a reader of
old git revisions, an importer) only the structure is checked.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Iterator
from urllib.parse import urlsplit

from generator.content.errors import ContentError
from generator.content.fields import INVALID, Invalid, Text, Url, did_you_mean
from generator.content.load import Mapping, Node, Position, Scalar, Sequence

MEDIA_FOLDER = "media"
MAX_PIXELS = 40_000_000          # 40 megapixels: a 7,700 × 5,200 photo; more is a decompression bomb
MAX_BYTES = 20 * 1024 * 1024     # 20 MB
IMAGE_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
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
    ``generator.render.media_kinds.MediaKind``: ``.name``, ``.label``, ``.embed_url``…).
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
    kind: Any = None  # MediaKind; typed loosely so the content stage need not import the render stage

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
        values["file"] = _local_image(values["file"], nodes["file"].pos, content_dir, errors)
    if "thumbnail" in values:
        values["thumbnail"] = _local_image(values["thumbnail"], nodes["thumbnail"].pos, content_dir, errors)
    kind = _kind_of(values)
    if (has_file or (kind is not None and kind.name == "image")) and "alt" not in node.keys():
        errors.append(node.pos.error(f"media entry is missing 'alt': {ALT_REQUIRED}; {ALT_HINT}"))
    if len(errors) > before or any(v is INVALID for v in values.values()) or kind is None:
        return INVALID
    return Media(kind=kind, **values)


def _kind_of(values: dict[str, Any]):
    """The entry's MediaKind (the image kind for a local file), or None when neither is valid."""
    # Imported here, not at the top: importing any module of generator.render first runs the render
    # package's __init__, which imports the exports, which import the content format, which will
    # import this module: a cycle at import time. (media_kinds itself is pure standard library.)
    from generator.render.media_kinds import IMAGE, media_kind

    if values.get("file") not in (None, INVALID):
        return IMAGE
    if values.get("url") not in (None, INVALID):
        return media_kind(values["url"])
    return None


def _local_image(text: str, pos: Position, content_dir: Path | None, errors: Errors) -> str | Invalid:
    """Check a path under content/media/; return it normalised, or INVALID after an error."""
    problem = _path_problem(text)
    if problem:
        errors.append(pos.error(problem))
        return INVALID
    relative = PurePosixPath(text).as_posix()  # 'a//b', './a' -> 'a/b', 'a'
    if content_dir is None:
        return relative
    media_dir = Path(content_dir) / MEDIA_FOLDER
    path = media_dir / relative
    missing = _missing_part(media_dir, relative)
    if missing is not None:
        errors.append(pos.error(_not_found(text, relative, media_dir, missing)))
        return INVALID
    try:
        real, real_media = path.resolve(strict=True), media_dir.resolve(strict=True)
    except FileNotFoundError:  # gone since the folder was listed, or a link to nowhere
        where = "a symbolic link to a file that does not exist" if path.is_symlink() else f"not in content/{MEDIA_FOLDER}/"
        errors.append(pos.error(f"'{text}' is {where}"))
        return INVALID
    except (OSError, RuntimeError) as exc:  # a loop of symbolic links
        errors.append(pos.error(f"cannot open '{text}': {getattr(exc, 'strerror', None) or exc}"))
        return INVALID
    if not real.is_relative_to(real_media):
        errors.append(pos.error(f"'{text}' is a symbolic link to a file outside content/{MEDIA_FOLDER}/; "
                                f"copy the file into content/{MEDIA_FOLDER}/ instead"))
        return INVALID
    if not real.is_file():
        errors.append(pos.error(f"'{text}' is a folder, not an image file"))
        return INVALID
    problem = image_problem(real)
    if problem:
        errors.append(pos.error(f"'{text}' {problem}"))
        return INVALID
    return relative


def _path_problem(text: str) -> str | None:
    """Why ``text`` cannot be a path under content/media/ (from its spelling alone), or None."""
    if "\\" in text:
        return f"'{text}' contains a backslash; write paths with forward slashes: photos/hospital.jpg"
    if text.startswith("/") or re.match(r"^[A-Za-z]:", text):
        return f"'{text}' is an absolute path; write the path under content/{MEDIA_FOLDER}/, e.g. photos/hospital.jpg"
    if "://" in text:
        return f"'{text}' is a URL; use 'url:' for media on the web, 'file:' for images under content/{MEDIA_FOLDER}/"
    if ".." in PurePosixPath(text).parts:
        return f"'{text}' leaves content/{MEDIA_FOLDER}/ ('..'); media files must be inside content/{MEDIA_FOLDER}/"
    if "\x00" in text or not PurePosixPath(text).parts or PurePosixPath(text).as_posix() == ".":
        return f"'{text}' is not a file path"
    return None


def _missing_part(media_dir: Path, relative: str) -> str | None:
    """The first part of ``relative`` that does not exist with exactly that spelling, or None.

    Listing each folder (rather than asking for the path) makes 'Photo.JPG' an error for
    'photo.jpg' on case-insensitive file systems too, as it is on the Linux build machine.
    """
    folder = media_dir
    for part in PurePosixPath(relative).parts:
        if part not in _names(folder) and part not in _names(folder, fresh=True):
            return part
        folder = folder / part
    return None


# Folder listings, so that 10,000 events with media do not list content/media/ 10,000 times.
# Only a name that is found is trusted from the cache (and the file is opened afterwards
# anyway); a name that is not found is looked up again in a fresh listing.
_LISTINGS: dict[str, frozenset[str]] = {}


def _names(folder: Path, fresh: bool = False) -> frozenset[str]:
    key = str(folder)
    if not fresh and key in _LISTINGS:
        return _LISTINGS[key]
    try:
        names = frozenset(os.listdir(folder))
    except OSError:
        names = frozenset()
    if len(_LISTINGS) >= _CHECKED_MAX:
        _LISTINGS.clear()
    _LISTINGS[key] = names
    return names


def _not_found(text: str, relative: str, media_dir: Path, missing: str) -> str:
    message = f"'{text}' is not in content/{MEDIA_FOLDER}/"
    for prefix in (f"content/{MEDIA_FOLDER}/", f"{MEDIA_FOLDER}/"):
        if relative.startswith(prefix) and _missing_part(media_dir, relative[len(prefix):]) is None:
            return message + f"; paths are relative to content/{MEDIA_FOLDER}/: write '{relative[len(prefix):]}'"
    if not media_dir.is_dir():
        return message + f" (there is no content/{MEDIA_FOLDER}/ folder)"
    parent = media_dir / PurePosixPath(relative).parent
    if missing == PurePosixPath(relative).name and parent.is_dir():
        names = sorted(os.listdir(parent))
        exact_case = [n for n in names if n.lower() == missing.lower()]
        if exact_case:
            return message + f"; the file is spelled '{exact_case[0]}' (names are case-sensitive)"
        return message + did_you_mean(missing, names)
    return message


# Validation results by (real path, modification time, size): a live preview or a second
# `check` in one process does not read each image again.
_CHECKED: dict[tuple[str, int, int], str | None] = {}
_CHECKED_MAX = 20_000


def image_problem(path: Path) -> str | None:
    """Why the file at ``path`` cannot be published as an image, or None when it can.

    The answer finishes a sentence that starts with the file's name: "is not an image …".
    Reads the header first, so an oversized image is refused before it is decoded.
    """
    try:
        stat = os.stat(path)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key in _CHECKED:
        return _CHECKED[key]
    problem = _image_problem(path, stat.st_size)
    if len(_CHECKED) >= _CHECKED_MAX:
        _CHECKED.clear()
    _CHECKED[key] = problem
    return problem


def _image_problem(path: Path, size: int) -> str | None:
    from PIL import Image, UnidentifiedImageError  # Pillow loads only when an event has an image file

    if size > MAX_BYTES:
        return f"is {size / 1_000_000:.1f} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB: resize or recompress it"
    if size == 0:
        return "is empty (0 bytes)"
    kinds = "JPEG, PNG, GIF or WebP"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=IMAGE_FORMATS) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return (f"is {width:,} × {height:,} pixels ({width * height / 1e6:.0f} megapixels); "
                            f"the limit is {MAX_PIXELS // 1_000_000} megapixels: resize it")
                if width < 1 or height < 1:
                    return "has no pixels"
                image.verify()  # structure and checksums, without decoding
            with Image.open(path, formats=IMAGE_FORMATS) as image:
                if image.format in ("JPEG", "MPO"):  # decode at 1/8 scale: finds truncation at a fraction of the cost
                    image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
                image.load()  # every byte of pixel data: a truncated or damaged file fails here
    except UnidentifiedImageError:
        return f"is not an image this site can publish ({kinds}); link to other files with 'url:'"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"is too large to decode safely; the limit is {MAX_PIXELS // 1_000_000} megapixels"
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error) as exc:
        return f"is damaged or truncated ({_reason(exc)}); export it again"
    return None


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:120]


__all__ = [
    "ALT_REQUIRED", "IMAGE_FORMATS", "MAX_BYTES", "MAX_PIXELS", "MEDIA_FOLDER", "Media", "MediaList",
    "image_problem", "license_url", "media_root", "media_schema", "validate_media",
]
