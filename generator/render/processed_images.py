"""A local image as the site publishes it: its variants (sizes and formats) and their paths.

``generator.pipeline.images`` makes these records, once per image and build; the render stage
reads them (``generator.render.media_urls``) to link and size images on pages, feeds and exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MEDIA_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class Variant:
    """One published file: ``path`` in the site (POSIX, from the site root), its size and format."""

    path: str
    width: int
    height: int
    format: str          # "webp", "jpeg" or "png"
    file: Path           # where its bytes are (in the cache)

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]


@dataclass(frozen=True)
class ProcessedImage:
    """An image ready to publish: the intrinsic size (after EXIF orientation) for the
    ``width``/``height`` attributes, and every variant, smallest first within each format."""

    source: str                     # the name it was processed under ('photos/hospital.jpg')
    key: str                        # sha256 of the recipe and the source bytes
    width: int
    height: int
    has_alpha: bool
    variants: tuple[Variant, ...]

    @property
    def webp(self) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.format == "webp")

    @property
    def fallback(self) -> tuple[Variant, ...]:
        """The JPEG (or, with transparency, PNG) variants."""
        return tuple(v for v in self.variants if v.format != "webp")

    @property
    def fallback_type(self) -> str:
        return MEDIA_TYPES["png" if self.has_alpha else "jpeg"]

    @property
    def full(self) -> Variant:
        """The largest fallback: what 'view full size' links to."""
        return self.fallback[-1]

    @property
    def src(self) -> Variant:
        """The fallback for browsers without ``srcset``: the middle width (960 when there is one)."""
        options = self.fallback
        return min(options, key=lambda v: (abs(v.width - 960), -v.width))

    @property
    def thumbnail(self) -> Variant:
        """The smallest fallback, for cards."""
        return self.fallback[0]

    def srcset(self, format: str, root: str = ".") -> str:
        """'<root>/media/x-1a2b3c4d-480.webp 480w, …' for the variants of ``format`` ('webp' or 'fallback')."""
        chosen = self.webp if format == "webp" else self.fallback
        return ", ".join(f"{root}/{v.path} {v.width}w" for v in chosen)

    @property
    def paths(self) -> tuple[str, ...]:
        """Every file the site must hold for this image."""
        return tuple(v.path for v in self.variants)


__all__ = ["MEDIA_TYPES", "ProcessedImage", "Variant"]
