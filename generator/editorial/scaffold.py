"""``timeline new``: a valid event file to start from, under an id no other event holds."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Container

import yaml
from slugify import slugify as _romanised_slug

from generator.content.dates import Date, year_slug
from generator.content.fields import SLUG_MAX, is_slug

SCHEMA_FILE = "event.schema.json"
# A top-level `id:` line, its value plain or quoted, perhaps with a comment after it.
_ID_LINE = re.compile(r"""^id:[ \t]*(["']?)([^"'#\s]+)\1[ \t]*(?:#.*)?\r?$""", re.MULTILINE)
FALLBACK_SLUG = "event"
# The summary of a new event: ``timeline check`` warns while it is left in (generator/content/placeholders.py).
PLACEHOLDER = "TODO: one or two paragraphs of what happened, in Markdown."
# Letters of the theme's Arabic-script languages (fa, ps, ur, ar) that text-unidecode romanises wrongly
# (keheh as "kh", jeh as "j") or as punctuation that would split a word (teh marbuta "@", alef maksura "~"),
# and the letters it drops (Pashto's e; the alefs, without which "طالبان" reads "tlbn" instead of "talban").
_ROMANISATION_FIXES = (
    ("\u06a9", "k"), ("\u0698", "zh"), ("\u0629", "a"), ("\u0649", "a"), ("\u06d0", "e"),
    ("\u0627", "a"), ("\u0622", "a"), ("\u0623", "a"), ("\u0625", "i"),
)


def slugify(text: str) -> str:
    """A slug made from a title, in Latin letters whatever the title's script, cut at a word boundary to
    80 characters: 'Taliban seize Kunduz!' -> 'taliban-seize-kunduz', 'Café' -> 'cafe',
    'Талибы захватили Кундуз' -> 'taliby-zakhvatili-kunduz'; 'event' when nothing is left (emoji only)."""
    fixed = text
    for letter, latin in _ROMANISATION_FIXES:
        fixed = fixed.replace(letter, latin)
    slug = _romanised_slug(fixed, max_length=SLUG_MAX, word_boundary=True)
    return slug if is_slug(slug) else FALLBACK_SLUG


def unique_slug(base: str, taken: Container[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… (cut so that it stays within 80 characters): the first not in ``taken``."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = numbered_slug(base, n)
    return candidate


def numbered_slug(base: str, n: int) -> str:
    """``base-n``, ``base`` cut so that the whole stays within 80 characters."""
    suffix = f"-{n}"
    return base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def event_yaml(date: Date, title: str, source: str, place: str | None, tags: list[str],
               actors: list[str] = ()) -> str:
    """The YAML text of a new event (a schema comment, required fields, TODO summary)."""
    lines = [
        f"# yaml-language-server: $schema=../../{SCHEMA_FILE}",
        f"date: {_quoted(str(date))}",
        f"title: {_quoted(title)}",
        "summary: |",
        f"  {PLACEHOLDER}",
    ]
    if place:
        lines.append(f"place: {place}")
    if actors:
        lines.append("actors: [" + ", ".join(actors) + "]")
    if tags:
        lines.append("tags: [" + ", ".join(tags) + "]")
    lines += ["sources:", f"  - source: {source}"]
    lines += MEDIA_EXAMPLE
    return "\n".join(lines) + "\n"


# What a new event file says about ``media`` (commented out: the file is valid as it is).
MEDIA_EXAMPLE = [
    "# media:  # photos (files under content/media/), videos, posts, documents; uncomment and edit",
    "#   - file: photos/example.jpg",
    "#     alt: What the photo shows, for people who cannot see it (required for images)",
    "#     caption: What it shows and when",
    '#     credit: "Photo: Name / Agency"',
    "#     license: CC BY 4.0",
    "#   - url: https://www.youtube.com/watch?v=VIDEO_ID  # loads only when the reader asks",
    "#     caption: What the video shows",
]


def missing_references(content_dir: Path, source: str, place: str | None, actors: list[str]) -> list[str]:
    """What ``timeline new`` was given that the content does not hold yet, one line each (naming the option,
    the id and where to add it); empty when every id exists. A cheap look at the registries' files, not a
    full load: it must work while other files have errors."""
    problems, shown = [], content_dir.as_posix()
    if not _record_file(content_dir / "sources", source):
        sources = {path.stem for path in (content_dir / "sources").glob("*.y*ml")}
        problems.append(f"--source: no article '{source}' yet: add {shown}/sources/{source}.yaml "
                        f"(title, url, …){_closest(source, sources)}")
    registries = {"place": (_registry_ids(content_dir, "places"), [place] if place else []),
                  "actor": (_registry_ids(content_dir, "actors"), actors)}
    for kind, (known, ids) in registries.items():
        for record_id in ids:
            if record_id not in known:
                problems.append(f"--{kind}: no {kind} '{record_id}' in {shown}/{kind}s.yaml yet: add it there "
                                f"(or as {shown}/{kind}s/{record_id}.yaml){_closest(record_id, known)}")
    return problems


def _record_file(folder: Path, record_id: str) -> bool:
    return any((folder / f"{record_id}{suffix}").is_file() for suffix in (".yaml", ".yml"))


def _registry_ids(content_dir: Path, name: str) -> set[str]:
    """The ids of ``<name>.yaml`` (a mapping of id to record) and of the one-file-per-record ``<name>/<id>.yaml``."""
    ids = {path.stem for path in (content_dir / name).glob("*.y*ml")} if (content_dir / name).is_dir() else set()
    try:
        data = yaml.safe_load((content_dir / f"{name}.yaml").read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ids
    return ids | ({str(key) for key in data} if isinstance(data, dict) else set())


def _closest(record_id: str, known: set[str]) -> str:
    match = difflib.get_close_matches(record_id, sorted(known), n=1)
    return f"; did you mean '{match[0]}'?" if match else ""


def new_event_path(content_dir: Path, date: Date, event_id: str) -> Path:
    """Where an event file goes: ``content/events/<year>/<id>.yaml``; the year as ``year_slug`` writes it
    ('2015', '-0043' for 44 BC, '-13800000000'), as ``timeline import`` does."""
    if not is_slug(event_id):
        raise ValueError(f"'{event_id}' is not a valid id")
    return content_dir / "events" / year_slug(date.year) / f"{event_id}.yaml"


def event_holding_id(content_dir: Path, event_id: str) -> tuple[Path, str] | None:
    """The event file that already holds ``event_id`` and how: ``"name"`` (its file is
    ``<id>.yaml``) or ``"id"`` (an ``id:`` line in it sets that id, whatever its file name).

    A cheap scan of the text, not a full load: ``timeline new`` must stay instant and
    work while other files have errors.
    """
    for path in sorted((content_dir / "events").rglob("*.yaml")):
        if path.stem == event_id:
            return path, "name"
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        if event_id in text:
            match = _ID_LINE.search(text)
            if match and match[2] == event_id:
                return path, "id"
    return None
