"""Event slices in hand-written pages: a ``::: timeline`` block in ``content/pages/*.md`` shows the
events it selects on the site's time axis (``partials/slice.html``, which reuses the listing and its
cards), linked to their pages.

    ::: timeline
    tag: prison
    from: 2015-09-28
    limit: 10
    :::

One ``key: value`` a line; blank lines and ``# comments`` are ignored; the keys combine (an event
must match every one):

========== =================================================================================
tag        events with this tag
actor      events naming this actor (an id of actors.yaml)
place      events at this place or at a place within it (an id of places.yaml)
source     events citing this source (a file name of content/sources/, without .yaml)
status     confirmed, reported, disputed or unverified
from, to   events whose dates overlap the range, by calendar day (any date form events take:
           2015, 2015-09, 2015-09-28 …); either end may be left out
featured   true: key events only (false, the default: every event)
limit      at most this many events: the first in the site's order (the earliest, or the
           latest with ``order: newest-first``)
========== =================================================================================

A block whose opening line has no closing ``:::`` line, an unknown key, a name that is not in the
content, a date that is not one, a limit that is not a whole number, are content errors at the
line and column of the bad key or value inside the block (``content/pages/x.md:4:6: …``).
Blocks inside fenced code (```` ``` ````, ``~~~``) are left alone, so a page can show the syntax.

The plugin hook stays thin (``generator.mkdocs_adapter.plugin``): ``expand`` replaces each block of
a page's Markdown with a placeholder paragraph (so Markdown leaves the HTML alone) and returns the
HTML to put there; ``fill`` puts it in the rendered page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Sequence

from generator.chronology import Chronology
from generator.content.dates import Date, DateError
from generator.content.errors import ContentError
from generator.content.fields import did_you_mean
from generator.content.model import STATUSES, Event
from generator.content.pages import mentions_slices
from generator.render import urls

if TYPE_CHECKING:
    from generator.content.pages import PageText
    from generator.render.pages import PageRenderer

OPEN = re.compile(r"^ {0,3}:::[ \t]*timeline[ \t]*$")
CLOSE = re.compile(r"^ {0,3}:::[ \t]*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
LINE = re.compile(r"^([ \t]*)([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
KEYS = ("tag", "actor", "place", "source", "status", "from", "to", "featured", "limit")
PLACEHOLDER = "TimelineSlicePlaceholder{number}x"  # letters and digits only: Markdown keeps it as it is


@dataclass(frozen=True)
class SliceQuery:
    """What one slice selects (see the module's table); None: no condition."""

    tag: str | None = None
    actor: str | None = None
    place: str | None = None
    source: str | None = None
    status: str | None = None
    start: Date | None = None  # from
    end: Date | None = None  # to
    featured: bool = False
    limit: int | None = None


@dataclass(frozen=True)
class SliceBlock:
    """A ``::: timeline`` block of a page: its lines (0-based, the opening and the closing line
    included), its query (None when it has errors), and where each value was (for the names
    that only the chronology can check)."""

    first: int
    last: int
    query: SliceQuery | None
    errors: tuple[ContentError, ...] = ()
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # key -> (line, column of the value), 1-based
    values: dict[str, str] = field(default_factory=dict)  # key -> its value as written


def find_blocks(markdown: str, path: str, offset: int = 0) -> list[SliceBlock]:
    """Every ``::: timeline`` block of ``markdown`` (outside fenced code), parsed; errors name
    ``path`` and the file's lines (``offset``: the lines before ``markdown`` in the file)."""
    lines = markdown.splitlines()
    blocks: list[SliceBlock] = []
    fence: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        fenced = FENCE.match(line)
        if fence is not None:
            if fenced and fenced.group(1)[0] == fence[0] and len(fenced.group(1)) >= len(fence) \
                    and not line.strip().strip(fence[0]):
                fence = None
        elif fenced:
            fence = fenced.group(1)
        elif OPEN.match(line):
            close = next((n for n in range(index + 1, len(lines)) if CLOSE.match(lines[n])), None)
            if close is None:
                error = ContentError(path, offset + index + 1, 1, "'::: timeline' has no closing ':::' line; "
                                     "end the slice with a line of its own that says ':::'")
                blocks.append(SliceBlock(index, len(lines) - 1, None, (error,)))
                break
            blocks.append(parse_block(lines[index + 1:close], index, close, path, offset))
            index = close
        index += 1
    return blocks


def parse_block(body: Sequence[str], first: int, last: int, path: str, offset: int = 0) -> SliceBlock:
    """The query of a block whose lines between its opening (``first``) and closing (``last``) lines are ``body``."""
    errors: list[ContentError] = []
    values: dict[str, str] = {}
    positions: dict[str, tuple[int, int]] = {}
    for number, line in enumerate(body, start=offset + first + 2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = LINE.match(line)
        if found is None:
            errors.append(ContentError(path, number, len(line) - len(line.lstrip()) + 1,
                                       f"'{line.strip()}' is not 'key: value'; a timeline slice takes "
                                       + ", ".join(KEYS)))
            continue
        key, value = found.group(2), found.group(3)
        key_column, value_column = len(found.group(1)) + 1, found.start(3) + 1
        if " #" in value:  # a comment after the value
            value = value.split(" #", 1)[0].rstrip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value, value_column = value[1:-1], value_column + 1
        if key not in KEYS:
            errors.append(ContentError(path, number, key_column, f"'{key}' is not a key of a timeline slice"
                                       + did_you_mean(key, KEYS) + "; the keys are " + ", ".join(KEYS)))
            continue
        if key in values:
            errors.append(ContentError(path, number, key_column, f"'{key}' is given twice in one timeline slice "
                                       f"(first on line {positions[key][0]})"))
            continue
        if not value:
            errors.append(ContentError(path, number, key_column, f"{key}: has no value"))
            continue
        values[key], positions[key] = value, (number, value_column)
    query: dict[str, object] = {}
    for key, value in values.items():
        line, column = positions[key]
        if key in ("from", "to"):
            try:
                query["start" if key == "from" else "end"] = Date.parse(value)
            except DateError as exc:
                errors.append(ContentError(path, line, column, f"{key}: {exc}"))
        elif key == "limit":
            if value.isascii() and value.isdigit() and int(value) >= 1:
                query["limit"] = int(value)
            else:
                errors.append(ContentError(path, line, column, f"limit: '{value}' is not a whole number of at least 1"))
        elif key == "featured":
            if value.lower() in ("true", "false", "yes", "no"):
                query["featured"] = value.lower() in ("true", "yes")
            else:
                errors.append(ContentError(path, line, column, f"featured: '{value}' must be true or false"))
        elif key == "status":
            if value in STATUSES:
                query["status"] = value
            else:
                errors.append(ContentError(path, line, column, f"status: '{value}' is not a status"
                                           + did_you_mean(value, STATUSES) + "; use " + ", ".join(STATUSES)))
        else:
            query[key] = value
    start, end = query.get("start"), query.get("end")
    if isinstance(start, Date) and isinstance(end, Date) and start.first_calendar_day() > end.last_calendar_day():
        line, column = positions["from"]
        errors.append(ContentError(path, line, column, f"from: {values['from']} is after to: {values['to']}"))
    if errors:
        return SliceBlock(first, last, None, tuple(errors), positions, values)
    return SliceBlock(first, last, SliceQuery(**query), (), positions, values)  # type: ignore[arg-type]


def check_names(block: SliceBlock, chron: Chronology, path: str) -> list[ContentError]:
    """The names of a block that the content does not have, as errors at their values."""
    content = chron.content
    known = {"tag": (chron.by_tag, "a tag of any event"), "actor": (content.actors, "in actors.yaml"),
             "place": (content.places, "in places.yaml"), "source": (content.sources, "a source (content/sources/)")}
    errors = []
    for key, (names, where) in known.items():
        value = block.values.get(key)
        if value is not None and value not in names:
            line, column = block.positions[key]
            errors.append(ContentError(path, line, column, f"{key}: '{value}' is not {where}" + did_you_mean(value, names)))
    return errors


def page_errors(pages: Sequence["PageText"], chron: Chronology | None) -> list[ContentError]:
    """The errors the build finds in the slices of hand-written pages (``expand``'s), for ``timeline
    check``: each block's own, and with ``chron`` (valid content) the names the content lacks."""
    errors: list[ContentError] = []
    for page in pages:
        if not mentions_slices(page.markdown):
            continue
        for block in find_blocks(page.markdown, page.path, page.offset):
            errors += block.errors
            if chron is not None:
                errors += check_names(block, chron, page.path)
    return errors


def select(chron: Chronology, query: SliceQuery, newest_first: bool = False) -> tuple[Event, ...]:
    """The events a query selects, in the chronology's order (``limit``: the first in the site's order)."""
    indexes = [index for index in (chron.by_tag.get(query.tag, ()) if query.tag else None,
                                   chron.by_actor.get(query.actor, ()) if query.actor else None,
                                   chron.by_place.get(query.place, ()) if query.place else None,
                                   chron.by_source.get(query.source, ()) if query.source else None,
                                   chron.by_status.get(query.status, ()) if query.status else None)
               if index is not None]
    events: Sequence[Event] = min(indexes, key=len) if indexes else chron.events
    others = [frozenset(id(event) for event in index) for index in indexes if index is not events]
    start = query.start.first_calendar_day() if query.start else None
    end = query.end.last_calendar_day() if query.end else None
    chosen = []
    for event in events:
        if any(id(event) not in other for other in others) or (query.featured and not event.featured):
            continue
        if start is not None and not _ends_on_or_after(event, start):
            continue
        if end is not None and event.date.first_calendar_day() > end:
            continue
        chosen.append(event)
    if query.limit is not None:
        chosen = chosen[-query.limit:] if newest_first else chosen[:query.limit]
    return tuple(chosen)


def _ends_on_or_after(event: Event, day: tuple[int, int, int]) -> bool:
    last = event.end_date or event.date
    return last.is_open or last.last_calendar_day() >= day


# -- a page's slices -----------------------------------------------------------------------------


@dataclass
class ExpandedPage:
    """A page's Markdown with a placeholder for each slice, the HTML for each, and the errors."""

    markdown: str
    html: dict[str, str]
    errors: list[ContentError]


def expand(markdown: str, path: str, page_url: str, chron: Chronology,
           render: Callable[[tuple[Event, ...], str, str], str], offset: int = 0,
           newest_first: bool = False) -> ExpandedPage:
    """Each ``::: timeline`` block of a hand-written page replaced by a placeholder paragraph, and the
    HTML of its events (``render(events, root, id_prefix)``: ``root`` is the way from the page at
    ``page_url`` to the site root). A block with errors gets a short note instead (the live preview
    shows it); the errors name ``path`` and the lines of the file (``offset``: see ``line_offset``)."""
    blocks = find_blocks(markdown, path, offset)
    if not blocks:
        return ExpandedPage(markdown, {}, [])
    lines = markdown.splitlines()
    root = urls.relative_root(page_url)
    html: dict[str, str] = {}
    errors: list[ContentError] = []
    for number, block in reversed(list(enumerate(blocks, start=1))):
        problems = sorted([*block.errors, *check_names(block, chron, path)])
        token = PLACEHOLDER.format(number=number)
        if problems or block.query is None:
            errors[:0] = problems
            html[token] = ('<p class="slice-error" role="note">This timeline slice has errors: '
                           + "; ".join(_escape(str(problem)) for problem in problems) + "</p>")
        else:
            html[token] = render(select(chron, block.query, newest_first), root, f"s{number}-")
        lines[block.first:block.last + 1] = ["", token, ""]
    return ExpandedPage("\n".join(lines) + "\n", html, errors)


def fill(page_html: str, slices: dict[str, str]) -> str:
    """The rendered page with each placeholder (a paragraph of its own) replaced by its slice's HTML."""
    for token, html in slices.items():
        paragraph = f"<p>{token}</p>"
        page_html = page_html.replace(paragraph, html) if paragraph in page_html else page_html.replace(token, html)
    return page_html


def page_renderer_slices(renderer: "PageRenderer", images_for: Callable[[tuple[Event, ...]], dict] | None = None
                         ) -> Callable[[tuple[Event, ...], str, str], str]:
    """The ``render`` of ``expand`` for the site's pages: ``partials/slice.html`` (the listing and its
    cards, as on the site's pages) in ``renderer``'s environment, language and options. ``images_for``
    gives the processed images of some events (their cards' thumbnails), when the caller has them."""
    template = renderer.env.get_template("partials/slice.html")

    def render(events: tuple[Event, ...], root: str, prefix: str) -> str:
        if images_for is not None:
            renderer.images.update(images_for(events))
        html = template.render(site=renderer.options, root=root, content=renderer.chron.content,
                               status_labels=renderer.status_labels, kind_titles=renderer.kind_titles,
                               usual_status=renderer.usual_status,
                               md=renderer.md, groups=renderer.groups(events), total=len(events),
                               listing=lambda evs: renderer.cards(evs, root))
        return unique_ids(html, prefix)

    return render


_IDS = re.compile(r'\b(id|aria-labelledby|aria-describedby|for)="')


def unique_ids(html: str, prefix: str) -> str:
    """``html`` with its ids (and the references to them) prefixed: two slices of one page may show the
    same month or event, and a page's ids must be unique."""
    return _IDS.sub(lambda m: f'{m.group(1)}="{prefix}', html)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


__all__ = ["KEYS", "ExpandedPage", "SliceBlock", "SliceQuery", "check_names", "expand", "fill", "find_blocks",
           "page_errors", "page_renderer_slices", "parse_block", "select", "unique_ids"]
