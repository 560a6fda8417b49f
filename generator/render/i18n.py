"""The site's language (the ``language`` option, a BCP 47 tag): the theme's words, dates and numbers.

* Words come from gettext catalogs in the theme, ``locales/<lang>/LC_MESSAGES/messages.po``:
  a project's ``site_templates/locales/`` first (its own language, or its own words for
  one we ship), then the packaged theme's. Only ``.po`` files are kept: they are read with
  Babel's ``read_po`` when first needed and kept in memory (keyed on the file's mtime, so
  ``serve`` picks up an edited catalog); no compiled ``.mo`` file is built or committed.
* A tag falls back from the most specific catalog to the language's: ``fa-AF`` (Dari) reads
  ``fa_AF`` and then ``fa``; ``pt-BR`` reads ``pt_BR`` then ``pt``. A message that no catalog
  has, or has only untranslated or fuzzy, stays English (the message id).
* Dates, month names, numbers, digits and plural rules come from CLDR through Babel, in the
  locale's default numbering system (Persian and Pashto write ۱۲۳, Arabic and Urdu 123).
  English (``en``) keeps the theme's house style, '28 September 2015' (en-GB's patterns);
  ``en-US`` says 'September 28, 2015'.
* ``direction`` is ``rtl`` for the languages CLDR writes right to left (Arabic, Persian,
  Pashto, Urdu, Hebrew, Yiddish …).

The catalogs themselves (which files a language reads, and reading them) are
``generator.render.locales``; ``scripts/catalogs.py`` keeps them current (``update``, ``check``).
"""

from __future__ import annotations

import inspect
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Callable, Iterable

from babel import Locale
from babel.dates import parse_pattern
from babel.numbers import format_compact_decimal, format_decimal
from jinja2 import pass_eval_context
from markupsafe import Markup

from generator.content.date_words import DateWords, N_, date_text, human_range, year_words
from generator.render.locales import THEME_DIR, catalog_stamps, parse_language, translations

__all__ = ["N_", "THEME_DIR", "Words", "words_for", "translations", "install"]

ENGLISH_DATES = "en_GB"  # the patterns of plain `en`: '28 September 2015', as the theme has always said it

# Digits of CLDR's numbering systems (numberingSystems.xml); Babel formats numbers with a
# numbering system's symbols but leaves the digits ASCII, so they are put in here.
DIGITS = {
    "latn": "0123456789", "arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹", "deva": "०१२३४५६७८९",
    "beng": "০১২৩৪৫৬৭৮৯", "mymr": "၀၁၂၃၄၅၆၇၈၉", "thai": "๐๑๒๓๔๕๖๗๘๙", "tibt": "༠༡༢༣༤༥༦༧༨༩",
    "khmr": "០១២៣៤៥៦៧៨៩", "laoo": "໐໑໒໓໔໕໖໗໘໙", "mtei": "꯰꯱꯲꯳꯴꯵꯶꯷꯸꯹", "olck": "᱐᱑᱒᱓᱔᱕᱖᱗᱘᱙",
}

# Python's reader-facing messages that are used through a variable, marked here for the catalogs.
_MARKED = (N_("Confirmed"), N_("Reported"), N_("Disputed"), N_("Unverified"))


# -- words ----------------------------------------------------------------------------------


class Words(DateWords):
    """The site's words in one language: ``gettext``/``ngettext`` from the catalogs; numbers,
    digits, month names and date patterns from CLDR."""

    def __init__(self, language: str = "en", theme_dirs: Iterable[Path | str] = ()) -> None:
        self.locale = parse_language(language)
        self.tag = str(self.locale).replace("_", "-")
        self.catalog = translations(language, theme_dirs)
        self.direction = "rtl" if self.locale.character_order == "right-to-left" else "ltr"
        english = str(self.locale) == "en"
        self._dates = Locale.parse(ENGLISH_DATES) if english else self.locale
        self._english = self.locale.language == "en"
        system = self.locale.default_numbering_system
        self.numbering = system if system in DIGITS else "latn"
        self._digits = str.maketrans("0123456789", DIGITS[self.numbering])
        self._month_labels: dict[tuple[int, int | None], str] = {}  # every listing asks again and again
        self._calendar: dict[tuple, str] = {}
        self._numbers: dict[tuple[type, int | float], str] = {}

    def __repr__(self) -> str:
        return f"Words({self.tag!r})"

    @property
    def has_catalog(self) -> bool:
        """Whether any catalog speaks this language (else the words stay English; dates still follow CLDR)."""
        return bool(self.catalog.paths)

    # -- catalogs
    def gettext(self, message: str, **values: Any) -> str:
        text = self.catalog.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> str:
        """The form for ``n``, filled with ``values`` and ``count`` (``n`` in the language's digits)."""
        text = self.catalog.ngettext(singular, plural, n)
        return text % {"count": self.number(n), **values}

    # -- numbers
    def digits(self, text: str) -> str:
        return text.translate(self._digits)

    def number(self, value: int | float) -> str:
        key = (type(value), value)
        text = self._numbers.get(key)
        if text is None:  # listings and their counts say the same few numbers again and again
            text = self._numbers[key] = self.digits(format_decimal(value, locale=self.locale, numbering_system="default"))
        return text

    def integer(self, value: int) -> str:
        return self.digits(str(value))

    def coordinate(self, value: float) -> str:
        """A latitude or longitude to four decimals, in the language's digits and decimal sign ('۳۶٫۷۲۸۰')."""
        return self.digits(format_decimal(value, format="0.0000", locale=self.locale, numbering_system="default"))

    def large(self, count: int) -> str:
        rounded = float(f"{count:.3g}")
        if rounded >= 1e15:  # past CLDR's compact forms: '1,200 trillion'
            return super().large(count) if self._english else self.number(int(rounded))
        text = format_compact_decimal(rounded, format_type="long", locale=self.locale, fraction_digits=2,
                                      numbering_system="default")
        return self.digits(text)

    def ordinal(self, number: int) -> str:
        return super().ordinal(number) if self._english else self.integer(number)

    # -- dates
    def month_name(self, month: int, standalone: bool = False) -> str:
        """The month's name in the language ('September', 'сентября' / 'сентябрь' stand-alone)."""
        return self._dates.months["stand-alone" if standalone else "format"]["wide"][month]

    def month_abbr(self, month: int) -> str:
        if str(self.locale) == "en":
            return super().month_abbr(month)  # 'Sep', as the theme has always written it (en-GB says 'Sept')
        return self._dates.months["stand-alone"]["abbreviated"][month]

    def month_names(self) -> list[str]:
        """The twelve months' names, stand-alone (for the filters' messages)."""
        return [self.month_name(month, standalone=True) for month in range(1, 13)]

    def _pattern(self, skeleton: str, fallback: str) -> str:
        return self._dates.datetime_skeletons.get(skeleton) or fallback

    def calendar(self, year: str, month: int | None, day: int | None, plain: bool) -> str:
        key = (year, month, day, plain)
        text = self._calendar.get(key)
        if text is None:  # a date is written on its page, its cards, feeds and embeds: worded once
            text = self._calendar[key] = self._calendar_text(year, month, day, plain)
        return text

    def _calendar_text(self, year: str, month: int | None, day: int | None, plain: bool) -> str:
        if month is None:
            return year
        if plain:
            pattern = self._pattern("yMMMMd", "d MMMM y") if day is not None else self._pattern("yMMMM", "LLLL y")
        else:  # '44 BC', '13.8 billion years ago': the day and month as CLDR says them, then the year's words
            pattern = self._pattern("MMMMd", "d MMMM") if day is not None else "LLLL"
        fields = {
            "d": self.integer(day or 1), "dd": self.digits(f"{day or 1:02d}"),
            "M": self.integer(month), "MM": self.digits(f"{month:02d}"),
            "MMM": self._dates.months["format"]["abbreviated"][month],
            "MMMM": self.month_name(month), "LLL": self._dates.months["stand-alone"]["abbreviated"][month],
            "LLLL": self.month_name(month, standalone=True), "L": self.integer(month), "LL": self.digits(f"{month:02d}"),
            "y": year, "yy": year, "yyyy": year,
        }
        text = parse_pattern(pattern).format % _Fields(fields)
        if plain:
            return text
        return self.gettext("%(date)s %(year)s", date=text, year=year)

    def clock(self, hour: int, minute: int, second: int | None) -> str:
        return self.digits(super().clock(hour, minute, second))

    # -- for templates
    def date(self, date: Any, approximate: bool = False) -> str:
        """A ``Date`` in words: 'c. September 2015', 'سپتامبر ۲۰۱۵'."""
        return date_text(date, approximate, self)

    def when(self, event: Any) -> str:
        """An event's dates as readers see them: its display date, or its date and end date."""
        if event.display_date:
            return event.display_date
        return human_range(event.date, event.end_date, event.approximate, self)

    def day(self, day: Any) -> str:
        """A ``datetime.date`` (a correction, a git change): '28 September 2015'."""
        return self.calendar(self.integer(day.year), day.month, day.day, True)

    def month_label(self, group: Any) -> str:
        """A listing's month heading ('September 2015'; '2015 (month not known)'), from a ``MonthGroup``."""
        key = (group.year, group.month)
        label = self._month_labels.get(key)
        if label is None:
            year = self.year(group.year)
            if group.month:
                label = self.calendar(year, group.month, None, True)
            else:
                label = self.gettext("%(year)s (month not known)", year=year)
            self._month_labels[key] = label
        return label

    # -- other languages on the page
    def language_name(self, tag: str | None) -> str:
        """A language's name in the site's language ('Pashto', 'پښتو' …), or the tag when CLDR does not know it."""
        try:
            return parse_language(tag or "").get_display_name(self.locale) or str(tag)
        except ValueError:
            return str(tag)

    def lang_attrs(self, tag: str | None) -> Markup:
        """` lang="ps" dir="rtl"` for text in another language than the page's (a source's title, a
        quote); empty for the page's own language or no language."""
        if not tag:
            return Markup("")
        try:
            other = parse_language(tag)
        except ValueError:
            return Markup("")
        if other.language == self.locale.language:
            return Markup("")
        direction = "rtl" if other.character_order == "right-to-left" else "ltr"
        return Markup(' lang="%s" dir="%s"') % (str(other).replace("_", "-"), direction)

    # -- words scripts need
    def filter_words(self) -> dict:
        """The filters' messages (assets/timeline.js), in the site's language."""
        return {
            "shown": self.gettext("%(shown)s of %(total)s events shown"),
            "coarse": self.gettext(", %(coarse)s of them dated only by month or year"),
            "summary": self.gettext("(%(shown)s of %(total)s shown)"),
            "unknown": {
                "tag": self.gettext("No event on this page has the tag “%(value)s”."),
                "actor": self.gettext("No event on this page has the actor “%(value)s”."),
                "place": self.gettext("No event on this page has the place “%(value)s”."),
                "status": self.gettext("No event on this page has the status “%(value)s”."),
            },
            "bad_date": self.gettext("“%(value)s” is not a date (dates look like 2015-09-28), so it is not used."),
            "backwards": self.gettext("“From” (%(from)s) is after “To” (%(to)s), so the dates are not used."),
            "day": parse_pattern(self._pattern("yMMMMd", "d MMMM y")).format,
            "months": [self.month_name(month) for month in range(1, 13)],
            "digits": DIGITS[self.numbering],
        }

    def search_translations(self) -> dict:
        """The search page's words (assets/search.js), in the site's language."""
        return {
            "zero_results": self.gettext("No event matches [SEARCH_TERM]"),
            "many_results": self.gettext("[COUNT] results for [SEARCH_TERM]"),
            "one_result": self.gettext("[COUNT] result for [SEARCH_TERM]"),
            "searching": self.gettext("Searching for [SEARCH_TERM]..."),
            "zero_refinements": self.gettext("No results for these filters"),
            "any": self.gettext("Any"),
            "filters": {"tag": self.gettext("Tag"), "actor": self.gettext("Actor"), "place": self.gettext("Place"),
                        "status": self.gettext("Status"), "year": self.gettext("Year")},
            "digits": DIGITS[self.numbering],
        }

    def year(self, year: int) -> str:
        """An astronomical year: '2015', '44 BC', in the language."""
        return year_words(year, self)


class _Fields(dict):
    """A pattern's fields; one this module does not fill (an era, a weekday) is left out."""

    def __missing__(self, key: str) -> str:
        return ""


@lru_cache(maxsize=32)
def _words(language: str, theme_dirs: tuple[str, ...], stamps: tuple) -> Words:
    return Words(language, theme_dirs)


def words_for(language: str = "en", theme_dirs: Iterable[Path | str] = ()) -> Words:
    """The ``Words`` of a language, kept while its catalogs are unchanged."""
    dirs = tuple(str(folder) for folder in theme_dirs)
    return _words(language, dirs, catalog_stamps(dirs))


# -- templates ------------------------------------------------------------------------------


def bind(function: Callable, words: Words) -> Callable:
    """A template global with the site's words, when it takes a ``words`` argument."""
    try:
        takes = "words" in inspect.signature(function).parameters
    except (TypeError, ValueError):
        takes = False
    return partial(function, words=words) if takes else function


def install(env: Any, language: str = "en", theme_dirs: Iterable[Path | str] | None = None,
            globals_from: Iterable[dict] = ()) -> Words:
    """Give a Jinja environment (with ``jinja2.ext.i18n``) the site's language: ``_``/``gettext``/
    ``ngettext`` and ``{% trans %}``, the ``words`` global (dates, numbers, direction), the
    ``human_date`` filter, and ``globals_from``'s functions bound to the words."""
    if theme_dirs is None:
        theme_dirs = getattr(env.loader, "searchpath", ())
    words = words_for(language, theme_dirs)
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(words.catalog, newstyle=True)
    gettext, ngettext = template_gettext(words.catalog)  # Jinja's, said in one call rather than three
    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
    env.globals["words"] = words
    env.globals["lang_attrs"] = words.lang_attrs
    env.globals["language_name"] = words.language_name
    env.globals["filter_words"] = words.filter_words
    env.globals["search_translations"] = words.search_translations
    env.filters["human_date"] = words.date
    for table in globals_from:
        for name, function in table.items():
            env.globals[name] = bind(function, words)
    return words


def template_gettext(catalog: Any) -> tuple[Callable, Callable]:
    """``gettext`` (and ``_``) and ``ngettext`` for templates, saying what Jinja's newstyle ones say (the
    catalog's words, Markup when autoescaping, always %-formatted with their values) in one call rather
    than three. A message without values is said once per catalog: pages ask for the same few dozen."""
    said: dict[tuple[str, bool], str] = {}

    @pass_eval_context
    def gettext(eval_ctx: Any, message: str, /, **values: Any) -> str:
        if values:
            return _formatted(catalog.gettext(message), eval_ctx.autoescape, values)
        key = (message, eval_ctx.autoescape)
        text = said.get(key)
        if text is None:
            text = said[key] = _formatted(catalog.gettext(message), eval_ctx.autoescape, values)
        return text

    @pass_eval_context
    def ngettext(eval_ctx: Any, singular: str, plural: str, n: int, /, **values: Any) -> str:
        values.setdefault("num", n)
        return _formatted(catalog.ngettext(singular, plural, n), eval_ctx.autoescape, values)

    return gettext, ngettext


def _formatted(text: str, autoescape: bool, values: dict) -> str:
    return (Markup(text) if autoescape else text) % values
