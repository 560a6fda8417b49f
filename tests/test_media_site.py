"""Media, end to end: an event's photos, video, post and document from the YAML through the build
to the pages, the listings, the feed, every export, and the live preview; importing TimelineJS
media; the image cache that spares a warm build all image work.

The fixture project is tests/fixtures/media_site; its images are drawn here (``draw_media``), none
is committed: a phone photo carrying EXIF GPS tags, a camera serial number, XMP and a comment, and a
video still (PNG) that carries a text chunk.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from bs4 import BeautifulSoup
from PIL import Image, PngImagePlugin

from generator.pipeline import images as images_module
from generator.pipeline.preview import PreviewState
from generator.pipeline.project import Project
from generator.pipeline.site_build import build_site, read_chronology
from generator.pipeline.site_images import site_images
from generator.chronology import build_chronology
from generator.cli.main import main
from generator.content.errors import ContentInvalid
from generator.content.reader import read_content
from generator.render.markdown import MarkdownRenderer
from generator.render.options import SiteOptions
from generator.render.structured_data import event_jsonld
from test_images import assert_no_metadata, phone_photo

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "media_site"
TEMPLATES = REPO / "site_templates"
SITE_URL = "https://example.org/media/"
EVENT = "city-falls"  # a photo, a YouTube video (with a local still as its thumbnail), an X post, a PDF
REMOTE_ONLY = "pictures-online"  # an image on another site only
PLAIN = "a-quiet-day"  # no media
STILL_TEXT = "Location: 36.7N 68.8E"


def draw_media(content: Path) -> None:
    """The fixture's images: the photo (3000 × 2000, EXIF GPS and more) and the video still (a PNG with a text chunk)."""
    media = content / "media"
    (media / "photos").mkdir(parents=True, exist_ok=True)
    (media / "stills").mkdir(parents=True, exist_ok=True)
    phone_photo(media / "photos" / "street.jpg")
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", STILL_TEXT)
    Image.new("RGB", (640, 360), (40, 90, 60)).save(media / "stills" / "square.png", pnginfo=info)


def media_project(folder: Path, copy_project) -> Path:
    project = copy_project(FIXTURE, folder)
    draw_media(project / "content")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory, copy_project) -> tuple[Path, Path]:
    """(project, site): the fixture built once for the module's read-only tests."""
    folder = tmp_path_factory.mktemp("media-site")
    project = media_project(folder / "project", copy_project)
    assert main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(folder / "site")]) == 0
    return project, folder / "site"


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built[1]


def soup_of(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def event_page(site: Path, event_id: str = EVENT) -> BeautifulSoup:
    return soup_of(site, f"events/{event_id}/index.html")


def local(site: Path, url: str, page: str) -> Path:
    """The file a relative URL on ``page`` (a path in the site) points at."""
    return (site / page).parent.joinpath(url).resolve()


# -- the event page -----------------------------------------------------------------------------


def test_a_local_photo_is_a_responsive_picture_with_caption_credit_and_a_full_size_link(site):
    page = event_page(site)
    section = page.select_one("section.event-media")
    assert section and section.h2.get_text() == "Media"
    figures = section.select("figure.media")
    assert [f["class"][-1] for f in figures] == ["media-local", "media-youtube", "media-twitter", "media-pdf"]
    photo = figures[0]
    webp = photo.select_one("picture > source[type='image/webp']")
    img = photo.select_one("picture > img")
    assert [c.split()[-1] for c in webp["srcset"].split(", ")] == ["480w", "960w", "1600w"]
    assert all(c.split()[0].endswith(".webp") for c in webp["srcset"].split(", "))
    assert all(c.split()[0].endswith(".jpg") for c in img["srcset"].split(", ")) and img["src"].endswith("-960.jpg")
    assert (img["width"], img["height"], img["loading"]) == ("3000", "2000", "lazy")
    assert img["alt"] == "Smoke rising over a street of low houses, seen from a rooftop"
    full = photo.select_one("a.media-full")["href"]
    assert full.endswith("-1600.jpg")
    for url in [full, img["src"], *(c.split()[0] for c in webp["srcset"].split(", ") + img["srcset"].split(", "))]:
        assert local(site, url, f"events/{EVENT}/index.html").is_file(), url
    caption = photo.figcaption
    assert caption.select_one(".media-caption").get_text() == "The main street on the morning of the attack."
    credit = caption.select_one(".media-credit")
    assert credit.a["href"] == "https://example.org/wire/photos/street" and credit.a.get_text() == "Photo: Jane Doe / Example Wire"
    assert credit.select_one("a[rel~=license]")["href"] == "https://creativecommons.org/licenses/by/4.0/"


def test_media_on_other_sites_are_cards_that_load_nothing_before_the_click(site):
    page = event_page(site)
    video, post, pdf = page.select("figure.media-remote")
    assert video["data-media-src"] == "https://www.youtube-nocookie.com/embed/pi2v1m6gmD8"
    assert video.select_one(".media-title a")["href"] == "https://www.youtube.com/watch?v=pi2v1m6gmD8"
    assert video.select_one("[data-media-load]").has_attr("hidden")  # the button appears only with JavaScript
    thumb = video.select_one("img.media-thumb")
    assert thumb["src"].startswith("../../media/square-") and thumb["alt"] == ""
    assert post.select_one(".media-title a")["href"] == "https://x.com/examplewire/status/648371958498275328"
    assert not post.has_attr("data-media-src") and post.select_one("button") is None
    assert pdf.select_one(".media-kind").get_text() == "PDF document"
    assert pdf.select_one(".media-title a")["href"] == "https://example.org/reports/town-report.pdf"
    # Nothing the page loads by itself is on another site: no iframe, and every src and srcset is the site's own.
    assert page.select("iframe, video, audio, embed, object") == []
    for element in page.select("[src], [srcset]"):
        for url in [element.get("src", "")] + [c.split()[0] for c in element.get("srcset", "").split(",") if c.strip()]:
            assert "://" not in url and not url.startswith("//"), (element.name, url)
    assert page.select_one("script[src$='assets/media.js']") is not None
    assert (site / "assets" / "media.js").is_file()


def test_pages_without_media_from_other_sites_load_no_media_script(site):
    assert event_page(site, PLAIN).select_one("section.event-media") is None
    assert event_page(site, PLAIN).select_one("script[src$='media.js']") is None
    remote_image = event_page(site, REMOTE_ONLY)
    assert remote_image.select_one("figure.media-image")["data-media-player"] == "image"  # shown on request
    assert remote_image.select_one("script[src$='media.js']") is not None


def test_open_graph_and_json_ld_name_the_image(site):
    page = event_page(site)
    meta = {m["property"]: m["content"] for m in page.select("meta[property^='og:image']")}
    assert meta["og:image"].startswith(SITE_URL + "media/street-") and meta["og:image"].endswith("-1600.jpg")
    assert (meta["og:image:width"], meta["og:image:height"], meta["og:image:type"]) == ("1600", "1067", "image/jpeg")
    assert meta["og:image:alt"].startswith("Smoke rising")
    assert page.select_one("meta[name='twitter:card']")["content"] == "summary_large_image"
    assert event_page(site, PLAIN).select("meta[property^='og:image']") == []
    data = json.loads(page.select_one("script[type='application/ld+json']").string)
    photo, still = data["image"]
    assert photo["@type"] == "ImageObject" and photo["url"] == meta["og:image"] == photo["contentUrl"]
    assert (photo["width"], photo["height"]) == (1600, 1067)
    assert photo["creditText"] == "Photo: Jane Doe / Example Wire"
    assert photo["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert still["url"].startswith(SITE_URL + "media/square-")
    remote = json.loads(event_page(site, REMOTE_ONLY).select_one("script[type='application/ld+json']").string)
    assert [i["url"] for i in remote["image"]] == ["https://example.org/pictures/town-after.jpg"]


def test_json_ld_without_a_site_url_links_images_from_the_page(built):
    project, _ = built
    chron = build_chronology(read_content(project / "content"))
    event = next(e for e in chron.events if e.id == EVENT)
    images = site_images(Project(project, project / "content", (TEMPLATES,), SiteOptions(site_name="x")), chron)
    data = event_jsonld(event, chron, MarkdownRenderer(), None, images, "../..")
    assert data["image"][0]["url"].startswith("../../media/street-")


# -- listings -------------------------------------------------------------------------------------


def test_listings_show_a_small_thumbnail(site):
    for path in ("index.html", "years/2015/index.html"):
        page = soup_of(site, path)
        card = page.select_one(f"li#e-{EVENT}")
        thumb = card.select_one("picture.event-thumb img")
        assert thumb is not None, path
        assert thumb["src"].endswith("-480.jpg") and thumb["loading"] == "lazy" and thumb["alt"] == ""
        assert (thumb["width"], thumb["height"]) == ("480", "320")
        assert card.select_one("picture.event-thumb source[type='image/webp']")["srcset"].endswith("-480.webp")
        assert local(site, thumb["src"], path).is_file()
        assert page.select_one(f"li#e-{PLAIN} .event-thumb") is None
        assert page.select_one(f"li#e-{REMOTE_ONLY} .event-thumb") is None  # nothing from other sites in listings


def test_index_pages_list_the_event_without_its_thumbnail(site):
    card = soup_of(site, "places/town/index.html").select_one(f"li#e-{EVENT}")  # compact: on many index pages
    assert card is not None and card.select_one(".event-thumb") is None


# -- published files ------------------------------------------------------------------------------


def test_published_images_carry_no_metadata_and_the_originals_are_not_published(site):
    published = sorted((site / "media").iterdir())
    assert {p.suffix for p in published} == {".webp", ".jpg"}
    assert len(published) == 6 + 4  # the photo: 3 widths × 2 formats; the 640-pixel still: 480 and 640
    for path in published:
        assert_no_metadata(path)  # EXIF (GPS, serial number), XMP, comments, colour profile
        assert STILL_TEXT.encode() not in path.read_bytes()
        with Image.open(path) as image:
            assert not image.getexif().get_ifd(0x8825), path  # no GPS
    every = [p.name for p in site.rglob("*")]
    assert "street.jpg" not in every and "square.png" not in every


# -- feed and exports -------------------------------------------------------------------------------


def test_the_feed_encloses_the_first_image(site):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(site / "feed.xml").getroot()
    entries = {e.find("a:id", ns).text.rstrip("/").rsplit("/", 1)[-1]: e for e in feed.findall("a:entry", ns)}
    (enclosure,) = entries[EVENT].findall("a:link[@rel='enclosure']", ns)
    assert enclosure.get("href").startswith(SITE_URL + "media/street-") and enclosure.get("type") == "image/jpeg"
    path = site / urlsplit(enclosure.get("href")).path.removeprefix("/media/")
    assert int(enclosure.get("length")) == path.stat().st_size
    assert entries[PLAIN].findall("a:link[@rel='enclosure']", ns) == []


def test_events_json_carries_every_entry_and_validates(site):
    data = json.loads((site / "events.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads((site / "events.schema.json").read_text(encoding="utf-8")))
    event = next(e for e in data["events"] if e["id"] == EVENT)
    photo, video, post, pdf = event["media"]
    assert photo["kind"] == "image" and photo["file"] == "photos/street.jpg"
    assert photo["url"].startswith(SITE_URL + "media/street-") and photo["url"].endswith("-1600.jpg")
    assert photo["thumbnail"].endswith("-480.jpg") and (photo["width"], photo["height"]) == (3000, 2000)
    assert photo["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert video["kind"] == "youtube" and video["category"] == "video" and video["file"] is None
    assert video["embed_url"] == "https://www.youtube-nocookie.com/embed/pi2v1m6gmD8"
    assert video["thumbnail"].startswith(SITE_URL + "media/square-")
    assert post["kind"] == "twitter" and post["url"] == "https://x.com/examplewire/status/648371958498275328"
    assert pdf["kind"] == "pdf" and pdf["caption"] == "The agency's report on the attack (PDF)."
    assert next(e for e in data["events"] if e["id"] == PLAIN)["media"] == []


def test_events_csv_has_a_media_column_of_urls_at_the_end(site):
    rows = list(csv.DictReader(io.StringIO((site / "events.csv").read_text(encoding="utf-8"))))
    assert list(rows[0])[-1] == "media"
    media = {row["id"]: row["media"].split("; ") if row["media"] else [] for row in rows}
    assert media[EVENT][0].startswith(SITE_URL + "media/street-") and media[EVENT][1:] == [
        "https://www.youtube.com/watch?v=pi2v1m6gmD8",
        "https://x.com/examplewire/status/648371958498275328",
        "https://example.org/reports/town-report.pdf",
    ]
    assert media[PLAIN] == [] and media[REMOTE_ONLY] == ["https://example.org/pictures/town-after.jpg"]


def test_timelinejs_export_has_a_media_object(site):
    slides = {s["unique_id"]: s for s in json.loads((site / "timeline.json").read_text(encoding="utf-8"))["events"]}
    media = slides[EVENT]["media"]
    assert media["url"].startswith(SITE_URL + "media/street-") and media["url"].endswith("-1600.jpg")
    assert media["thumbnail"].startswith(SITE_URL + "media/street-") and media["thumbnail"].endswith("-480.jpg")
    assert media["caption"] == "The main street on the morning of the attack."
    assert media["credit"] == "Photo: Jane Doe / Example Wire"
    assert media["alt"].startswith("Smoke rising") and media["link"] == "https://example.org/wire/photos/street"
    assert slides[REMOTE_ONLY]["media"] == {"url": "https://example.org/pictures/town-after.jpg", "credit": "Unknown",
                                            "alt": "A burnt-out car in front of the town hall"}
    assert "media" not in slides[PLAIN]


def test_timeline_export_command_links_published_images(built, run_cli, tmp_path):
    project, site = built
    result = run_cli(["export", "--format", "json", "-f", project / "mkdocs.yml", "-o", tmp_path / "events.json"])
    assert result.code == 0, result.err
    exported = json.loads((tmp_path / "events.json").read_text(encoding="utf-8"))
    built_json = json.loads((site / "events.json").read_text(encoding="utf-8"))
    assert exported["events"] == built_json["events"]


# -- the image cache ----------------------------------------------------------------------------------


def test_a_warm_build_does_no_image_work_and_writes_the_same_site(tmp_path, copy_project, spy, site_files):
    project = media_project(tmp_path / "project", copy_project)
    decoded = spy(images_module, "_open")  # every decode of an image to make its variants
    made = spy(images_module, "_make_variants")
    assert main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "cold")]) == 0
    assert len(decoded) == len(made) == 2  # the photo and the still, once each
    assert sorted(p.name for p in (project / ".timeline-cache" / "images").rglob("image.json")) == ["image.json"] * 2
    decoded.clear(), made.clear()
    opened = spy(Image, "open")
    assert main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "warm")]) == 0
    assert decoded == [] and made == []
    assert [c for c in opened if "media" in str(c.args[0])] == []  # not even to check them: this process checked these very files already
    assert site_files(tmp_path / "warm") == site_files(tmp_path / "cold")


def test_a_changed_photo_gets_new_urls_everywhere(tmp_path, copy_project):
    project = media_project(tmp_path / "project", copy_project)
    config = str(project / "mkdocs.yml")
    assert main(["build", "-f", config]) == 0  # into project/site, so that the next build reuses pages
    site = project / "site"
    before = soup_of(site, f"events/{EVENT}/index.html").select_one("a.media-full")["href"]
    Image.new("RGB", (1200, 800), (200, 10, 10)).save(project / "content" / "media" / "photos" / "street.jpg")
    assert main(["build", "-f", config]) == 0
    after = soup_of(site, f"events/{EVENT}/index.html").select_one("a.media-full")["href"]
    assert after != before and after.endswith("-1200.jpg")
    assert local(site, after, f"events/{EVENT}/index.html").is_file()
    thumb = soup_of(site, "index.html").select_one(f"li#e-{EVENT} .event-thumb img")["src"]
    assert thumb.removeprefix("./") == "media/" + Path(after).name.replace("-1200.jpg", "-480.jpg")
    assert "1200.jpg" in json.loads((site / "events.json").read_text(encoding="utf-8"))["events"][1]["media"][0]["url"]


# -- validation and the live preview ----------------------------------------------------------------


def test_check_names_a_missing_image_at_the_event(tmp_path, copy_project, run_cli):
    project = media_project(tmp_path / "project", copy_project)
    (project / "content" / "media" / "stills" / "square.png").unlink()
    result = run_cli(["check", project / "content"])
    assert result.code == 1
    assert "events/2015/city-falls.yaml:22:16: 'stills/square.png' is not in content/media/" in result.out + result.err


def test_the_live_preview_checks_events_again_when_a_media_file_changes(tmp_path, copy_project):
    project = media_project(tmp_path / "project", copy_project)
    options = SiteOptions(site_name="Media", site_url=SITE_URL)
    source = Project(project, project / "content", (TEMPLATES,), options, history="off")
    preview = PreviewState(source)
    site = tmp_path / "served"
    build_site(source, site, preview=preview, search=False)
    preview.stop()
    still = project / "content" / "media" / "stills" / "square.png"
    moved = still.with_name("moved.png")
    still.rename(moved)  # the event file is unchanged; the image it names is gone
    with pytest.raises(ContentInvalid) as failed:
        read_chronology(source, preview)
    assert "'stills/square.png' is not in content/media/" in str(failed.value.errors[0])
    moved.rename(still)
    read_chronology(source, preview)
    Image.new("RGB", (800, 450), (0, 0, 200)).save(still)  # a new still under the same name
    assert build_site(source, site, preview=preview, search=False).written >= 1
    preview.stop()
    html = (site / "events" / EVENT / "index.html").read_text(encoding="utf-8")
    thumb = BeautifulSoup(html, "html.parser").select_one("img.media-thumb")["src"]
    assert (site / "events" / EVENT / thumb).resolve().is_file()
    with Image.open((site / "events" / EVENT / thumb).resolve()) as image:
        assert image.convert("RGB").getpixel((5, 5))[2] > 150  # the new, blue still


# -- importing TimelineJS media ----------------------------------------------------------------------

TIMELINEJS3 = {
    "title": {"text": {"headline": "Media from TimelineJS", "text": "<p>Slides with media.</p>"}},
    "events": [
        {"start_date": {"year": "2015", "month": "9", "day": "28"},
         "text": {"headline": "A photo on another site", "text": "<p>Smoke over the city.</p>"},
         "media": {"url": "https://example.org/photos/smoke.jpg", "caption": "Smoke over <i>the city</i>",
                   "credit": "<a href='https://example.org/agency'>Agency</a>"}},
        {"start_date": {"year": "2015", "month": "9", "day": "29"},
         "text": {"headline": "A video of the square", "text": "<p>Fighters in the square.</p>"},
         "media": {"url": "//www.youtube.com/watch?v=pi2v1m6gmD8", "caption": "The square", "credit": "AP",
                   "thumbnail": "https://i.ytimg.com/vi/pi2v1m6gmD8/default.jpg"}},
        {"start_date": {"year": "2015", "month": "9", "day": "30"},
         "text": {"headline": "The governor's post", "text": "<p>The governor wrote.</p>"},
         "media": {"url": '<blockquote class="twitter-tweet"><p>The city is calm</p>&mdash; Governor '
                          '(@governor) <a href="https://twitter.com/hashtag/kunduz">#kunduz</a> '
                          '<a href="https://twitter.com/governor/status/648371958498275328">28 September 2015</a>'
                          '</blockquote>'}},
        {"start_date": {"year": "2015", "month": "10", "day": "1"},
         "text": {"headline": "A picture without words", "text": "<p>No caption.</p>"},
         "media": {"url": "https://example.org/photos/no-words.png"}},
        {"start_date": {"year": "2015", "month": "10", "day": "2"},
         "text": {"headline": "A local file", "text": "<p>Not on the web.</p>"},
         "media": {"url": "images/local.jpg"}},
    ],
}


def test_timelinejs_media_is_imported_checked_and_shown(tmp_path, copy_project, run_cli):
    project = media_project(tmp_path / "project", copy_project)
    source = tmp_path / "media.json"
    source.write_text(json.dumps(TIMELINEJS3), encoding="utf-8")
    result = run_cli(["import", "timelinejs", source, "--into", project / "content"])
    assert result.code == 0, result.err
    assert [line.removeprefix("not carried over: ") for line in result.err.splitlines() if "media.json: " in line] == [
        "media.json: event 2 (\"A video of the square\"): media thumbnail https://i.ytimg.com/vi/pi2v1m6gmD8/default.jpg "
        "not imported: thumbnails are images under content/media/ (nothing is loaded from other sites before the reader asks)",
        "media.json: event 4 (\"A picture without words\"): media https://example.org/photos/no-words.png has no alt "
        "text or caption; its alt text is the headline: describe the image instead",
        "media.json: event 5 (\"A local file\"): media images/local.jpg is not an http(s) URL; not imported (put an "
        "image file in content/media/ and add it with 'file:')",
    ]
    photo_file = project / "content" / "events" / "2015" / "a-photo-on-another-site.yaml"
    assert photo_file.read_text(encoding="utf-8").endswith(
        'media:\n  - url: "https://example.org/photos/smoke.jpg"\n    alt: "Smoke over the city"\n'
        '    caption: "Smoke over the city"\n    credit: "Agency"\n    link: "https://example.org/agency"\n')
    assert run_cli(["check", project / "content"]).code == 0
    assert main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "site")]) == 0
    site = tmp_path / "site"
    photo = event_page(site, "a-photo-on-another-site").select_one("figure.media-image")
    assert photo["data-media-src"] == "https://example.org/photos/smoke.jpg" and photo["data-media-player"] == "image"
    assert photo.select_one(".media-title a").get_text() == "Smoke over the city"
    assert photo.select_one(".media-credit a")["href"] == "https://example.org/agency"
    video = event_page(site, "a-video-of-the-square").select_one("figure.media-youtube")
    assert video["data-media-src"] == "https://www.youtube-nocookie.com/embed/pi2v1m6gmD8"
    post = event_page(site, "the-governor-s-post").select_one("figure.media-twitter")
    assert post.select_one(".media-title a")["href"] == "https://twitter.com/governor/status/648371958498275328"
    words = event_page(site, "a-picture-without-words").select_one("figure.media-image")
    assert words["data-media-alt"] == "A picture without words"
    assert event_page(site, "a-local-file").select_one("figure.media") is None


def test_the_timelinejs_sheet_carries_media_and_alt_text(tmp_path, copy_project, run_cli):
    project = media_project(tmp_path / "project", copy_project)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Year,Month,Day,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Alt Text\n"
        "2015,9,28,Sheet photo,<p>A photo.</p>,https://example.org/p.jpg,AP,The caption,,Fighters on a pickup truck\n",
        encoding="utf-8")
    assert run_cli(["import", "sheet", sheet, "--into", project / "content"]).code == 0
    text = (project / "content" / "events" / "2015" / "sheet-photo.yaml").read_text(encoding="utf-8")
    assert 'alt: "Fighters on a pickup truck"' in text and 'caption: "The caption"' in text
    assert run_cli(["check", project / "content"]).code == 0


# -- the scaffold -------------------------------------------------------------------------------------


def test_a_new_event_file_shows_how_to_add_media(tmp_path, copy_project, run_cli):
    project = media_project(tmp_path / "project", copy_project)
    result = run_cli(["new", "--content-dir", project / "content", "--date", "2015-10-01",
                      "--title", "Something happened", "--source", "wire"])
    assert result.code == 0, result.err
    text = (project / "content" / "events" / "2015" / "something-happened.yaml").read_text(encoding="utf-8")
    assert "# media:" in text and "#   - file: photos/example.jpg" in text and "#     alt: " in text
    assert run_cli(["check", project / "content"]).code == 0


# -- timeline diff ------------------------------------------------------------------------------------


def test_timeline_diff_says_which_media_changed(tmp_path, monkeypatch):
    from generator.editorial.diff import diff_revisions, format_text
    from gitrepo import Repo

    (tmp_path / "home").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "home" / "gitconfig"))
    repo = Repo(tmp_path / "site", tmp_path / "home")
    event = ('date: "2015-09-28"\ntitle: A video\nsummary: A video was shared.\nsources:\n  - source: wire\n'
             "media:\n  - url: https://www.youtube.com/watch?v=pi2v1m6gmD8\n    caption: The square\n")
    repo.write("content/sources/wire.yaml", "title: Wire report\n")
    repo.write("content/events/2015/a-video.yaml", event)
    repo.commit("First")
    repo.write("content/events/2015/a-video.yaml", event.replace("The square", "The main square")
               + "  - file: photos/square.jpg\n    alt: The square at noon\n")
    assert format_text(diff_revisions(repo.root, Path("content"))).strip().split("; ") == [
        "changed event a-video: changed media https://www.youtube.com/watch?v=pi2v1m6gmD8: caption The square → The main square",
        "added media photos/square.jpg",
    ]
