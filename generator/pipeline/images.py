"""Local images, made fit to publish: responsive sizes, modern formats, no metadata.

``process_image(source, cache_dir, name=…)`` turns one image from ``content/media/``
into the files a page links to:

* widths ``WIDTHS`` (480, 960, 1600 CSS pixels), never wider than the original (an
  original narrower than the largest width is published at its own width);
* each width in WebP, and a fallback every browser reads: JPEG, or PNG when the
  image has transparency;
* EXIF orientation applied to the pixels, colours converted to sRGB when the file
  carries a colour profile, and then *every* piece of metadata dropped: EXIF (GPS
  positions, camera and lens serial numbers, dates), XMP, IPTC, comments, text
  chunks, the colour profile itself. The published files hold pixels only;
* names from the content: ``media/<stem>-<hash8>-<width>.<ext>``, where ``hash8`` is
  from the source bytes and this module's ``RECIPE``, so a changed image gets new
  URLs (caches never serve a stale one) and the same bytes always give the same
  names and the same output bytes;
* variants cached by content hash under ``cache_dir``: a second build with a warm
  cache reads the source to hash it and does no image work.

The largest fallback variant is the "full-size" file a figure links to; the
original file (with its metadata) is never published.
Animated GIF and WebP files are published as their first frame.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import re
import shutil
import stat
import unicodedata
import warnings
from pathlib import Path, PurePosixPath

from PIL import Image, ImageOps

from generator.content.media_files import IMAGE_FORMATS, MAX_BYTES, MAX_PIXELS
from generator.render.processed_images import ProcessedImage, Variant
from generator.runtime import write_atomically

WIDTHS = (480, 960, 1600)
WEBP_OPTIONS = {"quality": 80, "method": 4}
JPEG_OPTIONS = {"quality": 82, "optimize": True, "progressive": True, "subsampling": "4:2:0"}
PNG_OPTIONS = {"optimize": True}
# Part of every cache key and output name: change it when the output of the same input changes.
RECIPE = "images-1;webp=q80m4;jpeg=q82,opt,prog,420;png=opt;lanczos;srgb;strip"
EXTENSIONS = {"webp": "webp", "jpeg": "jpg", "png": "png"}
_MANIFEST = "image.json"


class ImageError(Exception):
    """An image that cannot be published (unreadable, damaged, too large). ``str()`` says why."""


def output_stem(name: str) -> str:
    """A URL-safe stem from a media file's name: 'photos/Hospital Ward 2.JPG' -> 'hospital-ward-2'."""
    stem = unicodedata.normalize("NFKD", PurePosixPath(name).stem).encode("ascii", "ignore").decode().lower()
    stem = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:60].strip("-")
    return stem or "image"


def target_widths(width: int, widths: tuple[int, ...] = WIDTHS) -> tuple[int, ...]:
    """The widths to publish an image ``width`` pixels wide in: never upscaled, the original
    width itself when it is narrower than the largest."""
    chosen = sorted({w for w in widths if w < width} | {min(width, max(widths))})
    return tuple(chosen)


def process_image(source: Path, cache_dir: Path, name: str | None = None, prefix: str = "media",
                  widths: tuple[int, ...] = WIDTHS) -> ProcessedImage:
    """Make (or find in ``cache_dir``) the published variants of the image at ``source``.

    ``name`` is its path under ``content/media/`` (for the output names; default: the file
    name); ``prefix`` the site folder the variants go in. Raises ``ImageError``.
    """
    name = name or Path(source).name
    try:
        with open(source, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ImageError(f"{name}: cannot be read: {exc.strerror or exc}") from exc
    if len(data) > MAX_BYTES:
        raise ImageError(f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    key = hashlib.sha256(f"{RECIPE};widths={','.join(map(str, widths))}\n".encode() + data).hexdigest()
    folder = Path(cache_dir) / key[:2] / key
    manifest = _read_manifest(folder)
    if manifest is None or not _intact(folder, manifest):  # a damaged variant is made again, never published
        manifest = _make_variants(data, name, folder, widths)
        _keep_sums(folder, manifest)
    stem = f"{output_stem(name)}-{key[:8]}"
    variants = tuple(
        Variant(f"{prefix}/{stem}-{v['width']}.{EXTENSIONS[v['format']]}" if prefix else
                f"{stem}-{v['width']}.{EXTENSIONS[v['format']]}",
                v["width"], v["height"], v["format"], folder / v["file"])
        for v in manifest["variants"]
    )
    return ProcessedImage(name, key, manifest["width"], manifest["height"], manifest["alpha"], variants)


def publish(image: ProcessedImage, site_dir: Path) -> list[Path]:
    """Put an image's variants into ``site_dir`` (hard links where possible, else copies)."""
    written = []
    for variant in image.variants:
        target = Path(site_dir) / variant.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            target.unlink()
        try:
            os.link(variant.file, target)
        except OSError:
            shutil.copyfile(variant.file, target)
        written.append(target)
    return written


def _read_manifest(folder: Path) -> dict | None:
    """The cached description of an image's variants, when it and all its files are there.

    A variant cached private (0600, by the builds before variants were written 0644) is made
    readable by all again: the site links to these very files, and a web server must read them.
    """
    try:
        manifest = json.loads((folder / _MANIFEST).read_text("utf-8"))
        for variant in manifest["variants"]:
            file = folder / variant["file"]
            mode = file.stat().st_mode
            if not stat.S_ISREG(mode):
                return None
            if mode & 0o444 != 0o444:
                os.chmod(file, 0o644)
        return manifest
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


_SUMS = "sums.json"  # each variant's size, digest, and modification time when they were taken


def _intact(folder: Path, manifest: dict) -> bool:
    """Whether each cached variant is still the file that was written: its size, and its digest
    unless it was not modified since (a file truncated or changed in place is made again)."""
    try:
        sums = json.loads((folder / _SUMS).read_text("utf-8"))
        for variant in manifest["variants"]:
            size, digest, modified = sums[variant["file"]]
            stat = (folder / variant["file"]).stat()
            if stat.st_size != size or (stat.st_mtime_ns != modified and _digest(folder / variant["file"]) != digest):
                return False
        return True
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _keep_sums(folder: Path, manifest: dict) -> None:
    sums = {}
    for variant in manifest["variants"]:
        path = folder / variant["file"]
        modified = path.stat().st_mtime_ns
        sums[variant["file"]] = [path.stat().st_size, _digest(path), modified]
    write_atomically(folder / _SUMS, json.dumps(sums, sort_keys=True).encode())


def _digest(path: Path) -> str:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


def _open(data: bytes, name: str, max_width: int) -> tuple[Image.Image, tuple[int, int]]:
    """The decoded, upright, sRGB image, with no metadata left on it, and the original's
    intrinsic size (after orientation). A JPEG is decoded at the smallest scale (1/2, 1/4,
    1/8) that still covers ``max_width``: the same pixels for the same bytes, much faster."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=IMAGE_FORMATS)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageError(f"{name}: {width} × {height} pixels is more than {MAX_PIXELS // 1_000_000} megapixels")
            turned = image.getexif().get(0x0112) in (5, 6, 7, 8)  # orientation: shown a quarter turn round
            intrinsic = (height, width) if turned else (width, height)
            scale = min(1.0, max_width / intrinsic[0])
            if image.format in ("JPEG", "MPO") and scale < 0.5:
                image.draft(image.mode, (math.ceil(width * scale), math.ceil(height * scale)))
            image.load()
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError(f"{name}: too large to decode safely") from exc
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for a damaged file
        raise ImageError(f"{name}: not a readable JPEG, PNG, GIF or WebP image ({exc})") from exc
    icc = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)  # orientation into the pixels
    image = _to_srgb(image, icc)
    pixels = Image.frombytes(image.mode, image.size, image.tobytes())  # a new image: no info, no EXIF
    return pixels, intrinsic


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (
        image.mode in ("P", "L", "RGB", "1", "I", "I;16") and "transparency" in image.info)


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB or RGBA pixels in sRGB (an embedded profile is applied, then dropped)."""
    alpha = _has_alpha(image)
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):  # 16-bit greyscale PNG: scale to 8 bits
        image = image.convert("I").point(lambda v: v / 256).convert("L")
        alpha = False
    mode = "RGBA" if alpha else "RGB"
    if icc:
        try:
            from PIL import ImageCms  # LittleCMS loads only for an image with a colour profile

            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
                image = image.convert(mode)
            if image.mode == "L" or (image.mode == "RGB" and alpha):
                image = image.convert(mode)
            out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=out_mode)
            if converted is not None:
                image = converted
        except Exception:  # noqa: BLE001 - a broken profile: keep the pixels as they are
            pass
    if image.mode != mode:
        image = image.convert(mode)
    if mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")  # declared transparency that no pixel uses
    return image


def _make_variants(data: bytes, name: str, folder: Path, widths: tuple[int, ...]) -> dict:
    """Decode, resize and encode every variant into ``folder``; return the manifest."""
    image, (width, height) = _open(data, name, max(widths))
    alpha = image.mode == "RGBA"
    fallback = "png" if alpha else "jpeg"
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for target in target_widths(width, widths):
        target_height = max(1, round(height * target / width))
        resized = image if image.size == (target, target_height) else image.resize(
            (target, target_height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for format in ("webp", fallback):
            file = f"{target}.{EXTENSIONS[format]}"
            write_atomically(folder / file, _encode(resized, format))
            entries.append({"file": file, "width": target, "height": target_height, "format": format})
    entries.sort(key=lambda e: (e["format"] != "webp", e["width"]))
    manifest = {"recipe": RECIPE, "width": width, "height": height, "alpha": alpha, "variants": entries}
    write_atomically(folder / _MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return manifest


def _encode(image: Image.Image, format: str) -> bytes:
    """The image in ``format``, with no metadata written."""
    out = io.BytesIO()
    if format == "webp":
        image.save(out, "WEBP", **WEBP_OPTIONS)
    elif format == "png":
        image.save(out, "PNG", **PNG_OPTIONS)
    else:
        image.save(out, "JPEG", **JPEG_OPTIONS)
    return out.getvalue()


__all__ = ["EXTENSIONS", "ImageError", "RECIPE", "WIDTHS", "output_stem", "process_image", "publish", "target_widths"]
