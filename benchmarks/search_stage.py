"""The search stage alone: ways of building the Pagefind index of one built site, interleaved.

    python benchmarks/search_stage.py PROJECT_DIR SITE_DIR [--rounds 3] [--ways pages,records,service]

PROJECT_DIR is a timeline-site project built (``timeline build``) into SITE_DIR, so that
its Markdown cache holds every text. Each round builds the index each way in turn into
a scratch folder (``pages`` moves SITE_DIR/pagefind away: rebuild the site after) and records the wall time, the
CPU time of this process and of its children (Pagefind), and the bundle's size:

* ``pages``   -- the Pagefind binary over the built event pages (the way before December 2026);
* ``records`` -- the Pagefind binary over one small HTML file per event made from the model
  (``generator.pipeline.search_records.event_records``: what the build does now);
* ``service`` -- the same records as Pagefind "custom records", sent to ``pagefind --service``
  (the protocol of Pagefind's Python API, the ``pagefind`` package) by a small client here;
  the ``pagefind`` package's own client waits 0.1 s before reading each reply, which would
  be 1,000 s for 10,000 records.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from generator.pipeline import pagefind_run
from generator.pipeline.pagefind_sorted import make_index_deterministic
from generator.pipeline.search_records import event_records, record_documents, record_html
from generator.chronology import build_chronology
from generator.content.reader import read_content
from generator.render.i18n import words_for
from generator.render.markdown import MarkdownRenderer
from generator.runtime import loading_without_gc


def folder_bytes(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def by_kind(folder: Path) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for p in folder.rglob("*"):
        if p.is_file():
            kind = p.parent.name if p.parent != folder else p.suffix or p.name
            sizes[kind] = sizes.get(kind, 0) + p.stat().st_size
    return sizes


def way_pages(site: Path, records, language: str, out: Path) -> None:
    pagefind_run.run_pagefind(site)  # into SITE/pagefind, then moved out
    os.replace(site / "pagefind", out)
    make_index_deterministic(out)


def way_records(site: Path, records, language: str, out: Path) -> None:
    documents = record_documents(records, language)
    with tempfile.TemporaryDirectory(prefix="timeline-search-", dir=out.parent) as scratch:
        pagefind_run.write_documents(Path(scratch), documents)
        pagefind_run.run_pagefind(Path(scratch))
        os.replace(Path(scratch) / "pagefind", out)
    make_index_deterministic(out)


def _plain(record) -> str:
    import nh3

    text = " ".join(nh3.clean(record.html, tags=set()).split())
    return " ".join([record.title + ".", text, ", ".join(record.names)])


def way_service(site: Path, records, language: str, out: Path) -> None:
    """Custom records over Pagefind's service protocol: base64(JSON) messages ending in ','."""
    proc = subprocess.Popen([str(pagefind_run.pagefind_executable()), "--service"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    replies: list[dict] = []

    def read() -> None:
        buffer = b""
        while True:
            chunk = proc.stdout.read1(1 << 16)
            if not chunk:
                return
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            replies.extend(json.loads(base64.b64decode(m)) for m in messages if m)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    def send(message_id: int, payload: dict) -> None:
        proc.stdin.write(base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode()) + b",")

    def wait(count: int) -> None:
        while len(replies) < count:
            if proc.poll() is not None:
                raise RuntimeError("pagefind --service exited")
            time.sleep(0.005)

    send(1, {"type": "NewIndex", "config": {"force_language": language}})
    proc.stdin.flush()
    wait(1)
    index_id = replies[0]["payload"]["index_id"]
    for n, record in enumerate(records, start=2):
        send(n, {"type": "AddRecord", "index_id": index_id, "url": "/" + record.path, "content": _plain(record),
                 "language": language, "meta": {"title": record.title, "date": record.date},
                 "filters": {name: list(values) for name, values in record.filters}, "sort": None})
    last = len(records) + 2
    send(last, {"type": "WriteFiles", "index_id": index_id, "output_path": str(out)})
    proc.stdin.flush()
    wait(last)
    errors = [r for r in replies if r["payload"].get("type") == "Error"]
    proc.stdin.close()
    proc.wait()
    if errors:
        raise RuntimeError(errors[0])
    make_index_deterministic(out)


WAYS = {"pages": way_pages, "records": way_records, "service": way_service}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/search_stage.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("site", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ways", default="pages,records,service")
    parser.add_argument("--keep", type=Path, help="keep each way's last bundle in this folder (KEEP/<way>/)")
    args = parser.parse_args(argv)
    ways = [w.strip() for w in args.ways.split(",") if w.strip()]
    project = args.project.resolve()
    started = time.perf_counter()
    with loading_without_gc():
        content = read_content(project / "content", project)
    chron = build_chronology(content)
    md = MarkdownRenderer()
    md.load(project / ".timeline-cache" / "markdown.pickle")
    words = words_for("en")
    records = event_records(chron, md, words)
    print(f"{len(records)} records in {time.perf_counter() - started:.1f} s (reading the content included); "
          f"{sum(len(record_html(r, 'en')) for r in records) / 1e6:.1f} MB of record HTML")
    results: dict[str, list[tuple[float, float, float]]] = {w: [] for w in ways}
    sizes: dict[str, tuple] = {}
    scratch = Path(tempfile.mkdtemp(prefix="search-stage-"))
    try:
        for round_no in range(1, args.rounds + 1):
            for way in ways:
                out = scratch / way
                shutil.rmtree(out, ignore_errors=True)
                cpu0, child0 = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
                wall0 = time.perf_counter()
                WAYS[way](args.site.resolve(), records, "en", out)
                wall = time.perf_counter() - wall0
                child1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                child = (child1.ru_utime + child1.ru_stime) - (child0.ru_utime + child0.ru_stime)
                results[way].append((wall, time.process_time() - cpu0, child))
                sizes[way] = (*folder_bytes(out), by_kind(out))
                print(f"round {round_no}: {way}: {wall:.1f} s wall, {results[way][-1][1]:.1f} s CPU here, "
                      f"{child:.1f} s CPU in Pagefind", file=sys.stderr, flush=True)
                if args.keep and round_no == args.rounds:
                    shutil.rmtree(args.keep / way, ignore_errors=True)
                    shutil.copytree(out, args.keep / way)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("| way | median wall s | median CPU s (here + Pagefind) | bundle MB | files | fragments MB | index MB | filters KB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for way in ways:
        walls = [r[0] for r in results[way]]
        cpus = [r[1] + r[2] for r in results[way]]
        total, files, kinds = sizes[way]
        print(f"| {way} | {statistics.median(walls):.1f} | {statistics.median(cpus):.1f} | {total / 1e6:.1f} | {files} | "
              f"{kinds.get('fragment', 0) / 1e6:.1f} | {kinds.get('index', 0) / 1e6:.1f} | {kinds.get('filter', 0) / 1e3:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
