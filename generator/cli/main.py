"""The ``timeline`` command: check, schema, new, build, serve, export, import, diff.

Exit codes: 0 success, 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator.content.format import event_json_schema
from generator.content.dates import Date, DateError
from generator.content.fields import is_slug, slug_problem
from generator.editorial.scaffold import event_holding_id, event_yaml, missing_references, new_event_path, numbered_slug, slugify
from generator.content.reader import check_content
from generator.content.pages import docs_dir_for, mentions_slices, read_docs
from generator.cli import editorial, site
from generator.cli.report import print_errors, print_warnings
from generator.content.placeholders import placeholder_warnings
from generator.content.parallel_read import KeptEvents
from generator.cache_folder import CacheFolder
from generator.mkdocs_adapter.front_matter import without_front_matter
from generator.runtime import loading_without_gc

DEFAULT_CONTENT = Path("content")
DEFAULT_CONFIG = "mkdocs.yml"  # where the hand-written pages' folder (docs_dir) is named


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the content and the hand-written pages, as the build reads them; print every error; exit 1 if any."""
    content_dir = Path(args.content_dir)
    cache = CacheFolder.of_project(Path.cwd())  # a build's cache here: unchanged files are not read again
    pages, page_errors = read_docs(docs_dir_for(content_dir, Path.cwd() / DEFAULT_CONFIG), Path.cwd(), content_dir,
                                   without_front_matter=without_front_matter)
    with_slices = any(mentions_slices(page.markdown) for page in pages)
    with loading_without_gc():
        result = check_content(content_dir, Path.cwd(), KeptEvents(cache.kept_events) if cache.root.is_dir() else None,
                               keep_content=with_slices)
    if with_slices:  # the names a slice uses are checked against valid content only, as the build does
        # the later stages load only for pages with slices: a plain `timeline check` stays quick
        from generator.chronology import build_chronology
        from generator.render import slices

        chron = build_chronology(result.content) if result.content is not None else None
        page_errors += slices.page_errors(pages, chron)
    warnings = placeholder_warnings(content_dir, Path.cwd())
    print_warnings(warnings, args.format)
    errors = sorted(result.errors + page_errors)
    if errors:
        print_errors(errors, args.format)
        return 1
    if args.format == "json":
        print("[]")
    elif args.format == "text":
        print(
            f"{content_dir}: {result.events} events, {result.sources} sources, "
            f"{result.actors} actors, {result.places} places: OK"
            + (f" ({len(warnings)} warning(s))" if warnings else ""),
            file=sys.stderr,
        )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of event files."""
    print(json.dumps(event_json_schema(), indent=2, ensure_ascii=False))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """Write a new event file, never overwriting one."""
    try:
        date = Date.parse(args.date)
    except DateError as exc:
        print(f"timeline new: --date: {exc}", file=sys.stderr)
        return 2
    event_id = args.id or slugify(args.title)
    for label, value in [("--id", event_id), ("--source", args.source), ("--place", args.place),
                         *[("--actor", a) for a in args.actor], *[("--tag", t) for t in args.tag]]:
        if value is not None and not is_slug(value):
            print(f"timeline new: {label}: {slug_problem(value)}", file=sys.stderr)
            return 2
    content_dir = Path(args.content_dir)
    path, holder = _free_path(content_dir, date, event_id, derived=args.id is None)
    if holder:
        how = f"(its line 'id: {event_id}')" if holder[1] == "id" else "(its file name)"
        print(f"timeline new: an event '{event_id}' already exists: {holder[0]} {how}; choose another --id",
              file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as out:
        out.write(event_yaml(date, args.title, args.source, args.place, args.tag, args.actor))
    if path.stem != event_id:
        print(f"timeline new: an event '{event_id}' already exists; this one is '{path.stem}' "
              f"(rename the file to change it)", file=sys.stderr)
    for problem in missing_references(content_dir, args.source, args.place, args.actor):
        print(f"timeline new: warning: {problem}; `timeline check` fails until then", file=sys.stderr)
    print(path)
    return 0


def _free_path(content_dir: Path, date: Date, event_id: str, derived: bool) -> tuple[Path, tuple | None]:
    """Where the new event goes and, for an id given with --id that an event holds, that event (path, how).
    An id made from the title takes the first free ``-2``, ``-3``… instead: two events may share a title."""
    candidate, n = event_id, 1
    while True:
        path = new_event_path(content_dir, date, candidate)
        holder = (path, "name") if path.exists() else event_holding_id(content_dir, candidate)
        if holder is None or not derived:
            return path, holder
        n += 1
        candidate = numbered_slug(event_id, n)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="timeline", description="Build a static chronology site from YAML events.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    from generator.cli import init as init_command  # `timeline init`: a new project

    init_command.add_command(sub)

    check = sub.add_parser("check", help="validate the content; print path:line:col: message for each error")
    check.add_argument("content_dir", nargs="?", default=str(DEFAULT_CONTENT))
    check.add_argument("--format", choices=["text", "json", "github"], default="text")
    check.set_defaults(func=cmd_check)

    schema = sub.add_parser("schema", help="print the JSON Schema of event files")
    schema.set_defaults(func=cmd_schema)

    new = sub.add_parser("new", help="scaffold an event file")
    new.add_argument("--date", required=True, help="YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM+HH:MM")
    new.add_argument("--title", required=True)
    new.add_argument("--source", required=True, help="id of the source article (content/sources/<id>.yaml)")
    new.add_argument("--place", help="id in places.yaml")
    new.add_argument("--actor", action="append", default=[], help="an actor's id in actors.yaml (repeat for more)")
    new.add_argument("--tag", action="append", default=[], help="a tag (repeat for more)")
    new.add_argument("--id", help="the event id (default: from the title)")
    new.add_argument("--content-dir", default=str(DEFAULT_CONTENT))
    new.set_defaults(func=cmd_new)

    _add_site_commands(sub)
    return parser


def _add_site_commands(sub) -> None:
    """Commands of the site and editorial stages (their heavy imports happen inside each command)."""
    site.add_commands(sub)
    editorial.add_commands(sub)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``timeline`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
