"""Local images made fit to publish (generator/pipeline/images.py): sizes, formats, no
metadata left, deterministic names and bytes, a cache that skips all image work."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageCms, JpegImagePlugin, TiffImagePlugin

from generator.pipeline.images import ImageError, output_stem, process_image, publish, target_widths
from generator.render.processed_images import ProcessedImage

SERIAL = "CAMSERIAL-0042-SECRET"
COMMENT = "shot by a source who must stay anonymous"
XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
       b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
       b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="36,43.5N"/></rdf:RDF></x:xmpmeta>'
       b'<?xpacket end="w"?>')


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: camera, serial number, orientation and a GPS position (Kunduz)."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"            # Make
    exif[0x0110] = "Phone 12"              # Model
    exif[0x0112] = orientation             # Orientation
    exif[0x0131] = "Editor 1.0"            # Software
    exif[0x0132] = "2015:09:28 06:30:00"   # DateTime
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0xA431] = SERIAL              # BodySerialNumber
    exif_ifd[0x9003] = "2015:09:28 06:30:00"  # DateTimeOriginal
    gps = exif.get_ifd(0x8825)             # the GPS IFD
    gps[1] = "N"                           # GPSLatitudeRef
    gps[2] = (TiffImagePlugin.IFDRational(36), TiffImagePlugin.IFDRational(43), TiffImagePlugin.IFDRational(30))
    gps[3] = "E"                           # GPSLongitudeRef
    gps[4] = (TiffImagePlugin.IFDRational(68), TiffImagePlugin.IFDRational(51), TiffImagePlugin.IFDRational(50))
    return exif


def phone_photo(path: Path, size=(3000, 2000), orientation: int = 1) -> Path:
    """A JPEG with EXIF (GPS, serial), XMP, a comment and a colour profile. Left half red,
    right half blue, as stored (before orientation)."""
    image = Image.new("RGB", size, (220, 30, 30))
    image.paste((30, 30, 220), (size[0] // 2, 0, size[0], size[1]))
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(path, "JPEG", quality=90, exif=exif_with_gps(orientation), comment=COMMENT, xmp=XMP, icc_profile=icc)
    check = Image.open(path)  # the source really carries all of it
    assert check.getexif().get_ifd(0x8825) and "comment" in check.info and "xmp" in check.info
    return path


# What metadata looks like inside JPEG, PNG and WebP files (markers, chunk names) and the values we wrote.
METADATA_MARKERS = (b"Exif", b"EXIF", SERIAL.encode(), COMMENT.encode(), b"PhoneMaker", b"2015:09:28", b"xpacket",
                    b"ns.adobe.com", b"GPS", b"ICC_PROFILE", b"ICCP", b"iCCP", b"tEXt", b"iTXt", b"zTXt", b"eXIf",
                    b"XMP ")


def test_the_source_photo_carries_what_must_not_be_published(tmp_path):
    data = phone_photo(tmp_path / "a.jpg", size=(64, 64)).read_bytes()
    for needle in (b"Exif", SERIAL.encode(), COMMENT.encode(), b"PhoneMaker", b"xpacket", b"ICC_PROFILE"):
        assert needle in data, needle


def assert_no_metadata(path: Path) -> None:
    data = path.read_bytes()
    with Image.open(path) as image:
        image.load()
        assert not image.getexif(), path
        assert not image.getexif().get_ifd(0x8825), path
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile", "photoshop", "adobe"):
            assert key not in image.info, (path, key)
    for needle in METADATA_MARKERS:
        assert needle not in data, (path, needle)


def test_exif_gps_xmp_comments_and_profiles_are_stripped_from_every_output(tmp_path):
    source = phone_photo(tmp_path / "IMG_0001.JPG")
    image = process_image(source, tmp_path / "cache", name="photos/IMG_0001.JPG")
    assert len(image.variants) == 6
    for variant in image.variants:
        assert_no_metadata(variant.file)
    site = tmp_path / "site"
    for written in publish(image, site):
        assert_no_metadata(written)


def test_orientation_is_applied_to_the_pixels_then_dropped(tmp_path):
    source = phone_photo(tmp_path / "portrait.jpg", size=(3000, 2000), orientation=6)  # shown turned 90° clockwise
    image = process_image(source, tmp_path / "cache")
    assert (image.width, image.height) == (2000, 3000)
    assert [(v.width, v.height) for v in image.webp] == [(480, 720), (960, 1440), (1600, 2400)]
    for variant in image.variants:
        with Image.open(variant.file) as out:
            out = out.convert("RGB")
            assert out.size == (variant.width, variant.height)
            top = out.getpixel((out.width // 2, out.height // 8))
            bottom = out.getpixel((out.width // 2, out.height * 7 // 8))
            assert top[0] > 150 and top[2] < 100, (variant.path, top)     # the stored left (red) is now on top
            assert bottom[2] > 150 and bottom[0] < 100, (variant.path, bottom)
            assert not out.getexif()


def test_widths_formats_and_names(tmp_path):
    source = tmp_path / "Hospital Ward 2.jpg"
    Image.new("RGB", (2400, 1600), (120, 130, 140)).save(source, "JPEG")
    image = process_image(source, tmp_path / "cache", name="photos/Hospital Ward 2.jpg")
    assert isinstance(image, ProcessedImage)
    assert (image.width, image.height, image.has_alpha) == (2400, 1600, False)
    hash8 = image.key[:8]
    assert [v.path for v in image.variants] == [
        f"media/hospital-ward-2-{hash8}-480.webp", f"media/hospital-ward-2-{hash8}-960.webp",
        f"media/hospital-ward-2-{hash8}-1600.webp", f"media/hospital-ward-2-{hash8}-480.jpg",
        f"media/hospital-ward-2-{hash8}-960.jpg", f"media/hospital-ward-2-{hash8}-1600.jpg",
    ]
    assert [(v.width, v.height) for v in image.fallback] == [(480, 320), (960, 640), (1600, 1067)]
    assert {v.format for v in image.webp} == {"webp"} and {v.format for v in image.fallback} == {"jpeg"}
    assert image.fallback_type == "image/jpeg" and image.webp[0].media_type == "image/webp"
    assert image.full.width == 1600 and image.full.format == "jpeg"
    assert image.src.width == 960 and image.thumbnail.width == 480
    assert image.srcset("webp", "..") == ", ".join(f"../{v.path} {v.width}w" for v in image.webp)
    for variant in image.variants:
        with Image.open(variant.file) as out:
            assert out.format == {"webp": "WEBP", "jpeg": "JPEG"}[variant.format]
            assert out.size == (variant.width, variant.height)
            assert out.mode == "RGB"


def test_images_are_never_upscaled():
    assert target_widths(4000) == (480, 960, 1600)
    assert target_widths(1600) == (480, 960, 1600)
    assert target_widths(1200) == (480, 960, 1200)
    assert target_widths(700) == (480, 700)
    assert target_widths(480) == (480,)
    assert target_widths(300) == (300,)
    assert target_widths(1, (100, 200)) == (1,)


def test_a_small_image_is_published_at_its_own_size(tmp_path):
    source = tmp_path / "icon.png"
    Image.new("RGB", (300, 200), (1, 2, 3)).save(source)
    image = process_image(source, tmp_path / "cache")
    assert [(v.width, v.height, v.format) for v in image.variants] == [(300, 200, "webp"), (300, 200, "jpeg")]


def test_transparency_keeps_a_png_fallback(tmp_path):
    source = tmp_path / "logo.png"
    logo = Image.new("RGBA", (1000, 500), (0, 0, 0, 0))
    logo.paste((200, 0, 0, 255), (100, 100, 400, 400))
    logo.save(source)
    image = process_image(source, tmp_path / "cache")
    assert image.has_alpha and image.fallback_type == "image/png"
    assert [v.format for v in image.variants] == ["webp", "webp", "webp", "png", "png", "png"]
    for variant in image.variants:
        with Image.open(variant.file) as out:
            assert out.mode == "RGBA" and out.getpixel((0, 0))[3] == 0
    opaque = tmp_path / "opaque.png"
    Image.new("RGBA", (600, 400), (10, 20, 30, 255)).save(opaque)
    assert not process_image(opaque, tmp_path / "cache").has_alpha  # an unused alpha channel: JPEG is fine


def test_other_modes_become_rgb(tmp_path):
    gif = tmp_path / "anim.gif"
    frames = [Image.new("P", (500, 300), i) for i in (1, 2)]
    frames[0].save(gif, save_all=True, append_images=frames[1:], transparency=0, duration=100)
    assert process_image(gif, tmp_path / "cache").variants  # first frame, palette -> RGB(A)
    cmyk = tmp_path / "print.jpg"
    Image.new("CMYK", (600, 400), (0, 100, 200, 0)).save(cmyk, "JPEG")
    image = process_image(cmyk, tmp_path / "cache")
    with Image.open(image.fallback[0].file) as out:
        assert out.mode == "RGB"
    deep = tmp_path / "scan16.png"
    Image.new("I;16", (520, 300), 40000).save(deep)
    image = process_image(deep, tmp_path / "cache")
    with Image.open(image.webp[0].file) as out:
        assert out.convert("L").getpixel((0, 0)) == 40000 // 256
    grey = tmp_path / "grey.jpg"
    Image.new("L", (500, 500), 128).save(grey)
    with Image.open(process_image(grey, tmp_path / "cache").fallback[-1].file) as out:
        assert out.mode == "RGB"


def test_same_bytes_give_the_same_names_and_the_same_output_bytes(tmp_path):
    source = phone_photo(tmp_path / "a.jpg", size=(2200, 1400), orientation=3)
    first = process_image(source, tmp_path / "cache-one", name="photos/a.jpg")
    second = process_image(source, tmp_path / "cache-two", name="photos/a.jpg")
    assert first.key == second.key
    assert [v.path for v in first.variants] == [v.path for v in second.variants]
    for one, two in zip(first.variants, second.variants):
        assert one.file != two.file and one.file.read_bytes() == two.file.read_bytes(), one.path
    assert all(re.fullmatch(r"media/a-[0-9a-f]{8}-\d+\.(webp|jpg)", v.path) for v in first.variants)


def test_a_large_jpeg_is_decoded_at_a_reduced_scale_with_the_same_result_each_time(tmp_path, spy):
    source = phone_photo(tmp_path / "wide.jpg", size=(4000, 2000))
    drafts = spy(JpegImagePlugin.JpegImageFile, "draft")
    first = process_image(source, tmp_path / "one")
    assert [call.args[1:] for call in drafts] == [("RGB", (1600, 800))]  # libjpeg picks 1/2 scale: 2000 x 1000
    assert (first.width, first.height) == (4000, 2000)
    assert [(v.width, v.height) for v in first.fallback] == [(480, 240), (960, 480), (1600, 800)]
    with Image.open(first.full.file) as out:
        assert out.convert("RGB").getpixel((10, 400))[0] > 150 and out.convert("RGB").getpixel((1590, 400))[2] > 150
    second = process_image(source, tmp_path / "two")
    assert [v.file.read_bytes() for v in first.variants] == [v.file.read_bytes() for v in second.variants]


def test_changed_content_gets_new_names(tmp_path):
    source = tmp_path / "a.jpg"
    Image.new("RGB", (800, 600), (1, 1, 1)).save(source)
    before = process_image(source, tmp_path / "cache")
    Image.new("RGB", (800, 600), (2, 2, 2)).save(source)
    after = process_image(source, tmp_path / "cache")
    assert before.key != after.key
    assert not set(before.paths) & set(after.paths)


def test_a_warm_cache_does_no_image_work(tmp_path, spy):
    source = phone_photo(tmp_path / "a.jpg", size=(2000, 1500))
    cache = tmp_path / "cache"
    first = process_image(source, cache, name="a.jpg")
    opens, saves, resizes = spy(Image, "open"), spy(Image.Image, "save"), spy(Image.Image, "resize")
    again = process_image(source, cache, name="a.jpg")
    assert (opens, saves, resizes) == ([], [], [])
    assert again == first
    # the same bytes under another name share the cached files, under their own names
    (tmp_path / "copy.jpg").write_bytes(source.read_bytes())
    other = process_image(tmp_path / "copy.jpg", cache, name="events/copy.jpg")
    assert opens == [] and saves == []
    assert [v.file for v in other.variants] == [v.file for v in first.variants]
    assert other.variants[0].path.startswith("media/copy-")
    # a cache missing a file is made again
    first.variants[2].file.unlink()
    process_image(source, cache, name="a.jpg")
    assert len(saves) == 6 and first.variants[2].file.is_file()


def test_images_that_cannot_be_published_raise(tmp_path, monkeypatch, spy):
    broken = tmp_path / "broken.jpg"
    good = io.BytesIO()
    Image.new("RGB", (400, 300)).save(good, "JPEG")
    broken.write_bytes(good.getvalue()[:300])
    with pytest.raises(ImageError, match="broken.jpg: not a readable JPEG, PNG, GIF or WebP image"):
        process_image(broken, tmp_path / "cache")
    text = tmp_path / "notes.png"
    text.write_text("hello")
    with pytest.raises(ImageError, match="notes.png"):
        process_image(text, tmp_path / "cache")
    bomb = tmp_path / "bomb.png"
    Image.new("1", (7000, 6000)).save(bomb)
    loads = spy(Image.Image, "load")
    with pytest.raises(ImageError, match="more than 40 megapixels"):
        process_image(bomb, tmp_path / "cache")
    assert loads == []
    with pytest.raises(ImageError, match="cannot be read"):
        process_image(tmp_path / "missing.jpg", tmp_path / "cache")


def test_output_stems():
    assert output_stem("photos/Hospital Ward 2.JPG") == "hospital-ward-2"
    assert output_stem("Ärzte ohne Grenzen.png") == "arzte-ohne-grenzen"
    assert output_stem("قندوز.jpg") == "image"
    assert output_stem("...") == "image"
    assert output_stem("a" * 100 + ".jpg") == "a" * 60


def test_publish_puts_the_variants_under_the_site(tmp_path):
    source = tmp_path / "a.png"
    Image.new("RGB", (500, 400), (9, 9, 9)).save(source)
    image = process_image(source, tmp_path / "cache", prefix="assets/media")
    written = publish(image, tmp_path / "site")
    assert sorted(p.relative_to(tmp_path / "site").as_posix() for p in written) == sorted(image.paths)
    assert all(p.startswith("assets/media/a-") for p in image.paths)
    publish(image, tmp_path / "site")  # again: replaces, does not fail
