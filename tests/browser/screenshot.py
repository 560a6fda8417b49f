"""Save the README's screenshot of the home page: docs/screenshot-home.png (1200x900, light mode).

Not a test. Builds the repository's demo site into a temporary folder, serves it on 127.0.0.1
and photographs it with Debian's chromium:

    cd /work/main && .venv/bin/python tests/browser/screenshot.py [OUTPUT.png]
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

from conftest import CHROMIUM_ARGS, _QuietHandler  # noqa: E402 - this folder's test fixtures module
from generator.cli import main as timeline_main  # noqa: E402


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    target = Path(argv[0]) if argv else REPO / "docs" / "screenshot-home.png"
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
                    page = browser.new_page(viewport={"width": 1200, "height": 900}, color_scheme="light")
                    page.goto(f"http://127.0.0.1:{server.server_address[1]}/", wait_until="networkidle")
                    page.wait_for_selector("form[data-filters]:not([hidden])")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(target))
                finally:
                    browser.close()
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
