"""``timeline build`` and ``timeline serve``: MkDocs driven with our safety rails.

``build`` validates first (nothing is written when content is invalid), builds
into a temporary folder next to the site folder and swaps it in, so a failed or
interrupted build leaves the previous site untouched.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

DEFAULT_CONFIG = "mkdocs.yml"


def _setup_logging() -> None:
    """MkDocs' INFO lines on a terminal, warnings and errors only elsewhere (CI)."""
    level = logging.INFO if sys.stderr.isatty() else logging.WARNING
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    # Content errors are printed once, as path:line:col lines, by the command itself.
    handler.addFilter(lambda record: not record.getMessage().startswith("content has"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False


def _load_config(config_file: str, **overrides):
    from mkdocs.config import load_config

    return load_config(config_file=config_file, **overrides)


def cmd_build(args: argparse.Namespace) -> int:
    """Validate, build into a temporary folder, then swap it in."""
    from mkdocs.exceptions import Abort, PluginError

    from .cli import _print_errors

    _setup_logging()
    config_path = Path(args.config_file).resolve()
    if not config_path.is_file():
        print(f"timeline build: no {args.config_file} here; run it in the site's folder or pass -f FILE", file=sys.stderr)
        return 2
    project_root = config_path.parent
    config = _load_config(str(config_path))
    plugin = config.plugins.get("timeline")
    if plugin is None:
        print(f"timeline build: {args.config_file} does not list the 'timeline' plugin under plugins:", file=sys.stderr)
        return 2
    content_dir = (project_root / plugin.config.content_dir).resolve()
    site_dir = Path(args.site_dir).resolve() if args.site_dir else Path(config.site_dir).resolve()
    from .site import unsafe_site_dir

    problem = unsafe_site_dir(site_dir, project_root, content_dir)
    if problem:
        print(f"timeline build: {problem}", file=sys.stderr)
        return 2
    # Pages whose inputs are unchanged are hard-linked from the site this build replaces.
    plugin.final_site_dir = site_dir
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    try:
        from mkdocs.commands.build import build

        config.site_dir = str(building)  # the config loaded above, pointed at the scratch folder
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
        _swap_in(building, site_dir)
    except (Abort, PluginError) as exc:
        # The plugin validates before MkDocs writes anything; its errors carry every problem.
        errors = getattr(config.plugins.get("timeline"), "content_errors", None)
        if errors:
            _print_errors(errors)
        else:
            print(f"timeline build: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(building, ignore_errors=True)
    if sys.stderr.isatty():
        print(f"Built the site in {site_dir}", file=sys.stderr)
    return 0


def _swap_in(built: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``built`` with two renames, so readers never see half a site.

    The replaced site is deleted in the background: removing tens of thousands of
    files takes seconds that the person waiting for the build need not spend.
    """
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
        os.rmdir(old)
        os.replace(site_dir, old)
    os.replace(built, site_dir)
    os.chmod(site_dir, 0o755)
    # Also sweep replaced sites whose deletion was cut short (the machine stopped, say).
    leftovers = sorted(site_dir.parent.glob(f".{site_dir.name}.old-*"))
    if leftovers:
        _delete_in_background(leftovers)


def _delete_in_background(folders: list[Path]) -> None:
    """Delete folders in a detached process that outlives this one; fall back to deleting now."""
    rm = shutil.which("rm")
    if rm is None or not os.path.exists("/bin/sh"):
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        return
    # sh starts rm in the background and exits at once, so rm is not our child and needs no reaping.
    pid = os.posix_spawn("/bin/sh", ["sh", "-c", '"$0" -rf -- "$@" >/dev/null 2>&1 &', rm, *map(str, folders)],
                         os.environ, setsid=True)
    os.waitpid(pid, 0)


def cmd_serve(args: argparse.Namespace) -> int:
    """Live preview: rebuild what changed on every edit and reload the open page."""
    from mkdocs.commands.serve import serve

    _setup_logging()
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    if not Path(args.config_file).is_file():
        print(f"timeline serve: no {args.config_file} here; run it in the site's folder or pass -f FILE", file=sys.stderr)
        return 2
    # A "dirty" MkDocs build keeps our pages between rebuilds; the plugin rewrites only what changed.
    logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "dirty" not in record.getMessage())
    serve(config_file=args.config_file, dev_addr=args.dev_addr, livereload=True, build_type="dirty")
    return 0


EXPORT_FILES = {"json": "events.json", "csv": "events.csv", "ics": "events.ics", "timelinejs": "timeline.json",
                "atom": "feed.xml"}


def cmd_export(args: argparse.Namespace) -> int:
    """Write one export without building the site."""
    from .chronology import build_chronology
    from .cli import _print_errors
    from .errors import ContentInvalid
    from .render import export_builders
    from .render.markdown import MarkdownRenderer
    from .validate import read_content

    site_name, site_url, content_dir = "Timeline", None, Path(args.content_dir)
    if Path(args.config_file).is_file():
        config = _load_config(args.config_file)
        site_name, site_url = config.site_name, config.site_url or None
        plugin = config.plugins.get("timeline")
        if plugin is not None and args.content_dir == "content":
            content_dir = Path(args.config_file).resolve().parent / plugin.config.content_dir
    try:
        chron = build_chronology(read_content(content_dir, Path.cwd()))
    except ContentInvalid as exc:
        _print_errors(exc.errors)
        return 1
    data = export_builders(chron, site_name, site_url, MarkdownRenderer())[EXPORT_FILES[args.format]]()
    if args.output in (None, "-"):
        sys.stdout.buffer.write(data)
    else:
        Path(args.output).write_bytes(data)
    return 0


def add_commands(sub) -> None:
    """Register ``build`` and ``serve`` on the ``timeline`` parser."""
    build = sub.add_parser("build", help="validate, then build the site atomically (default into site/)")
    build.add_argument("-f", "--config-file", default=DEFAULT_CONFIG)
    build.add_argument("-d", "--site-dir", help="the output folder (default: site_dir of mkdocs.yml)")
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
