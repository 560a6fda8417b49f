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
import re
from pathlib import Path
from typing import Callable, Iterator, NamedTuple, Union

import yaml

from generator.content.errors import ContentError
from generator.content.safe_files import scan

try:  # the C parser is 5-10x faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 16
BOM = b"\xef\xbb\xbf"
# Characters YAML refuses in a file (PyYAML's reader), and those no value may hold although a
# double-quoted escape ("\0", "\e", "\uffff") makes them: the C0 control characters but tab and line
# feed, lone surrogate halves, and the two non-characters XML refuses. A page cannot show them, the
# build's XML writers refuse them (a false "template error"), and in a terminal they act instead of
# showing. DEL and the C1 controls (NEL, "\N", ends a line in old text) are allowed, as XML allows them.
_NOT_IN_YAML = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]|\uFEFF")
_NOT_IN_TEXT = re.compile("[\x00-\x08\x0B-\x1F\uD800-\uDFFF\uFFFE\uFFFF]")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # YAML's: its marks count lines by them
_CHARACTER_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL"}


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
    builder = _TreeBuilder(shown_as, text)
    try:
        return builder.build(yaml.parse(text, Loader=_Loader))
    except _BuildError as exc:
        errors.append(exc.error)
    except yaml.reader.ReaderError as exc:  # a character YAML refuses: at its line, not at an offset
        errors.append(_unreadable_character(text, shown_as, exc))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "YAML syntax error"
        errors.append(ContentError(shown_as, line, column, f"YAML syntax error: {problem}"))
    except yaml.YAMLError as exc:
        errors.append(ContentError(shown_as, 1, 1, f"YAML error: {exc}"))
    return None


def character_name(char: str) -> str:
    """``U+001B (ESC)``: a character as an error message names it."""
    name = _CHARACTER_NAMES.get(ord(char))
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def _unreadable_character(text: str, shown_as: str, exc: yaml.reader.ReaderError) -> ContentError:
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        found = _NOT_IN_YAML.search(line)
        if found:
            return ContentError(shown_as, number, found.start() + 1, f"the character {character_name(found.group())} "
                                "is not allowed in a YAML file; remove it")
    return ContentError(shown_as, 1, 1, f"YAML error: {exc}")


# YAML's double-quoted escapes, and the character each makes (\x, \u and \U give a code point).
_ESCAPE = re.compile(r'\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)|"')
_ESCAPED = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b",
            "N": "\x85"}


def _bad_escape(lines: list[str], line: int, column: int) -> tuple[int, int, str, str] | None:
    """The first escape of the double-quoted scalar opening at ``line``, ``column`` (0-based) that
    makes a character no text may hold: (its line, column, the escape, the character), or None."""
    for number in range(line, len(lines)):
        for found in _ESCAPE.finditer(lines[number], column + 1 if number == line else 0):
            code = found.group(1)
            if code is None:  # the closing quote
                return None
            try:
                char = chr(int(code[1:], 16)) if len(code) > 1 else _ESCAPED.get(code, code)
            except (ValueError, OverflowError):
                continue
            if _NOT_IN_TEXT.match(char):
                return number, found.start(), "\\" + code, char
    return None


class _BuildError(Exception):
    def __init__(self, error: ContentError):
        self.error = error


class _TreeBuilder:
    """Turns a PyYAML event stream into Scalar/Mapping/Sequence nodes."""

    def __init__(self, path: str, text: str = ""):
        self.path = path
        self.text = text

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
            if event.style == '"' and _NOT_IN_TEXT.search(event.value):  # only escapes make them
                self.refuse_escape(event)
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

    def refuse_escape(self, event: yaml.ScalarEvent) -> None:
        """Fail at the escape that makes a character no text may hold."""
        mark = event.start_mark
        found = _bad_escape(_LINE_BREAK.split(self.text), mark.line, mark.column)
        if found is None:  # not found where the parser said: the value as a whole
            char = _NOT_IN_TEXT.search(event.value).group()
            self.fail(event, f"the text holds the character {character_name(char)}, which a page cannot show; remove it")
        line, column, escape, char = found
        raise _BuildError(Position(self.path, line + 1, column + 1).error(
            f"the escape '{escape}' makes the character {character_name(char)}, which a page cannot show; "
            "remove it"))

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
