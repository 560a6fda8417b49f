"""The web editor as generated for a GitHub (or GitLab …) repository: Sveltia CMS, end to end in headless Chromium.

What a site on GitHub Pages gets: /admin/ runs Sveltia CMS (pinned on unpkg with its integrity hash, under
the page's Content-Security-Policy; the test answers unpkg's address with the same files from tests/node_modules),
which offers to sign in with a personal access token, so no OAuth server is needed. Signing in to GitHub
needs the network, so the test uses the app's other way in, its local repository, which works on the
files of a folder through the File System Access API: the folder picker (a native dialog, which headless
automation cannot drive) is replaced by the browser's origin-private file system, filled with the
project's content first and read back afterwards. Sveltia loads Immutable.js (for the page's preSave
hook) from unpkg too: the test serves the copy in tests/node_modules (no network).

Through the generated forms the test makes a new actor and a new place, then an event at that place
naming that actor, with a media item and casualty claims (a range, and one number); the files the app
wrote pass ``timeline check`` unchanged, and ``timeline build`` shows them on the pages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from conftest import serve_folder
from generator.cli.main import main
from generator.content.reader import check_content
from generator.render.cms_config import SVELTIA_SCRIPT

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
SMALL_SITE = TESTS / "fixtures" / "site_small"
SVELTIA_DIST = TESTS / "node_modules" / "@sveltia" / "cms" / "dist"
IMMUTABLE = TESTS / "node_modules" / "immutable" / "dist" / "immutable.es.js"
SVELTIA_URL = SVELTIA_SCRIPT.rsplit("/", 1)[0] + "/"  # https://unpkg.com/@sveltia/cms@<version>/dist/
WAIT = 90_000  # ms: a generous bound for each condition on a busy machine (conditions, never fixed sleeps)

TITLE = "Hospital struck in Kunduz"
EVENT_ID = "hospital-struck-in-kunduz"
MEDIA_URL = "https://example.org/reports/hospital-ward"
LOWEST, HIGHEST = "Number (or the lowest of a range)", "Highest (a range only; leave empty for one number)"

# The project's content into the origin-private file system (a '.git' folder marks a repository's root),
# and every file of content/ back out of it.
WRITE_FILES = """async (files) => {
  const root = await navigator.storage.getDirectory();
  await root.getDirectoryHandle('.git', {create: true});
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part, {create: true});
    const writer = await (await folder.getFileHandle(parts.at(-1), {create: true})).createWritable();
    await writer.write(text);
    await writer.close();
  }
}"""
READ_FILES = """async () => {
  const out = {};
  async function walk(folder, prefix) {
    for await (const [name, handle] of folder.entries()) {
      if (handle.kind === 'directory') await walk(handle, prefix + name + '/');
      else out[prefix + name] = await (await handle.getFile()).text();
    }
  }
  await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle('content'), 'content/');
  return out;
}"""


def _from_node_modules(route) -> None:
    """unpkg, offline: Sveltia CMS's files and the Immutable.js it loads, from tests/node_modules (the same
    bytes as the npm packages unpkg serves: the page's integrity hash holds)."""
    url = route.request.url.split("?", 1)[0]
    if url.startswith(SVELTIA_URL):
        target = (SVELTIA_DIST / url[len(SVELTIA_URL):]).resolve()
        assert target.is_relative_to(SVELTIA_DIST.resolve()) and target.is_file(), url
    else:
        assert "/immutable@" in url and url.endswith("/dist/immutable.es.js"), url
        target = IMMUTABLE
    route.fulfill(path=str(target), content_type="text/javascript", headers={"Access-Control-Allow-Origin": "*"})


@pytest.fixture
def project(tmp_path: Path, copy_project, node_modules) -> Path:
    """The small fixture project on a GitHub backend, its actors and places one file each."""
    if not (SVELTIA_DIST / "sveltia-cms.js").is_file() or not IMMUTABLE.is_file():
        pytest.fail("tests/node_modules lacks @sveltia/cms: run `npm ci --prefix tests`", pytrace=False)
    root = copy_project(SMALL_SITE, tmp_path / "project")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    options = ("      cms_backend: {name: github, repo: newsroom/chronology, branch: main}\n"
               "      search: false\n")
    (root / "mkdocs.yml").write_text(config.replace("  - timeline:\n", "  - timeline:\n" + options), encoding="utf-8")
    for kind in ("actors", "places"):
        records = yaml.safe_load((root / "content" / f"{kind}.yaml").read_text(encoding="utf-8"))
        (root / "content" / kind).mkdir()
        for record_id, record in records.items():
            (root / "content" / kind / f"{record_id}.yaml").write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
        (root / "content" / f"{kind}.yaml").write_text("{}\n", encoding="utf-8")
    return root


def _field(scope, label: str):
    """A field of the form, by its label (Sveltia names each field's group '“label” Field'), scrolled to:
    the app renders a field once it comes into view."""
    field = scope.get_by_role("group", name=f"“\u2068{label}\u2069” Field", exact=True)
    page = scope.page if hasattr(scope, "page") else scope
    # Until the field exists: down through the form (60 × 300 px), then back up, since a field added
    # above the view (a new list item's) is rendered only when it scrolls into view.
    for step in (300, -300):
        for _ in range(60):
            if field.count():
                return field
            page.get_by_role("group", name="Content Editor").hover()
            page.mouse.wheel(0, step)
            page.wait_for_timeout(100)
    return field


def _fill(scope, label: str, text: str) -> None:
    """Type ``text`` into the text or number field ``label``."""
    _field(scope, label).locator("input").first.fill(text)


def _choose(page, scope, label: str, option: str, typed: str = "") -> None:
    """Pick ``option`` in the select or relation field ``label``: Sveltia shows a few options as radio
    buttons (check boxes for several values), more as a combobox with a search box."""
    field = _field(scope, label)
    choice = field.get_by_role("radio", name=option, exact=True).or_(field.get_by_role("checkbox", name=option, exact=True))
    combo = field.get_by_role("combobox")
    expect(choice.or_(combo).first).to_be_visible(timeout=WAIT)
    if choice.count():
        choice.first.click()
        expect(choice.first).to_be_checked(timeout=WAIT)
        return
    combo.first.click()
    if typed:
        page.keyboard.type(typed, delay=20)
    page.get_by_role("option", name=option).first.click(timeout=WAIT)


def _add(field, singular: str) -> None:
    """Add an item to the list ``field`` (its button says 'Add <singular>')."""
    field.get_by_role("button", name=re.compile(f"^Add \u2068?{singular}\u2069?$", re.IGNORECASE)).last.click()


def _open_form(page, base: str, collection: str) -> None:
    page.goto(f"{base}/admin/#/collections/{collection}/new", timeout=WAIT)
    page.get_by_role("button", name="Save").wait_for(timeout=WAIT)


def _save(page, collection: str) -> None:
    """Save the entry and wait until the app is back at the collection's list (done writing)."""
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(f"#/collections/{collection}$"), timeout=WAIT)
    expect(page.get_by_role("button", name="Save")).to_have_count(0, timeout=WAIT)


def test_the_generated_editor_for_github_runs_sveltia_and_its_files_pass_check(project, page, tmp_path):
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.set_default_timeout(WAIT)
    site = tmp_path / "site"
    assert main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]) == 0
    assert SVELTIA_SCRIPT in (site / "admin" / "index.html").read_text(encoding="utf-8")  # as generated
    page.route("https://unpkg.com/**", _from_node_modules)
    files = {p.relative_to(project).as_posix(): p.read_text(encoding="utf-8")
             for p in sorted((project / "content").rglob("*")) if p.is_file() and p.suffix in (".yaml", ".md")}
    with serve_folder(site) as base:
        page.goto(base + "/", timeout=WAIT)
        page.evaluate(WRITE_FILES, files)
        page.add_init_script("window.showDirectoryPicker = async () => navigator.storage.getDirectory();")
        page.goto(base + "/admin/", timeout=WAIT)
        # as generated for GitHub: a personal access token signs in, no OAuth server
        expect(page.get_by_role("button", name="Sign In Using Access Token")).to_be_visible(timeout=WAIT)
        page.get_by_role("button", name="Work with Local Repository").click()
        page.get_by_role("group", name="Content Library").wait_for(timeout=WAIT)

        _open_form(page, base, "actors")
        _fill(page, "Name", "Delta Brigade")
        _choose(page, page, "Kind", "military")
        _save(page, "actors")

        _open_form(page, base, "places")
        _fill(page, "Name", "District hospital")
        _fill(page, "Latitude", "36.72")
        _fill(page, "Longitude", "68.86")
        _choose(page, page, "Within", "Town (town)", "Town")
        _save(page, "places")

        _open_form(page, base, "events")
        _fill(page, "Date", "2015-10-03")
        _fill(page, "Title", TITLE)
        _field(page, "Summary").get_by_role("textbox").first.click()  # the rich-text editor
        page.keyboard.type("An air strike hit the hospital's trauma centre.")
        _choose(page, page, "Place", "District hospital (district-hospital)", "District")  # made above
        _choose(page, page, "Actors", "Delta Brigade (delta-brigade)", "Delta")
        _choose(page, page, "Status", "confirmed")
        # every list item first, then their fields: an item added to one list just after a choice in another
        # list's item can undo that choice in the app's data, while the form still shows it
        sources, media = _field(page, "Sources (the articles the event comes from)"), _field(page, "Media")
        casualties = _field(page, "Casualties")
        _add(sources, "source")
        _add(media, "media item")
        _add(casualties, "casualty claim")
        _choose(page, sources, "Source", "Wire report (wire)", "Wire")
        _fill(media, "URL", MEDIA_URL)
        _fill(media, "Alt", "The burnt-out trauma centre")
        _fill(media, "Caption", "The ward after the strike")
        _choose(page, casualties, "Party", "Delta Brigade (delta-brigade)", "Delta")
        killed, wounded = _field(casualties, "Killed"), _field(casualties, "Wounded")
        for count in (killed, wounded):  # an optional object: Sveltia shows its fields once ticked
            count.get_by_role("checkbox", name=re.compile("^Add")).click()
        _fill(killed, LOWEST, "10")  # a range
        _fill(killed, HIGHEST, "15")
        _fill(wounded, LOWEST, "3")  # one number: the first box only
        _choose(page, casualties, "Source", "Wire report (wire)", "Wire")
        _choose(page, page, "Related events", "2016-01-02 — A later event", "later")
        _save(page, "events")
        written = page.evaluate(READ_FILES)
    assert problems == []

    assert yaml.safe_load(written["content/actors/delta-brigade.yaml"]) == {"name": "Delta Brigade", "kind": "military"}
    assert yaml.safe_load(written["content/places/district-hospital.yaml"]) == {
        "name": "District hospital", "lat": 36.72, "lon": 68.86, "within": "town"}
    event_file = f"content/events/2015/{EVENT_ID}.yaml"
    assert event_file in written, sorted(written)
    assert yaml.load(written[event_file], Loader=yaml.BaseLoader) == {
        "approximate": "false",  # (Sveltia writes a boolean left unticked; false is valid and means the same)
        "featured": "false",
        "date": "2015-10-03",
        "title": TITLE,
        "summary": "An air strike hit the hospital's trauma centre.",
        "place": "district-hospital",
        "actors": ["delta-brigade"],
        "status": "confirmed",
        "sources": [{"source": "wire"}],
        "media": [{"url": MEDIA_URL, "alt": "The burnt-out trauma centre", "caption": "The ward after the strike"}],
        "casualties": [{"party": "delta-brigade", "killed": {"min": "10", "max": "15"}, "wounded": "3", "source": "wire"}],
        "related": ["later"],
    }, written[event_file]

    for path, text in written.items():  # what the app wrote, back into the project
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text, encoding="utf-8")
    checked = check_content(project / "content", project)  # `timeline check`, in-process
    assert checked.errors == [], "\n".join(str(error) for error in checked.errors)
    assert (checked.events, checked.actors, checked.places) == (7, 3, 2)
    rebuilt = tmp_path / "rebuilt"
    assert main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(rebuilt)]) == 0
    html = BeautifulSoup((rebuilt / "events" / EVENT_ID / "index.html").read_text(encoding="utf-8"), "lxml").find("main")
    links = {a["href"] for a in html.find_all("a", href=True)}
    for link in ("sources/wire/", "places/district-hospital/", "actors/delta-brigade/", "events/later/"):
        assert any(href.endswith(link) for href in links), (link, links)
    assert MEDIA_URL in links and "The ward after the strike" in html.get_text()
    assert "10–15" in " ".join(html.get_text(" ").split())
