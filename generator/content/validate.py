"""Model stage: loaded nodes -> validated ``Content``, with every error collected.

``read_content`` is the entry point most callers want: it loads a content
folder and returns the model, or raises ``ContentInvalid`` holding *all* the
errors of the run, sorted by file and line.
"""

from __future__ import annotations

import difflib
import posixpath
from dataclasses import dataclass
from pathlib import Path

from generator.content.dates import Date, OpenEnd
from generator.content.format import ACTOR, EVENT, PLACE, SOURCE
from generator.content.errors import ContentError, ContentInvalid
from generator.content.fields import INVALID, is_slug, slug_problem
from generator.content.load import ContentFiles, FileCache, load_content
from generator.content.yaml_nodes import LoadedFile, Mapping, Position, Scalar, Sequence
from generator.content.media import media_root
from generator.content.model import Actor, Content, Event, Place, Source
from generator.content.registries import RegistryEntry, registry_entries
from generator.content.parallel_read import KeptEvents, event_files_to_split, read_in_parallel

Errors = list[ContentError]


def read_content(content_dir: Path, project_root: Path | None = None, cache: FileCache | None = None,
                 memo: dict | None = None, kept: KeptEvents | None = None) -> Content:
    """Load and validate a content folder; raise ``ContentInvalid`` with all errors.

    A live preview passes a ``cache`` of parsed files and a ``memo`` of the events built
    from them, so that unchanged files are neither parsed nor validated again. Without
    them, a large tree is read in one process per core, reusing what ``kept`` holds from
    the last read (see ``parallel_read``).
    """
    errors: Errors = []
    project_root = project_root or content_dir.parent
    paths = event_files_to_split(content_dir) if cache is None and memo is None else []
    with media_root(content_dir):  # media files are checked in content/media/
        if paths:
            content, _ = read_in_parallel(content_dir, project_root, paths, errors, keep_events=True, kept=kept)
        else:
            files = load_content(content_dir, project_root, errors, cache)
            content = build_content(files, errors, memo)
    if errors:
        raise ContentInvalid(errors)
    return content


@dataclass(frozen=True)
class CheckResult:
    """What ``timeline check`` reports: every error, sorted, and what a clean tree holds."""

    errors: Errors
    events: int = 0
    sources: int = 0
    actors: int = 0
    places: int = 0
    content: Content | None = None  # with ``keep_content``, when valid: the content, events included


def check_content(content_dir: Path, project_root: Path, kept: KeptEvents | None = None,
                  keep_content: bool = False) -> CheckResult:
    """Every error of a content tree, sorted, and its counts: what ``timeline check`` prints.
    ``keep_content``: the result holds the content read (for the slices of hand-written pages)."""
    paths = event_files_to_split(content_dir)
    if not paths or keep_content:
        try:
            content = read_content(content_dir, project_root, kept=kept)
        except ContentInvalid as exc:
            return CheckResult(exc.errors)
        event_count = len(content.events)
    else:  # the same rules; without ``kept`` the workers do not send the events back
        errors: Errors = []
        with media_root(content_dir):
            content, event_count = read_in_parallel(content_dir, project_root, paths, errors, keep_events=False, kept=kept)
        if errors:
            return CheckResult(sorted(errors))
    return CheckResult([], event_count, len(content.sources), len(content.actors), len(content.places),
                       content if keep_content else None)


def build_content(files: ContentFiles, errors: Errors, memo: dict | None = None) -> Content:
    """Turn parsed files into a ``Content``; problems are appended to ``errors``."""
    actors, places, sources = _registries(files, errors)
    events = _events(files.events, errors, memo)
    known_ids = _known_event_ids(files.events, memo)
    _check_references(files.events, {"place": places, "actor": actors, "source": sources, "event": known_ids}, errors, memo)
    _check_aliases([_references_of(f, memo) for f in files.events if isinstance(f.root, Mapping)], known_ids, errors)
    return Content(tuple(sorted(events, key=lambda e: e.sort_key)), _valid(sources), _valid(actors), _valid(places))


def _valid(registry: dict) -> dict:
    """A registry without its invalid records (which map to None), sorted by id."""
    return {key: value for key, value in sorted(registry.items()) if value is not None}


def _registries(files: ContentFiles, errors: Errors) -> tuple[dict, dict, dict]:
    """Actors, places and sources by id (an invalid record maps to None, so its id still counts).
    Actors and places come from their single file and their folder alike (``registries``)."""
    place_entries = registry_entries(files.places, files.place_files, "place", errors)
    places = _registry(place_entries, PLACE, Place, errors)
    _check_within(place_entries, places, errors)
    actors = _registry(registry_entries(files.actors, files.actor_files, "actor", errors), ACTOR, Actor, errors)
    return actors, places, _sources(files.sources, errors)


def _check_within(entries: list[RegistryEntry], places: dict, errors: Errors) -> None:
    """Each place's ``within`` names a known place, and no chain of ``within`` loops back.

    Errors point at the ``within`` value. A loop is reported once, at the ``within`` that
    closes it when the places are read in order (places.yaml from the top, then places/ by
    name), and names every place on it.
    """
    parent: dict[str, tuple[str, Position]] = {}
    for entry in entries:
        node = entry.node
        value = dict((k.text, v) for k, v in node.items).get("within") if isinstance(node, Mapping) else None
        if not isinstance(value, Scalar) or value.is_null or not is_slug(value.text):
            continue  # a malformed value is reported by the field itself
        if value.text not in places:
            errors.append(value.pos.error(f"no place in places.yaml has the id '{value.text}'{_suggest(value.text, places)}"))
        else:
            parent[entry.id] = (value.text, value.pos)
    order = {entry.id: number for number, entry in enumerate(entries)}
    done: set[str] = set()
    for start in parent:
        path: list[str] = []
        place = start
        while place in parent and place not in done and place not in path:
            path.append(place)
            place = parent[place][0]
        if place in path:  # a loop: path[path.index(place):]
            loop = path[path.index(place):]
            last = max(loop, key=lambda p: order[p])
            at = loop.index(last)
            names = loop[at:] + loop[:at] + [last]
            message = (f"place '{last}' cannot be within itself" if len(loop) == 1
                       else f"'within: {parent[last][0]}' makes a loop: {' → '.join(names)}")
            errors.append(parent[last][1].error(message))
        done.update(path)


def _registry(entries: list[RegistryEntry], record, build, errors: Errors) -> dict:
    """Records of actors or places by id; an invalid record maps to None."""
    out = {}
    for entry in entries:
        values = record.values(entry.node, errors)
        out[entry.id] = None  # known id, even when its record is invalid
        if values is not INVALID:
            for list_field in ("aliases",):
                if list_field in values:
                    values[list_field] = tuple(values[list_field])
            out[entry.id] = build(id=entry.id, **values)
    return out


def _sources(files: tuple[LoadedFile, ...], errors: Errors) -> dict[str, Source]:
    """Sources by id (their file stem); an invalid source maps to None."""
    out: dict[str, Source] = {}
    for file in files:
        if file.root is None:
            continue
        stem = _stem(file.path)
        if not is_slug(stem):
            errors.append(ContentError(file.path, 1, 1, f"file name: {slug_problem(stem)}"))
            continue
        values = SOURCE.values(file.root, errors)
        out[stem] = None  # known id, even when its record is invalid
        if values is INVALID:
            continue
        if values.pop("id", stem) != stem:
            errors.append(_field_pos(file, "id").error(f"a source's id must equal its file name '{stem}'"))
            continue
        out[stem] = Source(id=stem, path=file.path, **values)
    return out


def _event_from(file: LoadedFile, errors: Errors) -> tuple[str | None, Event | None, Errors]:
    """One event file on its own: (the id it claims, or None when its fields are invalid; the
    event, or None; errors that count only when the id is not a duplicate)."""
    values = EVENT.values(file.root, errors)
    if values is INVALID:
        return None, None, []
    stem = _stem(file.path)
    event_id = values.pop("id", stem)
    if "id" not in file.root.keys() and not is_slug(stem):
        errors.append(ContentError(file.path, 1, 1, f"file name: {slug_problem(stem)}; or set 'id'"))
        return None, None, []
    if event_id in values.get("related", ()):
        return event_id, None, []  # reported at the id by _check_references
    end = values.get("end_date")
    if end_before_date(values["date"], end):
        return event_id, None, [_field_pos(file, "end_date").error(f"end_date {end} is before date {values['date']}")]
    return event_id, Event(id=event_id, path=file.path, **values), []


def end_before_date(date: Date, end: Date | OpenEnd | None) -> bool:
    """Whether ``end`` (an event's end_date) is before its ``date``: the one rule of ``timeline check``
    and ``timeline diff``.

    An open end (``..``) never is. An end that sorts before the date (``Date`` order) is still
    not before it when it has not ended before the date began: by instant when both have a time
    of day; else by calendar day, so an end that contains the date (date 2015-09-28, end
    2015-09, 2015, 201X; date 2015-09~, end 2015-09) or ends on its day (date
    2015-09-28T23:00+00:00, end 2015-09-29: that day begins at UTC+14:00) is accepted.
    """
    if end is None or end.is_open or not end < date:
        return False
    if end.has_time and date.has_time:
        return end.instant_bounds()[1] < date.instant_bounds()[0]
    return end.last_calendar_day() < date.first_calendar_day()


def _events(files: tuple[LoadedFile, ...], errors: Errors, memo: dict | None = None) -> list[Event]:
    events: list[Event] = []
    first_seen: dict[str, str] = {}
    kept: dict[int, tuple] = {}
    for file in files:
        if file.root is None:
            continue
        known = memo.get(id(file.root)) if memo is not None else None
        if known is not None and known[0] is file.root:  # the same parsed file as last build: same event
            event = known[1]
            if event.id in first_seen:
                errors.append(_field_pos(file, "id").error(f"event id '{event.id}' is already used by {first_seen[event.id]}"))
                continue
            first_seen[event.id] = file.path
            kept[id(file.root)] = known
            events.append(event)
            continue
        claim, event, later_errors = _event_from(file, errors)
        if claim is None:
            continue
        if claim in first_seen:
            errors.append(_field_pos(file, "id").error(f"event id '{claim}' is already used by {first_seen[claim]}"))
            continue
        first_seen[claim] = file.path
        errors.extend(later_errors)
        if event is not None:
            kept[id(file.root)] = (file.root, event)
            events.append(event)
    if memo is not None:  # forget files that changed or went away
        current = {id(file.root) for file in files}
        for key in [k for k in memo if (k[1] if isinstance(k, tuple) else k) not in current]:
            del memo[key]
        memo.update(kept)
    return events


def _field_pos(file: LoadedFile, name: str) -> Position:
    """The position of a top-level field's value (or of the file when it is absent)."""
    assert isinstance(file.root, Mapping)
    for key, node in file.root.items:
        if key.text == name:
            return node.pos
    return file.root.pos


# Which fields of an event name which kind of record: (field, key inside list items or None, kind).
_REFERENCE_FIELDS = (
    ("place", None, "place"),
    ("actors", None, "actor"),
    ("sources", "source", "source"),
    ("quotes", "source", "source"),
    ("casualties", "party", "actor"),
    ("casualties", "source", "source"),
    ("casualties", "claimed_by", "claimant"),  # an actor id or text
    ("related", None, "event"),
    ("aliases", None, "alias"),
)
_WHERE = {"place": "in places.yaml", "actor": "in actors.yaml", "source": "file in sources/", "event": "event"}


_REFERENCES_BY_FIELD: dict[str, tuple[tuple[str | None, str], ...]] = {}
for _field, _item_key, _kind in _REFERENCE_FIELDS:
    _REFERENCES_BY_FIELD[_field] = (*_REFERENCES_BY_FIELD.get(_field, ()), (_item_key, _kind))


def _reference_nodes(root: Mapping):
    """Yield (kind, id, position) for every id an event file names (each list item read once)."""
    for key, node in root.items:
        references = _REFERENCES_BY_FIELD.get(key.text)
        if references is None:
            continue
        for item in node.items if isinstance(node, Sequence) else (node,):
            named = {k.text: v for k, v in item.items} if isinstance(item, Mapping) else None
            for item_key, kind in references:
                target = item if item_key is None else named.get(item_key) if named is not None else None
                if isinstance(target, Scalar):
                    yield kind, target.text, target.pos


def _stem(path: str) -> str:
    """A file's name without its extension (``PurePosixPath(path).stem``, without building a path)."""
    return posixpath.splitext(posixpath.basename(path))[0]


def _own_id(file: LoadedFile) -> str:
    fields = {key.text: node for key, node in file.root.items}
    node = fields.get("id")
    return node.text if isinstance(node, Scalar) else _stem(file.path)


def _known_event_ids(files, memo: dict | None = None) -> set:
    """Ids of every event file that parsed, valid or not, so one bad event does not cascade."""
    return {_references_of(f, memo)[0] for f in files if isinstance(f.root, Mapping)}


def _references_of(file: LoadedFile, memo: dict | None) -> tuple[str, list]:
    """(the event's own id, every id it names), remembered per parsed file in a live preview."""
    known = memo.get(("refs", id(file.root))) if memo is not None else None
    if known is not None and known[0] is file.root:
        return known[1]
    found = (_own_id(file), list(_reference_nodes(file.root)))
    if memo is not None:
        memo[("refs", id(file.root))] = (file.root, found)
    return found


def _check_references(files: tuple[LoadedFile, ...], registries: dict, errors: Errors,
                      memo: dict | None = None) -> None:
    """Every id an event names must exist; errors point at the id itself."""
    for file in files:
        if not isinstance(file.root, Mapping):
            continue
        own, references = _references_of(file, memo)
        _check_reference_list(own, references, registries, errors)


def _check_reference_list(own: str, references: list, registries: dict, errors: Errors) -> None:
    """The references of one event file, checked against every registry."""
    for kind, value, pos in (reference for reference in references if reference[0] != "alias"):  # _check_aliases
        if kind == "claimant":  # an actor's id, or text; but an id-like value close to an actor's id is a misspelt id
            hint = "" if value in registries["actor"] or not is_slug(value) else _suggest(value, registries["actor"])
            if hint:
                errors.append(pos.error(f"no actor in actors.yaml has the id '{value}'{hint} (a claimant that is "
                                        "not an actor is written as text, such as 'provincial police')"))
        elif kind == "event" and value == own:
            errors.append(pos.error(f"event '{own}' lists itself in related"))
        elif value not in registries[kind]:
            where = "event" if kind == "event" else f"{kind} {_WHERE[kind]}"
            errors.append(pos.error(f"no {where} has the id '{value}'{_suggest(value, registries[kind])}"))


def _suggest(value: str, registry) -> str:
    close = difflib.get_close_matches(value, list(registry), n=1, cutoff=0.7)
    return f"; did you mean '{close[0]}'?" if close else ""


def _check_aliases(files: list, ids: set, errors: Errors) -> None:
    """Aliases (former ids, whose URLs redirect) are no live event's id and no other event's alias, from (own id, references)."""
    aliases = [(own, value, pos) for own, references in files for kind, value, pos in references if kind == "alias"]
    owners: dict[str, set[str]] = {}
    for own, value, _ in aliases:
        owners.setdefault(value, set()).add(own)
    for own, value, pos in aliases:
        whose = ("this event's own id" if value == own else f"the id of another event, live at /events/{value}/" if value in ids
                 else f"also an alias of event '{min(owners[value] - {own})}'" if owners[value] - {own} else "")
        errors.extend([pos.error(f"alias '{value}' is {whose}")] if whose else [])
