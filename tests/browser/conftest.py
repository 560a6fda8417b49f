"""Fixtures for the reader's-site browser tests (Playwright, sync API, Debian's chromium).

* ``site_dir``: the repository's own demo site (``mkdocs.yml`` + ``content/``), built once per session
  from a copy in a temporary folder (``demo_project``, tests/conftest.py).
* ``base_url``: that folder served by a ``ThreadingHTTPServer`` on 127.0.0.1 (random port), stopped at the end.
* ``serve_folder(folder, handler=_QuietHandler)``: the same for any folder, as a context manager giving its URL
  (no trailing slash); tests import it (``from conftest import serve_folder``) for sites of their own
  or a second origin, and pass a ``SimpleHTTPRequestHandler`` subclass to serve a variant.
* ``browser``: chromium launched from ``$PATH`` (Playwright's own browser downloads are not used).
  A missing chromium FAILS the tests: a skipped browser test does not count as passed.
* ``page``: a fresh desktop context + page per test, closed afterwards.
* ``node_modules``: ``tests/node_modules`` from ``tests/package.json`` (axe-core, TimelineJS3, vnu-jar), npm-installed on first use.
* ``event_ids``: the event ids in home-page order (from the built HTML, no browser needed).
* ``dari_url``: ``dari_site`` (tests/conftest.py, the demo site in Dari) served (test_rtl.py, test_rtl_isolation_in_browser.py, test_prev_next.py).
* ``small_site``: tests/fixtures/site_small (every status, a year split into months), built once per session.
* ``axe_findings(page, axe_path, schemes)`` and ``axe_report(findings)``: axe-core's findings of any
  impact on the open page, in each colour scheme, and a readable report of them.
* ``vnu_jar``: the W3C Nu HTML checker (npm's ``vnu-jar``, in ``tests/node_modules``); ``java`` runs it.
"""

from __future__ import annotations

import contextlib
import functools
import re
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
AXE_JS = TESTS / "node_modules" / "axe-core" / "axe.min.js"
TIMELINEJS_JS = TESTS / "node_modules" / "@knight-lab" / "timelinejs" / "dist" / "js" / "timeline.js"
VNU_JAR = TESTS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def chromium_path() -> str:
    """Debian's chromium, or a failure that says what to install."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail(
            "chromium not found on PATH: the browser tests need Debian's chromium "
            "(apt-get install chromium); Playwright's own browser downloads are not used",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, demo_project: Path, build) -> Path:
    out = tmp_path_factory.mktemp("browser-site") / "site"
    code = build(demo_project, out)
    assert code == 0, f"timeline build exited with {code}"
    assert (out / "index.html").is_file(), f"no index.html in {out}"
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextlib.contextmanager
def serve_folder(folder: Path, handler: type[SimpleHTTPRequestHandler] = _QuietHandler) -> Iterator[str]:
    """``folder`` served on 127.0.0.1 (a port of its own) by ``handler`` while the block runs; its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"test-server {folder}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    with serve_folder(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    executable = chromium_path()
    browser = playwright_instance.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    ctx.set_default_timeout(10_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """tests/node_modules with the packages of tests/package.json, installed with npm when missing."""
    if not (AXE_JS.is_file() and TIMELINEJS_JS.is_file() and VNU_JAR.is_file()):
        npm = shutil.which("npm")
        if not npm:
            pytest.fail("npm not found on PATH: it is needed once to install tests/package.json", pytrace=False)
        command = "ci" if (TESTS / "package-lock.json").is_file() else "install"
        result = subprocess.run(
            [npm, command, "--no-audit", "--no-fund", "--prefix", str(TESTS)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0 or not (AXE_JS.is_file() and VNU_JAR.is_file()):
            pytest.fail(f"npm {command} in tests/ failed ({result.returncode}):\n{result.stdout}\n{result.stderr}", pytrace=False)
    return TESTS / "node_modules"


@pytest.fixture(scope="session")
def axe_path(node_modules: Path) -> Path:
    return AXE_JS


@pytest.fixture(scope="session")
def vnu_jar(node_modules: Path) -> Path:
    return VNU_JAR


AXE_RUN = """async () => {
    const r = await axe.run(document, {resultTypes: ['violations']});
    return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
}"""


def axe_findings(page, axe_path: Path, schemes: tuple[str, ...] = ("light", "dark")) -> list[dict]:
    """axe-core's findings of any impact (minor and moderate too) on the open page, run once in each
    colour scheme (emulated in turn); each finding says its ``scheme``."""
    # Evaluated, not added as an inline <script>: the site's Content-Security-Policy refuses inline scripts.
    page.evaluate(axe_path.read_text(encoding="utf-8"))
    found = []
    for scheme in schemes:
        page.emulate_media(color_scheme=scheme)
        found += [dict(v, scheme=scheme) for v in page.evaluate(AXE_RUN)]
    return found


def axe_report(findings: list[dict]) -> str:
    """The findings, one a line, with up to eight of the elements each names."""
    return "\n".join(
        f"- [{v['scheme']}] {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {n['target']}: {(n['summary'] or '').replace(chr(10), ' ')}" for n in v["nodes"][:8])
        for v in findings
    )


@pytest.fixture(scope="session")
def small_site(tmp_path_factory: pytest.TempPathFactory, copy_project, build) -> Path:
    folder = tmp_path_factory.mktemp("browser-small")
    assert build(copy_project(TESTS / "fixtures" / "site_small", folder / "project"), folder / "site") == 0
    return folder / "site"


@pytest.fixture(scope="session")
def event_ids(site_dir: Path) -> list[str]:
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<li class="event-card[^"]*" id="e-([a-z0-9-]+)"', html)
    assert ids, "no event cards on the home page"
    return ids


@pytest.fixture(scope="session")
def dari_url(dari_site: Path) -> Iterator[str]:
    """The Dari demo site served."""
    with serve_folder(dari_site) as url:
        yield url
