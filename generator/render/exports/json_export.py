"""events.json: the whole model, events in date order and the registries they refer to."""

from __future__ import annotations

from typing import Mapping

from generator.chronology import Chronology
from generator.content.model import Actor, Casualty, Content, Event, Figure
from generator.render.exports.common import dump_json, event_link, text_or_none
from generator.render.media_urls import Images, media_url, thumbnail_url

# 2: content format version 2 (sequence, featured, casualty claims, media; EDTF dates: date_bounds,
# end_bounds, '..' as end_date with end_precision 'open')
SCHEMA_VERSION = 2


def _figure(figure: Figure | None) -> int | dict | None:
    """One number as a whole number (as in version 1), a range as ``{"min": N, "max": N}``."""
    if figure is None:
        return None
    return {"min": figure.low, "max": figure.high} if figure.is_range else figure.low


def _claim_record(claim: Casualty, actors: Mapping[str, Actor]) -> dict:
    """One casualty claim; ``claimed_by`` as written, ``claimed_by_actor`` whether it is an actor's id."""
    return {
        "party": claim.party,
        "killed": _figure(claim.killed),
        "wounded": _figure(claim.wounded),
        "qualifier": claim.qualifier,
        "claimed_by": claim.claimed_by,
        "claimed_by_actor": claim.claimed_by is not None and claim.claimed_by in actors,
        "as_of": text_or_none(claim.as_of),
        "source": claim.source,
    }


def _media_record(media, images: Images | None, site_url: str | None) -> dict:
    """One media entry: what it is, where it is (a local image: its published full-size file), and its words.
    ``width`` and ``height`` are a local image's own size (None for media on the web)."""
    image = images.get(media.file) if media.file and images else None
    return {
        "kind": media.kind.name,
        "category": media.kind.category,
        "file": media.file,
        "url": media_url(media, images, site_url),
        "embed_url": media.kind.embed_url,
        "width": image.width if image else None,
        "height": image.height if image else None,
        "thumbnail": thumbnail_url(media, images, site_url),
        "alt": media.alt,
        "caption": media.caption,
        "credit": media.credit,
        "license": media.license,
        "license_url": media.license_url,
        "link": media.link,
    }


def _event_record(event: Event, site_url: str | None, actors: Mapping[str, Actor], images: Images | None = None) -> dict:
    return {
        "id": event.id,
        "url": event_link(event, site_url),
        "date": str(event.date),
        "precision": event.date.precision,
        "date_bounds": list(event.date.bounds()),
        "end_date": text_or_none(event.end_date),  # '..' for an open end (still going)
        "end_precision": event.end_date.precision if event.end_date is not None else None,  # 'open' for '..'
        "end_bounds": list(event.end_date.bounds()) if event.end_date is not None and not event.end_date.is_open else None,
        "approximate": event.approximate,
        "display_date": event.display_date,
        "sequence": event.sequence,
        "when": event.when,
        "title": event.title,
        "summary": event.summary,
        "body": event.body,
        "featured": event.featured,
        "place": event.place,
        "actors": list(event.actors),
        "tags": list(event.tags),
        "status": event.status,
        "sources": [{"source": r.source, "quote": r.quote, "note": r.note} for r in event.sources],
        "quotes": [{"text": q.text, "by": q.by, "role": q.role, "source": q.source} for q in event.quotes],
        "casualties": [_claim_record(c, actors) for c in event.casualties],
        "media": [_media_record(m, images, site_url) for m in event.media],
        "related": list(event.related),
        "updates": [{"date": u.date.isoformat(), "note": u.note} for u in event.updates],
    }


def _registries(content: Content) -> dict:
    sources = {
        s.id: {
            "title": s.title, "publisher": s.publisher, "published": text_or_none(s.published),
            "url": s.url, "archived_url": s.archived_url, "author": s.author,
            "language": s.language, "notes": s.notes,
        }
        for s in sorted(content.sources.values(), key=lambda s: s.id)
    }
    actors = {
        a.id: {"name": a.name, "kind": a.kind, "description": a.description, "aliases": list(a.aliases)}
        for a in sorted(content.actors.values(), key=lambda a: a.id)
    }
    places = {
        p.id: {"name": p.name, "region": p.region, "country": p.country, "lat": p.lat, "lon": p.lon,
              "within": p.within}
        for p in sorted(content.places.values(), key=lambda p: p.id)
    }
    return {"sources": sources, "actors": actors, "places": places}


def events_json(chron: Chronology, site_url: str | None = None, *, images: Images | None = None,
                language: str | None = None) -> bytes:
    """The whole model as compact UTF-8 JSON: ``{schema_version, events, sources, actors, places}``.

    Events are in the chronology's one order (date, then ``sequence``, …); registries are keyed by id in id
    order; every record always has every key (absent values are ``null``
    or ``[]``), in a fixed order. ``images`` (path under content/media/ -> processed image, from the
    build) give the published URLs of local images; without them those URLs are null. ``language``: the
    site's (BCP 47), said after ``schema_version`` when given.
    """
    return dump_json(
        {
            "schema_version": SCHEMA_VERSION,
            **({"language": language} if language else {}),
            "events": [_event_record(e, site_url, chron.content.actors, images) for e in chron.events],
            **_registries(chron.content),
        }
    )
