"""The bulk exports by year, for a site past a size (``generator.render.site_scale``): ``exports/<year>/events.json``,
``events.csv`` and ``events.ics``, each the events of one year (by the year their date starts in, as the
year pages group them), and ``exports/index.json``, which lists them.

Each part is the export of its events as the whole file would be (``events.schema.json`` describes every
``events.json``), with the registries its events refer to (the places they are at and the places those are
within, the actors they name, the sources they cite or quote). At 100,000 events ``events.json`` alone
weighs ~270 MB, past what a host takes in one file (GitHub: 100 MB); a year's is a few MB. The parts
weigh a little more than the whole files (a source cited in many years is in each of their files).
The whole files are ``timeline export``'s.

``exports/index.json``::

    {"schema_version": 1, "events": 10000, "schema": "events.schema.json",
     "years": [{"year": 2015, "events": 312, "json": "exports/2015/events.json",
                "csv": "exports/2015/events.csv", "ics": "exports/2015/events.ics"}, …]}

Its addresses are absolute with the site's ``site_url``, else relative to the site root (as the
events' ``url`` in the exports are).
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Callable, Iterable

from generator.chronology import Chronology, YearGroup
from generator.content.dates import year_slug
from generator.content.model import Content, Event
from generator.render.exports.common import absolute_url, dump_json

EXPORTS_FOLDER = "exports/"
INDEX_FILE = EXPORTS_FOLDER + "index.json"
INDEX_SCHEMA_VERSION = 1
EVERY_EVENT_IN = f"the exports by year listed in {INDEX_FILE}"  # timeline.json's words, when it leaves events out
FORMATS = {"json": "events.json", "csv": "events.csv", "ics": "events.ics"}  # the key in the index -> the file


def part_path(year: int, kind: str) -> str:
    """Where a year's part is in the site: ``part_path(2015, "json")`` -> 'exports/2015/events.json'."""
    return f"{EXPORTS_FOLDER}{year_slug(year)}/{FORMATS[kind]}"


def year_part(chron: Chronology, year: YearGroup) -> Chronology:
    """The chronology of one year's events, with only the registry entries they refer to."""
    return dataclasses.replace(chron, events=year.events, content=referred_content(chron.content, year.events))


def referred_content(content: Content, events: Iterable[Event]) -> Content:
    """``content`` with ``events`` and the sources, actors and places they refer to (a place with every
    place it is within); each registry in its own order."""
    events = tuple(events)
    sources: set[str] = set()
    actors: set[str] = set()
    places: set[str] = set()
    for event in events:
        sources.update(ref.source for ref in event.sources)
        sources.update(quote.source for quote in event.quotes)
        sources.update(claim.source for claim in event.casualties)
        actors.update(event.actors)
        actors.update(claim.claimed_by for claim in event.casualties if claim.claimed_by)
        place = event.place
        while place and place not in places and place in content.places:
            places.add(place)
            place = content.places[place].within
    return dataclasses.replace(
        content, events=events,
        sources={key: value for key, value in content.sources.items() if key in sources},
        actors={key: value for key, value in content.actors.items() if key in actors},
        places={key: value for key, value in content.places.items() if key in places},
    )


def exports_index(chron: Chronology, site_url: str | None) -> bytes:
    """``exports/index.json``: every year with its number of events and the addresses of its parts."""
    return dump_json({
        "schema_version": INDEX_SCHEMA_VERSION,
        "events": len(chron.events),
        "schema": absolute_url(site_url, "events.schema.json"),
        "years": [{"year": year.year, "events": year.count,
                   **{kind: absolute_url(site_url, part_path(year.year, kind)) for kind in FORMATS}}
                  for year in chron.years],
    })


def builders_by_year(chron: Chronology, whole: Callable[[Chronology], dict[str, Callable[[], bytes]]],
                     site_url: str | None) -> dict[str, Callable[[], bytes]]:
    """The parts of every year and the index, by their path in the site, each made only when called;
    ``whole(chronology)`` gives the builders of the whole files (``FORMATS``' names) of a chronology."""
    builders: dict[str, Callable[[], bytes]] = {INDEX_FILE: functools.partial(exports_index, chron, site_url)}
    for year in chron.years:
        for kind, name in FORMATS.items():
            builders[part_path(year.year, kind)] = functools.partial(_part, chron, year, whole, name)
    return builders


def _part(chron: Chronology, year: YearGroup, whole: Callable[[Chronology], dict], name: str) -> bytes:
    return whole(year_part(chron, year))[name]()


__all__ = ["EXPORTS_FOLDER", "FORMATS", "INDEX_FILE", "builders_by_year", "exports_index", "part_path",
           "referred_content", "year_part"]
