"""Load stage: the content tree's YAML files -> parsed files (``generator.content.yaml_nodes``).

Only this module reads content files: it lists the tree in one walk (refusing links and other
entries that are not plain files: ``safe_files``), reads each file within ``MAX_FILE_BYTES``, and
parses it into nodes that keep their file, line and column. A long-running preview passes a
``FileCache``, so an unchanged file is not read again.
"""

from __future__ import annotations

from dataclasses import dataclass
import os
from pathlib import Path
from typing import Callable, NamedTuple

from generator.content.errors import ContentError
from generator.content.safe_files import scan
from generator.content.yaml_nodes import LoadedFile, parse_bytes

MAX_FILE_BYTES = 1_000_000


def display_path(path: Path, root: Path) -> str:
    """The path as errors show it: relative to ``root`` when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_file(path: str | Path, shown_as: str, errors: list[ContentError]) -> LoadedFile:
    """Read and parse one YAML file; problems are appended to ``errors``."""
    try:
        if os.stat(path).st_size > MAX_FILE_BYTES:
            errors.append(ContentError(shown_as, 1, 1, f"file is larger than {MAX_FILE_BYTES:,} bytes; split it up"))
            return LoadedFile(shown_as, None)
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError as exc:
        errors.append(ContentError(shown_as, 1, 1, f"cannot read file: {exc.strerror or exc}"))
        return LoadedFile(shown_as, None)
    return LoadedFile(shown_as, parse_bytes(data, shown_as, errors))


@dataclass(frozen=True)
class ContentFiles:
    """Every parsed file of a content tree, by kind."""

    events: tuple[LoadedFile, ...]
    sources: tuple[LoadedFile, ...]
    actors: LoadedFile | None
    places: LoadedFile | None
    # the folder form of each registry, content/actors/<id>.yaml and content/places/<id>.yaml (content.registries)
    actor_files: tuple[LoadedFile, ...] = ()
    place_files: tuple[LoadedFile, ...] = ()


def folder_files(paths: list[str], kind: str, load: Callable[[str], LoadedFile],
                 errors: list[ContentError], shown: Callable[[str], str]) -> tuple[LoadedFile, ...]:
    """The parsed files of ``content/<kind>/`` (``paths``: its plain files, as the content walk listed them,
    sorted); a '.yml' file there is an error (it would be ignored)."""
    for path in paths:
        if path.endswith(".yml"):
            errors.append(ContentError(shown(path), 1, 1, f"files in {kind}/ must end in '.yaml'; rename it"))
    return tuple(load(path) for path in paths if path.endswith(".yaml"))


def event_files(content_dir: Path) -> list[str]:
    """Event files under ``content/events`` as path strings, in a stable order (no links: see
    ``safe_files``). Strings: pathlib's rglob, Path objects and their sorting cost a live preview
    a quarter of a second at 10,000 events."""
    events = content_dir / "events"
    if os.path.islink(events):
        return []
    return [path for path in scan(str(events), content_dir)[0] if path.endswith(".yaml")]


class ContentListing(NamedTuple):
    """The files of a content tree, found in one walk: path strings, sorted."""

    events: list[str]  # content/events/**/*.yaml
    strays: list[str]  # content/events/**/*.yml: misnamed event files
    sources: list[str]  # content/sources/*.yaml
    unsafe: list[tuple[str, str]]  # (path, what is wrong): links and other entries that are not plain files
    registries: dict[str, list[str]]  # "actors.yaml", "places.yaml" (if there), "actors", "places": their files


def list_content(content_dir: Path, project_root: Path) -> ContentListing:
    """Every file of the content tree that the read needs, and every entry it refuses (``safe_files``)."""
    files, unsafe = scan(str(content_dir), project_root)
    events_prefix = os.path.join(str(content_dir), "events", "")
    sources = os.path.join(str(content_dir), "sources")
    in_events = [path for path in files if path.startswith(events_prefix)]
    return ContentListing(
        events=[path for path in in_events if path.endswith(".yaml")],
        strays=[path for path in in_events if path.endswith(".yml")],
        sources=[path for path in files if path.endswith(".yaml") and os.path.dirname(path) == sources],
        unsafe=unsafe,
        registries={name: [path for path in files if path == os.path.join(str(content_dir), name)
                           or os.path.dirname(path) == os.path.join(str(content_dir), name)]
                     for name in ("actors.yaml", "places.yaml", "actors", "places")},
    )


def event_paths(content_dir: Path) -> list[Path]:
    """Event files under ``content/events``, in a stable order."""
    return [Path(path) for path in event_files(content_dir)]


FileCache = dict[str, tuple[int, int, LoadedFile]]  # path -> (mtime, size, parsed file)


def path_shower(content_dir: Path, project_root: Path):
    """A function giving the path errors show for a file under ``content_dir``: relative to the
    project, computed with string operations (resolving each of 10,000 paths costs a second)."""
    shown_content = display_path(content_dir, project_root)
    content_text = str(content_dir)

    def shown(path: Path) -> str:
        relative = str(path)[len(content_text):].lstrip("/")
        return f"{shown_content}/{relative}" if shown_content not in ("", ".") else relative

    return shown


def load_content(content_dir: Path, project_root: Path, errors: list[ContentError],
                 cache: FileCache | None = None, events: list[str] | None = None) -> ContentFiles:
    """Parse every YAML file of a content tree; errors are collected, not raised.

    With a ``cache`` (kept by a long-running preview), files whose size and
    modification time are unchanged since they last parsed cleanly are not read again.
    ``events`` replaces the list of event files (a parallel check gives each process its share).
    """

    shown = path_shower(content_dir, project_root)

    def load(path: str | Path) -> LoadedFile:
        if cache is None:
            return load_file(path, shown(path), errors)
        key = str(path)
        try:
            stat = os.stat(key)
        except OSError:
            stat = None
        cached = cache.get(key)
        if stat and cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
            return cached[2]
        before = len(errors)
        loaded = load_file(key, shown(key), errors)
        if stat and len(errors) == before:
            cache[key] = (stat.st_mtime_ns, stat.st_size, loaded)
        return loaded

    def load_registry(name: str) -> LoadedFile | None:  # only a plain file the walk listed: never a link or a pipe
        return load(listing.registries[name][0]) if listing.registries[name] else None

    if not content_dir.is_dir():
        errors.append(ContentError(display_path(content_dir, project_root), 1, 1, "content folder not found"))
        return ContentFiles((), (), None, None)
    listing = list_content(content_dir, project_root)
    for stray in listing.strays:
        errors.append(ContentError(shown(stray), 1, 1, "event files must end in '.yaml'; rename it"))
    errors.extend(ContentError(shown(path), 1, 1, problem) for path, problem in listing.unsafe)
    return ContentFiles(
        events=tuple(load(p) for p in (listing.events if events is None else events)),
        sources=tuple(load(p) for p in listing.sources),
        actors=load_registry("actors.yaml"),
        places=load_registry("places.yaml"),
        actor_files=folder_files(listing.registries["actors"], "actors", load, errors, shown),
        place_files=folder_files(listing.registries["places"], "places", load, errors, shown),
    )
