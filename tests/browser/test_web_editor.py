"""The web editor at /admin/, end to end: Decap CMS in headless Chromium, against its local proxy.

A copy of the small fixture project (a git repository of its own, as an editor's working copy would
be) is built with ``cms_script`` pointing at Decap CMS from tests/node_modules (self-hosted: no network)
and ``cms_local_backend`` at ``decap-server``, which the test starts in the project folder on a free
port. The test opens /admin/, creates an event through the form (date, title, a Markdown summary,
place, actor, status, a source and a related event through relation widgets, and an optional field
typed in and cleared), publishes it, and then holds the YAML file the CMS wrote to the content rules:
it sits at content/events/<year>/<id>.yaml, passes ``timeline check`` unchanged, and
``timeline build`` gives the event its page.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from conftest import serve_folder
from generator.cli.main import main
from generator.content.validate import check_content
from gitrepo import Repo
from serving import free_port, stop

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
SMALL_SITE = TESTS / "fixtures" / "site_small"
DECAP_DIST = TESTS / "node_modules" / "decap-cms" / "dist"
DECAP_SERVER = TESTS / "node_modules" / ".bin" / "decap-server"
VENDOR = "/vendor/decap-cms/"  # where the test's server puts Decap's dist/ (the CMS loads its chunks from there)

TITLE = "Hospital struck in Kunduz"
EVENT_ID = "hospital-struck-in-kunduz"


@pytest.fixture(scope="module")
def decap(node_modules: Path) -> Path:
    """tests/node_modules with Decap CMS and decap-server (tests/package.json), npm-installed when missing."""
    if not ((DECAP_DIST / "decap-cms.js").is_file() and DECAP_SERVER.exists()):
        npm = shutil.which("npm") or pytest.fail("npm not found on PATH: needed once for tests/package.json", pytrace=False)
        result = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(TESTS)],
                                capture_output=True, text=True, timeout=600)
        if result.returncode != 0 or not (DECAP_DIST / "decap-cms.js").is_file():
            pytest.fail(f"npm ci in tests/ failed ({result.returncode}):\n{result.stdout}\n{result.stderr}", pytrace=False)
    if not shutil.which("node"):
        pytest.fail("node not found on PATH: decap-server needs it", pytrace=False)
    return DECAP_DIST


def _wait_for_port(port: int, proc: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"decap-server exited with {proc.returncode}:\n{log.read_text()}", pytrace=False)
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"decap-server did not listen on {port} within {timeout} s:\n{log.read_text()}", pytrace=False)


@pytest.fixture
def project(tmp_path: Path, copy_project) -> tuple[Path, int]:
    """A copy of the small fixture project in a git repository of its own; mkdocs.yml loads the CMS from
    the test's server and talks to decap-server on a free port. Returns (project folder, that port)."""
    root = copy_project(SMALL_SITE, tmp_path / "project")
    port = free_port()
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    options = (f"      cms_script: {VENDOR}decap-cms.js\n"
               f"      cms_local_backend: http://127.0.0.1:{port}/api/v1\n"
               "      search: false\n")
    assert "  - timeline:\n" in config
    (root / "mkdocs.yml").write_text(config.replace("  - timeline:\n", "  - timeline:\n" + options), encoding="utf-8")
    repo = Repo(root, tmp_path / "home")
    repo.commit("The small chronology")
    return root, port


class _SiteAndVendor(SimpleHTTPRequestHandler):
    """The built site, and Decap CMS's dist/ under /vendor/decap-cms/ (a self-hosted copy)."""

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if clean.startswith(VENDOR):
            name = clean[len(VENDOR):]
            target = (DECAP_DIST / name).resolve()
            return str(target) if target.parent == DECAP_DIST.resolve() else str(DECAP_DIST / "missing")
        return super().translate_path(path)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture
def served(project: tuple[Path, int], tmp_path: Path, decap: Path) -> Iterator[str]:
    """The project's site built and served on loopback, and decap-server running in the project folder."""
    root, port = project
    site = tmp_path / "site"
    assert main(["build", "-f", str(root / "mkdocs.yml"), "-d", str(site)]) == 0
    assert (site / "admin" / "index.html").is_file() and (site / "admin" / "config.yml").is_file()
    log = tmp_path / "decap-server.log"
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(root), "LOG_LEVEL": "info"}
    with serve_folder(site, _SiteAndVendor) as url:
        with log.open("w") as out:
            proxy = subprocess.Popen([str(DECAP_SERVER)], cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait_for_port(port, proxy, log)
            yield url
        finally:
            stop(proxy)


def _field(page, name: str):
    """The input of a top-level form field (Decap numbers its ids: '<name>-field-<n>')."""
    label = page.locator(f'label[for^="{name}-field-"]').first
    label.wait_for()
    return page.locator("#" + label.get_attribute("for"))


def _choose(page, box, typed: str, option: str) -> None:
    """Pick ``option`` in a select or relation widget (react-select) after typing ``typed``."""
    box.click()
    box.press_sequentially(typed, delay=20)
    page.get_by_role("option", name=option, exact=True).click(timeout=20_000)


def _text_of(path: Path) -> str:
    """The file's text, or "" while it does not exist yet."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def _wait_for(condition, seconds: float = 30) -> None:
    """Poll ``condition`` until it holds or ``seconds`` pass (the assertions after it say what is missing)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)


def test_an_event_made_in_the_web_editor_passes_check_and_gets_its_page(served, project, page, tmp_path):
    root, _ = project
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.set_default_timeout(30_000)  # a 5 MB application on a shared machine: more than a reader's page needs
    page.goto(served + "/admin/", timeout=90_000)
    page.get_by_role("button", name="Login").click(timeout=60_000)  # the local proxy needs no account
    page.goto(served + "/admin/#/collections/events/new")

    _field(page, "date").fill("2015-10-03")
    _field(page, "title").fill(TITLE)
    page.locator("[data-slate-editor]").first.click()  # the summary's rich-text editor
    page.keyboard.type("An air strike hit the hospital's trauma centre.")
    display_date = _field(page, "display_date")
    display_date.fill("Early morning")
    display_date.fill("")  # typed and cleared: the form keeps "", which the page's preSave hook drops
    _choose(page, _field(page, "place"), "Town", "Town (town)")
    _choose(page, _field(page, "actors"), "Alpha", "Alpha Group (alpha)")
    _choose(page, _field(page, "status"), "confirmed", "confirmed")
    page.get_by_role("button", name="Add source").click()
    _choose(page, page.locator('[id^="source-field-"]').first, "Wire", "Wire report (wire)")
    _choose(page, _field(page, "related"), "later", "2016-01-02 — A later event")

    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now", exact=True).click()

    written = root / "content" / "events" / "2015" / f"{EVENT_ID}.yaml"
    _wait_for(lambda: "related" in _text_of(written))  # the proxy truncates, then writes: wait for the whole file
    found = sorted(p.relative_to(root).as_posix() for p in (root / "content" / "events").rglob("*.yaml"))
    assert written.is_file(), f"no {written.relative_to(root)}; event files now: {found}"
    assert problems == []

    text = written.read_text(encoding="utf-8")
    assert yaml.load(text, Loader=yaml.BaseLoader) == {  # every scalar as text, as our loader keeps it
        "date": "2015-10-03",
        "title": TITLE,
        "summary": "An air strike hit the hospital's trauma centre.",
        "place": "town",
        "actors": ["alpha"],
        "status": "confirmed",
        "sources": [{"source": "wire"}],
        "related": ["later"],
    }, text
    assert "&" not in text and "*" not in text, "no anchors or aliases"

    # places.yaml, a mapping of id -> record: one collapsed group per place, corrected in place
    page.goto(served + "/admin/#/collections/registries/entries/places")
    page.reload()  # a new page, as from the collections list (a bare hash change keeps the last form's widgets)
    page.get_by_role("button", name="Expand").first.click()  # the place 'town', collapsed under its name
    _field(page, "name").fill("Town centre")
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now", exact=True).click()
    places = root / "content" / "places.yaml"
    _wait_for(lambda: "Town centre" in _text_of(places))
    assert yaml.load(places.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["town"]["name"] == "Town centre"
    assert problems == []

    checked = check_content(root / "content", root)  # `timeline check`, in-process
    assert checked.errors == [], "\n".join(str(error) for error in checked.errors)
    assert checked.events == 7

    site = tmp_path / "rebuilt"
    assert main(["build", "-f", str(root / "mkdocs.yml"), "-d", str(site)]) == 0
    event_page = (site / "events" / EVENT_ID / "index.html").read_text(encoding="utf-8")
    assert TITLE in event_page and "trauma centre" in event_page
    for link in ("sources/wire/", "places/town/", "actors/alpha/", "events/later/"):  # what the form chose
        assert link in event_page, link
    assert "Town centre" in event_page


# Decap CMS's YAML format (decap-cms-core/src/formats/yaml.ts: `fromFile`, `toFile`), run by node with the
# `yaml` package Decap bundles, over files given on the command line: each is read and written back the
# way the CMS saves an entry it has opened.
DECAP_YAML = r"""
const fs = require('fs');
const yaml = require('yaml');
const timestampTag = {identify: v => v instanceof Date, default: true, tag: '!timestamp',
  test: /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2}(\.[0-9]+)?)Z$/,
  resolve: s => new Date(s), stringify: v => v.toISOString()};
for (const path of process.argv.slice(1)) {
  const parsed = yaml.parseDocument(fs.readFileSync(path, 'utf8'), {customTags: [timestampTag], prettyErrors: true});
  if (parsed.errors.length) throw new Error(path + ': ' + parsed.errors.map(e => e.message).join('; '));
  const doc = new yaml.Document();
  doc.contents = yaml.createNode(parsed.toJSON());
  fs.writeFileSync(path, doc.toString());
}
"""

EVERY_FIELD = """\
date: "2015-09-28T05:30+04:30"
end_date: "2015-09-29"
approximate: true
display_date: "12:30"
sequence: 2
title: "no"
summary: |
  First paragraph: with a colon, *emphasis* and a [link](https://example.org/).

  # Not a comment
body: "yes"
featured: false
place: town
actors: [alpha, beta]
tags: ["2015", assault]
status: disputed
sources:
  - source: wire
    quote: "\\"quoted\\" words"
    note: A note.
quotes:
  - text: "We are trying"
    by: Someone
    role: Spokesman
    source: paper
casualties:
  - party: alpha
    killed: 25
    wounded: {min: 3, max: 5}
    qualifier: about
    claimed_by: beta
    as_of: "2015-09-30"
    source: wire
related: [later]
aliases: [former-id]
updates:
  - date: "2015-09-30"
    note: Corrected the place.
"""


def test_files_the_cms_rewrites_stay_valid_and_mean_the_same(decap, tmp_path, copy_project):
    """Every content file of the demo site and the small fixture, and an event using every field with
    values YAML 1.1 would misread, read and written back by Decap's YAML format: `timeline check` passes
    and the model is the same (what the CMS saves is what the editor saw)."""
    from generator.content.validate import read_content

    node = shutil.which("node")
    for source, extra in ((REPO, {}), (SMALL_SITE, {"content/events/2015/every-field.yaml": EVERY_FIELD})):
        project = copy_project(source, tmp_path / source.name)
        for path, text in extra.items():
            (project / path).write_text(text, encoding="utf-8")
        before = read_content(project / "content", project)
        files = sorted(str(p) for p in (project / "content").rglob("*.yaml"))
        result = subprocess.run([node, "-e", DECAP_YAML, *files], cwd=TESTS, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        checked = check_content(project / "content", project)
        assert checked.errors == [], "\n".join(str(error) for error in checked.errors)
        after = read_content(project / "content", project)
        assert after == before, source.name
