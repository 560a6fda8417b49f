"""events.schema.json: the JSON Schema (draft 2020-12) that every events.json validates against."""

from __future__ import annotations

from generator.content.model import ACTOR_KINDS, QUALIFIERS, STATUSES
from generator.render.exports.json_export import SCHEMA_VERSION

_SLUG = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80}
_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?[+-]\d{2}:\d{2})?)?)?$"
_DATE = {"type": "string", "pattern": _DATE_PATTERN}
_DAY = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_PRECISION = {"enum": ["year", "month", "day", "minute", "second"]}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _record(properties: dict) -> dict:
    """An object with exactly these keys, all required (absent values are null)."""
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def _list(items: dict) -> dict:
    return {"type": "array", "items": items}


_TEXT = {"type": "string"}
_OPT_TEXT = _nullable(_TEXT)
_WHOLE = {"type": "integer", "minimum": 0}
_RANGE = {**_record({"min": _WHOLE, "max": _WHOLE}), "description": "a range of numbers, min ≤ max"}
_COUNT = {**_nullable({"anyOf": [_WHOLE, _RANGE]}), "description": "one number, or a range; null when not given"}


def _event_schema() -> dict:
    return _record(
        {
            "id": _SLUG,
            "url": {"type": "string", "description": "the event page; absolute, or relative to the site root"},
            "date": _DATE,
            "precision": _PRECISION,
            "end_date": _nullable(_DATE),
            "end_precision": _nullable(_PRECISION),
            "approximate": {"type": "boolean"},
            "display_date": _OPT_TEXT,
            "sequence": {
                **_nullable({"type": "integer", "minimum": 1}),
                "description": "order among events that share the same date; null after those with one",
            },
            "when": {"type": "string", "description": "the date as the site shows it"},
            "title": _TEXT,
            "summary": {"type": "string", "description": "Markdown"},
            "body": _OPT_TEXT,
            "featured": {"type": "boolean", "description": "a key event"},
            "place": _nullable(_SLUG),
            "actors": _list(_SLUG),
            "tags": _list(_SLUG),
            "status": {"enum": list(STATUSES)},
            "sources": {**_list(_record({"source": _SLUG, "quote": _OPT_TEXT, "note": _OPT_TEXT})), "minItems": 1},
            "quotes": _list(_record({"text": _TEXT, "by": _TEXT, "role": _OPT_TEXT, "source": _SLUG})),
            "casualties": _list(
                _record(
                    {
                        "party": {**_SLUG, "description": "the actor whose casualties the claim counts"},
                        "killed": _COUNT, "wounded": _COUNT,
                        "qualifier": _nullable({"enum": list(QUALIFIERS)}),
                        "claimed_by": {**_OPT_TEXT, "description": "who gives the figures, as written: an actor id or text"},
                        "claimed_by_actor": {"type": "boolean", "description": "whether claimed_by is the id of an actor"},
                        "as_of": {**_nullable(_DATE), "description": "when the figures were given"},
                        "source": _SLUG,
                    }
                )
            ),
            "related": _list(_SLUG),
            "updates": _list(_record({"date": _DAY, "note": _TEXT})),
        }
    )


def _coordinate(limit: int) -> dict:
    return _nullable({"type": "number", "minimum": -limit, "maximum": limit})


def _registry_schema(record: dict) -> dict:
    return {"type": "object", "propertyNames": _SLUG, "additionalProperties": record}


def events_json_schema() -> dict:
    """The JSON Schema (draft 2020-12) that every ``events_json`` output validates against."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://timeline-site.invalid/events.schema.json",
        "title": "timeline-site events.json",
        "description": "The whole chronology: events in date order and the registries they refer to.",
        **_record(
            {
                "schema_version": {"const": SCHEMA_VERSION},
                "events": _list({"$ref": "#/$defs/event"}),
                "sources": _registry_schema(
                    _record(
                        {
                            "title": _TEXT, "publisher": _OPT_TEXT, "published": _nullable(_DATE),
                            "url": _OPT_TEXT, "archived_url": _OPT_TEXT, "author": _OPT_TEXT,
                            "language": _OPT_TEXT, "notes": _OPT_TEXT,
                        }
                    )
                ),
                "actors": _registry_schema(
                    _record({"name": _TEXT, "kind": {"enum": list(ACTOR_KINDS)}, "description": _OPT_TEXT, "aliases": _list(_TEXT)})
                ),
                "places": _registry_schema(
                    _record(
                        {
                            "name": _TEXT, "region": _OPT_TEXT, "country": _OPT_TEXT,
                            "lat": _coordinate(90), "lon": _coordinate(180),
                            "within": {**_nullable(_SLUG), "description": "id of the place that contains it"},
                        }
                    )
                ),
            }
        ),
        "$defs": {"event": _event_schema()},
    }
