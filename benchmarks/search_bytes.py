"""How much a reader downloads to search: Pagefind's index size, and the bytes one query fetches.

    python benchmarks/search_bytes.py SITE_DIR [WORD ...]

Serves SITE_DIR on loopback, opens /search/?q=WORD in headless Chromium (Debian's
chromium), waits for the results and adds up the bytes of every response under
/pagefind/ (the search bundle: loader, WebAssembly, index and fragment files).
"""

from __future__ import annotations

import functools
import shutil
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def query_bytes(site: Path, words: list[str]) -> list[tuple[str, int, int, int]]:
    """(word, results, bytes fetched from /pagefind/, requests) for each word, each in a fresh browser context."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    found = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"])
            for word in words:
                context = browser.new_context()
                page = context.new_page()
                fetched: list[int] = []
                page.on("requestfinished", lambda request: fetched.append(request.sizes()["responseBodySize"])
                        if "/pagefind/" in request.url else None)
                page.goto(f"{base}/search/?q={word}")
                page.locator(".pagefind-ui__result-link").first.wait_for(timeout=60_000)
                page.wait_for_load_state("networkidle")
                results = page.locator(".pagefind-ui__result-link").count()
                found.append((word, results, sum(fetched), len(fetched)))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return found


def main(argv: list[str]) -> int:
    site = Path(argv[0])
    words = argv[1:] or ["kunduz"]
    print(f"Pagefind bundle: {folder_bytes(site / 'pagefind') / 1e6:.1f} MB in "
          f"{sum(1 for p in (site / 'pagefind').rglob('*') if p.is_file())} files")
    for word, results, size, requests in query_bytes(site, words):
        print(f"query {word!r}: {results} results shown, {size / 1000:.0f} KB fetched in {requests} requests")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
