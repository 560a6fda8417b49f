"""The editorial commands of ``timeline``: ``diff`` and ``import``.

``add_commands(subparsers)`` registers them on the main parser (see
``generator.cli.main``). Exit codes follow the CLI: 0 success, 1 content problems
(nothing could be imported), 2 usage errors (a bad revision, an unreadable file).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.content.fields import is_slug, slug_problem

DEFAULT_CONTENT = "content"


def cmd_diff(args: argparse.Namespace) -> int:
    """Print the record-level, field-level changes between two revisions."""
    # each editorial command loads its own stage, so that `timeline check` and `build` start quickly
    from generator.editorial.diff import DiffError, diff_revisions, format_markdown, format_text

    try:
        changes = diff_revisions(Path.cwd(), Path(args.content_dir), args.rev_a, args.rev_b)
    except DiffError as exc:
        print(f"timeline diff: {exc}", file=sys.stderr)
        return 2
    if args.format == "markdown":
        sys.stdout.write(format_markdown(changes, args.rev_a, args.rev_b))
    else:
        sys.stdout.write(format_text(changes))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Write event files from a TimelineJS JSON, a TimelineJS sheet or our CSV export."""
    # each editorial command loads its own stage, so that `timeline check` and `build` start quickly
    from generator.editorial.importers import ImportFailed, import_csv, import_sheet, import_timelinejs

    if args.source_id is not None and not is_slug(args.source_id):
        print(f"timeline import: --source-id: {slug_problem(args.source_id)}", file=sys.stderr)
        return 2
    importer = {"timelinejs": import_timelinejs, "sheet": import_sheet, "csv": import_csv}[args.kind]
    try:
        report = importer(Path(args.file), Path(args.into), args.source_id)
    except ImportFailed as exc:
        print(f"timeline import: {exc}", file=sys.stderr)
        return 2
    for path in report.written:
        print(path)
    for message in report.skipped:
        print(f"not carried over: {message}", file=sys.stderr)
    events = sum(1 for p in report.written if "events" in p.parts)
    print(
        f"{events} event(s) written to {args.into}; {len(report.skipped)} thing(s) not carried over."
        + (" Run `timeline check` next." if report.written else ""),
        file=sys.stderr,
    )
    return 0 if report.written or not report.skipped else 1


def add_commands(sub) -> None:
    """Register ``diff`` and ``import`` on an ``argparse`` subparsers object."""
    diff = sub.add_parser(
        "diff",
        help="what changed between two git revisions, event by event and field by field",
        description="Compare the content of two git revisions (default: HEAD and the working tree), "
        "reading each side through the loader, so only changes of meaning are shown.",
    )
    diff.add_argument("rev_a", nargs="?", default="HEAD", metavar="REV_A", help="the older revision (default: HEAD)")
    diff.add_argument("rev_b", nargs="?", default=None, metavar="REV_B", help="the newer revision (default: the working tree)")
    diff.add_argument("--format", choices=["text", "markdown"], default="text", help="markdown is for pull requests")
    diff.add_argument("--content-dir", default=DEFAULT_CONTENT)
    diff.set_defaults(func=cmd_diff)

    imp = sub.add_parser(
        "import",
        help="write event files from a TimelineJS JSON, a TimelineJS spreadsheet (CSV) or a timeline CSV export",
        description="Write one event file per imported event (never overwriting a file) and a source record "
        "for the import, then report everything that could not be carried over.",
    )
    imp.add_argument("kind", choices=["timelinejs", "sheet", "csv"],
                     help="timelinejs: TimelineJS 3 JSON; sheet: the TimelineJS Google Sheets template saved as CSV; "
                     "csv: the CSV that `timeline export` writes")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--into", default=DEFAULT_CONTENT, metavar="DIR", help="the content folder to write into (default: content)")
    imp.add_argument("--source-id", default=None, metavar="ID",
                     help="id of the source record the imported events cite (default: import-<file name>)")
    imp.set_defaults(func=cmd_import)


__all__ = ["add_commands", "cmd_diff", "cmd_import"]
