"""Keep the theme's translation catalogs current (site_templates/locales/); not part of a build.

    .venv/bin/python scripts/catalogs.py update
    .venv/bin/python scripts/catalogs.py check

``update`` extracts the messages of the templates and of the Python that makes reader-facing
text into ``locales/messages.pot`` and merges them into every catalog (new messages empty, gone
ones dropped); ``check`` lists what each catalog misses or keeps after it is gone, and exits 1
when there is any (tests/test_i18n.py runs the same check). How a build reads the catalogs:
``generator.render.locales``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

import generator
from generator.render.locales import DOMAIN, LOCALES, THEME_DIR

PACKAGE_DIR = Path(generator.__file__).resolve().parent  # generator/: the Python that makes reader-facing text
JINJA_OPTIONS = {"extensions": "", "trimmed": "true", "trim_blocks": "true", "lstrip_blocks": "true",
                 "newstyle_gettext": "true", "silent": "false"}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def extract_messages(theme_dir: Path = THEME_DIR, package_dir: Path = PACKAGE_DIR) -> Catalog:
    """Every message of the theme's templates and of the package's Python, as a Babel ``Catalog``."""
    catalog = Catalog(project="timeline-site", msgid_bugs_address="", charset="utf-8")
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
    """``scripts/catalogs.py update|check``."""
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
    print("usage: scripts/catalogs.py update|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
