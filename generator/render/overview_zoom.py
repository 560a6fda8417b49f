"""The overview's zoom: finer strips under the chart where the events crowd, and the key day.

A chronology about one day (22 events, 17 of them on 28 September 2015) is a single tall bar
on a chart per year or per month. So, when most events of a strip fall in one bar, a finer
strip follows for that bar's span — years → months → days → hours — until the events spread
out or the bar is one day:

* a year's strip: its months (a slot before January for events dated to the year only);
* a month's strip: its days (a slot before the 1st for events dated to the month only);
* a day's strip: its hours when some of its events have a time (a slot before 00:00 for the
  others), otherwise one slot per event in the day's order (``sequence``), up to ``MAX_BARS`` events.

A strip whose events all stand in one bar is left out when a finer one follows (it would show
one bar and say nothing the next strip's title does not). Bars of days, hours and events link
to the event's card (``#e-<id>``) on the page itself when it lists it, else on the listing
page that does (its year page, or its month's page and page number when the year is split).

``key_day`` picks the day a home page opens on (``generator.render.pages``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any, Iterable, Sequence

from generator.chronology import YearGroup
from generator.content.calendar_days import days_in_month
from generator.content.date_words import ENGLISH, DateWords
from generator.render import urls
from generator.render.overview import (BAR_HEIGHT, FEW_BARS, MAX_BARS, MONTHS_MAX_YEARS, Bar, Overview, Tick, _height,
                                       _label, _months, _percent, _year_text, _years, slot_labels)

ZOOM_MIN = 3  # a bar is zoomed into when it holds at least this many events …
ZOOM_SHARE = 0.5  # … and more than this share of its strip's
KEY_MIN = 3  # a key day holds at least this many events …
KEY_SHARE = 0.25  # … and at least this share of the listing's
EVENT_HEIGHT = 55  # in a day's order every bar is one event: a key event's stands full height, the others lower
UNKNOWN = "?"  # the label under a slot of events whose finer date is not known (explained in the caption)


@dataclass(frozen=True)
class Links:
    """How a zoom strip links to an event: on the page itself when it lists it (``shown``), else on
    the listing page that holds it (``year_split``, ``list_limit``, ``newest_first``: the site's)."""

    root: str
    year_split: int = 150
    list_limit: int = 100
    newest_first: bool = False
    shown: frozenset = frozenset()

    def event(self, event: Any, year: YearGroup) -> str:
        """The href of ``event``'s card, ``#e-<id>`` on the page or on its listing page."""
        anchor = f"#e-{event.id}"
        if event.id in self.shown:
            return anchor
        if year.count <= self.year_split:
            return f"{self.root}/{urls.year_url(year.year)}{anchor}"
        month = next(group for group in year.months if event in group.events)
        index = month.events.index(event)
        if self.newest_first:
            number = (len(month.events) - 1 - index) // self.list_limit + 1
        else:
            number = index // self.list_limit + 1
        page = f"page/{number}/" if number > 1 else ""
        return f"{self.root}/{urls.month_url(year.year, month.slug)}{page}{anchor}"


def zoom_strips(top: Overview, years: tuple[YearGroup, ...], links: Links,
                words: DateWords = ENGLISH) -> tuple[Overview, tuple[Overview, ...]]:
    """The overview ``top`` (marked where it is zoomed into) and its finer strips, coarsest first."""
    chain: list[tuple[Overview, int | None]] = []  # (strip, the slot of its zoomed bar)
    current, total = top, top.total
    by_year = {year.year: year for year in years}
    while True:
        busiest = max(current.bars, key=lambda bar: (bar.count, -bar.x), default=None)
        zoomable = busiest is not None and busiest.kind in ("year", "month", "day")
        if zoomable and busiest.kind == "day" and busiest.count > MAX_BARS:  # too many for one bar each
            zoomable = any(event.date.hour is not None for event in _events_of(busiest, by_year))
        if not zoomable or busiest.count < ZOOM_MIN or busiest.count <= total * ZOOM_SHARE:
            chain.append((current, None))
            break
        chain.append((current, busiest.x))
        events = _events_of(busiest, by_year)
        if busiest.kind == "year":
            year = by_year[busiest.key[0]]
            finer = _months((year,), links.root, links.year_split, words)
            finer = replace(finer, title=words.gettext("%(span)s, by month") % {"span": _year_text(year.year, words)})
        elif busiest.kind == "month":
            finer = _days(by_year[busiest.key[0]], busiest.key[1], links, words)
        else:
            finer = _day(by_year[busiest.key[0]], busiest.key, events, links, words)
        if all(bar.unknown for bar in finer.bars):  # no finer date is known: the finer strip would say nothing
            chain[-1] = (current, None)
            break
        current, total = finer, len(events)
    # A strip with one bar says nothing the next one's title does not: left out (its parent's zoom mark
    # then points at the next strip).
    kept = [(strip, slot) for i, (strip, slot) in enumerate(chain)
            if i == 0 or i == len(chain) - 1 or len(strip.bars) > 1]
    marked = [replace(strip, zoom=_slot_span(strip, slot)) if slot is not None else strip for strip, slot in kept]
    return marked[0], tuple(marked[1:])


def _events_of(bar: Bar, by_year: dict[int, YearGroup]) -> tuple:
    """The events a bar of a year, a month or a day counts."""
    year = by_year[bar.key[0]]
    if bar.kind == "year":
        return year.events
    month = next(group for group in year.months if group.month == bar.key[1])
    if bar.kind == "month":
        return month.events
    return tuple(event for event in month.events if event.date.day == bar.key[2])


def _slot_span(strip: Overview, slot: int) -> tuple[float, float]:
    return (_percent(slot, strip.slots), _percent(slot + 1, strip.slots))


# -- a month, day by day ------------------------------------------------------------------------


def _days(year: YearGroup, month_number: int, links: Links, words: DateWords) -> Overview:
    month = next(group for group in year.months if group.month == month_number)
    days = days_in_month(year.year, month_number)
    by_day: dict[int | None, list] = {}
    for event in month.events:
        by_day.setdefault(event.date.day, []).append(event)
    unknown = None in by_day
    offset = 1 if unknown else 0
    slots = days + offset
    peak = max(len(events) for events in by_day.values())
    bars = []
    name_of_month = words.calendar(_year_text(year.year, words), month_number, None, year.year > 0)
    for day, events in sorted(by_day.items(), key=lambda item: item[0] or 0):
        if day is None:
            name = words.gettext("%(month)s, day not known") % {"month": name_of_month}
            slot, kind = 0, "month-only"
        else:
            name = words.calendar(_year_text(year.year, words), month_number, day, year.year > 0)
            slot, kind = day - 1 + offset, "day"
        bars.append(_bar(slot, events, peak, name, links.event(events[0], year), kind, (year.year, month_number, day),
                         words))
    wanted = [(0, offset + day - 1, words.integer(day)) for day in (1, days)]
    if len(bars) <= FEW_BARS:
        wanted += [(1, bar.x, words.integer(bar.key[2])) for bar in bars if bar.kind == "day"]
    wanted += [(2, offset + day - 1, words.integer(day)) for day in range(5, days, 5)]
    if unknown:
        wanted.append((0, 0, UNKNOWN))
    title = words.gettext("%(span)s, by day") % {"span": name_of_month}
    return Overview("day", slots, tuple(bars), _labels(wanted, slots), title, title,
                    unknown=words.gettext("“?”: day not known.") if unknown else "")


# -- a day, hour by hour or in order ------------------------------------------------------------


def _day(year: YearGroup, key: tuple, events: tuple, links: Links, words: DateWords) -> Overview:
    day_name = words.calendar(_year_text(year.year, words), key[1], key[2], year.year > 0)
    if any(event.date.hour is not None for event in events):
        return _hours(year, events, day_name, links, words)
    slots = len(events)
    bars = tuple(_bar(i, (event,), 1, words.gettext("%(position)s of %(count)s: %(title)s") % {
        "position": words.integer(i + 1), "count": words.integer(slots), "title": event.title},
        links.event(event, year), "event", (*key, i), words, plain=True) for i, event in enumerate(events))
    wanted = [(0, 0, words.integer(1)), (0, slots - 1, words.integer(slots))]
    wanted += [(1, bar.x, words.integer(bar.x + 1)) for bar in bars if bar.featured]
    wanted += [(2, i - 1, words.integer(i)) for i in range(5, slots, 5)]
    title = words.gettext("%(day)s, event by event") % {"day": day_name}
    return Overview("event", slots, bars, _labels(wanted, slots), title, title)


def _hours(year: YearGroup, events: tuple, day_name: str, links: Links, words: DateWords) -> Overview:
    by_hour: dict[int | None, list] = {}
    for event in events:
        by_hour.setdefault(event.date.hour, []).append(event)
    unknown = None in by_hour
    offset = 1 if unknown else 0
    slots = 24 + offset
    peak = max(len(group) for group in by_hour.values())
    bars = []
    for hour, group in sorted(by_hour.items(), key=lambda item: -1 if item[0] is None else item[0]):
        if hour is None:
            name, slot, kind = words.gettext("%(day)s, time not known") % {"day": day_name}, 0, "day-only"
        else:
            clock = words.clock(hour, 0, None)
            name = words.gettext("%(day)s, %(time)s") % {"day": day_name, "time": clock}
            slot, kind = hour + offset, "hour"
        bars.append(_bar(slot, group, peak, name, links.event(group[0], year), kind, (year.year, hour), words))
    wanted = [(1 if hour % 12 == 0 else 2, offset + hour, words.clock(hour, 0, None)) for hour in range(0, 24, 6)]
    if unknown:
        wanted.append((0, 0, UNKNOWN))
    title = words.gettext("%(day)s, by hour") % {"day": day_name}
    return Overview("hour", slots, tuple(bars), _labels(wanted, slots, middle=False), title, title,
                    unknown=words.gettext("“?”: time not known.") if unknown else "")


# -- shared -------------------------------------------------------------------------------------


def _bar(slot: int, events: Sequence, peak: int, name: str, href: str, kind: str, key: tuple,
         words: DateWords, plain: bool = False) -> Bar:
    count, featured = len(events), sum(1 for event in events if event.featured)
    if plain:  # one event: its position and title say it; "key event" when it is one
        label = name + (words.gettext(" (key event)") if featured else "")
    else:
        label = _label(name, count, featured, words)
    height = (BAR_HEIGHT if featured else EVENT_HEIGHT) if plain else _height(count, peak)
    return Bar(slot, height, name, count, featured, href, label, kind, key)


def _labels(wanted: list[tuple[int, int, str]], slots: int, middle: bool = True) -> tuple[Tick, ...]:
    """Ticks under slots, labelled by priority (``overview.slot_labels``): a label in the middle of its
    slot (``middle``) or at its start (an hour's); the "?" slot's always in its middle."""
    placed = slot_labels([(priority, slot, text, slot + 0.5 if middle or text == UNKNOWN else float(slot))
                          for priority, slot, text in wanted], slots)
    return tuple(Tick(_percent(at, slots), text, anchor, label_x, wide)
                 for slot, (text, at, anchor, label_x, wide) in sorted(placed.items()))


# -- the key day --------------------------------------------------------------------------------


def key_day(events: Iterable[Any]) -> tuple[int, int, int] | None:
    """The day a listing is about: of the days holding at least ``KEY_MIN`` events and a
    ``KEY_SHARE`` of all, the one with the most key (``featured``) events, then the most events,
    then the earliest; None when no day stands out so."""
    events = tuple(events)
    days: Counter = Counter()
    featured: Counter = Counter()
    for event in events:
        date = event.date
        if date.day is not None and date.month is not None and getattr(date, "span", 1) == 1:
            day = (date.year, date.month, date.day)
            days[day] += 1
            featured[day] += bool(event.featured)
    candidates = [day for day, count in days.items() if count >= KEY_MIN and count >= KEY_SHARE * len(events)]
    if not candidates:
        return None
    return max(candidates, key=lambda day: (featured[day], days[day], tuple(-part for part in day)))


def split_at_key_day(events: Sequence[Any], day: tuple[int, int, int] | None) -> int:
    """How many of ``events`` (in chronological order) come before the first event of ``day``: the
    background a home page folds away; 0 without a key day."""
    if day is None:
        return 0
    for index, event in enumerate(events):
        date = event.date
        if (date.year, date.month, date.day) == day:
            return index
    return 0


def overview_of(years: Iterable[YearGroup], root: str, year_split: int, words: DateWords = ENGLISH, *,
                list_limit: int = 100, newest_first: bool = False, shown: Iterable[str] = ()) -> Overview | None:
    """The overview of ``years`` (the home page: all years; a year page: ``[year]``) for a page
    whose way back to the site root is ``root``, with its finer strips where events crowd
    (``overview_zoom``: ``list_limit`` and ``newest_first`` say which listing page holds an event,
    ``shown`` the ids of the events this page lists); None when there are no events. ``words``:
    the site's language (``generator.render.i18n.Words``)."""
    years = tuple(year for year in years if year.count)
    if not years:
        return None
    first, last = years[0].year, years[-1].year
    if last - first + 1 <= MONTHS_MAX_YEARS:
        top = _months(years, root, year_split, words)
    else:
        top = _years(years, root, words)
    links = Links(root, year_split, list_limit, newest_first, frozenset(shown))
    top, strips = zoom_strips(top, years, links, words)
    if strips:  # the strips show where the most are, more finely than a "most in one …" sentence
        top = replace(top, caption=top.short_caption)
    return replace(top, strips=strips)


TEMPLATE_GLOBALS: dict = {"overview_of": overview_of}  # registered in generator.render.environment
