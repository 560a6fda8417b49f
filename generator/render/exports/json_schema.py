"""events.schema.json: the JSON Schema (draft 2020-12) that every events.json validates against."""

from __future__ import annotations

from generator.content.dates import ALL_PRECISIONS
from generator.content.edtf_dates import DATE_PATTERN_V2, END_DATE_PATTERN_V2
from generator.content.model import ACTOR_KINDS, QUALIFIERS, STATUSES
from generator.render.exports.json_export import SCHEMA_VERSION

_SLUG = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80}
_DATE_PATTERN = DATE_PATTERN_V2  # version 1's forms and EDTF level 1 (2015-09~, 201X, -0043-03-15, Y-13800000000)
_DATE = {"type": "string", "pattern": _DATE_PATTERN}
_END_DATE = {"type": "string", "pattern": END_DATE_PATTERN_V2, "description": "same forms as date, or '..' (still going)"}
_DAY = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_PRECISION = {"enum": list(ALL_PRECISIONS)}
# a proleptic Gregorian day of any year (astronomical: -0043 is 44 BC), as Date.bounds() writes it
_ANY_DAY = {"type": "string", "pattern": r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}$"}
_BOUNDS = {"type": "array", "prefixItems": [_ANY_DAY, _ANY_DAY], "minItems": 2, "maxItems": 2,
           "description": "the first and the last day the date covers: [\"2010-01-01\", \"2019-12-31\"] for 201X"}


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


_OPT_SIZE = _nullable({"type": "integer", "minimum": 1})
_MEDIA = {
    **_record(
        {
            "kind": {"type": "string", "description": "what it is: image, youtube, vimeo, twitter, bluesky, pdf, link, …"},
            "category": {"enum": ["image", "video", "audio", "post", "document", "map", "page"]},
            "file": {**_OPT_TEXT, "description": "a local image: its path under content/media/; null for media on the web"},
            "url": {**_OPT_TEXT, "description": "where it is: a local image's published full-size file (absolute, or "
                                                "relative to the site root), else the URL as written"},
            "embed_url": {**_OPT_TEXT, "description": "the privacy-respecting player a reader's click loads; null for a link"},
            "width": _OPT_SIZE, "height": _OPT_SIZE,
            "thumbnail": {**_OPT_TEXT, "description": "a small published image of it, when there is one"},
            "alt": _OPT_TEXT, "caption": _OPT_TEXT, "credit": _OPT_TEXT, "license": _OPT_TEXT,
            "license_url": {**_OPT_TEXT, "description": "the Creative Commons deed the licence names"},
            "link": {**_OPT_TEXT, "description": "the page where the media was published"},
        }
    ),
    "description": "a photo, video, post or document shown with the event",
}


def _event_schema() -> dict:
    return _record(
        {
            "id": _SLUG,
            "url": {"type": "string", "description": "the event page; absolute, or relative to the site root"},
            "date": _DATE,
            "precision": _PRECISION,
            "date_bounds": _BOUNDS,
            "end_date": {**_nullable(_END_DATE), "description": "same forms as date, or '..' (still going); null without an end"},
            "end_precision": {**_nullable({"enum": [*ALL_PRECISIONS, "open"]}), "description": "'open' for '..'"},
            "end_bounds": {**_nullable(_BOUNDS), "description": "as date_bounds; null without an end or for an open end"},
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
            "media": _list(_MEDIA),
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
    schema = {
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
    # the site's language (BCP 47), in the site's events.json; an export without a site has none
    schema["properties"] = {"schema_version": schema["properties"]["schema_version"], "language": _TEXT,
                            **schema["properties"]}
    return schema
