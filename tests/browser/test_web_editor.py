"""The web editor at /admin/, end to end: Decap CMS in headless Chromium, against its local proxy.

A copy of the small fixture project (a git repository of its own, as an editor's working copy would
be) is built with ``cms_script`` pointing at Decap CMS from tests/node_modules (self-hosted: no network)
and ``cms_local_backend`` at ``decap-server``, which the test starts in the project folder on a free
port. Through the generated forms, the tests create a new actor and a new place (one file each, the
folder form of the registries), then an event at that place naming that actor, with a media item and
casualty claims (a range, and one number), and a related event and a source through relation widgets;
they change a count an event file already holds as one number, and correct a record of places.yaml
(the single-file form). Each file the CMS wrote passes ``timeline check`` unchanged, and ``timeline
build`` shows it on the pages. Every step waits for a condition (up to ``WAIT``), never a fixed time:
the application is 5 MB and the machine may be busy.
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
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from conftest import serve_folder
from generator.cli.main import main
from generator.content.reader import check_content
from gitrepo import Repo
from serving import free_port, stop

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
SMALL_SITE = TESTS / "fixtures" / "site_small"
DECAP_DIST = TESTS / "node_modules" / "decap-cms" / "dist"
DECAP_SERVER = TESTS / "node_modules" / ".bin" / "decap-server"
VENDOR = "/vendor/decap-cms/"  # where the test's server puts Decap's dist/ (the CMS loads its chunks from there)

TITLE = "Hospital struck in Kunduz"
MEDIA_URL = "https://example.org/reports/hospital-ward"
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
def project(request, tmp_path: Path, copy_project) -> tuple[Path, int]:
    """A copy of the small fixture project in a git repository of its own; mkdocs.yml loads the CMS from
    the test's server and talks to decap-server on a free port. Returns (project folder, that port).
    Its actors and places are moved to a file each (content/actors/<id>.yaml …), unless the test is
    parametrized with ``project="single files"`` (actors.yaml and places.yaml as the fixture has them)."""
    root = copy_project(SMALL_SITE, tmp_path / "project")
    port = free_port()
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    options = (f"      cms_script: {VENDOR}decap-cms.js\n"
               f"      cms_local_backend: http://127.0.0.1:{port}/api/v1\n"
               "      search: false\n")
    assert "  - timeline:\n" in config
    (root / "mkdocs.yml").write_text(config.replace("  - timeline:\n", "  - timeline:\n" + options), encoding="utf-8")
    for kind in ("actors", "places") if getattr(request, "param", "folders") == "folders" else ():
        # each record in a file of its own; the single file kept, empty
        records = yaml.safe_load((root / "content" / f"{kind}.yaml").read_text(encoding="utf-8"))
        (root / "content" / kind).mkdir()
        for record_id, record in records.items():
            (root / "content" / kind / f"{record_id}.yaml").write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
        (root / "content" / f"{kind}.yaml").write_text("{}\n", encoding="utf-8")
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


WAIT = 90_000  # ms: a generous bound for each condition on a busy machine (the test waits for conditions, never sleeps)


def _field(page, name: str, nth: int = 0):
    """The input of a form field (Decap numbers its ids: '<name>-field-<n>'); ``nth`` among fields of that name."""
    label = page.locator(f'label[for^="{name}-field-"]').nth(nth)
    label.wait_for(timeout=WAIT)
    return page.locator("#" + label.get_attribute("for"))


def _choose(page, box, typed: str, option: str) -> None:
    """Pick ``option`` in a select or relation widget (react-select) after typing ``typed``."""
    box.click()
    box.press_sequentially(typed, delay=20)
    page.get_by_role("option", name=option, exact=True).click(timeout=WAIT)


def _text_of(path: Path) -> str:
    """The file's text, or "" while it does not exist yet."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def _wait_for(condition, seconds: float = WAIT / 1000) -> None:
    """Poll ``condition`` until it holds or ``seconds`` pass (the assertions after it say what is missing)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)


def _open_form(page, served: str, collection: str) -> None:
    """A new entry's form, on a freshly loaded page (a bare hash change keeps the last form's widgets)."""
    page.goto(f"{served}/admin/#/collections/{collection}/new", timeout=WAIT)
    page.reload(timeout=WAIT)
    page.get_by_role("button", name="Publish").first.wait_for(timeout=WAIT)


def _publish(page, path: Path, last_key: str, containing: str = "") -> dict:
    """Publish the form and wait until the proxy has written ``path`` whole (``last_key`` is its last field;
    ``containing``: what the new version says, when the file was there before)."""
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now", exact=True).click(timeout=WAIT)
    _wait_for(lambda: f"{last_key}:" in (text := _text_of(path)) and containing in text)  # the proxy truncates, then writes
    assert path.is_file(), f"no {path}; files there: {sorted(p.name for p in path.parent.glob('*'))}"
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # every scalar as text


def test_actors_places_and_an_event_made_in_the_web_editor_pass_check_and_get_their_pages(
        served, project, page, tmp_path):
    """From the generated /admin/: a new actor and a new place (one file each), then an event at that
    place, naming that actor, with a media item (URL and alt text) and casualty claims, one a range;
    `timeline check` passes on what the CMS wrote and the built pages show it all."""
    root, _ = project
    content = root / "content"
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.set_default_timeout(WAIT)  # a 5 MB application on a shared machine: more than a reader's page needs
    page.goto(served + "/admin/", timeout=WAIT)
    page.get_by_role("button", name="Login").click(timeout=WAIT)  # the local proxy needs no account
    page.get_by_role("link", name="Events").first.wait_for(timeout=WAIT)

    _open_form(page, served, "actors")
    _field(page, "name").fill("Delta Brigade")
    _choose(page, _field(page, "kind"), "mil", "military")
    actor = _publish(page, content / "actors" / "delta-brigade.yaml", "kind")
    assert actor == {"name": "Delta Brigade", "kind": "military"}

    _open_form(page, served, "places")
    _field(page, "name").fill("District hospital")
    _field(page, "lat").fill("36.72")
    _field(page, "lon").fill("68.86")
    _choose(page, _field(page, "within"), "Town", "Town (town)")  # a record of the folder, listed live
    place = _publish(page, content / "places" / "district-hospital.yaml", "within")
    assert place == {"name": "District hospital", "lat": "36.72", "lon": "68.86", "within": "town"}
    assert problems == []

    _open_form(page, served, "events")
    _field(page, "date").fill("2015-10-03")
    _field(page, "title").fill(TITLE)
    page.locator("[data-slate-editor]").first.click()  # the summary's rich-text editor
    page.keyboard.type("An air strike hit the hospital's trauma centre.")
    display_date = _field(page, "display_date")
    display_date.fill("Early morning")
    display_date.fill("")  # typed and cleared: the form keeps "", which the page's preSave hook drops
    _choose(page, _field(page, "place"), "District", "District hospital (district-hospital)")  # made above
    _choose(page, _field(page, "actors"), "Delta", "Delta Brigade (delta-brigade)")
    _choose(page, _field(page, "actors"), "Alpha", "Alpha Group (alpha)")
    _choose(page, _field(page, "status"), "confirmed", "confirmed")
    page.get_by_role("button", name="Add source").click()
    _choose(page, _field(page, "source"), "Wire", "Wire report (wire)")
    page.get_by_role("button", name="Add media item").click()
    _field(page, "url").fill(MEDIA_URL)
    _field(page, "alt").fill("The burnt-out trauma centre")
    _field(page, "caption").fill("The ward after the strike")
    page.get_by_role("button", name="Add casualty claim").click()
    _choose(page, _field(page, "party"), "Delta", "Delta Brigade (delta-brigade)")
    _field(page, "min", 0).fill("10")  # killed: a range
    _field(page, "max", 0).fill("15")
    _field(page, "min", 1).fill("3")  # wounded: one number, the first box only
    _choose(page, _field(page, "source", 1), "Wire", "Wire report (wire)")
    _choose(page, _field(page, "related"), "later", "2016-01-02 — A later event")

    event = _publish(page, content / "events" / "2015" / f"{EVENT_ID}.yaml", "related")
    text = (content / "events" / "2015" / f"{EVENT_ID}.yaml").read_text(encoding="utf-8")
    assert problems == []
    assert event == {
        "date": "2015-10-03",
        "title": TITLE,
        "summary": "An air strike hit the hospital's trauma centre.",
        "place": "district-hospital",
        "actors": ["delta-brigade", "alpha"],
        "status": "confirmed",
        "sources": [{"source": "wire"}],
        "media": [{"url": MEDIA_URL, "alt": "The burnt-out trauma centre", "caption": "The ward after the strike"}],
        "casualties": [{"party": "delta-brigade", "killed": {"min": "10", "max": "15"}, "wounded": "3",
                        "source": "wire"}],
        "related": ["later"],
    }, text
    assert "&" not in text and "*" not in text, "no anchors or aliases"

    # an event written in git with one number (killed: 25): the number is in the first box; changed there,
    # it is saved as one number again, and the rest of the file means the same
    day_event = content / "events" / "2015" / "day-event.yaml"
    before = yaml.load(day_event.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    page.goto(f"{served}/admin/#/collections/events/entries/2015/day-event", timeout=WAIT)
    page.reload(timeout=WAIT)
    killed = _field(page, "min", 0)
    expect(killed).to_have_value("25", timeout=WAIT)
    expect(_field(page, "max", 0)).to_have_value("", timeout=WAIT)
    killed.fill("30")
    after = _publish(page, day_event, "updates", containing="killed: 30")
    before["casualties"][0]["killed"] = "30"
    assert after == before, day_event.read_text(encoding="utf-8")
    assert problems == []

    checked = check_content(content, root)  # `timeline check`, in-process
    assert checked.errors == [], "\n".join(str(error) for error in checked.errors)
    assert (checked.events, checked.actors, checked.places) == (7, 3, 2)

    site = tmp_path / "rebuilt"
    assert main(["build", "-f", str(root / "mkdocs.yml"), "-d", str(site)]) == 0
    html = BeautifulSoup((site / "events" / EVENT_ID / "index.html").read_text(encoding="utf-8"), "lxml")
    main_part = html.find("main")
    assert TITLE in main_part.get_text() and "trauma centre" in main_part.get_text()
    links = {a["href"] for a in main_part.find_all("a", href=True)}
    for link in ("sources/wire/", "places/district-hospital/", "actors/delta-brigade/",
                 "actors/alpha/", "events/later/"):
        assert any(href.endswith(link) for href in links), (link, links)
    assert MEDIA_URL in links, links
    assert "The ward after the strike" in main_part.get_text()
    claim = " ".join(main_part.get_text(" ").split())
    assert "10–15" in claim and "Delta Brigade" in claim, claim
    place_page = BeautifulSoup((site / "places" / "district-hospital" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert "District hospital" in place_page.h1.get_text() and TITLE in place_page.get_text()
    actor_page = BeautifulSoup((site / "actors" / "delta-brigade" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert "Delta Brigade" in actor_page.h1.get_text() and TITLE in actor_page.get_text()


@pytest.mark.parametrize("project", ["single files"], indirect=True)
def test_a_record_of_places_yaml_is_corrected_in_the_web_editor(served, project, page):
    """places.yaml, a mapping of id -> record: one collapsed group per place, corrected in place."""
    root, _ = project
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.set_default_timeout(WAIT)
    page.goto(served + "/admin/", timeout=WAIT)
    page.get_by_role("button", name="Login").click(timeout=WAIT)
    page.get_by_role("link", name="Events").first.wait_for(timeout=WAIT)
    page.goto(served + "/admin/#/collections/registries/entries/places", timeout=WAIT)
    page.reload(timeout=WAIT)  # a new page, as from the collections list
    expand = page.get_by_role("button", name="Expand").first  # the place 'town', collapsed under its name
    expand.wait_for(state="visible", timeout=WAIT)
    expand.click()
    name = _field(page, "name")
    expect(name).to_have_value("Town", timeout=WAIT)
    name.fill("Town centre")
    places = root / "content" / "places.yaml"
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now", exact=True).click(timeout=WAIT)
    _wait_for(lambda: "Town centre" in _text_of(places))
    assert yaml.load(places.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["town"] == {
        "name": "Town centre", "country": "Nowhere", "lat": "36.7", "lon": "68.8"}
    assert problems == []
    checked = check_content(root / "content", root)
    assert checked.errors == [], "\n".join(str(error) for error in checked.errors)


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
    from generator.content.reader import read_content

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
