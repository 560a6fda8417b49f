"""What changed in an event, in words for readers: 'Title changed', 'Source added', 'Casualty figures updated'.

``change_words`` turns the field-by-field changes of one event (``compare``) into short
phrases, one per kind of change, in the order of the event's fields. The phrases are
English message ids, marked for the translation catalogs; a template shows each through
``_()``. They never hold ids, file names or values: only what kind of thing changed.
"""

from __future__ import annotations

from generator.content.date_words import N_
from generator.editorial.diff.changes import EventChange, FieldChange

EVENT_ADDED = N_("Event added")
EVENT_REMOVED = N_("Event removed")
EVENT_CHANGED = N_("Event changed")  # a change the diff cannot say more about (a side that does not validate)

# field (as ``FieldChange.field`` names it) -> phrase, whatever the kind of change
_ANY = {
    "date": N_("Date changed"),
    "end_date": N_("Date changed"),
    "approximate": N_("Date changed"),
    "display_date": N_("Date changed"),
    "title": N_("Title changed"),
    "summary": N_("Summary changed"),
    "body": N_("Text changed"),
    "status": N_("Status changed"),
    "place": N_("Place changed"),
    "actor": N_("Actors changed"),
    "tag": N_("Tags changed"),
    "quote by": N_("Quotes changed"),
    "media": N_("Media changed"),
    "related event": N_("Related events changed"),
}
# field -> kind of change -> phrase
_BY_KIND = {
    "source": {"added": N_("Source added"), "removed": N_("Source removed"), "changed": N_("Source details changed")},
    "casualties for": {"added": N_("Casualty figures added"), "removed": N_("Casualty figures removed"),
                       "changed": N_("Casualty figures updated")},
    "correction": {"added": N_("Correction added"), "removed": N_("Corrections changed"),
                   "changed": N_("Corrections changed")},
}
CASUALTIES_UPDATED = _BY_KIND["casualties for"]["changed"]


def field_words(fields: tuple[FieldChange, ...] | list[FieldChange]) -> tuple[str, ...]:
    """The phrases of an event's field changes, each once, in the order of the fields.

    Casualty claims added and removed in one change (a figure moved to another source)
    read as 'Casualty figures updated'.
    """
    out: list[str] = []
    casualty_kinds = {f.kind for f in fields if f.field == "casualties for"}
    for change in fields:
        if change.field == "casualties for" and len(casualty_kinds) > 1:
            phrase = CASUALTIES_UPDATED
        elif change.field in _BY_KIND:
            phrase = _BY_KIND[change.field].get(change.kind, EVENT_CHANGED)
        else:
            phrase = _ANY.get(change.field, EVENT_CHANGED)
        if phrase not in out:
            out.append(phrase)
    return tuple(out)


def change_words(changes: list[EventChange]) -> tuple[str, ...]:
    """What the changes of one event file say in words; () when nothing changed in meaning
    (a file re-indented, an event moved to another folder).

    ``changes`` is what ``compare`` found between two versions of the file; an event whose
    id changed is removed and added at once, which reads as 'Event changed'.
    """
    events = [c for c in changes if c.record == "event"]
    kinds = {c.kind for c in events}
    if not events:
        return ()
    if kinds == {"added"}:
        return (EVENT_ADDED,)
    if kinds == {"removed"}:
        return (EVENT_REMOVED,)
    if kinds == {"changed"}:
        return field_words([f for c in events for f in c.fields])
    return (EVENT_CHANGED,)
