"""One build of the site, top to bottom: the pipeline every build runs.

    read        content/ -> validated, frozen records                  (generator.content)
    chronology  records -> ordered, grouped, indexed timeline           (generator.chronology)
    history     the content's git history, as the site shows it        (Project.read_history)
    images      each local image's published variants                  (site_images)
    outputs     every file the build adds to the site, none made yet   (site_outputs)
    search      Pagefind over the event records, made from the model, not the pages: a full build
                starts it in a forked process (runtime.call_forked) and writes meanwhile; a live
                preview runs it after writing (its server runs threads: no fork beside them)
    write       a full build into a new folder, pages unchanged since the site it replaces linked
                from it (full.write_full); a live preview in place, only what an edit changed
                (PreviewState.write)
    publish     ``timeline build`` swaps the new folder in, once MkDocs has finished with it
                (publish.swap_in, in the MkDocs adapter's command)

``timeline build`` and ``mkdocs build`` run it through the MkDocs adapter: the plugin reads the
chronology before MkDocs writes anything (a content error stops the build there, and hand-written
pages show event slices), then calls ``build_site`` once MkDocs has written the hand-written pages.
``timeline serve`` runs it on every edit with the state its preview keeps.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator.chronology import Chronology, build_chronology
from generator.content.parallel_read import KeptEvents
from generator.content.reader import read_content
from generator.pipeline.full import write_full
from generator.pipeline.outputs import site_outputs
from generator.pipeline.preview import PreviewState
from generator.pipeline.project import Project
from generator.pipeline.pagefind_run import build_search_index
from generator.pipeline.search_records import event_records
from generator.pipeline.site_images import site_images
from generator.render import i18n
from generator.render.environment import make_environment
from generator.render.markdown import MarkdownRenderer, markdown_texts
from generator.runtime import ForkedCall, call_forked, loading_without_gc


@dataclass
class BuildReport:
    """What one build did: how many files it wrote, whether it indexed, and how long each stage took."""

    events: int = 0
    written: int = 0  # files rendered or copied (not linked from the replaced site, nor unchanged)
    indexed: bool | None = None  # search: True built, False an unchanged index reused, None not indexed
    seconds: dict[str, float] = field(default_factory=dict)  # stage -> seconds


def read_chronology(project: Project, preview: PreviewState | None = None) -> Chronology:
    """Read and validate the content (raises ``ContentInvalid`` with every error) and order it.

    A full build skips event files unchanged since the last read (``CacheFolder.kept_events``);
    a live preview re-reads only the files edited since its last rebuild."""
    if preview is not None:
        content = preview.read_content(project)
    else:
        with loading_without_gc():
            content = read_content(project.content_dir, project.root, kept=KeptEvents(project.cache.kept_events))
    return preview.chronology(content) if preview is not None else build_chronology(content)


def build_site(project: Project, out: Path, previous: Path | None = None, *, chronology: Chronology | None = None,
               preview: PreviewState | None = None, search: bool = True,
               say: Callable[[str], None] = lambda line: None) -> BuildReport:
    """Build the chronology's pages, feeds, exports, images and search index into the site folder ``out``.

    ``previous``: the site this build replaces (its unchanged pages are linked, not rendered);
    ``chronology``: the one already read (else read here); ``preview``: a live preview's state
    (write in place, only what changed); ``search``: make the search index; ``say``: told what each
    stage did, as soon as it is done (a terminal line).
    """
    report, started = BuildReport(), time.perf_counter()
    chron = chronology if chronology is not None else read_chronology(project, preview)
    report.events = len(chron.events)
    history = project.read_history()
    images = site_images(project, chron, preview.images if preview is not None else None)
    markdown = preview.markdown if preview is not None else _kept_markdown(project)
    markdown.prerender(markdown_texts(chron))  # once, before any worker forks
    # A full build's templates stay as they are while it runs: each is read once, not looked at per page.
    env = preview.env if preview is not None else make_environment(project.templates_dirs, auto_reload=False)
    site = site_outputs(project, chron, env, markdown, history, images, preview.cards if preview is not None else None)
    out.mkdir(parents=True, exist_ok=True)  # the search makes its scratch folder in it, maybe before the write does
    # Started before the pages' workers fork, not after: a process with the pool's threads running must not fork.
    with call_forked(_index_events, project, chron, markdown, out, fork=search and preview is None) as indexing:
        if preview is None:
            report.written = write_full(project, site, chron, out, previous)
        else:
            report.written = preview.write(project, site, chron, out)
        _keep_markdown(project, markdown)
        report.seconds["write"] = time.perf_counter() - started
        say(f"timeline: {report.events} events, {report.written} files written in {report.seconds['write']:.2f} s")
        if search:
            report.indexed, report.seconds["search"] = indexing.result()
            say(_search_line(report, indexing, started))
    return report


def _index_events(project: Project, chron: Chronology, markdown: MarkdownRenderer, out: Path) -> tuple[bool, float]:
    """Index the events' search records into ``out`` (``build_search_index``); whether Pagefind ran, and the seconds.

    The records are made here, from the model (not from the written pages): in a full build, in the
    forked process, so that neither the build nor its page-writing workers hold them."""
    started = time.perf_counter()
    words = i18n.words_for(project.options.language, project.templates_dirs)
    records = event_records(chron, markdown, words)
    indexed = build_search_index(out, project.cache.pagefind, records, language=words.tag)
    return indexed, time.perf_counter() - started


def _search_line(report: BuildReport, indexing: ForkedCall, started: float) -> str:
    """The search stage's line: how long it took, and, beside the writing, when it finished (as the write line
    counts: from the build's start)."""
    seconds = report.seconds["search"]
    line = f"timeline: search index {'built' if report.indexed else 'unchanged, reused'} in {seconds:.2f} s"
    if indexing.forked:
        line += f", alongside the writing (done {indexing.started - started + seconds:.2f} s into the build)"
    return line


def _kept_markdown(project: Project) -> MarkdownRenderer:
    markdown = MarkdownRenderer()
    markdown.load(project.cache.markdown)
    return markdown


def _keep_markdown(project: Project, markdown: MarkdownRenderer) -> None:
    try:
        markdown.save(project.cache.markdown)
    except OSError:  # a read-only checkout still builds; it just stays cold
        pass
