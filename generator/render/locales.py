"""The theme's locales: a language's BCP 47 tag, and the gettext catalogs it reads.

Catalogs are ``locales/<lang>/LC_MESSAGES/messages.po`` in a project's theme folders first, then
in the packaged theme's; each is read with Babel's ``read_po`` when first needed and kept in
memory, keyed on the file's mtime (``serve`` picks up an edited catalog). A tag falls back from
the most specific catalog to the language's (``catalog_names``). ``generator.render.i18n``
makes the site's words from them; scripts/catalogs.py keeps them current.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from babel import Locale, UnknownLocaleError

THEME_DIR = (Path(__file__).resolve().parent.parent / "theme").resolve()  # the packaged theme (site_templates/)
LOCALES = "locales"
DOMAIN = "messages"


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
        from babel.messages.pofile import read_po  # here: 50 ms to import, paid only when a catalog is read

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


def catalog_stamps(theme_dirs: Iterable[Path | str] = ()) -> tuple[tuple[str, int], ...]:
    """Every catalog file ``translations`` may read from ``theme_dirs`` and the packaged theme, with its
    mtime: what the words of a language are kept under while no catalog changes."""
    stamps = []
    for folder in _theme_dirs(theme_dirs):
        locales = folder / LOCALES
        if locales.is_dir():
            stamps.extend((str(path), path.stat().st_mtime_ns) for path in sorted(locales.glob("*/LC_MESSAGES/*.po")))
    return tuple(stamps)


__all__ = ["DOMAIN", "LOCALES", "THEME_DIR", "Catalog", "catalog_names", "catalog_stamps", "language_tag",
           "parse_language", "translations"]
