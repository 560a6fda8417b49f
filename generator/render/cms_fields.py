"""The web editor's form fields, one for each field of the content format (``generator.content.format``).

``form_field`` turns a record's ``FieldSpec`` into a Decap CMS field (Sveltia CMS reads the same):
its widget from the spec's kind, with the same rules ``timeline schema`` gives (slug and date
patterns, lengths, bounds, choices); a field that names other records is a relation or a select
over them. ``generator.render.cms_config`` puts the fields into the editor's collections.
"""

from __future__ import annotations

from typing import Any

from generator.content.fields import (
    Bool, Choice, Count, DateField, ListOf, Number, Record, Slug, Text, Url, SLUG_MAX, SLUG_PATTERN,
)
from generator.content.media import MediaList, media_schema

FOLDER = "folder"  # in place of a registry's select options: pick from its folder collection (a relation)
# Top-level Markdown fields get the rich editor; Markdown inside list items gets a plain text box.
MARKDOWN_BUTTONS = ["bold", "italic", "link", "quote", "bulleted-list", "numbered-list", "heading-two", "heading-three"]

LABELS = {  # where the field name alone would say too little to an editor
    "id": "Id",
    "sources": "Sources (the articles the event comes from)",
    "related": "Related events",
    "updates": "Corrections log",
    "aliases": "Former ids",
    "claimed_by": "Claimed by",
    "as_of": "As of",
    "lat": "Latitude",
    "lon": "Longitude",
    "url": "URL",
    "archived_url": "Archived URL",
    ("actor", "aliases"): "Other names",
}
SINGULAR = {"sources": "source", "quotes": "quote", "casualties": "casualty claim", "updates": "correction",
            "actors": "actor", "tags": "tag", "related": "event", "aliases": "former id", "media": "media item",
            ("actor", "aliases"): "name"}
HINTS = {
    ("event", "id"): "Leave empty: the event's id is its file name, made from the title's Latin letters and digits "
                     "when it is first saved. An id given here is used instead (the file keeps its name).",
    ("event", "date"): "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM+HH:MM (a time needs its UTC offset).",
    ("source", "id"): "Leave empty: a source's id is its file name.",
    ("casualty", "killed"): "One number in the first box; for a range (10 to 15), the lowest and the highest.",
    ("casualty", "wounded"): "One number in the first box; for a range (10 to 15), the lowest and the highest.",
    ("event", "media"): "Each item is a file (an image uploaded to media/) or a URL (a video, a post, a document); "
                        "an image needs its alt text.",
}


def registry_choices(registry: dict) -> list[dict]:
    """Select options for a registry: its ids, labelled with names, in name order."""
    return [{"label": f"{record.name} ({record_id})", "value": record_id}
            for record_id, record in sorted(registry.items(), key=lambda item: (item[1].name.casefold(), item[0]))]


def form_field(record: str, name: str, spec, *, references: dict | None = None, actors: list | None = None,
               places: list | None = None, top: bool = False, parent: str | None = None) -> dict:
    """One Decap field for field ``name`` (a ``FieldSpec``) of ``record`` (event, source, casualty …)."""
    label = LABELS.get((record, name)) or LABELS.get(name) or name.replace("_", " ").capitalize()
    out: dict[str, Any] = {"label": label, "name": name}
    if not spec.required:
        out["required"] = False
    hint = HINTS.get((record, name)) or spec.description
    if hint:
        out["hint"] = hint[0].upper() + hint[1:]
    kind = (references or {}).get((parent, name) if parent else (name, None))
    out.update(_widget(record, name, spec.spec, kind, references or {}, actors or [], places or [], top))
    return out


def _widget(record: str, name: str, spec, kind: str | None, references: dict, actors: list, places: list,
            top: bool) -> dict:
    """The widget options for one field's spec (``kind``: what record the field names, if any)."""
    if kind == "source":
        return _relation("sources", "{{slug}}", ["title", "publisher"], "{{title}} ({{slug}})")
    if kind == "event":
        return {**_relation("events", "{{filename}}", ["title", "date"], "{{date}} — {{title}}"), "multiple": True}
    if kind in ("place", "actor") or (name == "within" and record == "place"):
        options = places if kind != "actor" else actors
        multiple = {"multiple": True} if isinstance(spec, ListOf) else {}
        if options == FOLDER:  # records in files of their own: the folder collection lists them, new ones too
            return {**_relation(f"{kind or record}s", "{{slug}}", ["name"], "{{name}} ({{slug}})"), **multiple}
        if options:
            return {"widget": "select", "options": options, **multiple}
        # (no record to choose from: a typed id, or list of ids, which `timeline check` checks)
    if isinstance(spec, MediaList):
        return _media()
    if isinstance(spec, Count):
        return _count()
    if isinstance(spec, ListOf):
        return _list(record, name, spec, references, actors, places)
    if isinstance(spec, Record):
        return {"widget": "object", "fields": [form_field(record, sub, sub_spec, top=False)
                                                   for sub, sub_spec in spec.fields.items()]}
    if isinstance(spec, Text):
        if spec.markdown and top:
            return {"widget": "markdown", "buttons": MARKDOWN_BUTTONS, "editor_components": [],
                    "modes": ["rich_text", "raw"]}
        pattern = r"^(?=[\s\S]*\S)[\s\S]{1,%d}$" % spec.max_length if spec.max_length else r"\S"
        message = f"Text of at most {spec.max_length} characters" if spec.max_length else "Text"
        return {"widget": "text" if spec.markdown else "string", "pattern": [pattern, message]}
    if isinstance(spec, Slug):
        return {"widget": "string", "pattern": [_slug_pattern(), "Lowercase letters, digits and single hyphens "
                                                f"(at most {SLUG_MAX} characters), such as kunduz-airport"]}
    if isinstance(spec, DateField):
        return {"widget": "string", "pattern": [_js(spec.schema()["pattern"]),
                                                "YYYY-MM-DD" if spec.day_only else "A date: YYYY, YYYY-MM, YYYY-MM-DD "
                                                "or YYYY-MM-DDTHH:MM+HH:MM"]}
    if isinstance(spec, Bool):
        return {"widget": "boolean"}
    if isinstance(spec, Number):
        out: dict[str, Any] = {"widget": "number", "value_type": "int" if spec.integer else "float"}
        out.update({key: value for key, value in (("min", spec.minimum), ("max", spec.maximum)) if value is not None})
        if spec.integer:
            out["step"] = 1
        return out
    if isinstance(spec, Choice):
        return {"widget": "select", "options": list(spec.values)}
    if isinstance(spec, Url):
        return {"widget": "string", "pattern": [_js(spec.schema()["pattern"]), "An address that starts with https://"]}
    schema = spec.schema() if hasattr(spec, "schema") else {}  # a field kind this module does not know yet
    return {"widget": "string", **({"pattern": [_js(schema["pattern"]), "See timeline schema"]} if "pattern" in schema else {})}


def _list(record: str, name: str, spec: ListOf, references: dict, actors: list, places: list) -> dict:
    singular = SINGULAR.get((record, name)) or SINGULAR.get(name, "item")
    out: dict[str, Any] = {"widget": "list", "label_singular": singular}
    if spec.min_items:
        out["min"] = spec.min_items
    item = spec.item
    if isinstance(item, Record):
        sub_record = {"quotes": "quote", "casualties": "casualty", "updates": "update", "sources": "citation"}.get(name, name)
        out["fields"] = [form_field(sub_record, sub, sub_spec, references=references, actors=actors,
                                    places=places, parent=name) for sub, sub_spec in item.fields.items()]
        first = next(iter(item.fields))
        out["summary"] = "{{fields.%s}}" % first
        out["collapsed"] = False
        return out
    # A list of one kind of scalar: Decap's `field` (a list of plain values, one input each).
    out["field"] = {"label": singular.capitalize(), "name": singular.replace(" ", "_"),
                    **_widget(record, name, item, None, references, actors, places, top=False)}
    return out


def _media() -> dict:
    """An event's media: a list of objects, each a file (uploaded to media/) or a URL, with its texts."""
    properties = media_schema()["items"]["properties"]
    fields = []
    for name, prop in properties.items():
        field: dict[str, Any] = {"label": LABELS.get(name) or name.capitalize(), "name": name, "required": False,
                                 "hint": prop["description"][0].upper() + prop["description"][1:]}
        if name in ("file", "thumbnail"):
            field.update({"widget": "image", "choose_url": False})
        elif prop.get("format") == "uri":
            field.update({"widget": "string", "pattern": [_js(Url().schema()["pattern"]), "An address that starts with https://"]})
        else:
            limit = prop["maxLength"]
            field.update({"widget": "string", "pattern": [r"^(?=[\s\S]*\S)[\s\S]{1,%d}$" % limit,
                                                          f"Text of at most {limit} characters"]})
        fields.append(field)
    return {"widget": "list", "label_singular": "media item", "summary": "{{fields.file}}{{fields.url}}",
            "collapsed": False, "fields": fields}


def _count() -> dict:
    """A count of people, one number or a range: Decap has no field of either kind, so two number boxes.
    The page's ``preSave`` hook writes one number when only the first is given (or both are equal), and
    its control shows a number already in the file in both boxes."""
    bound = {"widget": "number", "value_type": "int", "min": 0, "step": 1, "required": False}
    return {"widget": "object", "collapsed": False, "fields": [
        {"label": "Number (or the lowest of a range)", "name": "min", **bound},
        {"label": "Highest (a range only; leave empty for one number)", "name": "max", **bound}]}


def _relation(collection: str, value_field: str, search_fields: list[str], display: str) -> dict:
    return {"widget": "relation", "collection": collection, "value_field": value_field,
            "search_fields": search_fields, "display_fields": [display], "options_length": 50}


def _slug_pattern() -> str:
    """The format's slug rule with its length limit, as one JavaScript regular expression."""
    return "^(?=.{1,%d}$)%s" % (SLUG_MAX, SLUG_PATTERN.removeprefix("^"))


def _js(pattern: str) -> str:
    """A Python regular expression of the format, in JavaScript's dialect (named groups)."""
    return pattern.replace("(?P<", "(?<").replace("\\Z", "$")


__all__ = ["FOLDER", "form_field", "registry_choices"]
