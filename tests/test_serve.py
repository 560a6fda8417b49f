"""`timeline serve`: a real preview server on loopback, edited while it runs."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SMALL = REPO / "tests" / "fixtures" / "site_small"
DEADLINE = 30  # seconds to wait for a rebuild on a loaded CI machine; not a performance bound


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(check, what: str):
    end = time.monotonic() + DEADLINE
    last = None
    while time.monotonic() < end:
        try:
            last = check()
            if last:
                return last
        except OSError as exc:
            last = exc
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what} (last: {last!r})")


@pytest.fixture
def served(small_project):
    project = small_project
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}/timeline/"
    try:
        wait_for(lambda: "<h1>" in fetch(base + "events/later/"), "the first build")
        yield project, base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_an_edited_event_shows_up_in_the_preview(served):
    project, base = served
    event = project / "content" / "events" / "2016" / "later.yaml"
    event.write_text(event.read_text().replace("A later event", "A renamed event"))
    wait_for(lambda: "<h1>A renamed event</h1>" in fetch(base + "events/later/"), "the edited title")
    assert "A renamed event" in fetch(base)  # listings follow too


def test_content_errors_show_in_the_page_and_the_last_good_site_stays(served):
    project, base = served
    event = project / "content" / "events" / "2016" / "later.yaml"
    good = event.read_text()
    event.write_text("date: 2016-02-30\n")
    status = wait_for(lambda: json.loads(fetch(base + "_timeline/status.json"))["errors"], "the error report")
    assert "content/events/2016/later.yaml:1:7: '2016-02-30': February 2016 has no day 30" in status
    assert "<h1>A later event</h1>" in fetch(base + "events/later/")
    assert "serve-status.js" in fetch(base + "events/later/")
    event.write_text(good)
    wait_for(lambda: json.loads(fetch(base + "_timeline/status.json"))["errors"] == [], "the errors to clear")


def test_a_new_event_gets_a_page_and_a_deleted_one_goes(served):
    project, base = served
    new = project / "content" / "events" / "2016" / "brand-new.yaml"
    new.write_text("date: 2016-03-01\ntitle: Brand new\nsummary: New.\nsources:\n  - source: paper\n")
    wait_for(lambda: "<h1>Brand new</h1>" in fetch(base + "events/brand-new/"), "the new event's page")
    new.unlink()

    def gone() -> bool:
        try:
            fetch(base + "events/brand-new/")
        except urllib.error.HTTPError as exc:
            return exc.code == 404
        return False

    wait_for(gone, "the deleted event's page to go")
