"""Save the README's screenshots of the demo site in other languages into docs/ (PNG).

Not a test. Builds the repository's demo site with ``language: <tag>`` (a copy of mkdocs.yml in a
temporary folder), serves it on 127.0.0.1 and photographs the first screen of the home page and of
an event page with Debian's chromium, desktop 1200x900, light: ``docs/screenshot-<tag>-home.png`` and
``docs/screenshot-<tag>-event.png``. Arabic-script pages need a font with those letters
(Debian: ``apt-get install fonts-noto-core``)::

    cd /work/main && .venv/bin/python tests/browser/screenshot_languages.py [TAG ...]   # default: fa-AF ps
"""

from __future__ import annotations

import functools
import shutil
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import CHROMIUM_ARGS, _QuietHandler  # noqa: E402 - this folder's test fixtures module
from screenshot import EVENT, save_small_png  # noqa: E402
from generator.cli import main as timeline_main  # noqa: E402

PAGES = {"home": "/", "event": f"/events/{EVENT}/"}


def build(language: str, folder: Path) -> Path:
    project = folder / "project"
    project.mkdir(parents=True)
    shutil.copytree(REPO / "content", project / "content")
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(text.replace("  - timeline:\n", f"  - timeline:\n      language: {language}\n", 1),
                                        encoding="utf-8")
    site = folder / "site"
    if timeline_main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]) != 0:
        raise SystemExit(f"the build in {language} failed")
    return site


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    languages = argv or ["fa-AF", "ps"]
    out_dir = REPO / "docs"
    with tempfile.TemporaryDirectory(prefix="timeline-languages-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS)
        for language in languages:
            site = build(language, Path(tmp) / language)
            server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            base = f"http://127.0.0.1:{server.server_address[1]}"
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            for name, path in PAGES.items():
                page.goto(base + path, wait_until="networkidle")
                target = out_dir / f"screenshot-{language}-{name}.png"
                save_small_png(page.screenshot(), target)
                print(target.relative_to(REPO))
            page.close()
            server.shutdown()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
