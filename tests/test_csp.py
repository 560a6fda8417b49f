"""The Content-Security-Policy of a built site (issue 20, item 7; generator/render/csp.py), read from the
HTML and from ``_headers``: every page carries one in a ``<meta>`` before anything it loads; the theme
has nothing inline that it would refuse; the players' origins are allowed on their event's page only,
WebAssembly on the search page only; ``/admin/`` has its own; ``_headers`` carries the same policies in
rules that never overlap, each at least as wide as the pages it covers, with who may frame them.
The browser half (every kind of page loaded in Chromium without a violation) is tests/browser/test_csp_in_browser.py.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

import pytest
from bs4 import BeautifulSoup


REPO = Path(__file__).resolve().parent.parent
MEDIA_EVENT = """date: 2016-03-01
title: Footage of the crossing
summary: A video, a map and a raw file.
status: reported
media:
  - url: https://www.youtube.com/watch?v=dQw4w9WgXcQ
  - url: https://www.google.com/maps/place/Kunduz/@36.72,68.86,12z
  - url: https://media.example.org/crossing.mp4
  - url: https://x.com/someone/status/123456789
sources:
  - source: wire
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, copy_project, build) -> Path:
    folder = tmp_path_factory.mktemp("csp")
    project = copy_project(REPO / "tests" / "fixtures" / "site_small", folder / "project")
    (project / "content" / "events" / "2016" / "footage.yaml").write_text(MEDIA_EVENT, encoding="utf-8")
    assert build(project, folder / "site") == 0
    return folder / "site"


def policy_of(text: str) -> dict[str, list[str]]:
    """A policy's directives: name -> sources."""
    directives = [part.split() for part in text.split(";") if part.strip()]
    return {parts[0]: parts[1:] for parts in directives}


def meta_policy(page: Path) -> dict[str, list[str]]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert len(metas) == 1, f"{page}: {len(metas)} CSP <meta>"
    # Before anything the page loads: a policy applies only to what comes after it.
    before = metas[0].find_all_previous(["script", "link", "style", "img", "iframe"])
    assert before == [], f"{page}: {before} before the policy"
    return policy_of(metas[0]["content"])


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def headers_rules(site: Path) -> list[tuple[str, dict[str, list[str]]]]:
    lines = [line for line in (site / "_headers").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert all(line.startswith("  Content-Security-Policy: ") for line in lines[1::2])
    return [(path, policy_of(header.split(": ", 1)[1])) for path, header in zip(lines[::2], lines[1::2])]


def matches(pattern: str, path: str) -> bool:
    """Whether a _headers path pattern covers a request path (``*``: anything, empty included)."""
    return path == pattern or (pattern.endswith("*") and fnmatch.fnmatchcase(path, pattern))


def test_every_page_has_a_policy_that_allows_only_the_sites_own_files(site):
    pages = html_pages(site)
    assert len(pages) > 40
    for page in pages:
        if page.relative_to(site).as_posix() == "admin/index.html":
            continue
        policy = meta_policy(page)
        assert policy["default-src"] == ["'none'"] and policy["object-src"] == ["'none'"]
        own = ["'self'", "https://example.org"] if page.name == "404.html" else ["'self'"]  # site_url's origin
        assert policy["style-src"] == own and policy["connect-src"] == own
        assert policy["script-src"][:len(own)] == own and "'unsafe-inline'" not in policy["script-src"]
        assert "'unsafe-eval'" not in policy["script-src"]
        assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]


def test_no_page_has_an_inline_script_or_style_the_policy_would_refuse(site):
    for page in html_pages(site):
        if page.relative_to(site).as_posix() == "admin/index.html":
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        inline = [str(s)[:80] for s in soup.find_all("script") if not s.get("src") and s.get("type") != "application/ld+json"]
        styled = [f"<{tag.name} style>" for tag in soup.find_all(style=True)] + [str(s)[:80] for s in soup.find_all("style")]
        handlers = [f"<{tag.name} {name}>" for tag in soup.find_all(True) for name in tag.attrs if name.startswith("on")]
        assert inline + styled + handlers == [], page


def test_players_origins_are_allowed_on_their_event_page_only_and_wasm_on_search_only(site):
    event = meta_policy(site / "events" / "footage" / "index.html")
    assert event["frame-src"] == ["https://maps.google.com", "https://www.google.com", "https://www.youtube-nocookie.com"]
    assert event["media-src"] == ["'self'", "https://media.example.org"]
    assert event["img-src"] == ["'self'", "data:"] and event["script-src"] == ["'self'"]
    search = meta_policy(site / "search" / "index.html")
    assert search["script-src"] == ["'self'", "'wasm-unsafe-eval'"] and search["frame-src"] == ["'none'"]
    for page in ("index.html", "years/2016/index.html", "embed/index.html", "about/index.html", "events/later/index.html"):
        policy = meta_policy(site / page)
        assert policy["frame-src"] == ["'none'"] and policy["media-src"] == ["'self'"], page
        assert policy["script-src"] == ["'self'"], page


def test_the_404_page_may_take_its_files_from_site_url(site):
    policy = meta_policy(site / "404.html")
    assert policy["style-src"] == ["'self'", "https://example.org"]


def test_the_web_editor_has_its_own_policy(site):
    policy = meta_policy(site / "admin" / "index.html")
    assert policy["script-src"] == ["'self'", "https://unpkg.com", "'unsafe-eval'"]
    scripts = BeautifulSoup((site / "admin" / "index.html").read_text(encoding="utf-8"), "html.parser").select("script[src]")
    cms = [tag["src"] for tag in scripts if tag["src"].startswith("https://")]
    assert cms and all(src.startswith("https://unpkg.com/") for src in cms)  # the CMS the page loads, from the allowed origin
    assert policy["default-src"] == ["'none'"] and policy["object-src"] == ["'none'"] and policy["frame-src"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]  # git-gateway: the site's own /.netlify/ endpoints


def test_headers_rules_never_overlap_and_cover_every_page(site):
    rules = headers_rules(site)
    policies = {}
    for path, policy in rules:
        policies.setdefault(path, policy)
        assert policies[path] == policy, f"{path} twice with different policies"
    for (one, first), (other, second) in [(a, b) for a in rules for b in rules if a[0] < b[0]]:
        if first != second:  # hosts differ in what two matching rules do: different policies never share a path
            probe = one.rstrip("*")
            assert not matches(other, probe) and not matches(one, other.rstrip("*")), (one, other)
    for page in html_pages(site):
        url = "/timeline/" + page.relative_to(site).as_posix().removesuffix("index.html")
        covering = [path for path in policies if matches(path, url)]
        assert covering, f"no rule for {url}"
        header = policies[covering[0]]
        # Each page's own policy is at most as wide as its header's (a browser obeys both).
        for name, sources in meta_policy(page).items():
            assert sources == ["'none'"] or set(sources) <= set(header[name]), (url, name)


def test_headers_say_who_may_frame_each_page(site):
    rules = dict(headers_rules(site))
    assert rules["/timeline/embed/*"]["frame-ancestors"] == ["*"]
    assert rules["/timeline/admin/*"]["frame-ancestors"] == ["'none'"]
    assert rules["/timeline/events/*"]["frame-ancestors"] == ["'self'"]
    assert rules["/timeline/"]["frame-ancestors"] == ["'self'"]
    assert rules["/timeline/about/*"] == rules["/timeline/events/*"]  # a hand-written page's section too
    assert rules["/timeline/events/*"]["frame-src"] == ["https://maps.google.com", "https://www.google.com",
                                                          "https://www.youtube-nocookie.com"]


def test_the_web_editors_policy_follows_its_script_and_git_host(tmp_path, copy_project, build):
    project = copy_project(REPO / "tests" / "fixtures" / "site_small", tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = "repo_url: https://github.com/example/chronology\n" + config.replace(
        "  - timeline:\n", "  - timeline:\n      cms_script: /vendor/decap-cms.js\n      search: false\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert build(project, tmp_path / "site") == 0
    policy = meta_policy(tmp_path / "site" / "admin" / "index.html")
    assert policy["script-src"] == ["'self'", "'unsafe-eval'"]  # a self-hosted CMS: nothing from elsewhere
    assert policy["connect-src"] == ["'self'", "https://api.github.com"]
    admin = dict(headers_rules(tmp_path / "site"))["/timeline/admin/*"]
    assert admin == {**policy, "frame-ancestors": ["'none'"]}
