"""Ids made from titles, in any script: ``timeline new`` and the importers romanise a title into a
readable slug (python-slugify with text-unidecode), keep it within 80 characters and number it when
the id is taken; a chronology made of such events checks and builds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.content.fields import SLUG_MAX, is_slug
from generator.content.reader import read_content
from generator.editorial.importers import import_timelinejs
from generator.editorial.scaffold import numbered_slug, slugify

LOCALES = Path(__file__).resolve().parent.parent / "site_templates" / "locales"
# A headline in each language the theme ships, and the id it gives: Cyrillic and Latin letters romanised,
# Arabic-script titles written in their consonants (and long vowels), as text-unidecode reads them.
TITLES = {
    "en": ("Taliban fighters seize Kunduz", "taliban-fighters-seize-kunduz"),
    "de": ("Die Taliban übernehmen Kundus", "die-taliban-ubernehmen-kundus"),
    "es": ("Los talibanes toman Kunduz", "los-talibanes-toman-kunduz"),
    "fr": ("Les talibans s'emparent de Kondôz", "les-talibans-s-emparent-de-kondoz"),
    "pt": ("Talibãs tomam Kunduz", "talibas-tomam-kunduz"),
    "ru": ("Талибы захватили Кундуз", "taliby-zakhvatili-kunduz"),
    "uk": ("Таліби захопили Кундуз", "talibi-zakhopili-kunduz"),
    "fa": ("طالبان کندز را تصرف کردند", "talban-kndz-ra-tsrf-krdnd"),
    "ps": ("طالبانو کندز ونیو", "talbanw-kndz-wnyw"),
    "ur": ("طالبان نے قندوز پر قبضہ کر لیا", "talban-ny-qndwz-pr-qbdh-kr-lya"),
    "ar": ("طالبان تسيطر على مدينة قندوز", "talban-tsytr-la-mdyna-qndwz"),
}


def shipped_languages() -> list[str]:
    """The languages of the theme's catalogs (site_templates/locales/<language>/)."""
    return sorted(path.name for path in LOCALES.iterdir() if path.is_dir())


def test_every_shipped_language_has_a_title_here() -> None:
    """A language added to the theme is added to this test too."""
    assert set(shipped_languages()) == set(TITLES)


@pytest.mark.parametrize("language", sorted(TITLES))
def test_a_title_gives_a_readable_slug(language: str) -> None:
    title, expected = TITLES[language]
    assert slugify(title) == expected
    assert is_slug(expected)


@pytest.mark.parametrize(("title", "expected"), [
    ("Café", "cafe"),
    ("Café de Flore reopens", "cafe-de-flore-reopens"),
    ("The \"Kunduz\" assault: day one", "the-kunduz-assault-day-one"),
    ("۲۸ سپتامبر", "28-sptambr"),  # Persian digits are digits
    ("🔥🔥", "event"),  # nothing to romanise
])
def test_other_titles(title: str, expected: str) -> None:
    assert slugify(title) == expected


def test_a_long_title_is_cut_at_a_word_within_80_characters() -> None:
    title = "Талибы " + " ".join(["захватили"] * 20)
    slug = slugify(title)
    assert is_slug(slug) and len(slug) <= SLUG_MAX
    assert slug.startswith("taliby-zakhvatili-") and slug.endswith("zakhvatili")  # no word cut in half
    numbered = numbered_slug(slug, 12)
    assert is_slug(numbered) and len(numbered) <= SLUG_MAX and numbered.endswith("-12")


def test_timeline_new_gives_every_language_its_own_id_and_the_site_builds(tmp_path: Path, run_cli) -> None:
    """One event per shipped language (and "Café", and a Russian title twice) through ``timeline new``:
    readable ids, no two alike, none the fallback 'event'; check passes and every event has its page."""
    assert run_cli(["init", "chron"], cwd=tmp_path).code == 0
    project = tmp_path / "chron"
    titles = [title for title, _ in TITLES.values()] + ["Café", TITLES["ru"][0]]
    made = []
    for title in titles:
        result = run_cli(["new", "--date", "2015-09-28", "--title", title, "--source", "example-article"],
                         cwd=project)
        assert result.code == 0, result.err
        made.append(Path(result.out.strip()).stem)
    expected = [slug for _, slug in TITLES.values()] + ["cafe", "taliby-zakhvatili-kunduz-2"]
    assert made == expected
    assert len(set(made)) == len(made)

    checked = run_cli(["check"], cwd=project)
    assert checked.code == 0, checked.err
    assert run_cli(["build"], cwd=project).code == 0
    by_id = {event.id: event for event in read_content(project / "content").events}
    for event_id, title in zip(made, titles):
        page = project / "site" / "events" / event_id / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.h1.get_text(strip=True) == title == by_id[event_id].title


def test_import_gives_readable_unique_ids(tmp_path: Path) -> None:
    """TimelineJS headlines in Russian, Dari and Arabic (one twice) become romanised, numbered ids."""
    headlines = [TITLES["ru"][0], TITLES["fa"][0], TITLES["ar"][0], TITLES["fa"][0]]
    timeline = {"events": [{"start_date": {"year": "2015", "month": "9", "day": "28"},
                            "text": {"headline": headline, "text": "Что случилось."}} for headline in headlines]}
    source = tmp_path / "kunduz.json"
    source.write_text(json.dumps(timeline, ensure_ascii=False), encoding="utf-8")
    report = import_timelinejs(source, tmp_path / "content", None)
    ids = sorted(path.stem for path in report.written if "events" in path.parts)
    assert ids == sorted([TITLES["ru"][1], TITLES["fa"][1], TITLES["ar"][1], TITLES["fa"][1] + "-2"])
