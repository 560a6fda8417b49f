"""The project's cache folder, ``.timeline-cache/``: every file one build keeps for the next, named here.

Everything in it is made again when it is missing or damaged (each file is written whole
and checked, ``generator.runtime.keep_checked``), so the folder is safe to delete. Stages
take the ``CacheFolder`` (or one path from it); none names a cache file of its own.

    build.lock              one ``timeline build`` of the project at a time
    events.pickle           the last read's clean event files (content, kept events)
    markdown.pickle         rendered Markdown by text
    pages.pickle            the full build's page manifest (pages reused from the replaced site)
    preview-pages.pickle    the live preview's page manifest, for the next ``timeline serve``
    preview/, preview.lock  the live preview's site, and who serves it
    files/<name>            feeds and exports, by their inputs' key
    history-<key>.json      the content's git history at one HEAD
    history_words.json      what each change of an event file changed, in words
    images/                 the published variants of each image, by content hash
    pagefind/               the last search bundles (one, or one a shard), by the digest of what each indexed
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

CACHE_DIR = ".timeline-cache"  # in the project folder


def cache_key(*parts: bytes | str) -> bytes:
    """The one digest of cache keys and manifests: of ``parts`` (text as UTF-8), each kept apart from the next."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.digest()


@dataclass(frozen=True)
class CacheFolder:
    """The cache folder of one project (``root``: the folder itself) and the name of every file in it."""

    root: Path

    @classmethod
    def of_project(cls, project_root: Path) -> CacheFolder:
        """The cache folder of the project at ``project_root``."""
        return cls(project_root / CACHE_DIR)

    @property
    def build_lock(self) -> Path:
        return self.root / "build.lock"

    @property
    def kept_events(self) -> Path:
        return self.root / "events.pickle"

    @property
    def markdown(self) -> Path:
        return self.root / "markdown.pickle"

    @property
    def pages_manifest(self) -> Path:
        return self.root / "pages.pickle"

    @property
    def preview_manifest(self) -> Path:
        return self.root / "preview-pages.pickle"

    @property
    def preview_site(self) -> Path:
        return self.root / "preview"

    @property
    def preview_lock(self) -> Path:
        return self.root / "preview.lock"

    @property
    def files(self) -> Path:
        """The folder of kept feeds and exports (``kept_file``)."""
        return self.root / "files"

    def kept_file(self, name: str) -> Path:
        """Where a feed or export named ``name`` (``events.json``, ``admin-config.yml``) is kept."""
        return self.files / name

    def history(self, key: bytes) -> Path:
        """The history kept for one content folder at one HEAD (``key``: ``cache_key`` of the three)."""
        return self.root / f"history-{key.hex()[:16]}.json"

    @property
    def history_words(self) -> Path:
        return self.root / "history_words.json"

    @property
    def images(self) -> Path:
        return self.root / "images"

    @property
    def pagefind(self) -> Path:
        return self.root / "pagefind"
