"""Time the git history pass (``generator.editorial.history.read_history``) on a synthetic repository.

    python benchmarks/history_bench.py [--events 10000] [--commits 1000]

The repository is built with ``git fast-import`` in a temporary folder: the
first commit adds every event file, each later commit edits a handful of
files, and every 50th renames one (moves it to another year folder) or
deletes one. Prints the time of a cold read (no cache: every event change is
diffed for its words), of a cached read in the same process, of a read from the
JSON cache file, and of a read after one more commit (the words of the earlier
changes kept in the cache folder).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.cache_folder import CacheFolder  # noqa: E402
from generator.editorial.history import clear_cache, read_history  # noqa: E402


def event_text(n: int, year: int, revision: int) -> bytes:
    return (
        f'date: "{year}-09-{1 + n % 28:02d}"\n'
        f"title: Synthetic event {n}\n"
        f"summary: |\n  Revision {revision} of a synthetic event used to time the history pass.\n"
        f"sources:\n  - source: wire\n"
    ).encode()


def build(root: Path, events: int, commits: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    paths = {n: f"content/events/{2000 + n % 20}/event-{n}.yaml" for n in range(events)}
    out: list[bytes] = []

    def blob(data: bytes) -> None:
        out.append(b"data %d\n" % len(data) + data + b"\n")

    when = 1_400_000_000
    for c in range(commits):
        when += 3600
        author = f"Editor {c % 7} <editor{c % 7}@example.org> {when} +0430\n".encode()
        message = f"Commit {c}: {'add the chronology' if c == 0 else 'edit events'}".encode()
        out.append(b"commit refs/heads/main\n")
        out.append(b"author " + author + b"committer " + author)
        blob(message)
        if c == 0:
            out.append(b"M 100644 inline content/sources/wire.yaml\n")
            blob(b"title: Wire\n")
            for n, path in paths.items():
                out.append(f"M 100644 inline {path}\n".encode())
                blob(event_text(n, 2000 + n % 20, 0))
        else:
            for n in rng.sample(sorted(paths), 8):
                out.append(f"M 100644 inline {paths[n]}\n".encode())
                blob(event_text(n, 2000 + n % 20, c))
            if c % 50 == 0:
                n = rng.choice(sorted(paths))
                new = f"content/events/{2020 + c % 5}/event-{n}.yaml"
                out.append(f"R {paths[n]} {new}\n".encode())
                paths[n] = new
            elif c % 50 == 25:
                n = rng.choice(sorted(paths))
                out.append(f"D {paths.pop(n)}\n".encode())
        out.append(b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(out), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("GIT_CONFIG_NOSYSTEM", "1")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        started = time.perf_counter()
        build(root, args.events, args.commits)
        print(f"built {args.events:,} events, {args.commits:,} commits in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        subprocess.run(
            ["git", "log", "--no-merges", "--date-order", "-M", "--raw", "--no-abbrev", "-z",
             "--format=%x01%H%x00%cI%x00%aN%x00%s", "--", "content"],
            cwd=root, check=True, stdout=subprocess.DEVNULL,
        )
        git_only = time.perf_counter() - started
        cold = []
        for _ in range(args.repeat):
            clear_cache()
            started = time.perf_counter()
            history = read_history(root, Path("content"))
            cold.append(time.perf_counter() - started)
        started = time.perf_counter()
        read_history(root, Path("content"))
        cached = time.perf_counter() - started
        cache_dir = Path(tmp) / ".timeline-cache"
        clear_cache()
        read_history(root, Path("content"), cache=CacheFolder(cache_dir))
        clear_cache()
        started = time.perf_counter()
        read_history(root, Path("content"), cache=CacheFolder(cache_dir))
        from_file = time.perf_counter() - started
        # One more commit that edits a few events: a new HEAD, whose history is read from git again, but
        # the words of every earlier change come from history_words.json; only the new ones are diffed.
        for n in range(5):
            path = root / "content" / "events" / str(2000 + n % 20) / f"event-{n}.yaml"
            if path.exists():
                path.write_bytes(path.read_bytes().replace(b"title: ", b"title: Edited "))
        subprocess.run(["git", "commit", "-qam", "Edit five events"], cwd=root, check=True,
                       env={**os.environ, "GIT_AUTHOR_NAME": "B", "GIT_AUTHOR_EMAIL": "b@example.org",
                            "GIT_COMMITTER_NAME": "B", "GIT_COMMITTER_EMAIL": "b@example.org"})
        clear_cache()
        started = time.perf_counter()
        read_history(root, Path("content"), cache=CacheFolder(cache_dir))
        new_head = time.perf_counter() - started
        print(f"files with history: {len(history.files):,}; log entries: {len(history.log):,}; deletions: {len(history.deletions)}")
        print(f"cold read (one git log): best {min(cold):.3f} s of {args.repeat} (the git log alone: {git_only:.3f} s)")
        print(f"cached read (same HEAD): {cached * 1000:.1f} ms")
        print(f"read from the JSON cache file: {from_file:.3f} s")
        print(f"a new commit, the words of earlier changes kept: {new_head:.3f} s")


if __name__ == "__main__":
    main()
