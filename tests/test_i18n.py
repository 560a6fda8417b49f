"""The site's language (generator/render/i18n.py): catalogs complete and current, dates, numbers and
plurals from CLDR, English unchanged, right to left, other languages on a page, and built sites in
several languages read back from their HTML."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.content.date_words import date_text
from generator.content.dates import OPEN_END, Date
from generator.render import i18n
from generator.render.locales import language_tag
from generator.render.axis import gap_label
from generator.render.casualties import claim_words
from generator.render.environment import make_environment
from generator.render.i18n import Words

REPO = Path(__file__).resolve().parents[1]
SHIPPED = {"en", "es", "fr", "de", "pt", "ru", "uk", "ar", "fa", "ps", "ur"}


def _catalogs_tool():
    """scripts/catalogs.py, the tool that keeps the catalogs current (not part of the package)."""
    spec = importlib.util.spec_from_file_location("catalogs_tool", REPO / "scripts" / "catalogs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


catalogs = _catalogs_tool()


# -- the catalogs ------------------------------------------------------------------------------


def test_every_required_language_has_a_catalog():
    assert SHIPPED <= set(catalogs.catalog_paths())


def test_no_catalog_misses_a_message_or_keeps_a_stale_one():
    """Every message of the templates and of the Python that makes reader-facing text is translated
    in every catalog, and no catalog keeps a message nothing uses. To fix: ``python
    scripts/catalogs.py update``, then translate what it left empty."""
    problems = {name: found for name, found in catalogs.catalog_problems().items() if found["missing"] or found["stale"]}
    assert problems == {}


def test_the_template_lists_the_current_messages():
    from babel.messages.pofile import read_po

    with (i18n.THEME_DIR / "locales" / "messages.pot").open("rb") as file:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(file) if m.id}
    current = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogs.extract_messages() if m.id}
    assert template == current


def test_catalog_translations_keep_their_placeholders_and_markup():
    from babel.messages.pofile import read_po

    placeholder = re.compile(r"%\((\w+)\)s")
    for name, path in catalogs.catalog_paths().items():
        with path.open("rb") as file:
            catalog = read_po(file, locale=name)
        for message in catalog:
            if not message.id:
                continue
            source = message.id if isinstance(message.id, str) else message.id[1]
            forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
            wanted = set(placeholder.findall(source)) - {"ordinal"}
            for form in forms:
                found = set(placeholder.findall(form))
                if isinstance(message.id, str):
                    assert wanted <= found | {"ordinal"}, (name, message.id, form)
                assert found <= wanted | {"ordinal", "roman", "number", "count", "n"}, (name, message.id, form)
                assert re.findall(r"<(a|time|code)\b", form) == re.findall(r"<(a|time|code)\b", source), (name, form)


# -- words: dates, numbers, plurals ---------------------------------------------------------------

ENGLISH_SAMPLES = ["2015", "2015-09", "2015-09-28", "2015-09-28T05:30+04:30", "2015-09-28T05:30:15-03:00", "2015-09~",
                   "2015-09-28?", "2015%", "201X", "19XX", "1XXX", "2015-XX", "2015-09-XX", "-0043-03-15", "-0043",
                   "Y-13800000000", "Y-66000000", "Y12345", "Y170000000", "0800", "099X", "09XX", "-0001", "0001"]


@pytest.mark.parametrize("text", ENGLISH_SAMPLES)
def test_english_words_are_the_models_words(text):
    date = Date.parse(text)
    english = Words("en")
    for approximate in (False, True):
        assert date_text(date, approximate, english) == date.human(approximate)
    assert english.date(OPEN_END) == OPEN_END.human()


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("fa-AF", "2015-09-28", "۲۸ سپتمبر ۲۰۱۵"),  # Dari month names, Persian digits
    ("fa", "2015-09", "سپتامبر ۲۰۱۵"),
    ("ps", "2015-09-28", "۲۸ سېپتمبر ۲۰۱۵"),
    ("ar", "2015-09-28", "28 سبتمبر 2015"),  # CLDR's default numbering for Arabic is latn
    ("ur", "2015-09-28", "28 ستمبر، 2015"),
    ("ru", "2015-09-28", "28 сентября 2015 г."),
    ("ru", "2015-09", "сентябрь 2015 г."),  # stand-alone month name
    ("uk", "2015-09", "вересень 2015 р."),
    ("es", "2015-09-28", "28 de septiembre de 2015"),
    ("de", "2015-09-28", "28. September 2015"),
    ("pt", "2015-09", "setembro de 2015"),
    ("fr", "2015-09-28", "28 septembre 2015"),
    ("en-US", "2015-09-28", "September 28, 2015"),
])
def test_dates_follow_the_locale(language, text, expected):
    assert _spaces(Words(language).date(Date.parse(text))) == expected


def _spaces(text: str) -> str:
    """CLDR's no-break spaces ('2015\u202fг.') as plain ones, to compare."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.mark.parametrize(("language", "text", "expected"), [
    ("fa-AF", "2015-09~", "حدود سپتمبر ۲۰۱۵"),
    ("fa-AF", "2015-09-28?", "۲۸ سپتمبر ۲۰۱۵؟"),
    ("fa-AF", "201X", "دههٔ ۲۰۱۰"),
    ("fa-AF", "-0043-03-15", "مارچ ۱۵ ۴۴ پیش از میلاد"),  # CLDR fa_AF: MMMMd is "MMMM d"
    ("fa-AF", "Y-13800000000", "۱۳٫۸ میلیارد سال پیش"),
    ("ps", "2015-XX", "۲۰۱۵ (میاشت نامعلومه)"),
    ("ru", "19XX", "XX век"),
    ("ru", "-0043", "44 до н. э."),
    ("ru", "Y-66000000", "66 миллионов лет назад"),
    ("es", "2015-09~", "h. septiembre de 2015"),
    ("es", "19XX", "el siglo XX"),
    ("fr", "1XXX", "le IIe millénaire"),
    ("de", "19XX", "das 20. Jahrhundert"),
    ("de", "201X", "die 2010er"),
    ("ar", "2015%", "نحو 2015؟"),
    ("ur", "2015-09-28T05:30+04:30", "28 ستمبر، 2015، 05:30 UTC+04:30"),
])
def test_every_precision_and_qualifier_in_words(language, text, expected):
    assert _spaces(Words(language).date(Date.parse(text))) == expected


def test_an_open_end_and_a_range_in_words():
    words = Words("ru")

    class Event:
        display_date = None
        approximate = False
        date = Date.parse("2021-03")
        end_date = OPEN_END

    assert _spaces(words.when(Event)) == "с март 2021 г."
    Event.end_date = Date.parse("2022")
    assert _spaces(words.when(Event)) == "март 2021 г. – 2022"


@pytest.mark.parametrize(("language", "number", "expected"), [
    ("fa-AF", 12345, "۱۲٬۳۴۵"), ("ps", 2015, "۲٬۰۱۵"), ("ar", 12345, "12,345"), ("de", 12345, "12.345"),
    ("en", 12345, "12,345"), ("ur", 12345, "12,345"),
])
def test_numbers_in_the_locales_default_numbering_system(language, number, expected):
    assert Words(language).number(number) == expected


def test_years_and_counts_on_pages_have_the_locales_digits_without_grouping():
    assert Words("fa-AF").integer(2015) == "۲۰۱۵"
    assert Words("en").integer(2015) == "2015"


@pytest.mark.parametrize(("language", "count", "expected"), [
    ("ru", 1, "1 событие"), ("ru", 2, "2 события"), ("ru", 5, "5 событий"), ("ru", 21, "21 событие"),
    ("ru", 12, "12 событий"), ("uk", 3, "3 події"), ("uk", 11, "11 подій"),
    ("ar", 0, "لا أحداث"), ("ar", 1, "حدث واحد"), ("ar", 2, "حدثان"), ("ar", 3, "3 أحداث"), ("ar", 11, "11 حدثًا"),
    ("ar", 100, "100 حدث"), ("es", 1, "1 evento"), ("es", 2, "2 eventos"), ("fa-AF", 3, "۳ رویداد"),
    ("ps", 1, "۱ پېښه"), ("ps", 4, "۴ پېښې"), ("en", 1, "1 event"), ("en", 7, "7 events"),
])
def test_plural_forms_follow_the_catalogs_plural_rule(language, count, expected):
    words = Words(language)
    text = words.catalog.ngettext("%(n)s event", "%(n)s events", count) % {"n": words.integer(count)}
    assert text == expected


def test_gap_labels_and_casualty_words_in_english_are_unchanged_and_translated_elsewhere():
    class Event:
        def __init__(self, date):
            self.date, self.end_date = Date.parse(date), None

    before, after = Event("2001"), Event("2014-09")
    assert gap_label(before, after) == gap_label(before, after, Words("en")) == "13 years later"
    assert gap_label(before, after, Words("ru")) == "13 лет спустя"
    assert gap_label(before, after, Words("fa-AF")) == "۱۳ سال بعد"
    assert gap_label(after, before, Words("es")) == "13 años antes"

    from generator.content.model import Casualty, Figure

    claim = Casualty(party="taliban", killed=Figure(25, 25), wounded=Figure(3, 5), qualifier="at-least", source="s")
    assert claim_words(claim) == claim_words(claim, Words("en")) == "at least 25 killed, at least 3–5 wounded"
    assert claim_words(claim, Words("fa-AF")) == "دست‌کم ۲۵ کشته، دست‌کم ۳–۵ زخمی"


# -- languages, fallbacks, direction ----------------------------------------------------------------


@pytest.mark.parametrize(("tag", "direction"), [
    ("ar", "rtl"), ("fa", "rtl"), ("fa-AF", "rtl"), ("ps", "rtl"), ("ur", "rtl"), ("he", "rtl"), ("yi", "rtl"),
    ("en", "ltr"), ("ru", "ltr"), ("es", "ltr"),
])
def test_direction_comes_from_cldr(tag, direction):
    assert Words(tag).direction == direction


def test_a_regional_tag_falls_back_to_its_language_then_to_english():
    dari = Words("fa-AF")
    assert [path.parent.parent.name for path in dari.catalog.paths] == ["fa"]
    assert dari.gettext("Search") == "جستجو"
    assert Words("pt-BR").gettext("Search") == "Pesquisar"
    swahili = Words("sw")  # CLDR knows it, no catalog does: English words, Swahili dates
    assert not swahili.has_catalog and swahili.gettext("Search") == "Search"
    assert swahili.date(Date.parse("2015-09")) != "September 2015"


def test_language_tags_are_checked_and_spelt_as_bcp47():
    assert language_tag("fa_af") == "fa-AF"
    with pytest.raises(ValueError, match="is not a language"):
        language_tag("xx-nope")


def test_a_projects_catalog_overrides_ours_and_a_missing_message_stays_english(tmp_path):
    catalog = tmp_path / "locales" / "fa" / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid ""\nmsgstr ""\n"Language: fa\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
                       'msgid "Search"\nmsgstr "بگرد"\n', encoding="utf-8")
    words = Words("fa-AF", [tmp_path])
    assert words.gettext("Search") == "بگرد"  # the project's
    assert words.gettext("Years") == "سال‌ها"  # ours
    new = tmp_path / "locales" / "sw" / "LC_MESSAGES" / "messages.po"
    new.parent.mkdir(parents=True)
    new.write_text('msgid ""\nmsgstr ""\n"Language: sw\\n"\n\nmsgid "Search"\nmsgstr "Tafuta"\n\n'
                   'msgid "Years"\nmsgstr ""\n', encoding="utf-8")
    swahili = Words("sw", [tmp_path])
    assert swahili.gettext("Search") == "Tafuta" and swahili.gettext("Years") == "Years"


def test_other_languages_on_a_page_are_marked():
    english = Words("en")
    assert english.lang_attrs("fa-AF") == ' lang="fa-AF" dir="rtl"'
    assert english.lang_attrs("en") == "" and english.lang_attrs(None) == ""
    assert Words("ps").lang_attrs("en") == ' lang="en" dir="ltr"'
    assert english.language_name("ps") == "Pashto"
    assert Words("fa-AF").language_name("en") != "en"


def test_templates_render_in_the_environments_language():
    env = make_environment(REPO / "site_templates", "ps")
    html = env.from_string('{{ _("Search") }} {% trans count=3, n=words.integer(3) %}{{ n }} event'
                           '{% pluralize count %}{{ n }} events{% endtrans %}').render()
    assert html == "لټون ۳ پېښې"


# -- built sites ----------------------------------------------------------------------------------

LANGUAGES = ("fa-AF", "ps", "ru", "es", "ar")


def _set_language(project: Path, language: str, search: bool = False) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    options = f"      language: {language}\n" + ("" if search else "      search: false\n")
    assert "  - timeline:\n" in text
    config.write_text(text.replace("  - timeline:\n", "  - timeline:\n" + options, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory, demo_project, build):
    """The demo site built in each of LANGUAGES (search only for fa-AF), by language."""
    sites = {}
    for language in LANGUAGES:
        folder = tmp_path_factory.mktemp("lang-" + language)
        project = folder / "project"
        shutil.copytree(demo_project, project, ignore=shutil.ignore_patterns(".timeline-cache", "site"))
        _set_language(project, language, search=language == "fa-AF")
        assert build(project, folder / "site") == 0
        sites[language] = folder / "site"
    return sites


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


EVENT = "at-least-25-militants-and-two-policemen-killed"
EXPECTED = {  # language: (dir, nav "Years", the event's date, "Sources" heading, a status label)
    "fa-AF": ("rtl", "سال‌ها", "۲۸ سپتمبر ۲۰۱۵", "منابع", "گزارش‌شده"),
    "ps": ("rtl", "کلونه", "۲۸ سېپتمبر ۲۰۱۵", "سرچینې", "راپور شوې"),
    "ar": ("rtl", "السنوات", "28 سبتمبر 2015", "المصادر", "مُبلَّغ عنه"),
    "ru": (None, "Годы", "28 сентября 2015 г.", "Источники", "Сообщается"),
    "es": (None, "Años", "28 de septiembre de 2015", "Fuentes", "Informado"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_built_pages_say_the_theme_in_the_sites_language(built, language):
    direction, years, date, sources, reported = EXPECTED[language]
    site = built[language]
    for page in ["index.html", f"events/{EVENT}/index.html", "years/index.html", "404.html", "about/index.html",
                 "search/index.html", "tags/index.html", "changes/index.html"]:
        html = soup(site / page).html
        assert html["lang"] == language, page
        assert html.get("dir") == direction, page
        assert [a.get_text() for a in soup(site / page).select(".site-header nav a")][1] == years, page
    event = soup(site / "events" / EVENT / "index.html")
    assert _spaces(event.select_one(".event-when time").get_text()) == date
    assert event.select_one("h2#sources").get_text() == sources
    home = soup(site / "index.html")
    assert any(li.get_text().startswith(reported) for li in home.select(".legend li"))  # "Reported, unless marked"
    assert all(re.search(r"[0-9۰-۹]", heading.get_text()) for heading in home.select(".month-heading"))


def test_rtl_pages_use_the_locales_digits_and_month_names(built):
    home = soup(built["fa-AF"] / "index.html")
    headings = [h.get_text() for h in home.select(".month-heading")]
    assert "سپتمبر ۲۰۱۵" in headings
    assert not any(re.search(r"[0-9]", h) for h in headings)
    assert home.select_one(".gap").get_text() == "۱۳ سال بعد"
    counts = home.select_one("p.counts").get_text()
    assert counts == "۲۲ رویداد." or re.fullmatch(r"[۰-۹]+ رویداد\.", counts)
    words = json.loads(home.select_one("[data-filter-box]")["data-words"])
    assert words["digits"] == "۰۱۲۳۴۵۶۷۸۹" and words["months"][8] == "سپتمبر"


def test_pagefind_indexes_the_rtl_site_in_its_language(built):
    entry = json.loads((built["fa-AF"] / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["fa-af"] or all(key.startswith("fa") for key in entry["languages"])
    search = soup(built["fa-AF"] / "search" / "index.html")
    translations = json.loads(search.select_one("[data-search]")["data-translations"])
    assert search.html["dir"] == "rtl" and search.select_one("#search-q")["placeholder"] == "جستجوی رویدادها"
    assert translations["filters"]["year"] == "سال"


def test_the_english_source_on_a_dari_site_is_marked_english(built):
    event = soup(built["fa-AF"] / "events" / EVENT / "index.html")
    link = event.select_one(".source-list a[href*='/sources/']")
    assert (link["lang"], link["dir"]) == ("en", "ltr")


def test_a_dari_source_on_an_english_site_is_marked_right_to_left(small_project, build, tmp_path):
    sources = sorted((small_project / "content" / "sources").glob("*.yaml"))
    text = sources[0].read_text(encoding="utf-8")
    text = re.sub(r"(?m)^language:.*\n", "", text) + "language: fa-AF\n"
    sources[0].write_text(text, encoding="utf-8")
    assert build(small_project, tmp_path / "site") == 0
    marked = [a for page in (tmp_path / "site" / "events").glob("*/index.html")
              for a in soup(page).select(".source-list a[lang]")]
    assert marked and all((a["lang"], a["dir"]) == ("fa-AF", "rtl") for a in marked)
    html = soup(tmp_path / "site" / "index.html").html
    assert html["lang"] == "en" and html.get("dir") is None


def test_an_unknown_language_is_a_configuration_error(small_project, build, tmp_path, capsys):
    _set_language(small_project, "xx-nope")
    assert build(small_project, tmp_path / "site") != 0
    assert "language 'xx-nope'" in capsys.readouterr().err


def test_feed_and_events_json_carry_the_sites_language(built):
    feed = (built["fa-AF"] / "feed.xml").read_text(encoding="utf-8")
    assert '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fa-AF">' in feed
    model = json.loads((built["ps"] / "events.json").read_text(encoding="utf-8"))
    assert list(model)[:2] == ["schema_version", "language"] and model["language"] == "ps"
