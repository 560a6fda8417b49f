"""How much a reader downloads to search: Pagefind's index size, and the bytes one query fetches.

    python benchmarks/search_bytes.py SITE_DIR [WORD ...] [--no-gzip]

Serves SITE_DIR on loopback, opens /search/?q=WORD in headless Chromium (Debian's
chromium), waits for the results and adds up the bytes of every response under
/pagefind/ (the search bundle: loader, WebAssembly, index and fragment files) and under
/pagefind-shards/ (a sharded index's other bundles, which the search page merges), by kind.
Scripts, styles and JSON are sent gzip-compressed, as static hosts do (Pagefind's own
index files are gzip files already); ``--no-gzip`` sends them as they are.
"""

from __future__ import annotations

import functools
import gzip
import shutil
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright


class Quiet(SimpleHTTPRequestHandler):
    compress = True
    COMPRESSED = (".js", ".css", ".json", ".html", ".svg", ".xml")

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        """Text files gzip-compressed (when the browser accepts it), as a static host sends them."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (self.compress and path.suffix in self.COMPRESSED and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        import io

        data = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def search_files(site: Path) -> list[Path]:
    """Every file of the site's search index: its bundle and the shards it merges."""
    return [p for name in ("pagefind", "pagefind-shards") for p in (site / name).rglob("*") if p.is_file()]


def kind(url: str) -> str:
    """What a Pagefind file is, from its URL: script, wasm, meta, index, filter or fragment."""
    name = url.split("?")[0].rsplit("/", 1)[-1]
    for part in ("fragment", "index", "filter"):
        if f"/{part}/" in url:
            return part
    if name.endswith(".pf_meta"):
        return "meta"
    if ".pagefind" in name or name.startswith("wasm"):
        return "wasm"
    return "script"


def is_search_file(url: str) -> bool:
    """Whether ``url`` is a file of the search index: its bundle's, or a shard's it merges."""
    return "/pagefind/" in url or "/pagefind-shards/" in url


def query_bytes(site: Path, words: list[str]) -> list[tuple[str, int, int, int, dict[str, int]]]:
    """(word, results, bytes fetched from /pagefind/, requests, bytes by kind) for each word, each in a
    fresh browser context."""
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
                fetched: list[tuple[str, int]] = []
                page.on("requestfinished", lambda request: fetched.append((kind(request.url), request.sizes()["responseBodySize"]))
                        if is_search_file(request.url) else None)
                page.goto(f"{base}/search/?q={word}")
                page.locator(".search-result .event-title a").first.wait_for(timeout=60_000)
                page.wait_for_load_state("networkidle")
                results = page.locator(".search-result .event-title a").count()
                kinds: dict[str, int] = {}
                for name, size in fetched:
                    kinds[name] = kinds.get(name, 0) + size
                found.append((word, results, sum(size for _, size in fetched), len(fetched), kinds))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return found


def main(argv: list[str]) -> int:
    if "--no-gzip" in argv:
        argv = [arg for arg in argv if arg != "--no-gzip"]
        Quiet.compress = False
    site = Path(argv[0])
    words = argv[1:] or ["kunduz"]
    files = search_files(site)
    print(f"Pagefind bundles: {sum(p.stat().st_size for p in files) / 1e6:.1f} MB in {len(files)} files")
    for word, results, size, requests, kinds in query_bytes(site, words):
        parts = ", ".join(f"{name} {kinds[name] / 1000:.0f}" for name in sorted(kinds, key=kinds.get, reverse=True))
        print(f"query {word!r}: {results} results shown, {size / 1000:.0f} KB fetched in {requests} requests ({parts} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
