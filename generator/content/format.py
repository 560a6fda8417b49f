"""Content format version 2 (every version-1 file stays valid): every record and field, declared with ``generator.content.fields``.

This table is the single source for validation and for the JSON Schema that
editors get from ``timeline schema``.
"""

from __future__ import annotations

from generator.content.fields import (
    Bool, Choice, Count, DateField, FieldSpec, ListOf, Number, Record, Slug, Text, Url, field_node,
)
from generator.content.dates import Date
from generator.content.media import MediaList
from generator.content.model import (
    ACTOR_KINDS, QUALIFIERS, STATUSES, Actor, Casualty, Figure, Quote, Source, SourceRef, Update,
)

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

RANGE_QUALIFIERS = ("about",)  # a range gives its own bounds: only 'about' (or none) goes with one


def _check_casualty(values: dict, node, errors) -> bool:
    """A range ({min, max}) takes no qualifier but 'about': 'at least 25–30' says nothing clear."""
    qualifier = values.get("qualifier")
    ranged = [name for name in ("killed", "wounded") if isinstance(values.get(name), Figure) and values[name].is_range]
    if not isinstance(qualifier, str) or qualifier in RANGE_QUALIFIERS or not ranged:
        return True  # (no qualifier, or one that failed and is reported already)
    errors.append(field_node(node, "qualifier").pos.error(
        f"qualifier '{qualifier}' does not go with the range given for {ranged[0]}: a range already says how "
        f"exact it is; leave the qualifier out, use 'about', or give one number with '{qualifier}'"))
    return False


_COUNT_DESCRIPTION = "a whole number, or a range {min: N, max: N}"
CASUALTY = Record(
    {
        "party": FieldSpec(Slug(), True, "id of the actor in actors.yaml whose casualties the claim counts"),
        "killed": FieldSpec(Count(), description=_COUNT_DESCRIPTION),
        "wounded": FieldSpec(Count(), description=_COUNT_DESCRIPTION),
        "qualifier": FieldSpec(Choice(QUALIFIERS), description="how exact the figures are; with a range, only 'about'"),
        "claimed_by": FieldSpec(Text(200), description="who gives the figures: an actor id in actors.yaml, or text ('provincial police')"),
        "as_of": FieldSpec(DateField(), description="when the figures were given; same forms as date, not before it"),
        "source": FieldSpec(Slug(), True, "id of the article that reports the figures"),
    },
    Casualty,
    "a casualty claim",
    check=_check_casualty,
    schema_rules={
        "if": {"anyOf": [{"required": [name], "properties": {name: {"type": "object"}}} for name in ("killed", "wounded")]},
        "then": {"properties": {"qualifier": {"enum": list(RANGE_QUALIFIERS)}}},
    },
)

UPDATE = Record(
    {
        "date": FieldSpec(DateField(day_only=True), True, "YYYY-MM-DD"),
        "note": FieldSpec(Text(markdown=True), True, "what was corrected"),
    },
    Update,
    "a correction",
)

def _check_event(values: dict, node, errors) -> bool:
    """Each casualty claim's ``as_of`` is not before the event's date: a figure cannot be given before
    the event. The error is at the ``as_of`` value."""
    date, claims, ok = values.get("date"), values.get("casualties"), True
    if not isinstance(date, Date) or not isinstance(claims, tuple):
        return True  # absent, or failed and reported already
    for claim, claim_node in zip(claims, field_node(node, "casualties").items):
        if claim.as_of is not None and _before(claim.as_of, date):
            errors.append(field_node(claim_node, "as_of").pos.error(
                f"as_of {claim.as_of} is before the event's date {date}; the figures were given "
                f"on or after the event: write a date from {date} on"))
            ok = False
    return ok


def _before(earlier: Date, date: Date) -> bool:
    """True when ``earlier`` ends before ``date`` begins: by instant when both have a time of day,
    else by calendar day (a day is not 'before' the same day at 05:30 in another time zone)."""
    if earlier.has_time and date.has_time:
        return earlier.instant_bounds()[1] < date.instant_bounds()[0]
    last, first = earlier.last_day(), date.first_day()
    return (last.year, last.month, last.day) < (first.year, first.month, first.day)


EVENT = Record(
    {
        "id": FieldSpec(Slug(), description="defaults to the file name without .yaml"),
        "date": FieldSpec(
            DateField(), True,
            "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]+HH:MM; or EDTF: 2015-09~ (approximate), "
            "2015-09-28? (uncertain), 2015% (both), 201X (a decade), 19XX (a century), 2015-XX (month unknown), "
            "-0043-03-15 (15 March 44 BC; year 0 is 1 BC), Y-13800000000 (deep time)",
        ),
        "end_date": FieldSpec(DateField(allow_open=True), description="same forms as date, or .. (still going); not before it"),
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
        "media": FieldSpec(
            MediaList(),
            description="photos under content/media/ (file) and media on the web (url: videos, posts, documents), "
                        "each with alt (required for images), caption, credit, license, link, thumbnail",
        ),
        "casualties": FieldSpec(ListOf(CASUALTY)),
        "related": FieldSpec(ListOf(Slug()), description="ids of other events"),
        "aliases": FieldSpec(ListOf(Slug()), description="former ids of this event: their URLs redirect to its page"),
        "updates": FieldSpec(ListOf(UPDATE), description="corrections log"),
    },
    _kwargs,
    "an event",
    check=_check_event,
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
# items joined with LIST_SEPARATOR (sources: the source ids). Columns added later go at the end:
# ``casualties`` is every claim in a compact text form (``generator.render.exports.csv_export``);
# ``media`` the URL of each media entry (a local image's published full-size file).
CSV_COLUMNS = (
    "id", "date", "end_date", "approximate", "display_date", "title", "summary", "body",
    "place", "actors", "tags", "status", "sources", "url", "casualties", "media",
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
