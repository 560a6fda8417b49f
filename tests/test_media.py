"""Event media: URL kinds (content/media_providers.py), the `media` field's validation
(content/media.py) and the partial that renders one entry (partials/media.html)."""

from __future__ import annotations

import io
import json
import os
import pickle
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from generator.pipeline.images import process_image
from generator.content import media_files
from generator.content.fields import INVALID, FieldSpec, Record, Text
from generator.content.yaml_nodes import Mapping, parse_bytes
from generator.content.media import ALT_REQUIRED, Media, MediaList, license_url, media_root, media_schema, validate_media
from generator.render.environment import make_environment
from generator.content.media_kinds import IFRAME_SANDBOX, IMAGE, KIND_NAMES, LINK, MediaKind
from generator.content.media_providers import media_kind

REPO = Path(__file__).resolve().parent.parent


# --- URL -> kind ----------------------------------------------------------------------------------

NOCOOKIE = "https://www.youtube-nocookie.com/embed/"

KINDS = [
    # (url, kind name, embed URL or None)
    # TimelineJS 3's own test cases (src/js/media/__tests__/MediaType.test.js), where we agree:
    ("https://www.youtube.com/watch?v=pi2v1m6gmD8&t=5m21s", "youtube", NOCOOKIE + "pi2v1m6gmD8?start=321"),
    ("//www.youtube.com/watch?v=pi2v1m6gmD8", "youtube", NOCOOKIE + "pi2v1m6gmD8"),
    ("youtu.be/pi2v1m6gmD8", "youtube", NOCOOKIE + "pi2v1m6gmD8"),
    ("http://vimeo.com/20839673", "vimeo", "https://player.vimeo.com/video/20839673?dnt=1"),
    ("http://www.dailymotion.com/video/x2fo0e8_the-history-of-advertising-in-60-seconds_lifestyle", "dailymotion",
     "https://www.dailymotion.com/embed/video/x2fo0e8"),
    ("https://soundcloud.com/usher-raymond-music/usher-i-dont-mind-feat-juicy-j", "soundcloud",
     "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fusher-raymond-music%2F"
     "usher-i-dont-mind-feat-juicy-j&visual=false&show_comments=false"),
    ("https://twitter.com/NASASpaceflight/status/562327074384654336", "twitter", None),
    ("https://www.google.com/maps/@42.032147,-87.6689625,15z", "googlemaps",
     "https://maps.google.com/maps?q=42.032147,-87.6689625&z=15&output=embed"),
    ("https://www.google.com/maps/search/target/@41.8747339,-87.6481257,13z?hl=en-US", "googlemaps",
     "https://maps.google.com/maps?q=target&ll=41.8747339,-87.6481257&z=13&output=embed"),
    ("https://www.google.com/maps/place/Northwestern+University/@42.056459,-87.675267,17z/data=!3m1!4b1", "googlemaps",
     "https://maps.google.com/maps?q=Northwestern%20University&ll=42.056459,-87.675267&z=17&output=embed"),
    ("http://instagram.com/p/ymwL5JAsw5/", "instagram", None),
    ("https://www.flickr.com/photos/critterseeker/16420145375", "flickr", None),
    ("https://flic.kr/p/u7SSxw", "flickr", None),
    ("https://www.documentcloud.org/documents/1377371-folketinget.html", "documentcloud",
     "https://embed.documentcloud.org/documents/1377371-folketinget/?embed=1"),
    ("http://www.kidzone.ws/images-changed/sharks/head.jpg", "image", "http://www.kidzone.ws/images-changed/sharks/head.jpg"),
    ("http://pngimg.com/upload/banana_PNG842.png", "image", "http://pngimg.com/upload/banana_PNG842.png"),
    ("http://upload.wikimedia.org/wikipedia/commons/c/c2/Rocky_Mountains.jpeg", "image",
     "http://upload.wikimedia.org/wikipedia/commons/c/c2/Rocky_Mountains.jpeg"),
    ("https://docs.google.com/document/d/1RvKYxHuwweIP8zRrnjad/edit?usp=sharing", "googledocs", None),
    ("http://stlab.adobe.com/wiki/images/d/d3/Test.pdf", "pdf", None),
    ("https://en.wikipedia.org/wiki/1997_International_Tennis_Championships_%E2%80%93_Doubles", "wikipedia", None),
    ("https://play.spotify.com/track/5SdB3onMcO9ZBoKrdvCqhR", "spotify", "https://open.spotify.com/embed/track/5SdB3onMcO9ZBoKrdvCqhR"),
    ("https://commons.wikimedia.org/wiki/File:Hyperspace_Mountain_(27766070223).jpg", "wikimedia", None),
    # YouTube forms
    ("https://youtube.com/shorts/pi2v1m6gmD8?feature=share", "youtube", NOCOOKIE + "pi2v1m6gmD8"),
    ("https://www.youtube.com/embed/pi2v1m6gmD8?start=30", "youtube", NOCOOKIE + "pi2v1m6gmD8?start=30"),
    ("https://m.youtube.com/watch?feature=share&v=pi2v1m6gmD8", "youtube", NOCOOKIE + "pi2v1m6gmD8"),
    ("https://www.youtube.com/live/pi2v1m6gmD8", "youtube", NOCOOKIE + "pi2v1m6gmD8"),
    ("https://youtu.be/pi2v1m6gmD8?t=90", "youtube", NOCOOKIE + "pi2v1m6gmD8?start=90"),
    ("https://www.youtube.com/watch?v=pi2v1m6gmD8&t=1h2m3s", "youtube", NOCOOKIE + "pi2v1m6gmD8?start=3723"),
    ("https://www.youtube-nocookie.com/embed/pi2v1m6gmD8", "youtube", NOCOOKIE + "pi2v1m6gmD8"),
    ("https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG", "youtube",
     NOCOOKIE + "videoseries?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG"),
    ("https://www.youtube.com/@channel", "youtube", None),
    ("https://www.youtube.com/watch?v=tooshort", "youtube", None),
    ("https://www.youtube.com/watch?v=pi2v1m6gmD8%22onload", "youtube", None),
    # Vimeo forms
    ("https://vimeo.com/channels/staffpicks/123456789", "vimeo", "https://player.vimeo.com/video/123456789?dnt=1"),
    ("https://vimeo.com/groups/shortfilms/videos/123456789", "vimeo", "https://player.vimeo.com/video/123456789?dnt=1"),
    ("https://player.vimeo.com/video/123456789?h=abcdef1234", "vimeo", "https://player.vimeo.com/video/123456789?dnt=1&h=abcdef1234"),
    ("https://vimeo.com/123456789/abcdef1234", "vimeo", "https://player.vimeo.com/video/123456789?dnt=1&h=abcdef1234"),
    ("https://vimeo.com/someone", "vimeo", None),
    # Dailymotion forms
    ("https://dai.ly/x8abc12", "dailymotion", "https://www.dailymotion.com/embed/video/x8abc12"),
    ("https://www.dailymotion.com/embed/video/x8abc12", "dailymotion", "https://www.dailymotion.com/embed/video/x8abc12"),
    # posts: a link card, never an embed
    ("https://x.com/someone/status/1700000000000000000", "twitter", None),
    ("https://mobile.twitter.com/someone/status/1700000000000000000?s=20", "twitter", None),
    ("https://bsky.app/profile/someone.bsky.social/post/3kxyzabc2", "bluesky", None),
    ("https://www.instagram.com/reel/C1a2B3c4D5e/", "instagram", None),
    ("https://www.instagram.com/p/C1a2B3c4D5e/?img_index=1", "instagram", None),
    # TikTok: the official embed player
    ("https://www.tiktok.com/@scout2015/video/6718335390845095173", "tiktok", "https://www.tiktok.com/player/v1/6718335390845095173"),
    ("https://vm.tiktok.com/ZMabcdef/", "tiktok", None),
    # Spotify forms
    ("https://open.spotify.com/intl-de/album/4aawyAB9vmqN3uQ7FjRGTy?si=abc", "spotify",
     "https://open.spotify.com/embed/album/4aawyAB9vmqN3uQ7FjRGTy"),
    ("https://open.spotify.com/episode/4aawyAB9vmqN3uQ7FjRGTy", "spotify", "https://open.spotify.com/embed/episode/4aawyAB9vmqN3uQ7FjRGTy"),
    ("https://open.spotify.com/user/someone/playlist/4aawyAB9vmqN3uQ7FjRGTy", "spotify",
     "https://open.spotify.com/embed/playlist/4aawyAB9vmqN3uQ7FjRGTy"),
    # Wikipedia: any language, mobile, an image in an article's viewer
    ("https://de.m.wikipedia.org/wiki/Kundus", "wikipedia", None),
    ("https://de.wikipedia.org/wiki/Beryllium#/media/Datei:Beryl.jpg", "wikipedia", None),
    ("https://en.wikipedia.org/wiki/File:Kunduz.jpg", "wikipedia", None),
    # media files by extension (the path's, not the query's)
    ("https://example.org/clip.MP4", "video", "https://example.org/clip.MP4"),
    ("https://example.org/clip.webm?download=1", "video", "https://example.org/clip.webm?download=1"),
    ("https://example.org/clip.ogv", "video", "https://example.org/clip.ogv"),
    ("https://example.org/interview.mp3", "audio", "https://example.org/interview.mp3"),
    ("https://example.org/interview.ogg", "audio", "https://example.org/interview.ogg"),
    ("https://example.org/interview.wav", "audio", "https://example.org/interview.wav"),
    ("https://example.org/interview.m4a", "audio", "https://example.org/interview.m4a"),
    ("https://example.org/map.svg", "image", "https://example.org/map.svg"),
    ("https://example.org/photo.webp", "image", "https://example.org/photo.webp"),
    ("https://example.org/report.pdf#page=3", "pdf", None),
    ("https://example.org/page?file=photo.jpg", "link", None),
    # anything else is a link, matched on the host only
    ("https://example.org/?next=https://youtube.com/watch?v=pi2v1m6gmD8", "link", None),
    ("https://notyoutube.com/watch?v=pi2v1m6gmD8", "link", None),
    ("https://youtube.com.evil.example/watch?v=pi2v1m6gmD8", "link", None),
    ("https://x.com/someone", "twitter", None),
    ("https://www.reuters.com/world/asia-pacific/article", "link", None),
    ("javascript:alert(1)", "link", None),
    ("ftp://example.org/clip.mp4", "link", None),
    ("", "link", None),
    ("http://[::1", "link", None),
]


@pytest.mark.parametrize(("url", "name", "embed"), KINDS)
def test_media_kind_recognises_urls_and_their_private_embeds(url, name, embed):
    kind = media_kind(url)
    assert (kind.name, kind.embed_url) == (name, embed)
    assert kind.name in KIND_NAMES
    assert kind.label
    if embed is None:
        assert kind.player is None and kind.loads_from is None
    else:
        assert kind.player in ("iframe", "video", "audio", "image")
        assert urlsplit(embed).scheme in ("http", "https")


def test_labels_and_categories_readers_see():
    assert media_kind("https://youtu.be/pi2v1m6gmD8").label == "YouTube video"
    assert media_kind("https://vimeo.com/1234567").label == "Vimeo video"
    assert media_kind("https://x.com/a/status/1").label == "Post on X (Twitter)"
    assert media_kind("https://bsky.app/profile/a.b/post/3k").label == "Bluesky post"
    assert media_kind("https://en.wikipedia.org/wiki/Kunduz").label == "Wikipedia article"
    assert media_kind("https://example.org/x.pdf").label == "PDF document"
    assert media_kind("https://example.org/").label == "Web page"
    assert {media_kind(u).category for u in ("https://x.com/a/status/1", "https://bsky.app/profile/a/post/b",
                                             "https://instagram.com/p/abc/")} == {"post"}
    assert media_kind("https://soundcloud.com/a/b").category == "audio"
    assert media_kind("https://youtu.be/pi2v1m6gmD8").category == "video"


def test_players_allow_little_and_are_sandboxed():
    video = media_kind("https://youtu.be/pi2v1m6gmD8")
    assert video.allow == "autoplay; fullscreen; picture-in-picture"
    assert video.sandbox == IFRAME_SANDBOX and "allow-top-navigation" not in IFRAME_SANDBOX
    assert video.loads_from == "www.youtube-nocookie.com"
    assert video.autoplay == "autoplay=1" and "autoplay" not in video.embed_url  # added only on the reader's click
    assert media_kind("https://soundcloud.com/a/b").allow == "autoplay"
    assert media_kind("https://www.documentcloud.org/documents/1-x.html").allow == ""
    assert media_kind("https://example.org/clip.mp4").sandbox == ""  # a native <video>, not a frame
    shorts = media_kind("https://youtube.com/shorts/pi2v1m6gmD8")
    assert shorts.aspect_ratio == "9 / 16"
    assert media_kind("https://open.spotify.com/track/4aawyAB9vmqN3uQ7FjRGTy").frame_height == 152


def test_every_embed_is_https_and_escapes_nothing():
    for url, _, embed in KINDS:
        kind = media_kind(url)
        if kind.player == "iframe":
            assert kind.embed_url.startswith("https://"), url
            assert not any(c in kind.embed_url for c in "\"'<> "), url


def test_media_kind_never_raises():
    for junk in ("http://", "https://:80", "https://exa mple.org/", "http://[::1]/x.jpg", "%", "youtube"):
        assert isinstance(media_kind(junk), MediaKind)
    assert media_kind("not a url") == LINK


# --- validation ----------------------------------------------------------------------------------

def jpeg_bytes(size=(64, 48), color=(200, 80, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", quality=90)
    return out.getvalue()


def png_bytes(size=(32, 32), mode="RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content folder with content/media/ holding a few images."""
    root = tmp_path / "content"
    (root / "media" / "photos").mkdir(parents=True)
    (root / "media" / "photos" / "hospital.jpg").write_bytes(jpeg_bytes())
    (root / "media" / "Ward.PNG").write_bytes(png_bytes())
    (root / "media" / "still.png").write_bytes(png_bytes())
    return root


def media_node(yaml_text: str):
    """The `media` node of an event file written as ``yaml_text`` (shown as events/e.yaml)."""
    errors = []
    root = parse_bytes(yaml_text.encode(), "events/e.yaml", errors)
    assert not errors and isinstance(root, Mapping)
    return dict((k.text, v) for k, v in root.items)["media"]


def check(yaml_text: str, content_dir: Path | None):
    errors = []
    result = validate_media(media_node(yaml_text), content_dir, errors)
    return result, [str(e) for e in errors]


def test_a_local_image_and_urls_become_media(content):
    result, errors = check(
        "media:\n"
        "  - file: ./photos//hospital.jpg\n"
        "    alt: The hospital's east wing\n"
        "    caption: After the assault\n"
        "    credit: Jane Doe / Agency\n"
        "    license: CC BY-SA 4.0\n"
        "    link: https://example.org/photos/1\n"
        "  - url: https://www.youtube.com/watch?v=pi2v1m6gmD8\n"
        "    caption: Footage from the city\n"
        "    thumbnail: still.png\n"
        "  - url: https://bsky.app/profile/a.bsky.social/post/3kabc\n",
        content,
    )
    assert errors == []
    image, video, post = result
    assert image == Media(file="photos/hospital.jpg", alt="The hospital's east wing", caption="After the assault",
                          credit="Jane Doe / Agency", license="CC BY-SA 4.0", link="https://example.org/photos/1",
                          kind=IMAGE)
    assert image.is_local and image.is_image
    assert image.license_url == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert video.kind.name == "youtube" and video.thumbnail == "still.png" and video.alt is None
    assert video.host == "youtube.com" and not video.is_local
    assert post.kind.name == "bluesky" and post.kind.embed_url is None
    assert pickle.loads(pickle.dumps(result)) == result  # the parallel read sends events between processes
    assert hash(result)


def test_alt_is_required_for_images_and_says_why(content):
    _, errors = check("media:\n  - file: photos/hospital.jpg\n    caption: x\n", content)
    assert errors == [f"events/e.yaml:2:5: media entry is missing 'alt': {ALT_REQUIRED}; "
                      "describe what the image shows, e.g. alt: Smoke rising over the hospital's east wing"]
    _, errors = check("media:\n  - url: https://example.org/photo.jpg\n", content)
    assert len(errors) == 1 and "alt text is required for images: it is what screen-reader users hear" in errors[0]
    _, errors = check("media:\n  - file: photos/hospital.jpg\n    alt: \"\"\n", content)
    assert errors == ["events/e.yaml:3:10: text is empty"]
    result, errors = check("media:\n  - url: https://youtu.be/pi2v1m6gmD8\n", content)
    assert errors == [] and result[0].alt is None  # a video card's link text comes from its kind and site


@pytest.mark.parametrize(("value", "message"), [
    ("photos/hospitl.jpg", "'photos/hospitl.jpg' is not in content/media/; did you mean 'hospital.jpg'?"),
    ("media/photos/hospital.jpg", "'media/photos/hospital.jpg' is not in content/media/; paths are relative to "
                                  "content/media/: write 'photos/hospital.jpg'"),
    ("ward.png", "'ward.png' is not in content/media/; the file is spelled 'Ward.PNG' (names are case-sensitive)"),
    ("nowhere/x.jpg", "'nowhere/x.jpg' is not in content/media/"),
    ("../secret.jpg", "'../secret.jpg' leaves content/media/ ('..'); media files must be inside content/media/"),
    ("photos/../../events/e.yaml", "leaves content/media/ ('..')"),
    ("/etc/passwd", "'/etc/passwd' is an absolute path; write the path under content/media/, e.g. photos/hospital.jpg"),
    ("C:/photos/x.jpg", "is an absolute path"),
    ("photos\\hospital.jpg", "contains a backslash; write paths with forward slashes"),
    ("https://example.org/x.jpg", "is a URL; use 'url:' for media on the web"),
    ("photos", "'photos' is a folder, not an image file"),
])
def test_bad_file_paths_are_errors_at_the_value(content, value, message):
    _, errors = check(f"media:\n  - alt: A photo\n    file: {json.dumps(value)}\n", content)
    assert len(errors) == 1
    assert errors[0].startswith("events/e.yaml:3:11: ") and message in errors[0]


def test_a_symbolic_link_out_of_the_media_folder_is_an_error(content, tmp_path):
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(jpeg_bytes())
    (content / "media" / "out.jpg").symlink_to(outside)
    (content / "media" / "inside.jpg").symlink_to(content / "media" / "photos" / "hospital.jpg")
    (content / "media" / "loop.jpg").symlink_to(content / "media" / "loop.jpg")
    _, errors = check("media:\n  - file: out.jpg\n    alt: x\n", content)
    assert errors == ["events/e.yaml:2:11: 'out.jpg' is a symbolic link to a file outside content/media/; "
                      "copy the file into content/media/ instead"]
    result, errors = check("media:\n  - file: inside.jpg\n    alt: x\n", content)
    assert errors == [] and result[0].file == "inside.jpg"
    _, errors = check("media:\n  - file: loop.jpg\n    alt: x\n", content)
    assert len(errors) == 1 and errors[0].startswith("events/e.yaml:2:11: cannot open 'loop.jpg'")


def test_files_added_or_removed_between_checks_are_seen(content):
    yaml_text = "media:\n  - file: later.jpg\n    alt: x\n"
    assert check(yaml_text, content)[1] == ["events/e.yaml:2:11: 'later.jpg' is not in content/media/"]
    (content / "media" / "later.jpg").write_bytes(jpeg_bytes())
    assert check(yaml_text, content)[1] == []
    (content / "media" / "later.jpg").unlink()
    assert check(yaml_text, content)[1] == ["events/e.yaml:2:11: 'later.jpg' is not in content/media/"]
    (content / "media" / "dangling.jpg").symlink_to(content / "media" / "nowhere.jpg")
    assert check("media:\n  - file: dangling.jpg\n    alt: x\n", content)[1] == [
        "events/e.yaml:2:11: 'dangling.jpg' is a symbolic link to a file that does not exist"]


def test_media_checks_alone_read_through_a_linked_media_folder(tmp_path):
    # The media rules alone follow the link; the content walk (safe_files) refuses any link before
    # them, so a whole tree with a linked media folder fails check and build (test_hostile_content.py).
    shared = tmp_path / "shared-media"
    shared.mkdir()
    (shared / "a.jpg").write_bytes(jpeg_bytes())
    content_dir = tmp_path / "content"
    content_dir.mkdir()
    (content_dir / "media").symlink_to(shared)
    result, errors = check("media:\n  - file: a.jpg\n    alt: x\n", content_dir)
    assert errors == [] and result[0].file == "a.jpg"


def test_files_that_are_not_publishable_images_are_errors(content, monkeypatch):
    media_dir = content / "media"
    (media_dir / "notes.jpg").write_text("not an image\n")
    (media_dir / "empty.png").write_bytes(b"")
    good = jpeg_bytes((400, 300))
    (media_dir / "truncated.jpg").write_bytes(good[: len(good) // 2])
    damaged_png = bytearray(png_bytes((64, 64), "RGB"))
    damaged_png[60:64] = b"\xff\xff\xff\xff"  # inside the image data: its checksum no longer matches
    (media_dir / "damaged.png").write_bytes(bytes(damaged_png))
    tiff = io.BytesIO()
    Image.new("RGB", (8, 8)).save(tiff, "TIFF")
    (media_dir / "scan.tif").write_bytes(tiff.getvalue())
    (media_dir / "drawing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    expected = {
        "notes.jpg": "'notes.jpg' is not an image this site can publish (JPEG, PNG, GIF or WebP); link to other files with 'url:'",
        "empty.png": "'empty.png' is empty (0 bytes)",
        "truncated.jpg": "'truncated.jpg' is damaged or truncated (",
        "damaged.png": "'damaged.png' is damaged or truncated (",
        "scan.tif": "'scan.tif' is not an image this site can publish",
        "drawing.svg": "'drawing.svg' is not an image this site can publish",
    }
    for name, message in expected.items():
        _, errors = check(f"media:\n  - file: {name}\n    alt: x\n", content)
        assert len(errors) == 1 and errors[0].startswith(f"events/e.yaml:2:11: {message}"), (name, errors)


def test_oversized_images_are_refused_before_they_are_decoded(content, monkeypatch, spy):
    # 7,000 x 6,000 one-bit pixels: 42 megapixels in a few kilobytes (a decompression bomb's shape)
    Image.new("1", (7000, 6000)).save(content / "media" / "bomb.png", optimize=True)
    assert (content / "media" / "bomb.png").stat().st_size < 100_000
    loads = spy(Image.Image, "load")
    _, errors = check("media:\n  - file: bomb.png\n    alt: x\n", content)
    assert errors == ["events/e.yaml:2:11: 'bomb.png' is 7,000 × 6,000 pixels (42 megapixels); "
                      "the limit is 40 megapixels: resize it"]
    assert loads == []
    monkeypatch.setattr(media_files, "MAX_BYTES", 1000)
    (content / "media" / "big.jpg").write_bytes(jpeg_bytes((300, 300)) + b"\0" * 2000)
    _, errors = check("media:\n  - file: big.jpg\n    alt: x\n", content)
    assert len(errors) == 1 and "MB; the limit is 0 MB" in errors[0]


def test_each_image_is_read_once_per_version(content, spy):
    opens = spy(Image, "open")
    yaml_text = "media:\n  - file: photos/hospital.jpg\n    alt: x\n"
    assert check(yaml_text, content)[1] == []
    first = len(opens)
    assert first >= 1
    assert check(yaml_text, content)[1] == []
    assert len(opens) == first  # cached by path, modification time and size
    path = content / "media" / "photos" / "hospital.jpg"
    path.write_bytes(jpeg_bytes((65, 48)))
    os.utime(path, ns=(1, 1))
    assert check(yaml_text, content)[1] == []
    assert len(opens) > first


def test_urls_must_be_http_or_https(content):
    for bad in ("ftp://example.org/x.mp4", "javascript:alert(1)", "www.youtube.com/watch?v=pi2v1m6gmD8",
                "https://example.org/a b"):
        _, errors = check(f"media:\n  - url: {json.dumps(bad)}\n", content)
        assert errors == [f"events/e.yaml:2:10: '{bad}' is not an http(s) URL; write it as https://…"], bad
    _, errors = check("media:\n  - url: https://youtu.be/pi2v1m6gmD8\n    link: 'data:text/html,x'\n", content)
    assert errors == ["events/e.yaml:3:11: 'data:text/html,x' is not an http(s) URL; write it as https://…"]


def test_exactly_one_of_file_and_url(content):
    _, errors = check("media:\n  - file: photos/hospital.jpg\n    alt: x\n    url: https://example.org/\n", content)
    assert errors == ["events/e.yaml:4:5: a media entry has either 'file' (an image under content/media/) or 'url', not both"]
    _, errors = check("media:\n  - alt: x\n    caption: y\n", content)
    assert errors == ["events/e.yaml:2:5: a media entry needs 'file' (an image under content/media/) or 'url' (http or https)"]
    _, errors = check("media:\n  - file:\n    alt: x\n", content)
    assert errors[0] == "events/e.yaml:2:10: 'file' is empty"


def test_thumbnails_follow_the_rules_of_files(content):
    _, errors = check("media:\n  - url: https://youtu.be/pi2v1m6gmD8\n    thumbnail: ../x.png\n", content)
    assert errors == ["events/e.yaml:3:16: '../x.png' leaves content/media/ ('..'); media files must be inside content/media/"]
    _, errors = check("media:\n  - url: https://youtu.be/pi2v1m6gmD8\n    thumbnail: qqq.gif\n", content)
    assert errors == ["events/e.yaml:3:16: 'qqq.gif' is not in content/media/"]
    (content / "media" / "fake.png").write_text("x")
    _, errors = check("media:\n  - url: https://youtu.be/pi2v1m6gmD8\n    thumbnail: fake.png\n", content)
    assert len(errors) == 1 and "is not an image this site can publish" in errors[0]
    _, errors = check("media:\n  - file: still.png\n    alt: x\n    thumbnail: still.png\n", content)
    assert errors == ["events/e.yaml:4:16: 'thumbnail' is for url entries; a file is its own thumbnail"]


def test_structure_errors(content):
    _, errors = check("media: photos/hospital.jpg\n", content)
    assert errors == ["events/e.yaml:1:8: expected a list of media (lines starting with '- ')"]
    _, errors = check("media:\n  - photos/hospital.jpg\n", content)
    assert errors == ["events/e.yaml:2:5: expected a media entry: a mapping with 'file' or 'url', and 'alt'"]
    _, errors = check("media:\n  - url: https://youtu.be/pi2v1m6gmD8\n    captoin: x\n", content)
    assert errors == ["events/e.yaml:3:5: unknown field 'captoin' in a media entry; did you mean 'caption'?"]
    _, errors = check("media:\n  - url: https://youtu.be/pi2v1m6gmD8\n    kind: video\n", content)
    assert errors == ["events/e.yaml:3:5: unknown field 'kind' in a media entry"]
    _, errors = check("media:\n  - url: https://youtu.be/pi2v1m6gmD8\n    caption: [a, b]\n", content)
    assert errors == ["events/e.yaml:3:14: expected text, found a list"]
    long_caption = "x" * 1001
    _, errors = check(f"media:\n  - url: https://youtu.be/pi2v1m6gmD8\n    caption: {long_caption}\n", content)
    assert errors == ["events/e.yaml:3:14: text is 1001 characters long; the limit is 1000"]


def test_all_errors_of_a_list_are_reported_together(content):
    result, errors = check(
        "media:\n"
        "  - file: missing.jpg\n"
        "    alt: x\n"
        "  - url: ftp://x\n"
        "  - file: photos/hospital.jpg\n",
        content,
    )
    assert result is INVALID
    assert [e.split(": ")[0] for e in errors] == ["events/e.yaml:2:11", "events/e.yaml:4:10", "events/e.yaml:5:5"]
    _, errors = check("media:\n  - file: missing.jpg\n", content)  # a bad file without alt: both said at once
    assert [e.split(": ")[0] for e in errors] == ["events/e.yaml:2:11", "events/e.yaml:2:5"]


def test_without_a_content_folder_only_the_structure_is_checked():
    result, errors = check("media:\n  - file: photos/not-on-disk.jpg\n    alt: x\n", None)
    assert errors == [] and result[0].file == "photos/not-on-disk.jpg"
    _, errors = check("media:\n  - file: ../x.jpg\n    alt: x\n", None)
    assert len(errors) == 1 and "leaves content/media/" in errors[0]
    _, errors = check("media:\n  - file: photos/not-on-disk.jpg\n", None)
    assert len(errors) == 1 and ALT_REQUIRED in errors[0]


def test_the_field_spec_plugs_into_a_record_like_format_py(content):
    """How format.py will use it: a FieldSpec in the event Record; reader.py sets the folder."""
    event = Record({"title": FieldSpec(Text(200), True),
                    "media": FieldSpec(MediaList(), description="photos, videos, posts")},
                   lambda **values: values, "an event")
    errors = []
    root = parse_bytes(b"title: T\nmedia:\n  - file: nope.jpg\n    alt: x\n", "events/e.yaml", errors)
    with media_root(content):
        assert event.values(root, errors) is INVALID
    assert [str(e) for e in errors] == ["events/e.yaml:3:11: 'nope.jpg' is not in content/media/"]
    errors = []
    root = parse_bytes(b"title: T\nmedia:\n  - file: still.png\n    alt: x\n", "events/e.yaml", errors)
    with media_root(content):
        values = event.values(root, errors)
    assert errors == [] and values["media"] == (Media(file="still.png", alt="x", kind=IMAGE),)
    assert MediaList(content).convert(media_node("media:\n  - file: still.png\n    alt: x\n"), errors)[0].file == "still.png"
    assert event.schema()["properties"]["media"]["description"] == "photos, videos, posts"


def test_the_json_schema_describes_the_same_rules():
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **media_schema()}
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    good = [{"file": "photos/a.jpg", "alt": "x", "caption": "c", "credit": "c", "license": "CC0", "link": "https://e.org/"},
            {"url": "https://youtu.be/pi2v1m6gmD8", "thumbnail": "a.png"}]
    assert list(validator.iter_errors(good)) == []
    for bad in ([{"file": "a.jpg"}], [{"file": "a.jpg", "alt": "x", "url": "https://e.org/"}], [{"url": "ftp://e.org/"}],
                [{"file": "../a.jpg", "alt": "x"}], [{"file": "/a.jpg", "alt": "x"}], [{"url": "https://e.org/", "kind": "x"}],
                [{"file": "a.jpg", "alt": "x", "thumbnail": "b.png"}], [{}]):
        assert list(validator.iter_errors(bad)), bad


def test_license_urls():
    assert license_url("CC BY 4.0") == "https://creativecommons.org/licenses/by/4.0/"
    assert license_url("cc-by-nc-sa 3.0") == "https://creativecommons.org/licenses/by-nc-sa/3.0/"
    assert license_url("CC BY-NC-ND 4.0") == "https://creativecommons.org/licenses/by-nc-nd/4.0/"
    assert license_url("CC0") == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert license_url("CC0 1.0") == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert license_url("All rights reserved") is None
    assert license_url("CC BY 4.0 <script>") is None


# --- the partial -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def env():
    return make_environment(REPO / "site_templates")


def render(env, media, image=None, root="../..") -> BeautifulSoup:
    html = env.get_template("partials/media.html").render(media=media, image=image, root=root)
    return BeautifulSoup(html, "html.parser")


def third_party_requests(soup: BeautifulSoup) -> list[str]:
    """Every URL in the markup that a browser would fetch on its own (not links it follows on a click)."""
    found = []
    for tag in soup.find_all(True):
        for attribute in ("src", "srcset", "poster", "data"):
            if tag.has_attr(attribute) and not (tag.name == "figure"):
                found.extend(part.strip().split(" ")[0] for part in tag[attribute].split(","))
        if tag.name in ("iframe", "script", "embed", "object", "video", "audio", "link", "style"):
            found.append(f"<{tag.name}>")
    return [url for url in found if "://" in url or url.startswith("//") or url.startswith("<")]


@pytest.fixture
def processed(tmp_path):
    source = tmp_path / "hospital.jpg"
    Image.new("RGB", (2000, 1500), (90, 120, 150)).save(source, "JPEG")
    return process_image(source, tmp_path / "cache", name="photos/hospital.jpg")


def test_a_local_image_is_a_responsive_picture(env, processed):
    media = Media(file="photos/hospital.jpg", alt='The "east" wing <burning>', caption="After the assault",
                  credit="Jane Doe", license="CC BY 4.0", link="https://example.org/p/1", kind=IMAGE)
    soup = render(env, media, processed)
    figure = soup.find("figure")
    assert figure["class"] == ["media", "media-local"]
    link = figure.find("a", class_="media-full")
    assert link["href"] == f"../../{processed.full.path}" and processed.full.path.endswith("-1600.jpg")
    source = link.picture.find("source")
    assert source["type"] == "image/webp"
    assert source["srcset"] == ", ".join(f"../../{v.path} {v.width}w" for v in processed.webp)
    assert [w.split(" ")[1] for w in source["srcset"].split(", ")] == ["480w", "960w", "1600w"]
    img = link.picture.find("img")
    assert img["alt"] == 'The "east" wing <burning>'
    assert (img["width"], img["height"]) == ("2000", "1500")
    assert (img["loading"], img["decoding"]) == ("lazy", "async")
    assert img["src"] == f"../../{processed.src.path}" and processed.src.width == 960
    assert img["srcset"] == processed.srcset("fallback", "../..") and ".jpg 480w" in img["srcset"]
    assert img["sizes"] == source["sizes"]
    caption = figure.find("figcaption")
    assert caption.find(class_="media-caption").get_text() == "After the assault"
    credit = caption.find(class_="media-credit")
    assert credit.find("a", string="Jane Doe")["href"] == "https://example.org/p/1"
    assert credit.find("a", string="CC BY 4.0")["href"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "rel" in credit.find("a", string="CC BY 4.0").attrs
    assert third_party_requests(soup) == []
    assert "<burning>" not in str(soup.find("img")).replace("&lt;burning&gt;", "")  # escaped, not markup


def test_an_image_without_caption_or_credit_has_no_empty_figcaption(env, processed):
    soup = render(env, Media(file="photos/hospital.jpg", alt="x", kind=IMAGE), processed, root=".")
    assert soup.find("figcaption") is None
    assert soup.find("img")["src"].startswith("./media/")


def test_a_video_is_a_card_that_loads_nothing_before_the_click(env, tmp_path):
    still = tmp_path / "still.png"
    Image.new("RGB", (1280, 720), (10, 10, 10)).save(still)
    thumb = process_image(still, tmp_path / "cache", name="still.png")
    url = "https://www.youtube.com/watch?v=pi2v1m6gmD8"
    media = Media(url=url, caption="Footage <b>from</b> the city", credit="Reuters", thumbnail="still.png",
                  kind=media_kind(url))
    soup = render(env, media, thumb)
    figure = soup.find("figure")
    assert "media-remote" in figure["class"] and "media-youtube" in figure["class"]
    assert third_party_requests(soup) == []  # a local thumbnail only; no iframe, no script
    assert figure.find("img", class_="media-thumb")["src"] == f"../../{thumb.thumbnail.path}"
    assert figure.find("img", class_="media-thumb")["alt"] == ""
    original = figure.find("p", class_="media-title").a
    assert original["href"] == url and original.get_text() == "Watch on youtube.com"
    assert set(original["rel"]) == {"noopener", "noreferrer"}
    assert figure.find(class_="media-kind").get_text() == "YouTube video"
    control = figure.find(attrs={"data-media-load": True})
    assert control.has_attr("hidden")  # shown by media.js; a plain link without JavaScript
    button = control.find("button")
    assert button["type"] == "button" and button.get_text() == "Play video: Footage <b>from</b> the city"
    assert "www.youtube-nocookie.com" in control.get_text()
    assert figure["data-media-src"] == "https://www.youtube-nocookie.com/embed/pi2v1m6gmD8"
    assert figure["data-media-player"] == "iframe"
    assert figure["data-media-sandbox"] == IFRAME_SANDBOX
    assert figure["data-media-allow"] == "autoplay; fullscreen; picture-in-picture"
    assert figure["data-media-autoplay"] == "autoplay=1"
    assert figure["data-media-ratio"] == "16 / 9"
    assert figure["data-media-title"] == "YouTube video"
    assert figure.find("figcaption").find(class_="media-caption").get_text() == "Footage <b>from</b> the city"


def test_a_post_is_a_link_card_without_a_button(env):
    url = "https://x.com/someone/status/1700000000000000000"
    soup = render(env, Media(url=url, alt="The governor's statement", kind=media_kind(url)))
    figure = soup.find("figure")
    assert not figure.has_attr("data-media-src") and figure.find("button") is None
    assert figure.find("a")["href"] == url and figure.find("a").get_text() == "The governor's statement"
    assert figure.find(class_="media-host").get_text() == "(x.com)"
    assert figure.find("img") is None and third_party_requests(soup) == []


def test_third_party_files_and_audio_wait_for_the_click_too(env):
    for url, player, verb in (("https://example.org/photo.jpg", "image", "Show image"),
                              ("https://example.org/clip.mp4", "video", "Play video"),
                              ("https://soundcloud.com/a/b", "iframe", "Play audio"),
                              ("https://www.google.com/maps/@42.03,-87.66,15z", "iframe", "Show map")):
        soup = render(env, Media(url=url, alt="A thing", kind=media_kind(url)))
        figure = soup.find("figure")
        assert figure["data-media-player"] == player
        assert figure.find("button").get_text() == f"{verb}: A thing"
        assert figure["data-media-title"] == f"{media_kind(url).label}: A thing"
        assert third_party_requests(soup) == [], url
    soup = render(env, Media(url="https://example.org/photo.jpg", alt="Smoke", kind=media_kind("https://example.org/photo.jpg")))
    assert soup.find("figure")["data-media-alt"] == "Smoke"
    soup = render(env, Media(url="https://soundcloud.com/a/b", kind=media_kind("https://soundcloud.com/a/b")))
    assert soup.find("figure")["data-media-height"] == "166"


def test_the_card_and_caption_escape_editor_text(env):
    url = "https://example.org/page"
    media = Media(url=url, alt='"><script>alert(1)</script>', caption="<img src=x onerror=alert(1)>",
                  credit="<i>me</i>", license="<b>", kind=media_kind(url))
    html = env.get_template("partials/media.html").render(media=media, image=None, root=".")
    assert "<script>" not in html and "<img" not in html and "<i>" not in html and "<b>" not in html
    assert BeautifulSoup(html, "html.parser").find("figcaption").find(class_="media-caption").get_text() == media.caption


def test_media_js_is_plain_es5_and_builds_players_safely():
    script = (REPO / "site_templates" / "assets" / "media.js").read_text()
    assert "innerHTML" not in script and "eval(" not in script and "document.write" not in script
    assert "sandbox" in script and "referrerpolicy" in script
    node = shutil.which("node")
    if node:
        result = subprocess.run([node, "--check", str(REPO / "site_templates" / "assets" / "media.js")],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
