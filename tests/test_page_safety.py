"""Hand-written pages and mkdocs.yml's names under hostile input (issue 20, item 3; item 6's bidi titles).

``content/pages/*.md`` bodies are sanitised as event fields are (generator/render/page_safety.py), and
every template MkDocs renders (a hand-written page, 404.html) escapes what it prints: a front-matter
title, ``site_name`` or ``site_url`` is text. A title with a bidi override is isolated in ``<title>``.
Each test builds the small fixture with ``timeline build`` and reads the HTML with BeautifulSoup.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

SITE_NAME = 'Small </title><script>alert("name")</script>'
SITE_URL = 'https://example.org/timeline/"><script>alert("url")</script>/'
PAGE_TITLE = "</title><script>alert('title')</script>"
PAGE = f"""---
title: "{PAGE_TITLE}"
---
# About

<script>alert("body")</script>
<img src=x onerror=alert("img")>
<a href="javascript:alert('raw')" onclick="alert('click')">raw link</a>
[a link](javascript:alert('md'))
<iframe src="https://evil.example/"></iframe>
<form action="https://evil.example/"><input name="q"></form>
<div style="color: red" onmouseover="alert('div')">styled</div>

## Our sources

| Year | Events |
|:-----|-------:|
| 2015 | 4 |

![Remote](https://tracker.example/pixel.png) ![Local](local.png)

::: timeline
tag: fighting
:::
"""
BIDI_PAGE = "# Report \u202egnp.exe & more\n\nText.\n"
BIDI_EVENT = """date: 2016-02-01
title: "Leak \\u202Egnp.exe"
summary: A file name that reads backwards.
status: reported
sources:
  - source: wire
"""


@pytest.fixture
def hostile(small_project: Path, run_cli, tmp_path: Path):
    """The small fixture with hostile names in mkdocs.yml and hostile hand-written pages, built:
    (site folder, what the build printed)."""
    config = (small_project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    config = [f"site_name: '{SITE_NAME}'" if line.startswith("site_name:") else
              f"site_url: '{SITE_URL}'" if line.startswith("site_url:") else line for line in config]
    (small_project / "mkdocs.yml").write_text("\n".join(config) + "\n", encoding="utf-8")
    pages = small_project / "content" / "pages"
    (pages / "about.md").write_text(PAGE, encoding="utf-8")
    (pages / "local.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (pages / "report.md").write_text(BIDI_PAGE, encoding="utf-8")
    (small_project / "content" / "events" / "2016" / "leak.yaml").write_text(BIDI_EVENT, encoding="utf-8")
    site = tmp_path / "site"
    result = run_cli(["build", "-f", small_project / "mkdocs.yml", "-d", site])
    assert result.code == 0, result.out + result.err
    return site, result.out + result.err


def _soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "lxml")


def _unsafe(soup: BeautifulSoup) -> list[str]:
    """Everything in a page that could run script: a script that is not one of the site's files, an
    event handler attribute, a javascript: URL, a frame, a form to elsewhere, an inline style."""
    found = []
    for script in soup.find_all("script"):
        if script.get("type") != "application/ld+json" and not re.search(r"/assets/[a-z-]+\.js$", script.get("src", "")):
            found.append(str(script))
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.startswith("on") or name == "style" or text.strip().lower().startswith("javascript:"):
                found.append(f"<{tag.name} {name}={text!r}>")
    found += [str(tag) for tag in soup.find_all(["iframe", "object", "embed"])]
    found += [str(form) for form in soup.find_all("form") if form.has_attr("action") and not form["action"].endswith("/search/")]
    return found


def test_a_hand_written_page_keeps_no_script_handler_frame_or_javascript_link(hostile):
    site, _ = hostile
    soup = _soup(site, "about/index.html")
    assert _unsafe(soup) == []
    article = soup.find("article", class_="prose")
    assert 'alert("body")' not in article.get_text()  # a script's text is dropped with it
    assert article.find_all(["form", "input"]) == []
    assert article.find("a", string="raw link") is not None and article.find("a", string="raw link").get("href") is None
    assert article.find("div", string="styled") is not None  # the text stays, without style or handler


def test_a_hand_written_page_keeps_its_headings_tables_local_images_and_event_slices(hostile):
    site, output = hostile
    article = _soup(site, "about/index.html").find("article", class_="prose")
    assert article.find("h2", id="our-sources").get_text() == "Our sources"
    assert [cell.get("align") for cell in article.find("tr").find_all("th")] == ["left", "right"]
    assert [img.get("src") for img in article.find_all("img") if img.get("src")] == ["../local.png"]
    # An image from another site would be requested before the reader asks: left out, and the build says so.
    assert article.find("img", alt="Remote").get("src") is None
    assert "about.md: image 'https://tracker.example/pixel.png' left out" in output
    slice_titles = [a.get_text() for a in article.select(".timeline-slice .event-title a")]
    assert "<script>alert('title')</script> & more" in slice_titles  # our own cards, filled after sanitising


def test_names_from_mkdocs_yml_and_front_matter_are_text_in_every_page_mkdocs_renders(hostile):
    site, _ = hostile
    about = _soup(site, "about/index.html")
    assert about.title.get_text() == f"{PAGE_TITLE} · {SITE_NAME}"
    assert about.find("a", class_="brand").get_text() == SITE_NAME
    assert about.find("link", rel="canonical")["href"] == SITE_URL + "about/"
    assert [a.get_text() for a in about.select("header nav a") if a["href"] == "../about/"] == [PAGE_TITLE]
    missing = _soup(site, "404.html")
    assert missing.title.get_text() == f"Page not found · {SITE_NAME}"
    assert missing.find("a", class_="brand").get_text() == SITE_NAME
    assert missing.find("a", class_="brand")["href"] == SITE_URL.rstrip("/") + "/"
    for soup in (about, missing):
        assert _unsafe(soup) == []


def test_the_generated_pages_show_the_hand_written_titles_as_text(hostile):
    site, _ = hostile
    home = _soup(site, "index.html")
    assert [a.get_text() for a in home.select("header nav a") if a["href"] == "./about/"] == [PAGE_TITLE]
    assert _unsafe(home) == []


def test_a_title_with_a_bidi_override_is_isolated_in_title(hostile):
    site, _ = hostile
    # The override reverses the title's own text only: FSI … PDI ends it before " · " and the site's name.
    report = _soup(site, "report/index.html")
    assert report.title.get_text() == f"\u2068Report \u202egnp.exe & more\u2069 · {SITE_NAME}"
    assert report.find("h1").get_text() == "Report \u202egnp.exe & more"
    event = _soup(site, "events/leak/index.html")
    assert event.title.get_text() == f"\u2068Leak \u202egnp.exe\u2069 · {SITE_NAME}"
    assert _soup(site, "index.html").title.get_text() == SITE_NAME  # a title without controls is as written
