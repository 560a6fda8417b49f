"""Render stage: the chronology -> HTML pages, through the Jinja templates in ``site_templates/``.

``PageRenderer.pages`` lists the pages (``Page``: path, template, context) and
``PageRenderer.render`` makes one's HTML; nothing here touches files or caches: the
builders in ``generator.pipeline`` decide what to render and write. Templates are autoescaped;
Markdown arrives here already sanitized by ``MarkdownRenderer``. An event page's schema.org data
is ``generator.render.structured_data``.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any, Callable, Collection, Container, Iterator

import jinja2
from markupsafe import Markup, escape

from generator.chronology import Chronology, MonthGroup, YearGroup
from generator.content.model import Event
from generator.render import embeds, site_scale, urls
from generator.render.environment import printed_as_is, set_language
from generator.render.i18n import N_
from generator.render.listing_groups import MonthGroups, name_key, usual_status
from generator.render.markdown import MarkdownRenderer
from generator.render.media_urls import Images, event_images, lead_image, site_link
from generator.render.options import SiteOptions
from generator.render.overview_zoom import key_day, split_at_key_day
from generator.render.site_files import FEED_LIMIT
from generator.render.structured_data import event_jsonld

KIND_TITLES = {"tags": N_("Tags"), "actors": N_("Actors"), "places": N_("Places"), "sources": N_("Sources"),
               "status": N_("Status")}  # English; the pages say them in the site's language
FEED_FILE = "feed.xml"  # an index page's Atom feed, in the page's folder
FEED_TEMPLATE = "atom"  # what an index feed's Page names as its template (feed.index_feed writes it)
TERMS_PER_PAGE = 500  # a list of all sources of a 100,000-event site would weigh megabytes
CARD_TEMPLATE = "partials/event_card.html"
ROOT_SLOT = Markup("\x00root\x00")  # no text of the content can hold it: a NUL is refused (content.yaml_nodes)
STATUS_LABELS = {"confirmed": N_("Confirmed"), "reported": N_("Reported"), "disputed": N_("Disputed"),
                 "unverified": N_("Unverified")}


@dataclass(frozen=True)
class Page:
    """One page to render: where it goes, its template, and its own context.

    ``inputs`` is everything the page's HTML depends on besides the templates, the
    registries, the options and the code (which every page shares): builders compare
    it to tell an unchanged page without rendering it.
    """

    path: str
    url: str
    template: str
    context: dict[str, Any]

    @property
    def inputs(self) -> tuple:
        return (self.template, {key: value for key, value in self.context.items() if not callable(value)})


class PageRenderer:
    """Lists every generated page of the site (``pages``) and renders one (``render``)."""

    def __init__(self, env: jinja2.Environment, chron: Chronology, options: SiteOptions,
                 markdown: MarkdownRenderer | None = None, history: Callable[[Event], Any] | None = None,
                 images: Images | None = None, cards: dict | None = None, search_shards: str = ""):
        self.env = env
        self.chron = chron
        self.options = options
        self.md = markdown or MarkdownRenderer()
        self.history = history or (lambda event: None)
        self.images = images or {}  # path under content/media/ -> ProcessedImage (generator.render.processed_images)
        # List entries, rendered once per event: (event id, root or ROOT_SLOT, …) -> (event, html). A live
        # preview passes the same dict to each rebuild's renderer while registries, images and templates stay.
        self._cards: dict[tuple, tuple[Event, Markup]] = {} if cards is None else cards
        self._card_template = env.get_template(CARD_TEMPLATE)
        # A card is rendered with this in place of its way to the root, then given each page's: once for
        # every listing, rather than once per page depth (when the template only prints ``root``).
        self._root_slot = ROOT_SLOT if printed_as_is(env, CARD_TEMPLATE, "root") else None
        self.search_shards = search_shards  # the list of the search index's other shards, from the root; "": one index
        self.words = set_language(env, options.language)  # the theme's words, dates and numbers
        self.kind_titles = {kind: self.words.gettext(title) for kind, title in KIND_TITLES.items()}
        self.status_labels = {status: self.words.gettext(label) for status, label in STATUS_LABELS.items()}
        self.usual_status = usual_status(chron.events)
        # Past a size (generator.render.site_scale): index listings of short entries, no embed of each index
        # page, the bulk exports by year (the footer links to their index).
        self.compact_listings = site_scale.compact_listings(len(chron.events))
        self.term_embeds = site_scale.term_embeds(len(chron.events))
        self.exports_by_year = site_scale.exports_by_year(len(chron.events))

    # -- shared pieces -----------------------------------------------------------

    def page(self, template: str, url: str, **context: Any) -> Page:
        """A page of the site at ``url`` (relative to the root, '' for the home page)."""
        return Page(urls.page_path(url), url, template, {"usual_status": self.usual_status,
                                                         "compact_listings": self.compact_listings,
                                                         "exports_by_year": self.exports_by_year, **context})

    def render(self, page: Page) -> str:
        """The HTML of one page."""
        url = page.url
        return self.env.get_template(page.template).render(
            site=self.options,
            page_url=url,
            root=urls.relative_root(url),
            canonical=(self.options.site_url.rstrip("/") + "/" + url) if self.options.site_url else None,
            content=self.chron.content,
            kind_titles=self.kind_titles,
            status_labels=self.status_labels,
            md=self.md,
            **page.context,
        )

    def cards(self, events: tuple[Event, ...] | list[Event], root: str, compact: bool = False) -> Markup:
        """The list entries of ``events`` for a page whose way back to the root is ``root`` (``compact``:
        without summary and thumbnail; past a size, date, status and title only: ``site_scale``). Each
        event's entry is rendered once and reused on every listing (once per page depth when the card
        template does more with ``root`` than print it)."""
        ordered = reversed(events) if self.options.newest_first else events
        slot = self._root_slot or root
        html = "".join(self._card(event, slot, compact) for event in ordered)
        return Markup(html if slot is root else html.replace(slot, escape(root)))

    def render_cards(self) -> None:
        """Render every event's list entries now (each is on a year's or month's listing and its status's)."""
        if self._root_slot is not None:
            for event in self.chron.events:
                self._card(event, self._root_slot, False)
                self._card(event, self._root_slot, True)

    def _card(self, event: Event, root: str, compact: bool) -> Markup:
        facets = not (compact and self.compact_listings)
        key = (event.id, root, compact, facets, self.usual_status)
        kept = self._cards.get(key)
        if kept is not None and kept[0] is event:
            return kept[1]
        html = Markup(self._card_template.render(
            event=event, root=root, content=self.chron.content, status_labels=self.status_labels, md=self.md,
            thumb=None if compact else lead_image(event, self.images), compact=compact, facets=facets,
            usual_status=self.usual_status,
        ))
        self._cards[key] = (event, html)  # the event is kept with it, so that its id is not reused meanwhile
        return html

    # -- pages ------------------------------------------------------------------------

    def pages(self, event_ids: Collection[str] | None = None) -> Iterator[Page]:
        """Every generated page but /changes/ (which needs the git history: ``changes_page``); ``event_ids``:
        of the event pages, only those of these events (None: every event's)."""
        yield from self.home()
        if event_ids is None:
            events = self.chron.events
        else:
            events = [self.chron.events[index] for index in sorted(self.chron.position[id] for id in event_ids)]
        for event in events:
            yield self.event_page(event)
        yield self.page("search.html", "search/", title=self.words.gettext("Search"), search_shards=self.search_shards)
        yield self.years_index()
        for year in self.chron.years:
            yield from self.year_pages(year)
        for kind, (index, title_of) in self.indexes().items():
            yield from self.kind_index(kind, index, title_of)
            for key, events in index.items():
                yield from self.term_pages(kind, key, title_of(key), events)
        yield from self.embed_pages()

    def indexes(self) -> dict[str, tuple[dict[str, tuple[Event, ...]], Callable[[str], str]]]:
        """Each kind of index page ('tags', 'actors', 'places', 'sources', 'status'): its index
        (key -> events, in the chronology's order) and the title of a key's page."""
        return {
            "tags": (self.chron.by_tag, lambda key: key),
            "actors": (self.chron.by_actor, lambda key: self.chron.content.actors[key].name),
            "places": (self.chron.by_place, lambda key: self.chron.content.places[key].name),
            "sources": (self.chron.by_source, lambda key: self.chron.content.sources[key].title),
            "status": (self.chron.by_status, lambda key: self.status_labels.get(key, key)),
        }

    def index_feeds(self, updated_for: Callable[[Event], Any] = lambda event: None,
                    paths: Container[str] | None = None) -> Iterator[Page]:
        """The Atom feed of every tag, actor, place, source and status, ``<kind>/<key>/feed.xml``: its
        ``FEED_LIMIT`` latest events. Described as pages (template ``FEED_TEMPLATE``, not a Jinja one),
        so that the builders compare their inputs as a page's and make only those that changed;
        ``feed.index_feed`` writes one from its context. ``updated_for``: an event's last change;
        ``paths``: only the feeds at these paths (None: all)."""
        for kind, (index, title_of) in self.indexes().items():
            for key, events in index.items():
                url = urls.term_url(kind, key)
                if paths is not None and url + FEED_FILE not in paths:
                    continue
                latest = events[-FEED_LIMIT:]
                yield Page(url + FEED_FILE, url + FEED_FILE, FEED_TEMPLATE, {
                    "page_url": url, "title": f"{title_of(key)} · {self.options.site_name}", "events": latest,
                    "updated": tuple(updated_for(event) for event in latest),
                })

    # -- embeds -------------------------------------------------------------------------

    def embed_pages(self) -> Iterator[Page]:
        """/embed/<path> (``generator.render.embeds``): the chronology, every year, the months of a
        split year and every index page (tag, actor, place, source, status; not past a size:
        ``site_scale``), for an ``<iframe>``. Each shows what the first page of its listing shows (a
        split year: its months), never more."""
        events = self.chron.events
        limit = self.options.home_limit
        yield self.embed(urls.HOME, self.options.site_name, events[-limit:] if len(events) > limit else events,
                         len(events), overview_years=self.chron.years)
        for year in self.chron.years:
            split = year.count > self.options.year_split
            yield self.embed(urls.year_url(year.year), self.words.integer(year.year), () if split else year.events,
                             year.count, self.compact_listings, overview_years=(year,), year=year,
                             months=year.months if split else ())
            if split:
                for month in year.months:
                    yield self.embed(urls.month_url(year.year, month.slug), self.words.month_label(month),
                                     self.first_page(month.events), len(month.events), self.compact_listings,
                                     year=year)
        if not self.term_embeds:
            return
        for kind, (index, title_of) in self.indexes().items():
            for key, events in index.items():
                yield self.embed(urls.term_url(kind, key), title_of(key), self.first_page(events), len(events),
                                 compact=True)

    def embed(self, url: str, title: str, events: tuple[Event, ...], total: int, compact: bool = False,
              **context: Any) -> Page:
        """The embed of the page at ``url`` showing ``events`` of its ``total`` (``compact`` entries, as that page's)."""
        embed_url = embeds.embed_url(url)
        root = urls.relative_root(embed_url)
        context.setdefault("overview_years", ())
        context.setdefault("months", ())
        context.setdefault("year", None)
        return self.page("embed.html", embed_url, title=title, full_url=url, total=total, shown_count=len(events),
                         groups=self.groups(events), listing=lambda evs: self.cards(evs, root, compact),
                         top_links=embeds.top_links, **context)

    def first_page(self, events: tuple[Event, ...]) -> tuple[Event, ...]:
        """The events on the first page of a listing (``paginated``): the first ``list_limit``, or the
        latest when the newest come first."""
        size = self.options.list_limit
        return events[-size:] if self.options.newest_first else events[:size]

    def event_embed(self, event: Event) -> dict[str, str]:
        """The embed an event page offers (``embed_path``, and ``embed_what`` it shows): its year's, or
        its month's when the year is split by month."""
        year = self._years_by_number.get(event.date.year)
        if year is None or year.count <= self.options.year_split:
            return {"embed_path": embeds.embed_url(urls.year_url(event.date.year)),
                    "embed_what": self.words.integer(event.date.year)}
        month = MonthGroup(event.date.year, event.date.month, ())
        return {"embed_path": embeds.embed_url(urls.month_url(month.year, month.slug)),
                "embed_what": self.words.month_label(month)}

    @functools.cached_property
    def _years_by_number(self) -> dict[int, YearGroup]:
        return {year.year: year for year in self.chron.years}

    # -- pages ------------------------------------------------------------------------

    def home(self) -> Iterator[Page]:
        """The chronology: its latest ``home_limit`` events; when they crowd into a key day
        (``overview_zoom.key_day``) and run oldest first, the events before that day are the
        background, folded away above it (``partials/listing.html``)."""
        events = self.chron.events
        shown = events[-self.options.home_limit:] if len(events) > self.options.home_limit else events
        url = urls.HOME
        lead = 0 if self.options.newest_first else split_at_key_day(shown, key_day(shown))
        yield self.page(
            "chronology.html", url,
            groups=self.groups(shown[lead:]),
            background=self.groups(shown[:lead]),
            shown_ids=tuple(event.id for event in shown),
            listing=lambda evs: self.cards(evs, urls.relative_root(url)),
            years=self.chron.years,
            total=len(events),
            truncated=len(shown) < len(events),
            shown_count=len(shown),
            title=self.options.site_name,
        )

    def event_page(self, event: Event) -> Page:
        url = urls.event_url(event.id)
        content = self.chron.content
        return self.page(
            "event.html", url,
            event=event,
            title=event.title,
            previous=self.chron.previous(event),
            next=self.chron.next(event),
            related=self.chron.related.get(event.id, ()),
            place=content.places.get(event.place) if event.place else None,
            history=self.history(event),
            images=event_images(event, self.images),  # its processed images: their keys are in the page's inputs
            share_image=self.share_image(event),
            **self.event_embed(event),
            jsonld=lambda: Markup(json.dumps(event_jsonld(event, self.chron, self.md, self.options.site_url,
                                                          self.images, urls.relative_root(url)),
                                             ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c")),
        )

    def share_image(self, event: Event) -> dict | None:
        """The image link previews show (Open Graph ``og:image``): the event's first local image at its
        largest size, as an absolute URL, so only when the site has a ``site_url``; else None."""
        lead = lead_image(event, self.images)
        if lead is None or not self.options.site_url:
            return None
        media, image = lead
        full = image.full if media.file else image.thumbnail
        return {"url": site_link(full.path, self.options.site_url), "type": full.media_type,
                "width": full.width, "height": full.height, "alt": media.alt or media.caption or event.title}

    def years_index(self) -> Page:
        url = "years/"
        return self.page("years.html", url, years=self.chron.years, title=self.words.gettext("Years"))

    def year_pages(self, year: YearGroup) -> Iterator[Page]:
        url = urls.year_url(year.year)
        split = year.count > self.options.year_split
        root = urls.relative_root(url)
        yield self.page(
            "year.html", url, year=year, split=split, title=self.words.year(year.year),
            groups=self.groups(year.events), listing=lambda evs: self.cards(evs, root, self.compact_listings),
            previous_year=_neighbour(self.chron.years, year, -1), next_year=_neighbour(self.chron.years, year, 1),
        )
        if split:
            for month in year.months:
                yield from self.paginated(
                    "month.html", urls.month_url(year.year, month.slug), month.events, compact=self.compact_listings,
                    title=self.words.month_label(month), month=month, year=year,
                )

    def kind_index(self, kind: str, index: dict, title_of: Callable[[str], str]) -> Iterator[Page]:
        """/tags/, /actors/, …: every term with its count, split into pages of ``TERMS_PER_PAGE``."""
        url = urls.kind_url(kind)
        terms = [(key, title_of(key), len(events)) for key, events in index.items()]
        if kind == "places":  # by name, as a reader looks a place up (ids are the editors' words)
            terms.sort(key=lambda term: (name_key(term[1]), term[0]))
        chunks = [terms[start:start + TERMS_PER_PAGE] for start in range(0, len(terms), TERMS_PER_PAGE)] or [[]]
        page_urls = [url] + [f"{url}page/{n}/" for n in range(2, len(chunks) + 1)]
        for number, (page_url, chunk) in enumerate(zip(page_urls, chunks), start=1):
            yield self.page("terms.html", page_url, kind=kind, terms=chunk, title=self.kind_titles[kind],
                              total=len(terms), page_number=number, page_urls=page_urls)

    def term_pages(self, kind: str, key: str, title: str, events: tuple[Event, ...]) -> Iterator[Page]:
        content = self.chron.content
        record = {"actors": content.actors, "places": content.places, "sources": content.sources}.get(kind, {}).get(key)
        # Compact entries: each event is on many such pages; its summary is on its own page and in the chronology.
        yield from self.paginated("term.html", urls.term_url(kind, key), events, compact=True,
                                  title=title, kind=kind, key=key, record=record, offers_embed=self.term_embeds)

    def paginated(self, template: str, url: str, events: tuple[Event, ...], compact: bool = False,
                  **context: Any) -> Iterator[Page]:
        """A listing split into pages of ``list_limit`` events: url, url/page/2/, … (``compact`` entries: ``card``)."""
        size = self.options.list_limit
        if self.options.newest_first:  # page 1 holds the newest events, full
            chunks = [events[max(0, end - size):end] for end in range(len(events), 0, -size)] or [()]
        else:
            chunks = [events[start:start + size] for start in range(0, len(events), size)] or [()]
        page_urls = [url] + [f"{url}page/{n}/" for n in range(2, len(chunks) + 1)]
        for number, (page_url, chunk) in enumerate(zip(page_urls, chunks), start=1):
            root = urls.relative_root(page_url)
            yield self.page(
                template, page_url, groups=self.groups(chunk),
                listing=lambda evs, root=root: self.cards(evs, root, compact),
                total=len(events), page_number=number, page_urls=page_urls, **context,
            )

    def changes_page(self, entries, content_prefix: str) -> Page:
        """/changes/: what was added, changed or removed in the content, newest first (from git)."""
        by_path = {event.path: event for event in self.chron.events}
        rows = [(entry, by_path.get(content_prefix + (entry.current_path or ""))) for entry in entries]
        return self.page("changes.html", "changes/", title=self.words.gettext("Recent changes"), rows=rows)

    def groups(self, events) -> MonthGroups:
        """Events grouped by month, in the site's display order (grouped only when a page is rendered)."""
        return MonthGroups(tuple(events), self.options.newest_first)


def _neighbour(years: tuple[YearGroup, ...], year: YearGroup, step: int) -> YearGroup | None:
    index = years.index(year) + step
    return years[index] if 0 <= index < len(years) else None
