"""A built site's bytes and files by kind and by top-level folder, and projected to a larger N.

    python benchmarks/site_breakdown.py SITE:N [SITE:N] [--scale-to 100000]

With one site, each row is scaled linearly (× target / N). With two sites of different N (the
same corpus at two sizes), each row is also projected along the line through both points
(a + b·N): a part whose file count does not grow with N (the pages of 300 actors) then stays put.
Bytes are file sizes as a host stores them; a hard-linked file counts once per name.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

KINDS = ("event pages", "index pages", "embeds", "feeds", "exports", "search bundle", "assets and the rest")
EXPORT_SUFFIXES = (".json", ".csv", ".ics")


def kind_of(relative: Path) -> str:
    """What a file of a built site is, from its path in the site."""
    top = relative.parts[0]
    if top == "pagefind":
        return "search bundle"
    if top == "embed":
        return "embeds"
    if relative.name == "feed.xml":
        return "feeds"
    if (len(relative.parts) == 1 or top == "exports") and relative.suffix in EXPORT_SUFFIXES:
        return "exports"  # the whole files, or past a size the years' (generator/render/exports/by_year.py)
    if relative.suffix == ".html":
        return "event pages" if top == "events" and len(relative.parts) == 3 else "index pages"
    return "assets and the rest"


def breakdown(site: Path) -> dict | None:
    """Bytes and files of a built site, in all, by kind (``KINDS``) and by top-level folder
    (a file at the root is its own row); None when ``site`` holds no built site."""
    if not (site / "index.html").is_file():
        return None
    kinds: dict[str, list[int]] = {}
    folders: dict[str, list[int]] = {}
    for path in site.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        relative = path.relative_to(site)
        size = path.stat().st_size
        top = relative.parts[0] + ("/" if len(relative.parts) > 1 else "")
        for table, key in ((kinds, kind_of(relative)), (folders, top)):
            counted = table.setdefault(key, [0, 0])
            counted[0] += size
            counted[1] += 1

    def rows(table: dict[str, list[int]], order) -> dict[str, dict[str, int]]:
        return {key: {"bytes": table[key][0], "files": table[key][1]} for key in order if key in table}

    return {"bytes": sum(b for b, _ in kinds.values()), "files": sum(f for _, f in kinds.values()),
            "by_kind": rows(kinds, KINDS),
            "by_folder": rows(folders, sorted(folders, key=lambda k: (-folders[k][0], k)))}


def project(points: list[tuple[int, int]], target: int) -> float:
    """A value at ``target`` events: scaled linearly from one (N, value), or along the line through two."""
    if len(points) == 1 or points[0][0] == points[1][0]:
        n, value = points[-1]
        return value * target / n
    (n1, v1), (n2, v2) = points
    slope = (v2 - v1) / (n2 - n1)
    return max(0.0, v1 + slope * (target - n1))


def projection_table(sites: list[tuple[int, dict]], target: int, table: str) -> str:
    """Markdown: each row (kind or folder) of ``table`` at each measured N, linearly scaled from the
    largest N, and (with two sizes) projected along the line through both."""
    largest_n, largest = max(sites, key=lambda s: s[0])
    keys = list(largest[table]) + [k for _, site in sites for k in site[table] if k not in largest[table]]
    keys = list(dict.fromkeys(keys))
    two = len(sites) == 2 and sites[0][0] != sites[1][0]
    head = [f"{n:,}: MB, files" for n, _ in sites] + [f"{target:,} (× {target / largest_n:g}): MB, files"]
    if two:
        head.append(f"{target:,} (line through both): MB, files")
    lines = ["| " + ("kind" if table == "by_kind" else "folder") + " | " + " | ".join(head) + " |",
             "| --- |" + " ---: |" * len(head)]

    def cell(mb: float, files: float) -> str:
        return f"{mb:,.1f} MB, {files:,.0f}"

    for key in [*keys, "all"]:
        values = [(n, site[table].get(key, {"bytes": 0, "files": 0}) if key != "all" else site) for n, site in sites]
        cells = [cell(v["bytes"] / 1e6, v["files"]) for _, v in values]
        cells.append(cell(project([(largest_n, largest[table].get(key, {"bytes": 0})["bytes"] if key != "all" else largest["bytes"])], target) / 1e6,
                          project([(largest_n, largest[table].get(key, {"files": 0})["files"] if key != "all" else largest["files"])], target)))
        if two:
            cells.append(cell(project([(n, v["bytes"]) for n, v in values], target) / 1e6,
                              project([(n, v["files"]) for n, v in values], target)))
        name = f"**{key}**" if key == "all" else key
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/site_breakdown.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="+", metavar="SITE:N", help="a built site and the number of events it was built from")
    parser.add_argument("--scale-to", type=int, default=100_000, help="the N to project to (default 100000)")
    args = parser.parse_args(argv)
    if len(args.sites) > 2:
        parser.error("one or two sites")
    sites = []
    for spec in args.sites:
        folder, _, n = spec.rpartition(":")
        if not n.isdigit() or not folder:
            parser.error(f"{spec}: expected SITE:N, e.g. /tmp/c/site:2000")
        found = breakdown(Path(folder))
        if found is None:
            parser.error(f"{folder}: no built site (no index.html)")
        sites.append((int(n), found))
    sites.sort(key=lambda s: s[0])
    print("By kind:\n\n" + projection_table(sites, args.scale_to, "by_kind"))
    print("\nBy top-level folder:\n\n" + projection_table(sites, args.scale_to, "by_folder"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
