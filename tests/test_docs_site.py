"""The documentation: README.md for a newcomer, the rest a site of its own built with MkDocs from docs/.

The documentation site is built once (``mkdocs build --strict -f mkdocs-docs.yml`` into a temporary
folder) and link-checked from its HTML: every internal ``href`` and ``src`` is a built file (and its
``#fragment`` an id there), nothing is loaded from another site, every file copied from docs/ is used
by a page. README's links are checked the same way against the repository. External links are never
fetched, only checked to be well-formed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import markdown_it
import pytest
import yaml
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
CONFIG = REPO / "mkdocs-docs.yml"
README = REPO / "README.md"

# Where a page names another file, and the attribute that holds its address.
LINKING = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"),
           ("iframe", "src"), ("video", "src"), ("audio", "src"))
LOADED = (("script", "src"), ("link", "href"), ("img", "src"), ("source", "src"), ("iframe", "src"))
EXTERNAL = ("http", "https", "mailto")


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation site, built strictly (any warning fails: a broken link, a page left out of the nav)."""
    out = tmp_path_factory.mktemp("docs") / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(CONFIG), "--site-dir", str(out)],
        cwd=out.parent, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def nav_pages() -> list[str]:
    """The Markdown files the documentation site's nav lists, in its order."""
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    return [next(iter(entry.values())) for entry in config["nav"]]


def built_page(site: Path, markdown: str) -> Path:
    """The HTML file MkDocs makes of ``markdown`` (a path under docs/), with directory URLs."""
    stem = PurePosixPath(markdown).with_suffix("")
    return site / ("index.html" if str(stem) == "index" else f"{stem}/index.html")


def addresses(soup: BeautifulSoup, pairs: tuple[tuple[str, str], ...] = LINKING) -> list[tuple[str, str]]:
    """Every ``(tag name, address)`` the document names in ``pairs``' attributes."""
    return [(tag.name, tag[attribute]) for name, attribute in pairs for tag in soup.find_all(name) if tag.get(attribute)]


def well_formed_external(address: str) -> bool:
    """An http(s) URL with a host, or a mailto: with an address; never fetched."""
    parts = urlsplit(address)
    if parts.scheme == "mailto":
        return "@" in parts.path
    return bool(parts.netloc) and " " not in address


def ids_of(html_file: Path, cache: dict[Path, set[str]]) -> set[str]:
    """The ids (and anchor names) of an HTML file, read once."""
    if html_file not in cache:
        soup = BeautifulSoup(html_file.read_bytes(), "lxml")
        cache[html_file] = {tag["id"] for tag in soup.find_all(id=True)} | {
            tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return cache[html_file]


def resolve(root: Path, base: Path, address: str) -> tuple[Path | None, str]:
    """The file an internal address from the file ``base`` names inside ``root`` (None when it leaves
    ``root``), and its fragment. A folder means its index.html; a path from ``/`` starts at ``root``."""
    parts = urlsplit(address)
    if not parts.path:
        return base, parts.fragment
    start = root if parts.path.startswith("/") else base.parent  # the 404 page's links start at the root
    target = (start / unquote(parts.path.lstrip("/"))).resolve()
    if not target.is_relative_to(root.resolve()):
        return None, parts.fragment
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def broken_links(root: Path, base: Path, found: list[tuple[str, str]], ids: dict[Path, set[str]]) -> list[str]:
    """What is wrong with each address ``base`` names: a malformed external URL, a scheme that is no
    link, a file that is not there, a fragment with no such id in an HTML target."""
    problems = []
    for tag, address in found:
        where = f"{base.relative_to(root)}: <{tag}> {address}"
        scheme = urlsplit(address).scheme
        if scheme in EXTERNAL:
            if not well_formed_external(address):
                problems.append(f"{where}: not a well-formed URL")
            continue
        if scheme:
            problems.append(f"{where}: a {scheme}: address")
            continue
        target, fragment = resolve(root, base, address)
        if target is None or not target.is_file():
            problems.append(f"{where}: no such file")
        elif fragment and target.suffix == ".html" and fragment not in ids_of(target, ids):
            problems.append(f"{where}: no id {fragment!r} in {target.relative_to(root)}")
    return problems


def test_every_docs_page_is_in_the_site_and_its_nav(docs_site: Path) -> None:
    pages = sorted(path.name for path in DOCS.glob("*.md"))
    assert sorted(nav_pages()) == pages
    for page in pages:
        html = BeautifulSoup(built_page(docs_site, page).read_bytes(), "lxml")
        assert html.select_one('[role="main"] h1'), page  # each page has its title


def test_every_internal_link_of_the_docs_site_leads_to_a_built_file(docs_site: Path) -> None:
    problems: list[str] = []
    ids: dict[Path, set[str]] = {}
    pages = sorted(docs_site.rglob("*.html"))
    assert len(pages) > len(nav_pages())  # the pages, the 404 page, the search page's parts
    for page in pages:
        problems += broken_links(docs_site, page, addresses(BeautifulSoup(page.read_bytes(), "lxml")), ids)
    assert not problems, "\n".join(problems)


def test_the_docs_site_loads_nothing_from_elsewhere(docs_site: Path) -> None:
    loaded = [
        (page.relative_to(docs_site), tag, address)
        for page in docs_site.rglob("*.html")
        for tag, address in addresses(BeautifulSoup(page.read_bytes(), "lxml"), LOADED)
        if urlsplit(address).scheme or address.startswith("//")
    ]
    assert not loaded, loaded


def test_every_file_the_docs_site_copies_from_docs_is_used_by_a_page(docs_site: Path) -> None:
    """docs/ holds the screenshots: the site publishes none that no page shows or links to."""
    used: set[Path] = set()
    for page in docs_site.rglob("*.html"):
        for _tag, address in addresses(BeautifulSoup(page.read_bytes(), "lxml")):
            if not urlsplit(address).scheme:
                target, _fragment = resolve(docs_site, page, address)
                if target is not None:
                    used.add(target)
    copied = [path.relative_to(DOCS) for path in DOCS.rglob("*") if path.is_file() and path.suffix != ".md"]
    assert copied  # the screenshots
    unused = [str(path) for path in copied if (docs_site / path).resolve() not in used]
    assert not unused, unused


def readme_html() -> BeautifulSoup:
    """README.md as GitHub shows it (CommonMark with tables), parsed."""
    return BeautifulSoup(markdown_it.MarkdownIt("commonmark").enable("table").render(
        README.read_text(encoding="utf-8")), "lxml")


def test_every_link_of_the_readme_resolves_in_the_repository(docs_site: Path) -> None:
    """README's relative links are files of the repository; a link to a docs page's section is a
    section of that page (as the documentation site names it)."""
    problems = []
    found = addresses(readme_html())
    assert found
    for tag, address in found:
        parts = urlsplit(address)
        if parts.scheme in EXTERNAL:
            if not well_formed_external(address):
                problems.append(f"<{tag}> {address}: not a well-formed URL")
            continue
        target = (REPO / unquote(parts.path)).resolve()
        if parts.scheme or not target.is_relative_to(REPO) or not target.exists():
            problems.append(f"<{tag}> {address}: no such file in the repository")
        elif parts.fragment and target.suffix == ".md" and target.parent == DOCS:
            if parts.fragment not in ids_of(built_page(docs_site, target.name), {}):
                problems.append(f"<{tag}> {address}: no section {parts.fragment!r} in {target.name}")
    assert not problems, "\n".join(problems)


def test_the_readme_is_what_a_newcomer_needs_and_links_every_docs_page() -> None:
    text = README.read_text(encoding="utf-8")
    html = readme_html()
    headings = [h.get_text() for h in html.find_all("h2")]
    for heading in ("The two commands", "Start a chronology", "Publish", "Documentation", "Security"):
        assert heading in headings, headings
    assert len(text.splitlines()) <= 200, "README.md grew: put the details in docs/"
    # The two commands, exactly as CI runs the second (.ci/run: ./scripts/test).
    commands = [line.split("#")[0].strip() for code in html.find_all("code") for line in code.get_text().splitlines()]
    assert "./scripts/site" in commands and "./scripts/test" in commands, commands
    assert "exec ./scripts/test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert html.find("img", src="docs/screenshots/home.png")
    linked = {PurePosixPath(urlsplit(a["href"]).path).name for a in html.find_all("a", href=True)
              if urlsplit(a["href"]).path.startswith("docs/")}
    missing = [page for page in nav_pages() if page not in linked]
    assert not missing, missing
