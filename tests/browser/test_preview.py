"""`timeline serve` in Chromium: an open page reloads by itself once an edit is rebuilt, and shows
content errors over the last good page."""

from __future__ import annotations

import time


def test_an_open_page_reloads_itself_after_an_edit(small_project, serve, page):
    running = serve(small_project, "events/later/", "<h1")
    page.goto(running.base + "events/later/")
    assert page.locator("h1").inner_text() == "A later event"
    page.evaluate("window.notReloaded = true")  # gone once the page has reloaded
    page.wait_for_timeout(300)  # the page's long poll is waiting

    event = small_project / "content" / "events" / "2016" / "later.yaml"
    event.write_text(event.read_text().replace("A later event", "A renamed event"))
    started = time.monotonic()
    page.wait_for_function("() => document.querySelector('h1').textContent === 'A renamed event'", timeout=20_000)
    assert page.evaluate("window.notReloaded === undefined")
    assert time.monotonic() - started < 10


def test_content_errors_show_over_the_open_page_without_a_reload(small_project, serve, page):
    running = serve(small_project, "events/later/", "<h1")
    page.goto(running.base + "events/later/")
    page.evaluate("window.notReloaded = true")
    page.wait_for_timeout(300)

    event = small_project / "content" / "events" / "2016" / "later.yaml"
    good = event.read_text()
    event.write_text("date: 2016-02-30\n")
    alert = page.get_by_role("alert")
    alert.wait_for(timeout=20_000)
    assert "February 2016 has no day 30" in alert.inner_text()
    assert page.evaluate("window.notReloaded === true")  # the last good page stays, under the errors
    assert page.locator("h1").inner_text() == "A later event"

    event.write_text(good)
    page.wait_for_function("() => window.notReloaded === undefined", timeout=20_000)  # fixed: the page reloads
    assert page.get_by_role("alert").count() == 0
