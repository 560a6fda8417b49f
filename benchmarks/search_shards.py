"""One search index against shards of it (generator/pipeline/search_shards.py), A/B in one run.

    python benchmarks/search_shards.py [--events 20000] [--shard 5000] [--rounds 1] [--words people,government]

Writes a synthetic corpus of EVENTS events (``corpus.generate``, wordfreq words), makes its search
records as the build does, then builds the search index of them each way in turn, interleaved
round by round: one index (one Pagefind run) and shards of at most SHARD records (a Pagefind run
each, up to ``cores()`` at once), through ``build_search_index`` itself, without a cache. For each:
the peak resident set (VmHWM) of the largest Pagefind process, read from /proc while it runs
(``measure_process.ProcessTreeMonitor``), the CPU seconds of this process and its children, the
wall time, the bundles' size and file count, and the bytes a first search downloads in Chromium
(``search_bytes.query_bytes``: the search page, its bundle and the shards it merges).

The site each way is searched in is a small build of the same generator (its search page and
assets, with the shards list when sharded) whose bundles are then replaced by the corpus's: the
bytes of a first search depend on the search page and the bundles only.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from generator.chronology import build_chronology
from generator.cli.main import main as timeline
from generator.content.reader import read_content
from generator.pipeline import search_shards
from generator.pipeline.pagefind_run import build_search_index
from generator.pipeline.search_records import event_records
from generator.render.i18n import words_for
from generator.render.markdown import MarkdownRenderer, markdown_texts
from generator.runtime import loading_without_gc

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
import search_bytes  # noqa: E402
from measure_process import ProcessTreeMonitor  # noqa: E402

ONE_INDEX = 10 ** 9  # SHARD_RECORDS that never shards


def corpus_records(project: Path) -> list:
    """The search records of the corpus in ``project``, made as a build makes them."""
    with loading_without_gc():
        content = read_content(project / "content", project)
    chron = build_chronology(content)
    markdown = MarkdownRenderer()
    markdown.prerender(markdown_texts(chron))
    return event_records(chron, markdown, words_for("en"))


def shell_site(folder: Path, sharded: bool) -> Path:
    """A built three-event site (its search page names a shards list when ``sharded``), for its search page."""
    project = corpus.generate(folder / "project", 3)
    search_shards.SHARD_RECORDS = 1 if sharded else ONE_INDEX
    assert timeline(["build", "-f", str(project / "mkdocs.yml"), "-d", str(folder / "site")]) == 0
    return folder / "site"


def index_once(site: Path, records: list, size: int) -> dict:
    """Build the search index of ``records`` into ``site`` in shards of ``size``; what it took."""
    search_shards.SHARD_RECORDS = size
    monitor = ProcessTreeMonitor(os.getpid()).start()
    self0, children0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    build_search_index(site, None, records)
    wall = time.perf_counter() - started
    self1, children1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    peaks = monitor.stop()
    pagefind = [p for p in peaks if "pagefind" in p.name]
    workers = [p for p in peaks if "forked worker" in p.name]
    cpu = sum(b.ru_utime + b.ru_stime - a.ru_utime - a.ru_stime for a, b in ((self0, self1), (children0, children1)))
    files = search_bytes.search_files(site)
    return {"wall": wall, "cpu": cpu, "pagefind_runs": len(pagefind),
            "pagefind_peak": max((p.peak_mb for p in pagefind), default=0.0),
            "worker_peak": max((p.peak_mb for p in workers), default=0.0),
            "bytes": sum(p.stat().st_size for p in files), "files": len(files)}


def _by_kind(kinds: dict[str, int]) -> str:
    return ", ".join(f"{name} {kinds[name] / 1000:.0f}" for name in sorted(kinds, key=kinds.get, reverse=True))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/search_shards.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--shard", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--words", default="people,government")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="search-shards-"))
    try:
        started = time.perf_counter()
        records = corpus_records(corpus.generate(scratch / "corpus", args.events))
        print(f"{len(records)} records in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        ways = {"one index": (ONE_INDEX, shell_site(scratch / "one", False)),
                f"shards of {args.shard}": (args.shard, shell_site(scratch / "shards", True))}
        results: dict[str, list[dict]] = {way: [] for way in ways}
        for round_no in range(1, args.rounds + 1):
            for way, (size, site) in ways.items():
                results[way].append(index_once(site, records, size))
                print(f"round {round_no}: {way}: {results[way][-1]}", file=sys.stderr, flush=True)
        words = [w for w in args.words.split(",") if w]
        print(f"{args.events} events, {os.cpu_count()} cores; the last round's bundles, a first search in Chromium\n")
        print("| way | Pagefind runs | largest Pagefind peak MiB | largest worker peak MiB | CPU s | wall s "
              "| bundles MB | files | " + " | ".join(f"first search {w!r} KB (requests; KB by kind)" for w in words) + " |")
        print("| --- |" + " ---: |" * (7 + len(words)))
        for way, (size, site) in ways.items():
            last = results[way][-1]
            searched = search_bytes.query_bytes(site, words)
            cpus = ", ".join(f"{r['cpu']:.0f}" for r in results[way])
            walls = ", ".join(f"{r['wall']:.0f}" for r in results[way])
            print(f"| {way} | {last['pagefind_runs']} | {max(r['pagefind_peak'] for r in results[way]):.0f} | "
                  f"{max(r['worker_peak'] for r in results[way]):.0f} | {cpus} | {walls} | {last['bytes'] / 1e6:.1f} | "
                  f"{last['files']} | " + " | ".join(f"{size / 1000:.0f} ({requests}; {_by_kind(kinds)})"
                                                      for _, _, size, requests, kinds in searched) + " |")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
