"""Reading a content folder into ``Content``: ``read_content``, the one entry point (and
``check_content``, what ``timeline check`` reports), collecting every error of the read.

Each event file comes down to an ``EventSummary`` (``validate.summarize_event``) in one of
three ways, chosen here:

* a live preview passes a ``cache`` of parsed files and a ``memo`` of their summaries: the
  files are read in this process, and only edited ones are parsed and validated again;
* a large tree (``parallel_read.PARALLEL_FROM`` files, two cores or more) is read by forked
  workers, reusing what ``kept`` (``KeptEvents``) holds from the last build or check;
* anything else is read in this process.

The rules across files (``cross_file``) then run over the summaries in file order, the same
for every way, so that every reader reports the same errors and builds the same content.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.content.cross_file import EventSummary, events_across_files, valid_records
from generator.content.errors import ContentError, ContentInvalid
from generator.content.load import FileCache, LoadedFile, load_content
from generator.content.yaml_nodes import Node
from generator.content.media import media_root
from generator.content.model import Content
from generator.content.parallel_read import KeptEvents, event_files_to_split, summarize_in_parallel
from generator.content.validate import registries, summarize_event

Errors = list[ContentError]
EventMemo = dict[str, tuple[Node, EventSummary]]  # an event file's path -> (its parsed root, the root's clean summary)


def read_content(content_dir: Path, project_root: Path | None = None, cache: FileCache | None = None,
                 memo: EventMemo | None = None, kept: KeptEvents | None = None) -> Content:
    """Load and validate a content folder; raise ``ContentInvalid`` with all errors.

    A live preview passes a ``cache`` of parsed files and a ``memo`` of the event summaries
    made from them, so that unchanged files are neither parsed nor validated again. Without
    them, a large tree is read in one process per core, reusing what ``kept`` holds from the
    last read (see ``parallel_read``).
    """
    errors: Errors = []
    content, _ = _read(content_dir, project_root or content_dir.parent, errors, True, cache, memo, kept)
    if errors:
        raise ContentInvalid(errors)
    return content


@dataclass(frozen=True)
class CheckResult:
    """What ``timeline check`` reports: every error, sorted, and what a clean tree holds."""

    errors: Errors
    events: int = 0
    sources: int = 0
    actors: int = 0
    places: int = 0
    content: Content | None = None  # with ``keep_content``, when valid: the content, events included


def check_content(content_dir: Path, project_root: Path, kept: KeptEvents | None = None,
                  keep_content: bool = False) -> CheckResult:
    """Every error of a content tree, sorted, and its counts: what ``timeline check`` prints.
    ``keep_content``: the result holds the content read (for the slices of hand-written pages);
    without it, forked workers need not send the events back."""
    errors: Errors = []
    content, event_count = _read(content_dir, project_root, errors, keep_content, None, None, kept)
    if errors:
        return CheckResult(sorted(errors))
    return CheckResult([], event_count, len(content.sources), len(content.actors), len(content.places),
                       content if keep_content else None)


def _read(content_dir: Path, project_root: Path, errors: Errors, keep_events: bool, cache: FileCache | None,
          memo: EventMemo | None, kept: KeptEvents | None) -> tuple[Content, int]:
    """The content (its events only with ``keep_events``) and how many events it holds; every
    problem goes to ``errors``."""
    paths = event_files_to_split(content_dir) if cache is None and memo is None else []
    with media_root(content_dir):  # media files are checked in content/media/
        files = load_content(content_dir, project_root, errors, cache, events=[] if paths else None)
        actors, places, sources = registries(files, errors)
        if paths:
            summaries = summarize_in_parallel(content_dir, project_root, paths, errors, keep_events, kept)
        else:
            summaries = _summarize_here(files.events, errors, memo)
    events, event_count = events_across_files(summaries, {"actor": actors, "place": places, "source": sources},
                                              errors)
    content = Content(tuple(sorted(events, key=lambda e: e.sort_key)) if keep_events else (),
                      valid_records(sources), valid_records(actors), valid_records(places))
    return content, event_count


def _summarize_here(files: tuple[LoadedFile, ...], errors: Errors, memo: EventMemo | None) -> list[EventSummary]:
    """The summaries of the event files that parsed into a mapping, in order, read in this process.
    With a ``memo``, a file parsed into the same root as last time keeps its summary, if it was
    clean; the memo is left holding the clean summaries of these files only."""
    summaries = []
    clean: EventMemo = {}
    for file in files:
        if file.root is None:
            continue
        known = memo.get(file.path) if memo is not None else None
        if known is not None and known[0] is file.root:  # the same parsed file as last read: the same summary
            summary = known[1]
        else:
            before = len(errors)
            summary = summarize_event(file, errors)
            if summary is None:
                continue
            if summary.event is None or summary.later_errors or len(errors) != before:
                summaries.append(summary)
                continue
        clean[file.path] = (file.root, summary)
        summaries.append(summary)
    if memo is not None:  # forget files that changed or went away
        memo.clear()
        memo.update(clean)
    return summaries
