"""The site commands of ``timeline``: ``build``, ``serve`` (MkDocs, through ``generator.mkdocs_adapter``)
and ``export`` (one export without building the site)."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from generator.cli.report import print_errors

DEFAULT_CONFIG = "mkdocs.yml"
EXPORT_FILES = {"json": "events.json", "csv": "events.csv", "ics": "events.ics", "timelinejs": "timeline.json",
                "atom": "feed.xml"}


def cmd_build(args: argparse.Namespace) -> int:
    """Validate, build into a temporary folder, then swap it in."""
    from generator.mkdocs_adapter.commands import build_site  # MkDocs loads for the commands that run it only

    return build_site(args.config_file, args.site_dir, verbose=args.verbose)


def cmd_serve(args: argparse.Namespace) -> int:
    """Live preview: rebuild what changed on every edit and reload the open page."""
    from generator.mkdocs_adapter.commands import serve_site  # MkDocs loads for the commands that run it only

    return serve_site(args.config_file, args.dev_addr)


def cmd_export(args: argparse.Namespace) -> int:
    """Write one export without building the site, from the project a build reads (mkdocs.yml's options)."""
    # the stages an export needs load for this command only: `timeline check` and `new` start quickly
    from generator.content.errors import ContentInvalid
    from generator.pipeline.project import Project
    from generator.pipeline.site_build import read_chronology
    from generator.pipeline.site_images import site_images
    from generator.render.site_files import export_builders
    from generator.render.markdown import MarkdownRenderer
    from generator.render.options import SiteOptions

    project = Project(Path(args.content_dir).resolve().parent, Path(args.content_dir).resolve(), (), SiteOptions())
    if Path(args.config_file).is_file():
        from generator.mkdocs_adapter.commands import ConfigurationError, read_project  # MkDocs: only with a mkdocs.yml

        try:
            project = read_project(args.config_file)
        except ConfigurationError as exc:
            print(f"timeline export: {args.config_file}: {exc}", file=sys.stderr)
            return 2
        if args.content_dir != "content":  # named on the command line: it wins over mkdocs.yml's
            project = dataclasses.replace(project, content_dir=Path(args.content_dir).resolve())
    try:
        chron = read_chronology(project)
    except ContentInvalid as exc:
        print_errors(exc.errors)
        return 1
    options = project.options
    # Local images are linked where a build publishes them (their names come from their content).
    builders = export_builders(chron, options.site_name, options.site_url, MarkdownRenderer(),
                               images=site_images(project, chron), language=options.language)
    data = builders[EXPORT_FILES[args.format]]()
    if args.output in (None, "-"):
        sys.stdout.buffer.write(data)
    else:
        Path(args.output).write_bytes(data)
    return 0


def add_commands(sub) -> None:
    """Register ``build``, ``serve`` and ``export`` on the ``timeline`` parser."""
    build = sub.add_parser("build", help="validate, then build the site atomically (default into site/)")
    build.add_argument("-f", "--config-file", default=DEFAULT_CONFIG)
    build.add_argument("-d", "--site-dir", help="the output folder (default: site_dir of mkdocs.yml)")
    build.add_argument("-v", "--verbose", action="store_true",
                       help="say what each stage took, also when not on a terminal (as it always does on one)")
    build.set_defaults(func=cmd_build)

    serve = sub.add_parser("serve", help="live preview that rebuilds on YAML, template and Markdown edits")
    serve.add_argument("-f", "--config-file", default=DEFAULT_CONFIG)
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT")
    serve.set_defaults(func=cmd_serve)

    export = sub.add_parser("export", help="write one export (json, csv, ics, timelinejs, atom) without building")
    export.add_argument("--format", required=True, choices=sorted(EXPORT_FILES))
    export.add_argument("-o", "--output", help="the file to write (default: standard output)")
    export.add_argument("-f", "--config-file", default=DEFAULT_CONFIG, help="read site_name and site_url from here")
    export.add_argument("--content-dir", default="content")
    export.set_defaults(func=cmd_export)
