"""The search records: what Pagefind indexes of each event, read from the model, not from the built pages.

``event_records`` makes one small record per event (its title, date, the words of its
summary, body and quotes, the names of its place, actors and quoted people, and its
filters); ``record_documents`` renders each as a small HTML page (the theme's
``search_record.html``) under the event page's own URL, for Pagefind to index
(``generator.pipeline.pagefind_run``), and ``records_key`` keys those pages without rendering
them (a warm build renders none). A built event page is ~40 KB of navigation,
facets, sources and markup around ~2 KB of words; Pagefind spends its time parsing it
all. Labels ("Place", "Sources", "Permalink") and navigation are never indexed.
"""

from __future__ import annotations

import dataclasses
import functools
import marshal
import operator
from dataclasses import dataclass
from typing import Iterable

import jinja2

from generator.cache_folder import cache_key
from generator.render.axis import html_datetime
from generator.render.environment import make_environment
from generator.render.i18n import THEME_DIR
from generator.render.pages import STATUS_LABELS
from generator.runtime import code_version

RECORD_TEMPLATE = "search_record.html"  # in the packaged theme only: a project's theme overrides do not apply


@dataclass(frozen=True)
class SearchRecord:
    """One event as the search index holds it (all text plain, HTML unescaped, but ``html``)."""

    path: str  # the event page's folder in the site: "events/<id>/", also the result's URL
    title: str
    date: str  # the date as the event page words it: shown with each result
    html: str  # the event's own words, sanitized HTML: summary, body, quotes
    names: tuple[str, ...]  # its place, actors and quoted people: found by a search, not shown apart
    filters: tuple[tuple[str, tuple[str, ...]], ...]  # (filter, values), e.g. ("tag", ("ceasefire",))
    status: str = "reported"  # the status's key: the result's marker class (status-<key>), as on the site's cards
    status_label: str = ""  # the status in words, as the cards word it
    datetime: str = ""  # the date for <time datetime>, "" when HTML has no form for it (a season, a BC year)
    order: int = 0  # the event's place in the chronology (date order): the search page's sort by date
    year: int = 0  # the event's year: a large chronology's search shards are cut between years (search_shards)


# The search page's filters. A filter is one file that the search page loads whole when its
# filter box opens, and its size grows with the events (each event's values): place, the
# one a reader is least likely to need among them, is left out of large chronologies.
FILTERS = ("tag", "actor", "place", "status", "year")
PLACE_FILTER_UP_TO = 5000  # events


def event_records(chron, md, words) -> list[SearchRecord]:
    """The search record of every event, in the chronology's order.

    ``md`` is the build's ``MarkdownRenderer`` (its texts are rendered already) and ``words``
    the site's ``Words``: dates and status labels as the event pages word them.
    """
    status_labels = {status: words.gettext(label) for status, label in STATUS_LABELS.items()}
    content = chron.content
    with_place = len(chron.events) <= PLACE_FILTER_UP_TO
    records = []
    for order, event in enumerate(chron.events):
        place = content.places.get(event.place) if event.place else None
        actors = [content.actors[actor].name for actor in event.actors if actor in content.actors]
        parts = [str(md(event.summary))]
        if event.body:
            parts.append(str(md(event.body)))
        parts.extend(str(md(quote.text)) for quote in event.quotes)
        speakers = [quote.by for quote in event.quotes if quote.by]
        filters = [("tag", tuple(event.tags)), ("actor", tuple(actors)),
                   ("place", (place.name,) if place and with_place else ()),
                   ("status", (status_labels.get(event.status, event.status),)),
                   ("year", (str(event.date.year),))]
        records.append(SearchRecord(
            path=f"events/{event.id}/", title=event.title, date=words.when(event), html="\n".join(parts),
            names=tuple(dict.fromkeys([*([place.name] if place else []), *actors, *speakers])),
            filters=tuple((name, values) for name, values in filters if values),
            status=event.status, status_label=status_labels.get(event.status, event.status),
            datetime=html_datetime(event.date) or "", order=order, year=event.date.year))
    return records


@functools.cache
def _record_template() -> tuple[jinja2.Template, str]:
    """The record template, compiled, and the text it was compiled from (read once: the two always agree;
    it includes no other template, so its text is all of it)."""
    env = make_environment(THEME_DIR)
    source = env.loader.get_source(env, RECORD_TEMPLATE)[0]
    return env.from_string(source), source


def record_html(record: SearchRecord, language: str) -> str:
    """The small page Pagefind indexes for one record (the theme's ``search_record.html``, every text escaped)."""
    metadata = (("date", record.date), ("datetime", record.datetime), ("status", record.status),
                ("status_label", record.status_label))
    return _record_template()[0].render(record=record, language=language, metadata=metadata)


_FIELDS = operator.attrgetter(*(field.name for field in dataclasses.fields(SearchRecord)))


def records_key(records: Iterable[SearchRecord], language: str) -> bytes:
    """A digest of everything ``record_documents`` makes the records' pages from: every field of each
    record, the language, the record template's text and the code (``code_version``: this module,
    Jinja's version). Equal keys, equal pages; it costs a fraction of rendering them."""
    # marshal's version 0 writes each value whole (no references to an equal or interned object
    # met before, as pickle and later versions do), so equal fields give equal bytes; ~5x faster than JSON.
    fields = marshal.dumps([_FIELDS(record) for record in records], 0)
    return cache_key(code_version(), _record_template()[1], language, fields)


def record_documents(records: Iterable[SearchRecord], language: str) -> dict[str, bytes]:
    """The page of every record, by its path in the folder Pagefind indexes (``events/<id>/index.html``)."""
    return {record.path + "index.html": record_html(record, language).encode("utf-8") for record in records}
