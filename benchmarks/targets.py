"""The targets of issue 24 (scale), checked against one run of ``benchmarks/run.py``.

A target is set for one corpus size (10,000 or 100,000 events). It is checked at that size and at
every smaller size of the run (a smaller corpus must do at least as well); a size above the
largest set (past 100,000) is held to the targets of the largest. Each row says met, not met, or
not measured (and why).
"""

from __future__ import annotations

from dataclasses import dataclass

GB = 1e9  # decimal units throughout: GitHub Pages' "1 GB" and the 2 GB per process are read strictly
MB = 1e6
MIB = 1024 * 1024


@dataclass(frozen=True)
class Target:
    set_for: int  # the corpus size the issue sets it for
    what: str
    limit: float
    unit: str  # "s", "×" (a ratio), "bytes", "files"
    measure: str  # a key of the size's summary (see ``summarize``)
    baseline: str | None = None  # "mkdocs" or "hugo": the limit is a ratio to that baseline's median
    stretch: float | None = None


TARGETS: tuple[Target, ...] = (
    Target(10_000, "cold build", 1.0, "×", "build", baseline="mkdocs", stretch=0.5),
    Target(10_000, "warm build", 1.0, "×", "warm", baseline="hugo"),
    Target(10_000, "`timeline check`, cold", 2.0, "s", "check-cold"),
    Target(10_000, "`timeline check`, warm", 1.0, "s", "check"),
    Target(10_000, "an edit shown by `serve`", 0.5, "s", "serve-edit"),
    Target(100_000, "cold build, on 2 cores", 300.0, "s", "build"),
    Target(100_000, "largest process, peak RSS", 2 * GB, "bytes", "peak-process"),
    Target(100_000, "site size", 1 * GB, "bytes", "site-bytes"),
    Target(100_000, "site files", 120_000, "files", "site-files"),
    Target(100_000, "a first search downloads", 1 * MB, "bytes", "search-bytes", stretch=300_000),
    Target(100_000, "an edit shown by `serve`", 2.0, "s", "serve-edit"),
)
TARGET_SIZES = sorted({t.set_for for t in TARGETS})


def applies(target: Target, n: int) -> bool:
    """Whether ``target`` holds at ``n`` events: at its own size and below; past the largest size set, the largest's."""
    return n <= target.set_for or (n > TARGET_SIZES[-1] and target.set_for == TARGET_SIZES[-1])


@dataclass
class Measured:
    value: float | None
    detail: str = ""  # what the value is made of, or why there is none


def _seconds(rows: dict, name: str) -> Measured:
    row = rows.get(name)
    if row is None:
        return Measured(None, f"not measured: `{name}` was not run (see --only)")
    if row.skipped or row.median is None:
        reason = row.skipped or "no samples"
        return Measured(None, f"not measured: `{name}` skipped: {reason if len(reason) < 160 else reason[:157] + '…'}")
    return Measured(row.median, f"median of {len(row.samples)}")


def _peak_process(rows: dict, incremental_mode: str) -> Measured:
    """The largest peak RSS of any one process of any of our measurements (builds, checks, serve)."""
    best: tuple[float, str, str] | None = None
    for name, row in rows.items():
        if name in ("mkdocs", "hugo") or row.skipped:
            continue
        for sample in row.samples:
            if sample.peak_process_mb and (best is None or sample.peak_process_mb > best[0]):
                best = (sample.peak_process_mb, sample.peak_process, name)
    if best is None:
        return Measured(None, "not measured: no build, check or serve ran")
    where = "the `timeline serve` session of `incremental`" if best[2] == "incremental" and incremental_mode == "serve" else f"`{best[2]}`"
    return Measured(best[0] * MIB, f"{best[1]}, in {where}")


def summarize(rows: dict, site: dict | None, search: list[dict], incremental_mode: str) -> dict[str, Measured]:
    """What the targets measure at one size: ``rows`` by measurement name (run.py's rows), the
    cold build's site (``site_breakdown.breakdown``), the search queries measured, and how
    ``incremental`` was measured (only ``serve`` times an edit shown by `timeline serve`)."""
    summary = {name: _seconds(rows, name) for name in ("build", "warm", "check-cold", "check", "mkdocs", "hugo")}
    incremental = rows.get("incremental")
    if incremental is not None and incremental_mode != "serve":
        summary["serve-edit"] = Measured(None, "not measured: `incremental` ran as a build (use --incremental-mode serve)")
    else:
        summary["serve-edit"] = _seconds(rows, "incremental")
    summary["peak-process"] = _peak_process(rows, incremental_mode)
    if site is None:
        summary["site-bytes"] = summary["site-files"] = Measured(None, "not measured: no cold build's site")
    else:
        summary["site-bytes"] = Measured(site["bytes"], "")
        summary["site-files"] = Measured(site["files"], "")
    if search:
        worst = max(search, key=lambda q: q["bytes"])
        summary["search-bytes"] = Measured(worst["bytes"], f"the largest of {len(search)} queries: \"{worst['word']}\"")
    else:
        summary["search-bytes"] = Measured(None, "not measured (--no-search-bytes, or no browser)")
    return summary


def _show(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:,.2f} s"
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "files":
        return f"{value:,.0f} files"
    return f"{value / GB:,.2f} GB" if value >= GB / 10 else f"{value / MB:,.2f} MB"


def _limit(target: Target) -> str:
    shown = _show(target.limit, target.unit)
    if target.baseline:
        shown = f"{target.limit:g}× {'MkDocs' if target.baseline == 'mkdocs' else 'Hugo'}"
    return "≤ " + shown + (f" (stretch {_show(target.stretch, target.unit) if not target.baseline else f'{target.stretch:g}×'})" if target.stretch else "")


def _ratios(summary: dict[str, Measured], seconds: float, leave_out: str | None) -> list[str]:
    """``seconds`` against each baseline measured at this size (but ``leave_out``)."""
    return [f"{seconds / summary[name].value:.2f}× {label}" for name, label in (("mkdocs", "MkDocs"), ("hugo", "Hugo"))
            if summary[name].value and name != leave_out]


def check(target: Target, summary: dict[str, Measured], cpus: int | None) -> tuple[str, str]:
    """(what was measured, the verdict) for one target at one size."""
    measured = summary[target.measure]
    if measured.value is None:
        return measured.detail.removeprefix("not measured: "), "not measured"
    if target.baseline:
        base = summary[target.baseline]
        seconds = f"{_show(measured.value, 's')} against {_show(base.value, 's')}" if base.value else _show(measured.value, "s")
        notes = [seconds]
    else:
        base, notes = None, [measured.detail] if measured.detail else []
    if target.measure == "build":  # the cold build is also shown against the other baseline (or both)
        notes += _ratios(summary, measured.value, target.baseline) or ([] if target.baseline else ["no baseline run at this size"])
    if base is not None and not base.value:
        return f"{'; '.join(notes)}; {base.detail.removeprefix('not measured: ')}", "not measured"
    value = measured.value / base.value if base is not None else measured.value
    verdict = "met" if value <= target.limit else "**not met**"
    if verdict == "met" and target.stretch is not None and value <= target.stretch:
        verdict = "met, stretch too"
    if target.what.endswith("on 2 cores") and cpus not in (None, 2):
        verdict += f" (on {cpus} CPUs)"
    return f"{_show(value, target.unit)} ({'; '.join(notes)})" if notes else _show(value, target.unit), verdict


def targets_table(sizes: list[int], summaries: dict[int, dict[str, Measured]], cpus: int | None) -> str:
    """The Markdown table: one row per size and target that holds at that size."""
    lines = ["| N | target (set for N) | limit | measured | verdict |", "| ---: | --- | --- | --- | --- |"]
    for n in sizes:
        for target in TARGETS:
            if applies(target, n):
                shown, verdict = check(target, summaries[n], cpus)
                lines.append(f"| {n:,} | {target.what} ({target.set_for:,}) | {_limit(target)} | {shown.replace('|', '/')} | {verdict} |")
    return "\n".join(lines)

