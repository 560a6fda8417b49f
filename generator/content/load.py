"""Load stage: YAML files -> plain nodes that remember where they came from.

Only this module reads content files. It builds its own small node tree from
PyYAML's event stream (the C parser when available) instead of constructing
Python values, so that

* every scalar stays text until the model decides what it means (``no``,
  ``12:30`` and ``2015-09-28`` are not turned into False, 750 or a date);
* anchors, aliases, explicit tags, duplicate keys and multi-document streams
  can be rejected with their exact position;
* every value keeps its file, line and column for error messages.
"""

from __future__ import annotations

from dataclasses import dataclass
import os
from pathlib import Path
from typing import Iterator, NamedTuple, Union

import yaml

from generator.content.errors import ContentError

try:  # the C parser is 5-10x faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 16
BOM = b"\xef\xbb\xbf"


class Position(NamedTuple):
    """Where a node starts: a file and a 1-based line and column."""

    path: str
    line: int
    column: int

    def error(self, message: str) -> ContentError:
        """An error located at this position."""
        return ContentError(self.path, self.line, self.column, message)


# Nodes are named tuples: a content tree has hundreds of thousands, and tuples are the cheapest immutable records.
class Scalar(NamedTuple):
    """A scalar as written. ``plain`` is False for quoted and block scalars."""

    text: str
    plain: bool
    pos: Position

    @property
    def is_null(self) -> bool:
        """True for an unquoted empty value, ``~`` or ``null``."""
        return self.plain and self.text in ("", "~", "null", "Null", "NULL")


class Mapping(NamedTuple):
    """A mapping with scalar keys, in file order, duplicates already rejected."""

    items: tuple[tuple[Scalar, "Node"], ...]
    pos: Position

    def keys(self) -> list[str]:
        return [key.text for key, _ in self.items]


class Sequence(NamedTuple):
    """A list of nodes."""

    items: tuple["Node", ...]
    pos: Position


Node = Union[Scalar, Mapping, Sequence]


@dataclass(frozen=True)
class LoadedFile:
    """One content file: its display path, the root node (None when it failed)."""

    path: str
    root: Node | None


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


def parse_bytes(data: bytes, shown_as: str, errors: list[ContentError]) -> Node | None:
    """Parse YAML bytes into a node tree, or append errors and return None."""
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        errors.append(ContentError(shown_as, line, column, "file is not valid UTF-8; save it as UTF-8"))
        return None
    tab_errors = [
        ContentError(shown_as, number, line.index("\t") + 1, "tab character; use spaces in YAML files")
        for number, line in enumerate(text.split("\n"), start=1)
        if "\t" in line
    ]
    if tab_errors:
        errors.extend(tab_errors)
        return None
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        errors.append(ContentError(shown_as, 1, 1, "file is empty; it should hold a YAML mapping"))
        return None
    builder = _TreeBuilder(shown_as)
    try:
        return builder.build(yaml.parse(text, Loader=_Loader))
    except _BuildError as exc:
        errors.append(exc.error)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "YAML syntax error"
        errors.append(ContentError(shown_as, line, column, f"YAML syntax error: {problem}"))
    except yaml.YAMLError as exc:
        errors.append(ContentError(shown_as, 1, 1, f"YAML error: {exc}"))
    return None


class _BuildError(Exception):
    def __init__(self, error: ContentError):
        self.error = error


class _TreeBuilder:
    """Turns a PyYAML event stream into Scalar/Mapping/Sequence nodes."""

    def __init__(self, path: str):
        self.path = path

    def pos(self, event: yaml.Event) -> Position:
        mark = event.start_mark
        return Position(self.path, mark.line + 1, mark.column + 1)

    def fail(self, event: yaml.Event, message: str) -> None:
        raise _BuildError(self.pos(event).error(message))

    def build(self, events: Iterator[yaml.Event]) -> Node | None:
        self.events = events
        root: Node | None = None
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.fail(event, "more than one YAML document ('---'); put one record in each file")
                root = self.node(next(events), depth=0)
            elif isinstance(event, yaml.StreamEndEvent):
                break
        return root

    def node(self, event: yaml.Event, depth: int) -> Node:
        if depth > MAX_DEPTH:
            self.fail(event, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(event, yaml.AliasEvent):
            self.fail(event, "YAML aliases ('*name') are not allowed; write the value out")
        if getattr(event, "anchor", None):
            self.fail(event, "YAML anchors ('&name') are not allowed; write the value out")
        tag = getattr(event, "tag", None)
        if isinstance(event, yaml.ScalarEvent):
            if tag and event.implicit == (False, False):
                self.fail(event, f"YAML tags ('{tag}') are not allowed")
            return Scalar(event.value, not event.style, self.pos(event))  # the C parser says '' for plain
        if tag and not getattr(event, "implicit", True):
            self.fail(event, f"YAML tags ('{tag}') are not allowed")
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            for child in self.events:
                if isinstance(child, yaml.SequenceEndEvent):
                    return Sequence(tuple(items), self.pos(event))
                items.append(self.node(child, depth + 1))
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(event, depth)
        self.fail(event, "unexpected YAML structure")
        raise AssertionError  # unreachable: fail raises

    def mapping(self, start: yaml.Event, depth: int) -> Mapping:
        items: list[tuple[Scalar, Node]] = []
        seen: dict[str, Position] = {}
        for event in self.events:
            if isinstance(event, yaml.MappingEndEvent):
                return Mapping(tuple(items), self.pos(start))
            key = self.node(event, depth + 1)
            if not isinstance(key, Scalar):
                self.fail(event, "mapping keys must be plain words")
            assert isinstance(key, Scalar)
            if key.text in seen:
                first = seen[key.text]
                raise _BuildError(key.pos.error(f"duplicate key '{key.text}' (first set at line {first.line})"))
            seen[key.text] = key.pos
            items.append((key, self.node(next(self.events), depth + 1)))
        raise AssertionError("mapping without end")  # the parser guarantees an end event


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


def event_files(content_dir: Path) -> list[str]:
    """Event files under ``content/events`` as path strings, in a stable order."""
    return _walk_events(content_dir)[0]


def _walk_events(content_dir: Path) -> tuple[list[str], list[str]]:
    """(event files, misnamed '.yml' files) under ``content/events``, sorted. os.walk and
    strings: pathlib's rglob, Path objects and their sorting cost a live preview a quarter
    of a second at 10,000 events."""
    found, strays = [], []
    for folder, subfolders, names in os.walk(content_dir / "events"):
        subfolders.sort()
        found.extend(os.path.join(folder, name) for name in names if name.endswith(".yaml"))
        strays.extend(os.path.join(folder, name) for name in names if name.endswith(".yml"))
    return sorted(found), sorted(strays)


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

    from generator.content.registries import folder_files  # (it imports this module's node types)

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

    def load_registry(name: str) -> LoadedFile | None:
        path = content_dir / name
        return load(path) if path.exists() else None

    if not content_dir.is_dir():
        errors.append(ContentError(display_path(content_dir, project_root), 1, 1, "content folder not found"))
        return ContentFiles((), (), None, None)
    event_list, strays = _walk_events(content_dir)
    for stray in strays:
        errors.append(ContentError(shown(stray), 1, 1, "event files must end in '.yaml'; rename it"))
    return ContentFiles(
        events=tuple(load(p) for p in (event_list if events is None else events)),
        sources=tuple(load(p) for p in sorted((content_dir / "sources").glob("*.yaml"))),
        actors=load_registry("actors.yaml"),
        places=load_registry("places.yaml"),
        actor_files=folder_files(content_dir, "actors", load, errors, shown),
        place_files=folder_files(content_dir, "places", load, errors, shown),
    )
