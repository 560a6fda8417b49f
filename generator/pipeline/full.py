"""The full build: the whole generated site into a new, empty folder.

Pages whose inputs are those of the site the build replaces are hard-linked from it
(``PageReuse``); the rest are rendered. A large site renders in one forked process
per core, sharing the loaded content, the rendered Markdown and the compiled templates.
"""

from __future__ import annotations

from pathlib import Path

from generator.pipeline.caches import Manifest, PageReuse, load_manifest, pages_key, save_manifest
from generator.pipeline.project import Output, Project, publish_file, site_outputs
from generator.chronology import Chronology, build_chronology
from generator.content.parallel_read import KeptEvents
from generator.content.reader import read_content
from generator.render.environment import make_environment
from generator.render.markdown import MarkdownRenderer, markdown_texts
from generator.runtime import cores, fork_map, loading_without_gc

PARALLEL_FROM = 500  # events; smaller sites build faster in one process
SHARES_PER_CORE = 4  # pages are dealt round-robin into this many shares a core, so workers finish together


class FullBuild:
    """Builds a project's generated files into ``site_dir``, replacing the site at ``replaces``."""

    def __init__(self, project: Project, replaces: Path | None = None) -> None:
        self.project = project
        self.replaces = replaces  # the published site this build will replace (None: reuse nothing)
        self.markdown: MarkdownRenderer | None = None  # the last write's renderer, every text rendered (for search)

    @property
    def manifest_path(self) -> Path:
        return self.project.cache_dir / "pages.pickle"

    def read(self) -> Chronology:
        """Load and validate the content; raises ``ContentInvalid`` with every error."""
        with loading_without_gc():
            content = read_content(self.project.content_dir, self.project.root, kept=KeptEvents(self.project.cache_dir))
        return build_chronology(content)

    def write(self, site_dir: Path, chron: Chronology) -> int:
        """Write every generated file into ``site_dir``; return how many were rendered (not linked)."""
        project = self.project
        md = self.markdown = MarkdownRenderer()
        md.load(project.markdown_cache)
        md.prerender(markdown_texts(chron))  # once, before any worker forks
        history = project.read_history()
        site = site_outputs(project, chron, make_environment(project.templates_dirs), md, history)
        outputs = site.outputs
        old = load_manifest(self.manifest_path, self.replaces) if self.replaces else {}
        global_key = pages_key(chron, project.options, project.templates_dirs) + site.listing_key  # + thumbnails
        reuse = PageReuse(global_key, old, self.replaces, site_dir)
        if cores() < 2 or len(chron.events) < PARALLEL_FROM:
            shares = [range(len(outputs))]
        else:
            shares = _shares(outputs, cores() * SHARES_PER_CORE)
            site.files_key()  # once, before forking, rather than once in each worker
        written, manifest = 0, {}
        for count, entries in fork_map(_write_share, shares, (outputs, reuse, site_dir), ordered=False):
            written += count
            manifest.update(entries)
        if self.replaces is not None:
            save_manifest(self.manifest_path, self.replaces, manifest)
        try:
            md.save(project.markdown_cache)
        except OSError:  # a read-only checkout still builds; it just stays cold
            pass
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
