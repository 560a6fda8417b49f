"""The rules across content files: an id used once, every id an event names known, aliases
nobody else holds, places ``within`` known places without a loop.

Every way of reading content (one process, forked workers, a kept read, a live preview's memo)
reduces each event file to an ``EventSummary`` and hands the summaries, in file order, to
``events_across_files``: the rules run in one place, so every reader reports the same errors.
"""

from __future__ import annotations

import posixpath
from typing import Callable, Iterable, NamedTuple, TypeVar

from generator.content.errors import ContentError
from generator.content.fields import did_you_mean, is_slug
from generator.content.load import LoadedFile
from generator.content.yaml_nodes import Mapping, Position, Scalar, Sequence
from generator.content.model import Event

Errors = list[ContentError]
Item = TypeVar("Item")

# Which fields of an event name which kind of record: (field, key inside list items or None, kind).
REFERENCE_FIELDS = (
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
for _field, _item_key, _kind in REFERENCE_FIELDS:
    _REFERENCES_BY_FIELD[_field] = (*_REFERENCES_BY_FIELD.get(_field, ()), (_item_key, _kind))

Reference = tuple[str, str, Position]  # (kind, id, where the id is written)


class EventSummary(NamedTuple):
    """What the rules across files need of one event file (a mapping that parsed)."""

    path: str  # as errors show it
    claim: str | None  # the id it claims; None when its fields are invalid
    id_pos: Position
    later_errors: Errors  # errors that count unless the id is a duplicate
    own: str  # its own id, for its references
    references: list[Reference]
    event: Event | None  # None when invalid, or when the reader does not need the events


def file_stem(path: str) -> str:
    """A file's name without its extension (``PurePosixPath(path).stem``, without building a path)."""
    return posixpath.splitext(posixpath.basename(path))[0]


def field_pos(file: LoadedFile, name: str) -> Position:
    """The position of a top-level field's value (or of the file when it is absent)."""
    assert isinstance(file.root, Mapping)
    for key, node in file.root.items:
        if key.text == name:
            return node.pos
    return file.root.pos


def own_id(file: LoadedFile) -> str:
    """The id an event file holds: its ``id`` field as written, else its file name."""
    node = dict((key.text, value) for key, value in file.root.items).get("id")
    return node.text if isinstance(node, Scalar) else file_stem(file.path)


def reference_nodes(root: Mapping) -> Iterable[Reference]:
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


def first_of_each_id(items: Iterable[Item], id_of: Callable[[Item], str | None],
                     duplicate: Callable[[Item, Item], ContentError], errors: Errors) -> list[Item]:
    """The items whose id (``id_of``; None: no id, left out) no earlier item has, in order; each
    later holder of an id is reported (``duplicate(item, first holder)``) and left out."""
    first: dict[str, Item] = {}
    kept = []
    for item in items:
        item_id = id_of(item)
        if item_id is None:
            continue
        if item_id in first:
            errors.append(duplicate(item, first[item_id]))
            continue
        first[item_id] = item
        kept.append(item)
    return kept


def _duplicate_event(summary: EventSummary, first: EventSummary) -> ContentError:
    return summary.id_pos.error(f"event id '{summary.claim}' is already used by {first.path}")


def events_across_files(summaries: list[EventSummary], registries: dict[str, dict], errors: Errors
                        ) -> tuple[list[Event], int]:
    """Apply the rules across event files to their summaries (in file order): the events kept (of
    the summaries that hold one) and how many distinct ids the files claim. ``registries``: the
    actors, places and sources by id ("actor", "place", "source"; an invalid record maps to None)."""
    unique = first_of_each_id(summaries, lambda summary: summary.claim, _duplicate_event, errors)
    events = []
    for summary in unique:
        errors.extend(summary.later_errors)
        if summary.event is not None:
            events.append(summary.event)
    known = {**registries, "event": {summary.own for summary in summaries}}
    for summary in summaries:
        check_references(summary.own, summary.references, known, errors)
    check_aliases([(summary.own, summary.references) for summary in summaries], known["event"], errors)
    return events, len(unique)


def check_references(own: str, references: list[Reference], registries: dict, errors: Errors) -> None:
    """The references of one event file (its id ``own``), checked against every registry; errors
    point at the id itself. Aliases are ``check_aliases``' part."""
    for kind, value, pos in (reference for reference in references if reference[0] != "alias"):
        if kind == "claimant":  # an actor's id, or text; but an id-like value close to an actor's id is a misspelt id
            hint = "" if value in registries["actor"] or not is_slug(value) else suggest(value, registries["actor"])
            if hint:
                errors.append(pos.error(f"no actor in actors.yaml has the id '{value}'{hint} (a claimant that is "
                                        "not an actor is written as text, such as 'provincial police')"))
        elif kind == "event" and value == own:
            errors.append(pos.error(f"event '{own}' lists itself in related"))
        elif value not in registries[kind]:
            where = "event" if kind == "event" else f"{kind} {_WHERE[kind]}"
            errors.append(pos.error(f"no {where} has the id '{value}'{suggest(value, registries[kind])}"))


def check_aliases(files: list[tuple[str, list[Reference]]], ids: set, errors: Errors) -> None:
    """Aliases (former ids, whose URLs redirect) are no live event's id and no other event's alias,
    from (own id, references) of each event file."""
    aliases = [(own, value, pos) for own, references in files for kind, value, pos in references if kind == "alias"]
    owners: dict[str, set[str]] = {}
    for own, value, _ in aliases:
        owners.setdefault(value, set()).add(own)
    for own, value, pos in aliases:
        whose = ("this event's own id" if value == own else f"the id of another event, live at /events/{value}/" if value in ids
                 else f"also an alias of event '{min(owners[value] - {own})}'" if owners[value] - {own} else "")
        errors.extend([pos.error(f"alias '{value}' is {whose}")] if whose else [])


def check_within(entries: list, places: dict, errors: Errors) -> None:
    """Each place's ``within`` names a known place, and no chain of ``within`` loops back
    (``entries``: the places' ``RegistryEntry`` items, in order).

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
            errors.append(value.pos.error(f"no place in places.yaml has the id '{value.text}'{suggest(value.text, places)}"))
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


def suggest(value: str, registry) -> str:
    """"; did you mean 'x'?" for the id of ``registry`` closest to ``value``, or ''."""
    return did_you_mean(value, registry, cutoff=0.7)


def valid_records(registry: dict) -> dict:
    """A registry without its invalid records (which map to None), sorted by id."""
    return {key: value for key, value in sorted(registry.items()) if value is not None}
