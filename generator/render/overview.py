"""The overview: a static SVG of events per month (or per year over long spans), each bar a link.

Python computes the geometry (``Overview``: bars, ticks and their labels and links); the
partial ``site_templates/partials/overview.html`` draws it. The bars live in a viewBox
one unit wide per slot (a month, or a year or group of years) and 100 units high,
stretched to the page's width; the year labels are placed in percent of that width so
that text is never stretched.

* A span of at most ``MONTHS_MAX_YEARS`` calendar years is drawn month by month, whole
  years from January to December (a year with events dated to the year only gets one
  more slot before its January). Longer spans are drawn year by year, or by groups of
  2, 5, 10, 20, 50 … years so that there are at most ``MAX_BARS`` slots.
* Empty months or years are gaps: no bar, no link.
* Year labels: the years of the first and the last bar always; every year with events when
  few bars have them (``FEW_BARS``); then round years (every 1, 2, 5, 10 … years). A label
  that would touch another at a phone's width (``NARROW`` pixels) is drawn only on wider
  screens (``Tick.wide``, hidden by graphics.css); one that would touch another at
  ``WIDE`` pixels is left out.
* A month bar links to the month page when its year is split by month (more than
  ``year_split`` events, the same rule as the year pages), otherwise to the month's
  heading on the year page (``#m-<year>-<slug>``, the ids of ``partials/listing.html``).
* One year's months are named under its axis, those that fit (months with events first,
  then every third), and its slot of year-only events "?" (the caption says what it means).
* Where most events fall in one bar, finer strips follow (``overview_zoom``: ``Overview.strips``).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from generator.chronology import MonthGroup, YearGroup
from generator.content.date_words import ENGLISH, DateWords
from generator.render import urls

MONTHS_MAX_YEARS = 10  # longer spans are drawn per year: readable bars, and a small SVG at any size
MAX_BARS = 150  # at most this many slots in years mode (and 130 in months mode): under 30 KB
MAX_LABELS = 8  # round-year labels under the axis (the first, last and few bars' years come on top)
FEW_BARS = 8  # with at most this many bars, every bar's year is labelled
BAR_HEIGHT = 100  # the viewBox height of the bars; the tallest bar is this high
MIN_BAR = 8  # a bar with one event stays visible (5 px of the 64) next to a very tall one
NARROW, WIDE = 296, 600  # the chart's width in pixels on a 320-px phone, and at least on wider screens
LABEL_CHAR = 7.2  # pixels per digit of the 12-px labels, generously
LABEL_GAP = 8  # pixels at least between two labels
STEPS = (1, 2, 5)  # group sizes: 1, 2, 5, 10, 20, 50, 100, …


@dataclass(frozen=True)
class Bar:
    """One slot with events: its position (slot index), height (0–100), link and words."""

    x: int
    height: int
    name: str  # "September 2015", "2015", "1990–1999"
    count: int
    featured: int
    href: str
    label: str
    kind: str  # "month", "year-only" (events dated to the year only), "year", "years" (a group of years),
    # and in zoom strips (overview_zoom) "day", "month-only", "hour", "day-only" or "event"
    key: tuple = ()  # what it counts: (year,), (year, month), (year, month, day), …

    @property
    def unknown(self) -> bool:
        """Whether it holds the events of a coarser date (the year only, the month only, no time)."""
        return self.kind in ("year-only", "month-only", "day-only")

    @property
    def top(self) -> int:
        """The y of the bar's top in the viewBox (the bars stand on y = 100)."""
        return BAR_HEIGHT - self.height

    @property
    def classes(self) -> str:
        """CSS classes: 'key' when it holds key (featured) events, 'year-only' for events dated to a year."""
        return " ".join(name for name, on in (("key", self.featured), ("year-only", self.unknown)) if on)

    @property
    def center(self) -> float:
        """The x of the bar's middle in the viewBox."""
        return self.x + 0.5

    @property
    def left(self) -> float:
        """The x of the bar's left edge in the viewBox (a bar is 0.8 of its slot wide, centred)."""
        return round(self.x + 0.1, 1)


@dataclass(frozen=True)
class Tick:
    """A year boundary on the axis, in percent of the width; ``label`` is empty for an unlabelled tick."""

    x: float
    label: str = ""
    anchor: str = "middle"  # where the label sits on ``label_x``: start, middle or end
    label_x: float = 0.0
    wide: bool = False  # the label would touch another on a phone: drawn on wider screens only


@dataclass(frozen=True)
class Overview:
    """Everything the partial draws."""

    unit: str  # "month" or "year" (or "years" for groups of years)
    slots: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    caption: str
    title: str
    short_caption: str = ""  # the caption without its "Most in one …" sentence, when finer strips follow
    zoom: tuple[float, float] | None = None  # the span (percent of the width) a finer strip zooms into
    unknown: str = ""  # what the "?" label under a slot of coarser dates means, when there is one
    strips: tuple["Overview", ...] = ()  # the finer strips, coarsest first (overview_zoom)

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)

    @property
    def notes(self) -> str:
        """The captions' sentences about what "?" labels mean, once each."""
        seen: list[str] = []
        for strip in (self, *self.strips):
            if strip.unknown and strip.unknown not in seen:
                seen.append(strip.unknown)
        return " ".join(seen)


# -- per month ------------------------------------------------------------------------------


def _months(years: tuple[YearGroup, ...], root: str, year_split: int, words: DateWords = ENGLISH) -> Overview:
    by_year = {year.year: year for year in years}
    first, last = years[0].year, years[-1].year
    peak = max(len(month.events) for year in years for month in year.months)
    bars: list[Bar] = []
    starts: list[tuple[int, int]] = []  # (slot where a year starts, year)
    january = 0  # the slot of January of the first year
    slot = 0
    for number in range(first, last + 1):
        starts.append((slot, number))
        year = by_year.get(number)
        groups = {month.month: month for month in year.months} if year else {}
        split = year is not None and year.count > year_split
        if None in groups:  # events dated to the year only: a slot before January
            bars.append(_month_bar(slot, groups[None], peak, root, split, "year-only", words))
            slot += 1
        january = january if number > first else slot
        for month_number in range(1, 13):
            if month_number in groups:
                bars.append(_month_bar(slot, groups[month_number], peak, root, split, "month", words))
            slot += 1
    unknown = ""
    if first == last:  # one year: its months are named under the axis (those that fit), a slot of year-only events "?"
        with_bars = {bar.x for bar in bars}
        wanted = [(1 if january + m in with_bars else 2 if m % 3 == 0 else 3, january + m, words.month_abbr(m + 1),
                   january + m + 0.5) for m in range(12)]
        if january:
            wanted.append((0, 0, "?", 0.5))
            unknown = words.gettext("“?”: month not known.")
        placed = slot_labels(wanted, slot)  # a tick where each slot starts; labelled where its label fits
        ticks = tuple(Tick(_percent(at, slot), placed[at][0], placed[at][2], placed[at][3], placed[at][4])
                      if at in placed else Tick(_percent(at, slot)) for at in range(slot))
    else:
        ticks = _ticks(starts, slot, per_year=True, words=words, marked=_marked([bar.x for bar in bars], starts))
    span = _year_text(first, words) if first == last else f"{_year_text(first, words)}–{_year_text(last, words)}"
    caption = short = words.gettext("Events per month, %(span)s.") % {"span": span}
    busiest = max((bar for bar in bars if bar.kind == "month"), key=lambda bar: bar.count, default=None)
    if busiest is not None:
        caption += " " + words.gettext("Most in one month: %(count)s (%(name)s).") % {
            "count": words.number(busiest.count), "name": busiest.name}
    return Overview("month", slot, tuple(bars), ticks, _key_note(caption, bars, words),
                    words.gettext("Events per month, %(span)s") % {"span": span}, _key_note(short, bars, words),
                    unknown=unknown)


def _month_bar(slot: int, month: MonthGroup, peak: int, root: str, split: bool, kind: str,
               words: DateWords = ENGLISH) -> Bar:
    count = len(month.events)
    featured = sum(1 for event in month.events if event.featured)
    if split:
        href = f"{root}/{urls.month_url(month.year, month.slug)}"
    else:
        href = f"{root}/{urls.year_url(month.year)}#m-{month.year}-{month.slug}"
    year = _year_text(month.year, words)
    if month.month:
        name = words.calendar(year, month.month, None, month.year > 0)
    else:
        name = words.gettext("%(year)s, month not known") % {"year": year}
    return Bar(slot, _height(count, peak), name, count, featured, href, _label(name, count, featured, words), kind,
               (month.year, month.month))


# -- per year or group of years -------------------------------------------------------------


def _years(years: tuple[YearGroup, ...], root: str, words: DateWords = ENGLISH) -> Overview:
    first, last = years[0].year, years[-1].year
    size = _group_size(first, last)
    base = first // size
    groups: dict[int, list[YearGroup]] = {}
    for year in years:
        groups.setdefault(year.year // size - base, []).append(year)
    slots = last // size - base + 1
    peak = max(sum(year.count for year in members) for members in groups.values())
    bars = []
    for slot, members in sorted(groups.items()):
        count = sum(year.count for year in members)
        featured = sum(1 for year in members for event in year.events if event.featured)
        start = (base + slot) * size
        name = _year_text(start, words) if size == 1 else f"{_year_text(start, words)}–{_year_text(start + size - 1, words)}"
        href = f"{root}/{urls.year_url(members[0].year)}"  # a group of years links to its first year with events
        bars.append(Bar(slot, _height(count, peak), name, count, featured, href, _label(name, count, featured, words),
                        "year" if size == 1 else "years", (members[0].year,)))
    starts = [(slot, (base + slot) * size) for slot in range(slots)]
    ticks = _ticks(starts, slots, per_year=False, words=words, marked=_marked([bar.x for bar in bars], starts))
    span = f"{_year_text(first, words)}–{_year_text(last, words)}"
    busiest = max(bars, key=lambda bar: bar.count)
    values = {"span": span, "size": words.integer(size), "count": words.number(busiest.count), "name": busiest.name}
    if size == 1:
        title = words.gettext("Events per year, %(span)s") % values
        short = words.gettext("Events per year, %(span)s.") % values
        caption = words.gettext("Events per year, %(span)s.") % values + " " + \
            words.gettext("Most in one year: %(count)s (%(name)s).") % values
    else:
        title = words.gettext("Events per %(size)s years, %(span)s") % values
        short = words.gettext("Events per %(size)s years, %(span)s.") % values
        caption = words.gettext("Events per %(size)s years, %(span)s.") % values + " " + \
            words.gettext("Most in %(size)s years: %(count)s (%(name)s).") % values
    return Overview("year" if size == 1 else "years", slots, tuple(bars), ticks, _key_note(caption, bars, words), title,
                    _key_note(short, bars, words))


def _group_size(first: int, last: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, … years per slot that keeps at most ``MAX_BARS`` slots."""
    scale = 1
    while True:
        for step in STEPS:
            size = step * scale
            if last // size - first // size + 1 <= MAX_BARS:
                return size
        scale *= 10


# -- shared ---------------------------------------------------------------------------------


def _marked(bar_slots: list[int], starts: list[tuple[int, int]]) -> dict[int, int]:
    """{index into ``starts``: priority} of the years (or groups) that must be labelled: the first
    and the last bar's (0), and, when there are at most ``FEW_BARS`` bars, every bar's (1)."""
    slot_starts = [start for start, _ in starts]

    def owner(slot: int) -> int:  # the year (or group) a bar's slot belongs to
        return bisect_right(slot_starts, slot) - 1

    marked = {owner(slot): 1 for slot in bar_slots} if len(bar_slots) <= FEW_BARS else {}
    if bar_slots:
        marked[owner(bar_slots[0])] = marked[owner(bar_slots[-1])] = 0
    return marked


def _ticks(starts: list[tuple[int, int]], slots: int, per_year: bool, words: DateWords = ENGLISH,
           marked: dict[int, int] | None = None) -> tuple[Tick, ...]:
    """A tick where each year (or group) starts, some of them labelled: the ``marked`` ones first
    (by priority), then round years, at most ``MAX_LABELS`` in all where the marked ones allow. Month mode labels sit in
    the middle of their year; year mode labels in the middle of their slot. A label is kept where
    it touches no label kept before it at ``WIDE`` pixels, and marked ``wide`` where it touches
    one at ``NARROW`` pixels."""
    marked = marked or {}
    years = [year for _, year in starts]
    every = 1
    scale = 1
    while True:  # the smallest of 1, 2, 5, 10, … that labels at most MAX_LABELS ticks, the marked ones included
        candidates = [step * scale for step in STEPS]
        fitting = [n for n in candidates
                   if sum(1 for i, year in enumerate(years) if year % n == 0 or i in marked) <= MAX_LABELS]
        if fitting:
            every = fitting[0]
            break
        scale *= 10
    ends = [start for start, _ in starts[1:]] + [slots]
    wanted = sorted((marked[i] if i in marked else 2, i) for i, year in enumerate(years)
                    if i in marked or year % every == 0)
    middles = {i: (starts[i][0] + ends[i]) / 2 if per_year else starts[i][0] + 0.5 for _, i in wanted}
    placed = slot_labels([(priority, i, _year_text(starts[i][1], words), middles[i]) for priority, i in wanted], slots)
    labels = {i: (anchor, label_x, text, wide) for i, (text, _, anchor, label_x, wide) in placed.items()}
    ticks = []
    for i, (start, _) in enumerate(starts):
        x = _percent(start, slots)
        if i in labels:
            anchor, label_x, text, wide = labels[i]
            ticks.append(Tick(x, text, anchor, label_x, wide))
        elif per_year:  # every year boundary is marked; in year mode only the labelled ones
            ticks.append(Tick(x))
    return tuple(ticks)


def slot_labels(wanted: list[tuple[int, int, str, float]], slots: int) -> dict[int, tuple[str, float, str, float, bool]]:
    """Labels under slots: ``wanted`` as (priority, slot, text, x in slots of its middle), kept by
    priority (0 first) where they touch no kept label at ``WIDE`` pixels, and marked ``wide`` where
    they touch one at ``NARROW`` pixels; {slot: (text, x, anchor, label x in percent, wide)}."""
    kept: dict[int, list[tuple[float, float]]] = {NARROW: [], WIDE: []}
    placed: dict[int, tuple[str, float, str, float, bool]] = {}
    for _, slot, text, middle in sorted(wanted, key=lambda item: (item[0], item[1])):
        if slot in placed:
            continue
        anchor, at = _place_label(middle, slots, len(text))
        boxes = {width: _label_box(anchor, at, slots, width, len(text)) for width in (NARROW, WIDE)}
        if any(_touch(boxes[WIDE], other) for other in kept[WIDE]):
            continue
        wide = any(_touch(boxes[NARROW], other) for other in kept[NARROW])
        kept[WIDE].append(boxes[WIDE])
        if not wide:
            kept[NARROW].append(boxes[NARROW])
        placed[slot] = (text, middle, anchor, _percent(at, slots), wide)
    return placed


def _place_label(middle: float, slots: int, chars: int) -> tuple[str, float]:
    """(anchor, x in slots) of a label centred on ``middle``, or, where a centred label would cross
    the chart's edge on a phone, starting at the chart's start (ending at its end)."""
    half = (chars * LABEL_CHAR / 2) * slots / NARROW  # half the label's width, in slots on a phone
    if middle - half < 0:
        return "start", 0.0
    if middle + half > slots:
        return "end", float(slots)
    return "middle", middle


def _label_box(anchor: str, at: float, slots: int, width: int, chars: int) -> tuple[float, float]:
    """The label's extent in pixels on a chart ``width`` pixels wide."""
    x, size = at * width / slots, chars * LABEL_CHAR
    if anchor == "start":
        return x, x + size
    if anchor == "end":
        return x - size, x
    return x - size / 2, x + size / 2


def _touch(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] < b[1] + LABEL_GAP and b[0] < a[1] + LABEL_GAP


def _key_note(caption: str, bars: list[Bar], words: DateWords = ENGLISH) -> str:
    if any(bar.featured for bar in bars):
        return caption + " " + words.gettext("Highlighted bars include key events.")
    return caption


def _height(count: int, peak: int) -> int:
    return max(MIN_BAR, round(count * BAR_HEIGHT / peak))


def _percent(value: float, total: int) -> float:
    return round(value * 100 / total, 3)


def _label(name: str, count: int, featured: int, words: DateWords = ENGLISH) -> str:
    """'September 2015: 17 events' (and ', 2 key events' when some are featured)."""
    text = words.ngettext("%(name)s: %(count)s event", "%(name)s: %(count)s events", count, name=name)
    if featured:
        text += words.ngettext(", %(count)s key event", ", %(count)s key events", featured)
    return text


def _year_text(year: int, words: DateWords = ENGLISH) -> str:
    """A year as readers write it: 2015, or 44 BC for the astronomical year -43."""
    return words.integer(year) if year > 0 else words.gettext("%(year)s BC") % {"year": words.integer(1 - year)}
