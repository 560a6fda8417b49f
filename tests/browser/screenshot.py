"""Save the README's screenshots of the reader's site into docs/ (PNG).

Not a test. Builds the repository's demo site into a temporary folder, serves it on 127.0.0.1
and photographs the first screen of each page with Debian's chromium, four ways:

* ``screenshot-<page>.png``: desktop, 1200x900, light;
* ``screenshot-<page>-dark.png``: desktop, 1200x900, dark colour scheme;
* ``screenshot-<page>-mobile.png``: a phone, 390x844, light;
* ``screenshot-<page>-print.png``: the print stylesheet, the first sheet of A4 (794x1123 at 96 dpi,
  printed area 718x1047 inside the browser's default 1 cm margins, framed in grey).

``<page>`` is ``home`` (/), ``year`` (/years/2015/), ``event`` (an event page), ``places``
(/places/, the map) and ``place`` (/places/kunduz/). Images are reduced to 256 colours with
Pillow to keep them small (text stays sharp: the pages are mostly flat colour)::

    cd /work/main && .venv/bin/python tests/browser/screenshot.py [OUTPUT_DIR] [PAGE ...]
"""

from __future__ import annotations

import functools
import io
import shutil
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from conftest import CHROMIUM_ARGS, _QuietHandler  # noqa: E402 - this folder's test fixtures module
from generator.cli import main as timeline_main  # noqa: E402

EVENT = "at-least-25-militants-and-two-policemen-killed"  # casualty claims side by side, sources, related events
PAGES = {
    "home": "/",
    "year": "/years/2015/",
    "event": f"/events/{EVENT}/",
    "places": "/places/",
    "place": "/places/kunduz/",
}
# name suffix -> (viewport, colour scheme, media, phone?)
VARIANTS = {
    "": ({"width": 1200, "height": 900}, "light", "screen", False),
    "-dark": ({"width": 1200, "height": 900}, "dark", "screen", False),
    "-mobile": ({"width": 390, "height": 844}, "light", "screen", True),
    "-print": ({"width": 718, "height": 1047}, "light", "print", False),
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


def shoot(browser, base: str, out_dir: Path, pages: list[str]) -> list[Path]:
    written = []
    for suffix, (viewport, scheme, media, phone) in VARIANTS.items():
        options = {"viewport": viewport, "color_scheme": scheme}
        if phone:
            options.update(is_mobile=True, has_touch=True, device_scale_factor=1)
        context = browser.new_context(**options)
        try:
            page = context.new_page()
            for name in pages:
                page.goto(base + PAGES[name], wait_until="networkidle")
                if page.locator("details[data-filter-box]").count():  # listings: the script has run
                    page.wait_for_selector("details[data-filter-box]:not([hidden])", state="attached")
                page.emulate_media(media=media, color_scheme=scheme)
                page.evaluate("document.fonts.ready")
                target = out_dir / f"screenshot-{name}{suffix}.png"
                save_small_png(page.screenshot(), target, sheet=media == "print")
                written.append(target)
        finally:
            context.close()
    return written


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    out_dir = Path(argv[0]) if argv else REPO / "docs"
    pages = argv[1:] or list(PAGES)
    unknown = [p for p in pages if p not in PAGES]
    if unknown:
        print(f"unknown page(s) {unknown}; choose from {list(PAGES)}", file=sys.stderr)
        return 2
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("chromium not found on PATH (apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="timeline-screenshot-") as tmp:
        out = Path(tmp) / "site"
        code = timeline_main(["build", "-f", str(REPO / "mkdocs.yml"), "-d", str(out)])
        if code:
            print(f"timeline build failed ({code})", file=sys.stderr)
            return 1
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(out)))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
                try:
                    out_dir.mkdir(parents=True, exist_ok=True)
                    written = shoot(browser, f"http://127.0.0.1:{server.server_address[1]}", out_dir, pages)
                finally:
                    browser.close()
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
    for path in written:
        print(f"{path}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
