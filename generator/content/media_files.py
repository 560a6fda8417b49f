"""The files of an event's media: a path under ``content/media/``, and the image it must be.

A local image (``file``, or a URL entry's ``thumbnail``) must stay inside ``content/media/`` (no
``..``, no absolute path, no symbolic link out), exist with that exact spelling (so a site built
on a case-sensitive file system behaves the same), and be a JPEG, PNG, GIF or WebP image that
Pillow can read completely, of at most ``MAX_PIXELS`` pixels and ``MAX_BYTES`` bytes
(decompression bombs). Folder listings and each image's verdict are kept in memory, so a live
preview or a large tree does not read them again. ``generator.content.media`` validates the
entries and calls ``local_image`` for their paths.
"""

from __future__ import annotations

import os
import re
import struct
import warnings
from pathlib import Path, PurePosixPath

from generator.content.errors import ContentError
from generator.content.fields import INVALID, Invalid, did_you_mean
from generator.content.yaml_nodes import Position

MEDIA_FOLDER = "media"
MAX_PIXELS = 40_000_000          # 40 megapixels: a 7,700 × 5,200 photo; more is a decompression bomb
MAX_BYTES = 20 * 1024 * 1024     # 20 MB
IMAGE_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
Errors = list[ContentError]


def local_image(text: str, pos: Position, content_dir: Path | None, errors: Errors) -> str | Invalid:
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
    from PIL import Image, UnidentifiedImageError  # here: most trees have no image, and Pillow takes 30 ms to import

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


__all__ = ["IMAGE_FORMATS", "MAX_BYTES", "MAX_PIXELS", "MEDIA_FOLDER", "image_problem", "local_image"]
