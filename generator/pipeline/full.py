"""The full build's writer: the whole generated site into a new, empty folder.

Pages whose inputs are those of the site the build replaces are hard-linked from it
(``PageReuse``); the rest are rendered. A large site renders in one forked process
per core, sharing the loaded content, the rendered Markdown and the compiled templates.
"""

from __future__ import annotations

from pathlib import Path

from generator.chronology import Chronology
from generator.pipeline.caches import Manifest, PageReuse, load_manifest, pages_key, save_manifest
from generator.pipeline.outputs import Output, SiteOutputs, publish_file
from generator.pipeline.project import Project
from generator.runtime import cores, fork_map

PARALLEL_FROM = 500  # events; smaller sites build faster in one process
SHARES_PER_CORE = 4  # pages are dealt round-robin into this many shares a core, so workers finish together


def write_full(project: Project, site: SiteOutputs, chron: Chronology, site_dir: Path, previous: Path | None) -> int:
    """Write every output into the new folder ``site_dir``; return how many were rendered (not linked).

    A page whose inputs key is the one the site at ``previous`` was built with, and whose copy there
    is still what that build wrote, is hard-linked from it; its manifest is kept for the next build.
    """
    outputs = site.outputs
    manifest_path = project.cache.pages_manifest
    old = load_manifest(manifest_path, previous) if previous else {}
    global_key = pages_key(chron, project.options, project.templates_dirs) + site.listing_key  # + thumbnails
    reuse = PageReuse(global_key, old, previous, site_dir)
    if cores() < 2 or len(chron.events) < PARALLEL_FROM:
        shares = [range(len(outputs))]
    else:
        shares = _shares(outputs, cores() * SHARES_PER_CORE)
        site.files_key()  # once, before forking, rather than once in each worker
        if not old:  # every page will be rendered, and with them every list entry: here, not in each worker
            site.render_cards()
    written, manifest = 0, {}
    for count, entries in fork_map(_write_share, shares, (outputs, reuse, site_dir), ordered=False):
        written += count
        manifest.update(entries)
    if previous is not None:
        save_manifest(manifest_path, previous, manifest)
    return written


def _shares(outputs: list[Output], parts: int) -> list[range]:
    """Each feed or export alone (they are slow and come first), then the pages dealt round-robin."""
    first_page = next((i for i, output in enumerate(outputs) if output.page is not None), len(outputs))
    files = [range(i, i + 1) for i in range(first_page)]
    return files + [range(first_page + k, len(outputs), parts) for k in range(parts)]


def _write_share(shared: tuple[list[Output], PageReuse, Path], share: range) -> tuple[int, Manifest]:
    """Write one share of the outputs (in a worker, or in this process); return the count and manifest entries."""
    outputs, reuse, site_dir = shared
    made_dirs: set[Path] = set()
    entries: Manifest = {}
    written = 0
    for index in share:
        output = outputs[index]
        key = reuse.key(output.page.inputs) if output.page is not None else None
        if key is not None and reuse.reusable(output.path, key) and reuse.link(output.path):
            entries[output.path] = reuse.old[output.path]
            continue
        target = site_dir / output.path
        if target.parent not in made_dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            made_dirs.add(target.parent)
        if output.file is not None:  # a published image: linked from the image cache
            publish_file(output.file, target)
            written += 1
            continue
        data = output.make()
        target.write_bytes(data)
        written += 1
        entry = reuse.entry(key, data)
        if entry is not None:
            entries[output.path] = entry
    return written, entries
