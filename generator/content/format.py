"""Content format version 2 (every version-1 file stays valid): every record and field, declared with ``generator.content.fields``.

This table is the single source for validation and for the JSON Schema that
editors get from ``timeline schema``.
"""

from __future__ import annotations

from generator.content.fields import Bool, Choice, DateField, FieldSpec, ListOf, Number, Record, Slug, Text, Url
from generator.content.model import ACTOR_KINDS, QUALIFIERS, STATUSES, Actor, Casualty, Quote, Source, SourceRef, Update

FORMAT_VERSION = 2
TITLE_MAX = 200


def _kwargs(**values):
    return values


SOURCE_REF = Record(
    {
        "source": FieldSpec(Slug(), True, "id of a file in content/sources/"),
        "quote": FieldSpec(Text(markdown=True), description="the words of the article that support the event"),
        "note": FieldSpec(Text(markdown=True), description="an editor's note on this citation"),
    },
    SourceRef,
    "a source reference",
)

QUOTE = Record(
    {
        "text": FieldSpec(Text(markdown=True), True, "the exact words"),
        "by": FieldSpec(Text(200), True, "who said them"),
        "role": FieldSpec(Text(200), description="the speaker's role when speaking"),
        "source": FieldSpec(Slug(), True, "id of the article that reports the quote"),
    },
    Quote,
    "a quote",
)

CASUALTY = Record(
    {
        "party": FieldSpec(Slug(), True, "id of an actor in actors.yaml"),
        "killed": FieldSpec(Number(minimum=0)),
        "wounded": FieldSpec(Number(minimum=0)),
        "qualifier": FieldSpec(Choice(QUALIFIERS), description="how exact the figures are"),
        "source": FieldSpec(Slug(), True, "id of the article that reports the figures"),
    },
    Casualty,
    "a casualty entry",
)

UPDATE = Record(
    {
        "date": FieldSpec(DateField(day_only=True), True, "YYYY-MM-DD"),
        "note": FieldSpec(Text(markdown=True), True, "what was corrected"),
    },
    Update,
    "a correction",
)

EVENT = Record(
    {
        "id": FieldSpec(Slug(), description="defaults to the file name without .yaml"),
        "date": FieldSpec(DateField(), True, "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]+HH:MM"),
        "end_date": FieldSpec(DateField(), description="same forms as date; not before it"),
        "approximate": FieldSpec(Bool(), description="shown as 'c.'"),
        "display_date": FieldSpec(Text(200), description="text shown instead of the date"),
        "sequence": FieldSpec(
            Number(minimum=1),
            description="order among events that share the same date (the article's narrative order); lower first, events without one last",
        ),
        "title": FieldSpec(Text(TITLE_MAX), True, "plain text"),
        "summary": FieldSpec(Text(markdown=True), True, "Markdown, one or two paragraphs"),
        "body": FieldSpec(Text(markdown=True), description="Markdown"),
        "featured": FieldSpec(Bool(), description="a key event, emphasised in listings and the overview"),
        "place": FieldSpec(Slug(), description="id in places.yaml"),
        "actors": FieldSpec(ListOf(Slug()), description="ids in actors.yaml"),
        "tags": FieldSpec(ListOf(Slug()), description="slugs"),
        "status": FieldSpec(Choice(STATUSES), description="defaults to reported"),
        "sources": FieldSpec(ListOf(SOURCE_REF, min_items=1), True, "the article(s) the event comes from"),
        "quotes": FieldSpec(ListOf(QUOTE)),
        "casualties": FieldSpec(ListOf(CASUALTY)),
        "related": FieldSpec(ListOf(Slug()), description="ids of other events"),
        "updates": FieldSpec(ListOf(UPDATE), description="corrections log"),
    },
    _kwargs,
    "an event",
)

SOURCE = Record(
    {
        "id": FieldSpec(Slug(), description="must equal the file name"),
        "title": FieldSpec(Text(500), True),
        "publisher": FieldSpec(Text(200)),
        "published": FieldSpec(DateField()),
        "url": FieldSpec(Url()),
        "archived_url": FieldSpec(Url()),
        "author": FieldSpec(Text(200)),
        "language": FieldSpec(Text(35)),
        "notes": FieldSpec(Text(markdown=True)),
    },
    _kwargs,
    "a source",
)

ACTOR = Record(
    {
        "name": FieldSpec(Text(200), True),
        "kind": FieldSpec(Choice(ACTOR_KINDS)),
        "description": FieldSpec(Text(markdown=True)),
        "aliases": FieldSpec(ListOf(Text(200))),
    },
    _kwargs,
    "an actor",
)

PLACE = Record(
    {
        "name": FieldSpec(Text(200), True),
        "region": FieldSpec(Text(200)),
        "country": FieldSpec(Text(200)),
        "lat": FieldSpec(Number(integer=False, minimum=-90, maximum=90)),
        "lon": FieldSpec(Number(integer=False, minimum=-180, maximum=180)),
        "within": FieldSpec(Slug(), description="id of the place that contains it (a hospital within a city)"),
    },
    _kwargs,
    "a place",
)

# The CSV form of events (events.csv, written by the exports and read back by ``timeline import csv``):
# its columns in order, all event fields but ``url`` (the event page's address); a list field is its
# items joined with LIST_SEPARATOR (sources: the source ids).
CSV_COLUMNS = (
    "id", "date", "end_date", "approximate", "display_date", "title", "summary", "body",
    "place", "actors", "tags", "status", "sources", "url",
)
LIST_SEPARATOR = "; "


def event_json_schema() -> dict:
    """JSON Schema (draft 2020-12) for one event file."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://timeline-site.invalid/schema/event-v2.json",
        "title": "timeline-site event (content format v2)",
        **EVENT.schema(),
    }


__all__ = ["ACTOR", "EVENT", "PLACE", "SOURCE", "FORMAT_VERSION", "Actor", "Source", "event_json_schema"]
