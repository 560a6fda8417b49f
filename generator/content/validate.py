"""The rules within one content file: a record's fields, an event's dates, a file's name as its id.

``registries`` turns the parsed actors, places and sources into records; ``summarize_event``
turns one parsed event file into what the rules across files need (``cross_file``). Reading a
whole tree is ``generator.content.reader``'s part.
"""

from __future__ import annotations

from generator.content.cross_file import EventSummary, check_within, field_pos, file_stem, own_id, reference_nodes
from generator.content.dates import Date, OpenEnd
from generator.content.errors import ContentError
from generator.content.fields import INVALID, is_slug, slug_problem
from generator.content.format import ACTOR, EVENT, PLACE, SOURCE
from generator.content.load import ContentFiles
from generator.content.yaml_nodes import LoadedFile, Mapping
from generator.content.model import Actor, Event, Place, Source
from generator.content.registries import RegistryEntry, registry_entries

Errors = list[ContentError]


def registries(files: ContentFiles, errors: Errors) -> tuple[dict, dict, dict]:
    """Actors, places and sources by id (an invalid record maps to None, so its id still counts).
    Actors and places come from their single file and their folder alike (``generator.content.registries``)."""
    place_entries = registry_entries(files.places, files.place_files, "place", errors)
    places = _registry(place_entries, PLACE, Place, errors)
    check_within(place_entries, places, errors)
    actors = _registry(registry_entries(files.actors, files.actor_files, "actor", errors), ACTOR, Actor, errors)
    return actors, places, _sources(files.sources, errors)


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
        stem = file_stem(file.path)
        if not is_slug(stem):
            errors.append(ContentError(file.path, 1, 1, f"file name: {slug_problem(stem)}"))
            continue
        values = SOURCE.values(file.root, errors)
        out[stem] = None  # known id, even when its record is invalid
        if values is INVALID:
            continue
        if values.pop("id", stem) != stem:
            errors.append(field_pos(file, "id").error(f"a source's id must equal its file name '{stem}'"))
            continue
        out[stem] = Source(id=stem, path=file.path, **values)
    return out


def summarize_event(file: LoadedFile, errors: Errors, keep_event: bool = True) -> EventSummary | None:
    """One parsed event file on its own (its field errors go to ``errors``): what the rules across
    files need of it, or None when it is not a mapping. Without ``keep_event`` the summary holds no event."""
    claim, event, later_errors = _event_from(file, errors)
    if not isinstance(file.root, Mapping):
        return None
    return EventSummary(file.path, claim, field_pos(file, "id"), later_errors, own_id(file),
                        list(reference_nodes(file.root)), event if keep_event else None)


def _event_from(file: LoadedFile, errors: Errors) -> tuple[str | None, Event | None, Errors]:
    """One event file on its own: (the id it claims, or None when its fields are invalid; the
    event, or None; errors that count only when the id is not a duplicate)."""
    values = EVENT.values(file.root, errors)
    if values is INVALID:
        return None, None, []
    stem = file_stem(file.path)
    event_id = values.pop("id", stem)
    if "id" not in file.root.keys() and not is_slug(stem):
        errors.append(ContentError(file.path, 1, 1, f"file name: {slug_problem(stem)}; or set 'id'"))
        return None, None, []
    if event_id in values.get("related", ()):
        return event_id, None, []  # reported at the id by cross_file.check_references
    end = values.get("end_date")
    if end_before_date(values["date"], end):
        return event_id, None, [field_pos(file, "end_date").error(f"end_date {end} is before date {values['date']}")]
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
