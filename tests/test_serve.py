"""`timeline serve`: a real preview server on loopback, edited while it runs; its terminal output is read too."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.cache_folder import CacheFolder
from generator.mkdocs_adapter.commands import _preview_dir
from serving import fetch, stop, wait_for

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def served(small_project, serve):
    running = serve(small_project, "events/later/", "<h1")
    return small_project, running.base, running.terminal


def test_an_edited_event_shows_up_in_the_preview(served):
    project, base, _ = served
    event = project / "content" / "events" / "2016" / "later.yaml"
    event.write_text(event.read_text().replace("A later event", "A renamed event"))
    wait_for(lambda: '<h1 dir="auto">A renamed event</h1>' in fetch(base + "events/later/"), "the edited title")
    assert "A renamed event" in fetch(base)  # listings follow too


def test_a_renamed_actor_reaches_every_listing_in_the_preview(served):
    project, base, _ = served
    actors = project / "content" / "actors.yaml"
    actors.write_text(actors.read_text().replace("name: Alpha Group", "name: Alpha Brigade"))

    def names_on_the_home_page() -> set[str]:
        page = BeautifulSoup(fetch(base), "html.parser")
        return {link.get_text() for link in page.select(".event-card .event-facets a[href*='actors/']")}

    wait_for(lambda: "Alpha Brigade" in names_on_the_home_page(), "the new name on the home page's cards")
    assert "Alpha Group" not in names_on_the_home_page()


def test_content_errors_show_in_the_page_and_the_last_good_site_stays(served):
    project, base, _ = served
    event = project / "content" / "events" / "2016" / "later.yaml"
    good = event.read_text()
    event.write_text("date: 2016-02-30\n")
    status = wait_for(lambda: json.loads(fetch(base + "_timeline/status.json"))["errors"], "the error report")
    assert "content/events/2016/later.yaml:1:7: '2016-02-30': February 2016 has no day 30" in status
    assert '<h1 dir="auto">A later event</h1>' in fetch(base + "events/later/")
    assert "serve-status.js" in fetch(base + "events/later/")
    event.write_text(good)
    wait_for(lambda: json.loads(fetch(base + "_timeline/status.json"))["errors"] == [], "the errors to clear")


def test_a_new_event_gets_a_page_and_a_deleted_one_goes(served):
    project, base, _ = served
    new = project / "content" / "events" / "2016" / "brand-new.yaml"
    new.write_text("date: 2016-03-01\ntitle: Brand new\nsummary: New.\nsources:\n  - source: paper\n")
    wait_for(lambda: '<h1 dir="auto">Brand new</h1>' in fetch(base + "events/brand-new/"), "the new event's page")
    new.unlink()

    wait_for(lambda: _not_found(base + "events/brand-new/"), "the deleted event's page to go")


def test_content_errors_show_in_the_terminal_as_path_line_col_message(served):
    project, base, terminal = served
    event = project / "content" / "events" / "2016" / "later.yaml"
    good = event.read_text()
    expected = "content/events/2016/later.yaml:1:7: '2016-02-30': February 2016 has no day 30"
    assert expected not in terminal.lines
    broken = terminal.mark()
    event.write_text("date: 2016-02-30\n")
    wait_for(lambda: expected in terminal.since(broken), "the error in the terminal")
    assert any("still serving the last good build" in line for line in terminal.since(broken))
    event.write_text(good)
    wait_for(lambda: json.loads(fetch(base + "_timeline/status.json"))["errors"] == [], "the errors to clear")


def test_a_new_theme_folder_in_mkdocs_yml_applies_without_a_restart(served):
    project, base, _ = served
    theme = project / "my-theme"
    shutil.copytree(REPO / "site_templates", theme)
    base_html = theme / "base.html"
    base_html.write_text(base_html.read_text().replace("</footer>", '<p id="custom-footer">From my theme</p></footer>'))
    assert 'id="custom-footer"' not in fetch(base + "events/later/")
    config = project / "mkdocs.yml"
    lines = config.read_text().splitlines()
    config.write_text("\n".join(f"  custom_dir: {theme}" if line.startswith("  custom_dir:") else line
                                for line in lines) + "\n")

    def themed() -> bool:
        page = BeautifulSoup(fetch(base + "events/later/"), "html.parser")
        return page.find(id="custom-footer") is not None and page.find("h1").get_text() == "A later event"

    wait_for(themed, "the page from the new theme folder")


def _not_found(url: str) -> bool:
    try:
        fetch(url)
    except urllib.error.HTTPError as exc:
        return exc.code == 404
    return False


def _files_written(lines: list[str]) -> list[int]:
    """The counts of the preview's "timeline: N events, M files written" lines."""
    return [int(match[1]) for line in lines if (match := re.search(r"events, (\d+) files written", line))]


def test_the_next_serve_starts_from_the_last_preview_and_writes_only_what_changed(small_project, serve):
    first = serve(small_project, "events/later/", '<h1 dir="auto">A later event</h1>')
    wait_for(lambda: _files_written(first.terminal.lines), "the first session's count of pages written")
    everything = _files_written(first.terminal.lines)[0]
    stop(first.process)
    event = small_project / "content" / "events" / "2016" / "later.yaml"  # edited while no preview runs
    event.write_text(event.read_text().replace("A later event", "Edited in between"))
    (small_project / "content" / "events" / "2015" / "unsafe-text.yaml").unlink()

    second = serve(small_project, "events/later/", "<h1")
    assert any("serving the last preview while it is brought up to date" in line for line in second.terminal.lines)
    wait_for(lambda: '<h1 dir="auto">Edited in between</h1>' in fetch(second.base + "events/later/"), "the catch-up")
    wait_for(lambda: _not_found(second.base + "events/unsafe-text/"), "the deleted event's page to go")
    written = _files_written(second.terminal.lines)
    assert written and 0 < written[0] < everything, (written, everything)  # not every page again


def test_serve_stopped_with_sigterm_removes_its_temporary_preview_folder(small_project, serve, tmp_path):
    (small_project / ".timeline-cache").write_text("")  # no cache folder possible: the preview goes to a temporary one
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    running = serve(small_project, "events/later/", "<h1", env={"TMPDIR": str(temporary)})
    assert [p.name[:len("timeline-serve-")] for p in temporary.iterdir()] == ["timeline-serve-"]
    stop(running.process)  # SIGTERM, as kill, docker stop and service managers send
    assert running.process.returncode == 0
    assert list(temporary.iterdir()) == []


def test_a_rebuild_that_fails_says_where_and_the_preview_goes_on(small_project, serve):
    theme = small_project / "my-theme"  # a theme whose event page fails for one title only
    shutil.copytree(REPO / "site_templates", theme)
    event_html = theme / "event.html"
    event_html.write_text(event_html.read_text().replace(
        "{% block meta %}", "{% block meta %}{% if 'Broken' in event.title %}{{ missing.attribute }}{% endif %}", 1))
    config = small_project / "mkdocs.yml"
    config.write_text("\n".join(f"  custom_dir: {theme}" if line.startswith("  custom_dir:") else line
                                for line in config.read_text().splitlines()) + "\n")
    running = serve(small_project, "events/later/", '<h1 dir="auto">A later event</h1>')
    event = small_project / "content" / "events" / "2016" / "later.yaml"
    good = event.read_text()

    before = running.terminal.mark()
    event.write_text(good.replace("A later event", "Broken event"))
    failure = wait_for(lambda: [line for line in running.terminal.since(before) if "still serving" in line],
                       "the failed rebuild in the terminal")
    assert "template error in my-theme/event.html:2: UndefinedError" in failure[0], failure
    assert not any("Traceback" in line for line in running.terminal.since(before))
    assert '<h1 dir="auto">A later event</h1>' in fetch(running.base + "events/later/")  # the last good page

    event.write_text(good.replace("A later event", "Mended event"))
    wait_for(lambda: '<h1 dir="auto">Mended event</h1>' in fetch(running.base + "events/later/"), "the next edit")


def test_the_preview_folder_is_held_by_one_serve_and_not_by_its_children(tmp_path):
    """A second serve gets a temporary folder while the first runs; once the first has stopped, a
    process it forked (the one writing exports) does not keep the next serve from the project's."""
    cache = tmp_path / ".timeline-cache"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import contextlib, sys, time; from pathlib import Path\n"
        "from generator.cache_folder import CacheFolder\n"
        "from generator.mkdocs_adapter.commands import _preview_dir\n"
        "with contextlib.ExitStack() as held:\n"
        f"    print(_preview_dir(CacheFolder(Path({str(cache)!r})), held), flush=True); time.sleep(60)\n")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == str(cache / "preview")
        with contextlib.ExitStack() as second:
            assert _preview_dir(CacheFolder(cache), second) != cache / "preview"
    finally:
        holder.kill()
        holder.wait()

    with contextlib.ExitStack() as first:
        assert _preview_dir(CacheFolder(cache), first) == cache / "preview"
        child = os.fork()
        if child == 0:  # like the background process of a serve that writes the exports
            time.sleep(30)
            os._exit(0)
    try:
        with contextlib.ExitStack() as next_serve:
            assert _preview_dir(CacheFolder(cache), next_serve) == cache / "preview"
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
