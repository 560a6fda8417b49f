"""Photograph the demo site for the documentation: ``docs/screenshots/*.png``. Not a test.

Run ``./scripts/screenshots [PAGE ...]`` (it sets up the machine, then runs this file). It builds the
repository's demo site (``mkdocs.yml`` + ``content/``) in English, and a copy of it in Dari
(``fa-AF``, right to left) and Pashto (``ps``), into a temporary folder, serves each on 127.0.0.1 and
photographs the first screen of each page with Debian's chromium (the browser tests' launch flags):

* ``<page>.png``: desktop, 1200x900, light;
* ``<page>-dark.png``: desktop, dark colour scheme (``prefers-color-scheme`` emulated);
* ``<page>-phone.png``: a phone, 390x844;
* ``<page>-print.png``: the print stylesheet (print media emulated), the first sheet of A4 (794x1123
  at 96 dpi, printed area 718x1047 inside the browser's default 1 cm margins, framed in grey);
  for the key day, the sheet where the day starts;
* ``<page>-fa-AF.png`` and ``<page>-ps.png``: desktop, light, in Dari and in Pashto.

The pages (``PAGES``): ``home`` (/), ``keyday`` (the home page at the key day's first event),
``event`` (an event with casualty claims), ``place`` (/places/kunduz/), ``search`` (/search/ with a
query), ``year`` (/years/2015/) and ``places`` (/places/, the map). Images are reduced to 256 colours
with Pillow and saved optimised (text stays sharp: the pages are mostly flat colour); all of them
together stay under 4 MB. Arabic-script pages need a font with those letters (Debian's DejaVu Sans
has them; ``fonts-noto-core`` looks better).
"""

from __future__ import annotations

import functools
import io
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import CHROMIUM_ARGS, _QuietHandler  # noqa: E402 - this folder's test fixtures module
from generator.cli import main as timeline_main  # noqa: E402

OUT_DIR = REPO / "docs" / "screenshots"
EVENT = "at-least-25-militants-and-two-policemen-killed"  # casualty claims of two parties, sources, related events
KEY_DAY_FIRST = "e-taliban-launch-early-morning-assault-on-kunduz"  # the key day's first event card


@dataclass(frozen=True)
class Variant:
    """One way of looking at a page: the site's language, the window, the colour scheme, the media."""

    language: str
    viewport: tuple[int, int]
    scheme: str = "light"
    media: str = "screen"
    phone: bool = False


VARIANTS = {
    "": Variant("en", (1200, 900)),
    "-dark": Variant("en", (1200, 900), scheme="dark"),
    "-phone": Variant("en", (390, 844), phone=True),
    "-print": Variant("en", (718, 1047), media="print"),
    "-fa-AF": Variant("fa-AF", (1200, 900)),
    "-ps": Variant("ps", (1200, 900)),
}
EVERY_WAY = ("", "-dark", "-phone", "-print", "-fa-AF")
PAGES: dict[str, tuple[str, tuple[str, ...]]] = {  # name -> (path, variants)
    "home": ("/", EVERY_WAY + ("-ps",)),
    "keyday": (f"/#{KEY_DAY_FIRST}", EVERY_WAY),
    "event": (f"/events/{EVENT}/", EVERY_WAY + ("-ps",)),
    "place": ("/places/kunduz/", EVERY_WAY),
    "search": ("/search/?q=Taliban", EVERY_WAY),
    "year": ("/years/2015/", ("", "-dark", "-phone", "-print")),
    "places": ("/places/", ("", "-dark", "-phone", "-print")),
}
SHEET, MARGIN = (794, 1123), 38  # A4 at 96 dpi; Chromium's default print margin (about 1 cm)


def save_small_png(png: bytes, target: Path, sheet: bool = False) -> None:
    """``png`` reduced to a 256-colour palette and saved optimised (a third of the size or less);
    with ``sheet``, laid on a sheet of paper with its margins and a grey edge."""
    from PIL import Image, ImageDraw

    image = Image.open(io.BytesIO(png)).convert("RGB")
    if sheet:
        paper = Image.new("RGB", SHEET, "white")
        paper.paste(image, (MARGIN, MARGIN))
        ImageDraw.Draw(paper).rectangle((0, 0, SHEET[0] - 1, SHEET[1] - 1), outline="#9aa0a6")
        image = paper
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(target, optimize=True)


def build(language: str, folder: Path) -> Path:
    """The demo site built in ``language`` into ``folder``/site (English from the repository itself,
    with its history; another language from a copy of it with ``language:`` set)."""
    config = REPO / "mkdocs.yml"
    if language != "en":
        project = folder / "project"
        project.mkdir(parents=True)
        shutil.copytree(REPO / "content", project / "content", ignore=shutil.ignore_patterns(".timeline-cache"))
        text = config.read_text(encoding="utf-8")
        config = project / "mkdocs.yml"
        config.write_text(text.replace("  - timeline:\n", f"  - timeline:\n      language: {language}\n", 1), encoding="utf-8")
    site = folder / "site"
    if timeline_main(["build", "-f", str(config), "-d", str(site)]) != 0:
        raise SystemExit(f"the demo's build in {language} failed")
    return site


def photograph(page, url: str, variant: Variant, target: Path) -> None:
    """The first screen of ``url`` (or, with a #fragment, the screen where that element starts) as ``variant`` shows it."""
    page.goto(url, wait_until="networkidle")
    if page.locator("details[data-filter-box]").count():  # listings: their script has run
        page.wait_for_selector("details[data-filter-box]:not([hidden])", state="attached")
    if "/search/" in url:
        page.locator(".search-result .event-title a").first.wait_for()
    page.emulate_media(media=variant.media, color_scheme=variant.scheme)
    page.evaluate("document.fonts.ready")
    if "#" in url:
        # On screen the stylesheet's scroll padding keeps the element clear of the sticky month heading;
        # on paper, where no heading sticks, the sheet starts at the element's month heading.
        page.evaluate("""([id, print]) => { const e = document.getElementById(id);
            if (!print) return e.scrollIntoView();
            scrollTo(0, (e.closest('section') || e).getBoundingClientRect().top + scrollY); }""",
                      [url.split("#", 1)[1], variant.media == "print"])
    save_small_png(page.screenshot(), target, sheet=variant.media == "print")


def shoot(browser, bases: dict[str, str], names: list[str], out_dir: Path) -> list[Path]:
    """Every variant of each page in ``names``, from the site of its language (``bases``: language -> URL)."""
    written = []
    for suffix, variant in VARIANTS.items():
        wanted = [name for name in names if suffix in PAGES[name][1]]
        if not wanted:
            continue
        options = {"viewport": {"width": variant.viewport[0], "height": variant.viewport[1]}, "color_scheme": variant.scheme}
        if variant.phone:
            options.update(is_mobile=True, has_touch=True, device_scale_factor=1)
        context = browser.new_context(**options)
        try:
            page = context.new_page()
            for name in wanted:
                target = out_dir / f"{name}{suffix}.png"
                photograph(page, bases[variant.language] + PAGES[name][0], variant, target)
                written.append(target)
        finally:
            context.close()
    return written


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    names = argv or list(PAGES)
    unknown = [name for name in names if name not in PAGES]
    if unknown:
        print(f"unknown page(s) {unknown}; choose from {list(PAGES)}", file=sys.stderr)
        return 2
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("chromium not found on PATH (apt-get install chromium)", file=sys.stderr)
        return 1
    languages = sorted({VARIANTS[suffix].language for name in names for suffix in PAGES[name][1]})
    servers = []
    with tempfile.TemporaryDirectory(prefix="timeline-screenshots-") as tmp:
        try:
            bases = {}
            for language in languages:
                site = build(language, Path(tmp) / language)
                server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
                threading.Thread(target=server.serve_forever, daemon=True).start()
                servers.append(server)
                bases[language] = f"http://127.0.0.1:{server.server_address[1]}"
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
                try:
                    OUT_DIR.mkdir(parents=True, exist_ok=True)
                    written = shoot(browser, bases, names, OUT_DIR)
                finally:
                    browser.close()
        finally:
            for server in servers:
                server.shutdown()
                server.server_close()
    for path in written:
        print(f"{path.relative_to(REPO)}  {path.stat().st_size // 1024} KB")
    total = sum(path.stat().st_size for path in OUT_DIR.glob("*.png"))
    print(f"docs/screenshots/: {total / 1_000_000:.1f} MB in all")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
