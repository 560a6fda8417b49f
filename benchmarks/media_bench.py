"""What media cost a build: the benchmark corpus with and without local photos.

Writes the timeline corpus of ``benchmarks/corpus.py`` (N events) twice: as it is
(``plain/``), and with a photo on one event in ``--every`` (``media/``): ``--images``
distinct JPEGs drawn here with Pillow (no download; ``--size`` pixels, EXIF with a GPS
position like a phone's, so stripping it is part of the work), shared round-robin by the
events that get one, under ``content/media/bench/``. Then it times, for each corpus, one
subprocess each of:

* ``check``: ``timeline check content`` (validation opens every image once);
* ``cold``: ``timeline build -d OUT`` after removing ``.timeline-cache/`` and OUT (every image
  decoded, resized, encoded as WebP and JPEG in three widths);
* ``warm``: the same build again, caches kept (images read and hashed only; pages reused).

Run (the figures in the README come from a 1,000-event run on a shared 2-core machine):

    .venv/bin/python benchmarks/media_bench.py --events 10000          # the issue's case: 10,000 events, 1 in 10 with a photo
    .venv/bin/python benchmarks/media_bench.py --events 1000 --out /tmp/media-bench

Results go to stdout as a Markdown table, and with every sample to OUT/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (benchmarks/corpus.py)


def timeline_command() -> str:
    for folder in (Path(sys.executable).parent, HERE.parent / ".venv" / "bin"):
        if (folder / "timeline").exists():
            return str(folder / "timeline")
    found = shutil.which("timeline")
    if not found:
        sys.exit("timeline not found: install the package (pip install -e .) first")
    return found


def draw_photo(path: Path, seed: int, size: tuple[int, int]) -> None:
    """A photo-like JPEG: smooth colour fields (a small random image scaled up), a few shapes, light
    grain, and the EXIF a phone writes (camera, time, GPS position)."""
    from PIL import Image, ImageDraw, ImageFilter, TiffImagePlugin

    rng = random.Random(seed)
    small = Image.new("RGB", (16, 11))
    small.putdata([tuple(rng.randrange(30, 230) for _ in range(3)) for _ in range(16 * 11)])
    image = small.resize(size, Image.Resampling.BICUBIC)
    pen = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.randrange(size[0] // 40, size[0] // 8)
        pen.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    image = image.filter(ImageFilter.GaussianBlur(2))
    grain = Image.effect_noise(size, 12).convert("RGB")
    image = Image.blend(image, grain, 0.08)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0132] = "PhoneMaker", "Phone 12", "2015:09:28 06:30:00"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[3] = "N", "E"
    gps[2] = tuple(TiffImagePlugin.IFDRational(v) for v in (36, 43, rng.randrange(60)))
    gps[4] = tuple(TiffImagePlugin.IFDRational(v) for v in (68, 51, rng.randrange(60)))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=85, exif=exif)


def add_media(project: Path, every: int, images: int, size: tuple[int, int], seed: int) -> tuple[int, int]:
    """Give every ``every``-th event file (in path order) a photo; return (events with one, distinct images)."""
    files = sorted((project / "content" / "events").rglob("*.yaml"))
    chosen = files[::every]
    count = min(images, len(chosen))
    for n in range(count):
        draw_photo(project / "content" / "media" / "bench" / f"photo-{n:04d}.jpg", seed * 100_003 + n, size)
    for n, path in enumerate(chosen):
        with open(path, "a", encoding="utf-8", newline="\n") as out:
            out.write(
                "media:\n"
                f"  - file: bench/photo-{n % count:04d}.jpg\n"
                "    alt: A synthetic photograph of coloured shapes, drawn for the benchmark\n"
                "    caption: Benchmark photo\n"
                "    credit: benchmarks/media_bench.py\n"
                "    license: CC0\n"
            )
    return len(chosen), count


def run(cmd: list[str], cwd: Path) -> dict:
    started = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output, _ = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({process.returncode}):\n{output.decode(errors='replace')[-3000:]}")
    return {"cmd": cmd, "seconds": round(wall, 3)}


def measure(project: Path, timeline: str, out: Path) -> dict:
    shutil.rmtree(project / ".timeline-cache", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    results = {"check": run([timeline, "check", "content"], project)}
    results["cold"] = run([timeline, "build", "-d", str(out)], project)
    results["warm"] = run([timeline, "build", "-d", str(out)], project)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000, help="events in the corpus (default 10000)")
    parser.add_argument("--every", type=int, default=10, help="one event in EVERY gets a photo (default 10)")
    parser.add_argument("--images", type=int, default=200, help="distinct photos, shared round-robin (default 200)")
    parser.add_argument("--size", default="3000x2000", help="photo size in pixels (default 3000x2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vocabulary", choices=corpus.VOCABULARIES, default="small",
                        help="the corpus's words (default small: fast to generate; it does not change what media cost)")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "media", help="working folder (default benchmarks/out/media)")
    args = parser.parse_args(argv)
    size = tuple(int(v) for v in args.size.lower().split("x"))
    timeline = timeline_command()

    shutil.rmtree(args.out, ignore_errors=True)
    plain = corpus.generate(args.out / "plain", args.events, args.seed, args.vocabulary)
    media = args.out / "media"
    shutil.copytree(plain, media)
    started = time.perf_counter()
    with_photo, distinct = add_media(media, args.every, args.images, size, args.seed)
    drawn = time.perf_counter() - started
    print(f"{args.events} events; {with_photo} with a photo, {distinct} distinct photos of {size[0]}×{size[1]} "
          f"({sum(p.stat().st_size for p in (media / 'content' / 'media').rglob('*.jpg')) / 1e6:.1f} MB, "
          f"drawn in {drawn:.1f} s)", file=sys.stderr)

    results = {}
    for name, project in (("without images", plain), ("with images", media)):
        print(f"timing {name} …", file=sys.stderr)
        results[name] = measure(project, timeline, args.out / f"site-{project.name}")
    published = list((args.out / "site-media" / "media").glob("*"))

    print(f"\n{args.events} events, a photo on 1 in {args.every} ({with_photo} events, {distinct} distinct "
          f"{size[0]}×{size[1]} JPEGs; {len(published)} files published), {os.cpu_count()} cores\n")
    print("| corpus | check (s) | cold build (s) | warm build (s) |")
    print("| --- | ---: | ---: | ---: |")
    for name, result in results.items():
        print(f"| {name} | {result['check']['seconds']:.2f} | {result['cold']['seconds']:.2f} | {result['warm']['seconds']:.2f} |")
    (args.out / "results.json").write_text(json.dumps({
        "events": args.events, "every": args.every, "images": distinct, "size": size, "cores": os.cpu_count(),
        "load_average": os.getloadavg(), "results": results,
    }, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
