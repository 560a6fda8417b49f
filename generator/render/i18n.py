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

``python -m generator.render.i18n update`` extracts the messages of the templates and of the
Python that makes reader-facing text into ``locales/messages.pot`` and merges them into every
catalog (new messages empty, gone ones dropped); ``python -m generator.render.i18n check``
lists what each catalog misses (tests/test_i18n.py runs the same check).
"""

from __future__ import annotations

import gettext
import inspect
import sys
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from babel import Locale, UnknownLocaleError
from babel.dates import parse_pattern
from babel.numbers import format_compact_decimal, format_decimal
from markupsafe import Markup

from generator.content.date_words import DateWords, N_, date_text, human_range, year_words

__all__ = ["N_", "THEME_DIR", "Words", "words_for", "translations", "parse_language", "language_tag",
           "install", "extract_messages", "catalog_problems"]

THEME_DIR = (Path(__file__).resolve().parent.parent / "theme").resolve()  # the packaged theme (site_templates/)
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # generator/: the Python that makes reader-facing text
LOCALES = "locales"
DOMAIN = "messages"
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


# -- languages ------------------------------------------------------------------------------


def parse_language(tag: str) -> Locale:
    """The Babel locale of a BCP 47 tag ('fa-AF', 'ps', 'pt_BR'); ``ValueError`` saying what is wrong."""
    text = str(tag).strip()
    try:
        return Locale.parse(text.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise ValueError(f"language '{tag}' is not a language CLDR knows ({exc}); "
                         "use a BCP 47 tag such as en, es, fa-AF, ps or ur") from None


def language_tag(tag: str) -> str:
    """The tag in its usual BCP 47 spelling: 'fa_af' -> 'fa-AF', 'PT-br' -> 'pt-BR'."""
    return str(parse_language(tag)).replace("_", "-")


def catalog_names(locale: Locale) -> list[str]:
    """The catalog folders a locale reads, most specific first: fa_AF, fa; zh_Hant_TW, zh_Hant, zh."""
    names = []
    for parts in ((locale.language, locale.script, locale.territory, locale.variant),
                  (locale.language, locale.script, locale.territory), (locale.language, locale.script),
                  (locale.language, None, locale.territory), (locale.language,)):
        name = "_".join(part for part in parts if part)
        if name not in names:
            names.append(name)
    return names


# -- catalogs -------------------------------------------------------------------------------


class _Compiled:
    """One ``.po`` file, compiled in memory: translated, non-fuzzy messages and the plural rule."""

    def __init__(self, path: Path) -> None:
        from babel.messages.pofile import read_po  # Babel's .po reader loads only when a catalog is compiled

        with path.open("rb") as file:
            catalog = read_po(file)
        self.messages: dict[Any, str] = {}
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.id, (list, tuple)):
                forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
                if forms and all(forms):
                    for index, form in enumerate(forms):
                        self.messages[(message.id[0], index)] = form
            elif message.string:
                self.messages[message.id] = message.string
        self.plural: Callable[[int], int] = gettext.c2py(catalog.plural_expr or "(n != 1)")


@lru_cache(maxsize=64)
def _compiled(path: str, mtime_ns: int) -> _Compiled:
    return _Compiled(Path(path))


class Catalog(gettext.NullTranslations):
    """Catalogs of one language, most specific first (a project's, then the theme's; fa_AF, then fa);
    a message none of them translates stays English."""

    def __init__(self, compiled: Sequence[_Compiled] = (), paths: Sequence[Path] = ()) -> None:
        super().__init__()
        self._chain = tuple(compiled)
        self.paths = tuple(paths)  # the .po files read, for messages and tests

    def gettext(self, message: str) -> str:
        for catalog in self._chain:
            found = catalog.messages.get(message)
            if found is not None:
                return found
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        for catalog in self._chain:
            found = catalog.messages.get((singular, catalog.plural(n)))
            if found is not None:
                return found
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.ngettext(singular, plural, n)


def _theme_dirs(theme_dirs: Iterable[Path | str] = ()) -> list[Path]:
    dirs = [Path(folder) for folder in theme_dirs]
    if not any(folder.resolve() == THEME_DIR for folder in dirs):
        dirs.append(THEME_DIR)
    return dirs


def translations(language: str, theme_dirs: Iterable[Path | str] = ()) -> Catalog:
    """The theme's catalogs for ``language`` (see the module's docstring), from ``theme_dirs`` (a
    project's theme folders, first wins) and the packaged theme."""
    locale = parse_language(language)
    found, paths = [], []
    for name in catalog_names(locale):
        for folder in _theme_dirs(theme_dirs):
            path = folder / LOCALES / name / "LC_MESSAGES" / f"{DOMAIN}.po"
            try:
                mtime = path.stat().st_mtime_ns
            except OSError:
                continue
            found.append(_compiled(str(path), mtime))
            paths.append(path)
    return Catalog(found, paths)


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
        return self.digits(format_decimal(value, locale=self.locale, numbering_system="default"))

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
    stamps = []
    for folder in _theme_dirs(dirs):
        locales = folder / LOCALES
        if locales.is_dir():
            stamps.extend((str(path), path.stat().st_mtime_ns) for path in sorted(locales.glob("*/LC_MESSAGES/*.po")))
    return _words(language, dirs, tuple(stamps))


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


# -- the catalogs' upkeep -------------------------------------------------------------------

JINJA_OPTIONS = {"extensions": "", "trimmed": "true", "trim_blocks": "true", "lstrip_blocks": "true",
                 "newstyle_gettext": "true", "silent": "false"}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def extract_messages(theme_dir: Path = THEME_DIR, package_dir: Path = PACKAGE_DIR):
    """Every message of the theme's templates and of the package's Python, as a Babel ``Catalog``."""
    # Babel's extractor is for the catalog tools (scripts/, tests): a build never loads it
    from babel.messages.catalog import Catalog as BabelCatalog
    from babel.messages.extract import extract_from_dir

    catalog = BabelCatalog(project="timeline-site", msgid_bugs_address="", charset="utf-8")
    sources = (
        (theme_dir, [("**.html", "jinja2.ext:babel_extract")], {"**.html": JINJA_OPTIONS}, "site_templates"),
        (package_dir, [("theme/**", "ignore"), ("**.py", "python")], {}, "generator"),
    )
    for folder, method_map, options_map, prefix in sources:
        for filename, lineno, message, comments, context in extract_from_dir(
                str(folder), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
            catalog.add(message, None, [(f"{prefix}/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def catalog_paths(theme_dir: Path = THEME_DIR) -> dict[str, Path]:
    """The theme's catalogs: locale name -> its messages.po."""
    return {path.parent.parent.name: path for path in sorted((theme_dir / LOCALES).glob(f"*/LC_MESSAGES/{DOMAIN}.po"))}


def catalog_problems(theme_dir: Path = THEME_DIR, package_dir: Path = PACKAGE_DIR) -> dict[str, dict[str, list]]:
    """Per catalog, the messages it lacks or leaves untranslated or fuzzy ('missing') and those no
    template or module uses any more ('stale'); empty lists when the catalog is complete."""
    from babel.messages.pofile import read_po  # for the catalog tools, as extract_messages' imports

    wanted = {message.id if isinstance(message.id, str) else message.id[0]
              for message in extract_messages(theme_dir, package_dir) if message.id}
    problems = {}
    for name, path in catalog_paths(theme_dir).items():
        with path.open("rb") as file:
            catalog = read_po(file, locale=name)
        have, done = set(), set()
        for message in catalog:
            if not message.id:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            have.add(key)
            strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
            if not message.fuzzy and strings and all(strings):
                done.add(key)
        problems[name] = {"missing": sorted(wanted - done), "stale": sorted(have - wanted)}
    return problems


def update_catalogs(theme_dir: Path = THEME_DIR, package_dir: Path = PACKAGE_DIR) -> list[str]:
    """Write ``locales/messages.pot`` and merge it into every catalog; returns the catalogs' names."""
    from babel.messages.pofile import read_po, write_po  # for the catalog tools, as extract_messages' imports

    template = extract_messages(theme_dir, package_dir)
    locales = theme_dir / LOCALES
    locales.mkdir(exist_ok=True)
    with (locales / f"{DOMAIN}.pot").open("wb") as file:
        write_po(file, template, width=100, omit_header=False, sort_output=False, include_lineno=False)
    names = []
    for name, path in catalog_paths(theme_dir).items():
        with path.open("rb") as file:
            catalog = read_po(file, locale=name)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with path.open("wb") as file:
            write_po(file, catalog, width=100, include_lineno=False, ignore_obsolete=True)
        names.append(name)
    return names


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m generator.render.i18n update|check``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["update"]:
        print("updated:", ", ".join(update_catalogs()) or "no catalogs")
        return 0
    if args == ["check"]:
        bad = 0
        for name, found in catalog_problems().items():
            for kind in ("missing", "stale"):
                for message in found[kind]:
                    print(f"{name}: {kind}: {message!r}")
                    bad += 1
        return 1 if bad else 0
    print("usage: python -m generator.render.i18n update|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
