"""The Markdown report of a ``benchmarks/run.py`` run: the targets, the timings, every process's
peak memory, the site's size and what a search fetches.

It reads run.py's rows and size runs by their attributes (``n``, ``measurement``, ``samples``,
``site``, ``search``, …) and never runs anything.
"""

from __future__ import annotations

import collections
import os

import site_breakdown
import targets

BASELINES = ("mkdocs", "hugo")
NO_CPU = ("incremental", "serve-start")  # timed in the harness, not as one command: no CPU seconds


def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _peak(sample) -> float:
    """The largest single process's peak (measure_process.peak_of), else ru_maxrss."""
    return sample.peak_process_mb if sample.peak_process else sample.max_rss_mb


def timings_table(rows: list) -> str:
    """Seconds per measurement and size, with ratios to the baselines, CPU seconds and the
    largest single process (its peak RSS and what it was)."""
    baselines = {(r.n, r.measurement): r.median for r in rows if r.measurement in BASELINES}
    cpu_baselines = {(r.n, r.measurement): r.cpu_median for r in rows if r.measurement in BASELINES}
    lines = [
        "| N | measurement | median s | min s | max s | ms/event | peak RSS MB | largest process | × MkDocs | × Hugo | CPU s | CPU × MkDocs | CPU × Hugo |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    notes = []
    for r in rows:
        if r.skipped or not r.samples:
            notes.append(f"- N={r.n} {r.measurement}: skipped: {r.skipped or 'no samples'}")
            lines.append(f"| {r.n} | {r.measurement} | skipped | | | | | | | | | | |")
            continue
        walls = r.walls()
        med = r.median
        mk, hg = baselines.get((r.n, "mkdocs")), baselines.get((r.n, "hugo"))
        cpu, cmk, chg = r.cpu_median, cpu_baselines.get((r.n, "mkdocs")), cpu_baselines.get((r.n, "hugo"))
        top = max(r.samples, key=_peak)
        lines.append(
            f"| {r.n} | {r.measurement} | {med:.3f} | {min(walls):.3f} | {max(walls):.3f} | "
            f"{med / r.n * 1000:.3f} | {_peak(top):.0f} | {top.peak_process or '—'} | "
            f"{_fmt(med / mk if mk else None)} | {_fmt(med / hg if hg else None)} | "
            f"{_fmt(cpu, 1) if r.measurement not in NO_CPU else '—'} | "
            f"{_fmt(cpu / cmk if cpu and cmk else None)} | {_fmt(cpu / chg if cpu and chg else None)} |"
        )
    text = "\n".join(lines)
    if notes:
        text += "\n\n" + "\n".join(n.replace("|", "\\|") for n in notes)
    return text


def processes_table(rows: list) -> str:
    """Every process of each measurement's most memory-hungry round: how many of each program,
    and the largest peak RSS among them (empty when no process was seen)."""
    lines = []
    for r in rows:
        if r.skipped or not r.samples or not any(s.processes for s in r.samples):
            continue
        top = max(r.samples, key=_peak)
        by_program: dict[str, list[float]] = collections.defaultdict(list)
        for process in top.processes:
            by_program[process["name"]].append(process["peak_mb"])
        programs = sorted(by_program.items(), key=lambda kv: -max(kv[1]))
        shown = "; ".join(f"{name}{f' ×{len(peaks)}' if len(peaks) > 1 else ''} {max(peaks):,.0f}" if max(peaks) else
                          f"{name} — (seen only as it ended)" for name, peaks in programs)
        lines.append(f"| {r.n} | {r.measurement} | {len(top.processes)} | {shown.replace('|', '/')} |")
    if not lines:
        return ""
    return "\n".join(["| N | measurement | processes | peak RSS MB of each program (the largest of its processes) |",
                      "| ---: | --- | ---: | --- |", *lines])


def site_table(runs: list) -> str:
    """The cold builds' sites by kind (empty when no size built a site)."""
    lines = []
    for run in runs:
        if run.site:
            parts = "; ".join(f"{kind} {v['bytes'] / 1e6:,.1f} MB in {v['files']:,} files" for kind, v in run.site["by_kind"].items())
            lines.append(f"| {run.n} | {run.site['bytes'] / 1e6:,.1f} | {run.site['files']:,} | {parts} |")
    if not lines:
        return ""
    return "\n".join(["| N | site MB | files | by kind |", "| ---: | ---: | ---: | --- |", *lines])


def search_table(runs: list) -> str:
    """Bytes one query fetches from the search bundle, per size and word (empty when unmeasured)."""
    lines = []
    for run in runs:
        for q in run.search:
            parts = ", ".join(f"{kind} {size / 1000:,.0f}" for kind, size in sorted(q["by_kind"].items(), key=lambda kv: -kv[1]))
            lines.append(f"| {run.n} | {q['word']} | {q['results']} | {q['bytes'] / 1000:,.0f} | {q['requests']} | {parts} |")
    if not lines:
        return ""
    return "\n".join(["| N | query | results shown | KB fetched | requests | KB by kind |",
                      "| ---: | --- | ---: | ---: | ---: | --- |", *lines])


def targets_section(rows: list, runs: list, incremental_mode: str) -> str:
    """The targets of issue 24 at each size of the run (``targets.py``)."""
    summaries = {}
    for run in runs:
        by_name = {r.measurement: r for r in rows if r.n == run.n}
        summaries[run.n] = targets.summarize(by_name, run.site, run.search, incremental_mode)
    return targets.targets_table([run.n for run in runs], summaries, os.cpu_count())


def render(rows: list, runs: list, args, results_path: str) -> str:
    """The whole report, as Markdown."""
    parts = [
        "Targets of issue 24 (each checked at its size and below; GB and MB are 10⁹ and 10⁶ bytes; "
        "the largest process is the largest peak RSS of any one process of any of our measurements):",
        targets_section(rows, runs, args.incremental_mode),
        "Timings (peak RSS: the largest single process of the command, polled from /proc, or ru_maxrss if larger):",
        timings_table(rows),
    ]
    processes = processes_table(rows)
    if processes:
        parts += ["Every process of each measurement (its round with the largest process):", processes]
    sites = site_table(runs)
    if sites:
        parts += ["The cold build's site (bytes as stored; hard links counted once per name; "
                  f"by top-level folder: `python benchmarks/site_breakdown.py SITE:N`; kinds: {', '.join(site_breakdown.KINDS)}):", sites]
    for row in rows:
        if row.measurement in ("build", "warm") and row.samples and row.samples[0].stages:
            parts.append(f"N={row.n} {row.measurement}, round 1: " + "; ".join(row.samples[0].stages))
    searches = search_table(runs)
    if searches:
        parts += ["One search query, first visit (fresh browser, text files gzip-compressed as hosts send them):", searches]
    rounds = ", ".join(f"{n} × {r}" for n, r in zip(args.sizes, args.repeat))
    parts.append(f"sizes × rounds: {rounds}; corpus vocabulary {args.vocabulary}; edits timed {args.incremental_mode == 'serve' and 'in `timeline serve`' or 'by `timeline build`'}; "
                 f"{os.cpu_count()} CPUs; load average at start {', '.join(f'{x:.2f}' for x in args.loadavg)}; all samples in {results_path}")
    return "\n\n".join(parts) + "\n"
