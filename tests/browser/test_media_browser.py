"""Media in Chromium: an event page with a photo, a YouTube video, an X post and a PDF
(tests/fixtures/media_site, its images drawn by tests/test_media_site.py's ``draw_media``).

Loading the page requests nothing from another site; the video's button puts the privacy-respecting
player in the page (the player's own request is intercepted and aborted: no network is needed);
without JavaScript the video is a plain link; axe-core finds nothing, of any impact; the photo is shown
from the responsive WebP files.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from conftest import axe_report, axe_findings, serve_folder
from generator.cli.main import main
from test_media_site import EVENT, media_project


VIDEO = "figure.media-youtube"
PLAYER_HOST = "www.youtube-nocookie.com"


@pytest.fixture(scope="module")
def media_url(tmp_path_factory, copy_project) -> Iterator[str]:
    """The media fixture, built and served on 127.0.0.1; the URL of its event page with every kind of media."""
    folder = tmp_path_factory.mktemp("media-browser")
    project = media_project(folder / "project", copy_project)
    assert main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(folder / "site")]) == 0
    with serve_folder(folder / "site") as url:
        yield f"{url}/events/{EVENT}/"


def host_of(url: str) -> str:
    return urlsplit(url).netloc


def stop_other_sites(page: Page, local_host: str) -> list[str]:
    """Abort every request that leaves the local server (so no test needs the network); returns their URLs."""
    stopped: list[str] = []

    def handle(route) -> None:
        if host_of(route.request.url) == local_host:
            route.continue_()
        else:
            stopped.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return stopped


def test_loading_the_page_requests_nothing_from_another_site(page: Page, media_url: str) -> None:
    local_host = host_of(media_url)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    stopped = stop_other_sites(page, local_host)
    page.goto(media_url, wait_until="networkidle")
    page.mouse.wheel(0, 5000)  # bring every lazy image into view
    page.wait_for_load_state("networkidle")
    assert stopped == []
    hosts = {host_of(url) for url in requests if not url.startswith(("data:", "blob:", "about:"))}
    assert hosts == {local_host}, requests
    assert any(url.endswith("/assets/media.js") for url in requests)
    assert any(url.endswith(".webp") for url in requests), "the photo comes from its WebP files"
    photo = page.locator("figure.media-local picture img")
    expect(photo).to_have_attribute("loading", "lazy")
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert photo.evaluate("img => img.currentSrc").endswith(".webp")


def test_the_play_button_puts_the_private_player_in_the_page(page: Page, media_url: str) -> None:
    stopped = stop_other_sites(page, host_of(media_url))
    page.goto(media_url, wait_until="networkidle")
    video = page.locator(VIDEO)
    expect(video.locator("iframe")).to_have_count(0)
    button = video.get_by_role("button", name=re.compile(r"^Play video\s*:\s*Fighters driving through the main square$"))
    expect(button).to_be_visible()
    assert stopped == []
    button.click()
    frame = video.locator("iframe")
    expect(frame).to_have_count(1)
    src = frame.get_attribute("src")
    assert src == f"https://{PLAYER_HOST}/embed/pi2v1m6gmD8?autoplay=1", src
    assert "allow-scripts" in frame.get_attribute("sandbox") and frame.get_attribute("title").startswith("YouTube video")
    expect(video.locator("[data-media-load]")).to_have_count(0)
    expect(video.locator(".media-title a")).to_have_attribute("href", "https://www.youtube.com/watch?v=pi2v1m6gmD8")
    for _ in range(100):  # the frame's own request, intercepted and aborted
        if stopped:
            break
        page.wait_for_timeout(50)
    assert stopped and all(host_of(url) == PLAYER_HOST for url in stopped), stopped  # the player, and only it
    # The post and the document never load anything: they are links.
    expect(page.locator("figure.media-twitter button, figure.media-pdf button")).to_have_count(0)


def test_without_javascript_the_video_is_a_plain_link(browser, media_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        stopped = stop_other_sites(page, host_of(media_url))
        page.goto(media_url, wait_until="networkidle")
        video = page.locator(VIDEO)
        expect(video.locator("button")).to_be_hidden()
        link = video.get_by_role("link", name="Fighters driving through the main square")
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", "https://www.youtube.com/watch?v=pi2v1m6gmD8")
        expect(page.locator("iframe")).to_have_count(0)
        expect(page.locator("figure.media-local img")).to_be_visible()
        assert stopped == []
    finally:
        context.close()


def test_axe_finds_nothing_on_a_page_with_media(page: Page, media_url: str, axe_path: Path) -> None:
    stop_other_sites(page, host_of(media_url))
    page.goto(media_url, wait_until="networkidle")
    found = axe_findings(page, axe_path)
    assert found == [], axe_report(found)


def test_the_listing_thumbnail_is_shown_small(page: Page, media_url: str) -> None:
    stop_other_sites(page, host_of(media_url))
    page.goto(media_url.split("/events/")[0] + "/", wait_until="networkidle")
    thumb = page.locator(f"#e-{EVENT} .event-thumb img")
    thumb.scroll_into_view_if_needed()
    expect(thumb).to_be_visible()
    box = thumb.bounding_box()
    assert box and box["width"] <= 130, box
    assert thumb.evaluate("img => img.complete && img.naturalWidth > 0")
