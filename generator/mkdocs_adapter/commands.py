"""``timeline build`` and ``timeline serve``: MkDocs driven with our safety rails.

``build`` validates first (nothing is written when content is invalid), builds
into a temporary folder next to the site folder and swaps it in, so a failed or
interrupted build leaves the previous site untouched. A failure says what failed
and where (``timeline build: ...`` on stderr, exit code 1), never with a traceback.
``serve`` prints the content errors of every rebuild as ``path:line:col: message``.
"""

from __future__ import annotations

import logging
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException, PluginError

from generator.build.publish import scratch_dir, swap_in, unsafe_site_dir
from generator.cli.report import build_error_message, print_errors


def _setup_logging(content_errors_printed_by_command: bool) -> None:
    """MkDocs' INFO lines on a terminal, warnings and errors only elsewhere (CI).

    ``timeline build`` prints content errors itself, once, so it drops the plugin's copy;
    in ``timeline serve`` the plugin's log line is the only place the terminal shows them.
    """
    level = logging.INFO if sys.stderr.isatty() else logging.WARNING
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    if content_errors_printed_by_command:
        handler.addFilter(lambda record: not record.getMessage().startswith("content has"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False


def build_site(config_file: str, site_dir: str | None) -> int:
    """Validate, build into a temporary folder, then swap it in; return the exit code."""
    _setup_logging(content_errors_printed_by_command=True)
    config_path = Path(config_file).resolve()
    if not config_path.is_file():
        print(f"timeline build: no {config_file} here; run it in the site's folder or pass -f FILE", file=sys.stderr)
        return 2
    project_root = config_path.parent
    try:
        config = load_config(config_file=str(config_path))
    except MkDocsException as exc:  # MkDocs has logged each configuration error above
        print(f"timeline build: {config_file}: {exc}", file=sys.stderr)
        return 2
    plugin = config.plugins.get("timeline")
    if plugin is None:
        print(f"timeline build: {config_file} does not list the 'timeline' plugin under plugins:", file=sys.stderr)
        return 2
    content_dir = (project_root / plugin.config.content_dir).resolve()
    target = Path(site_dir).resolve() if site_dir else Path(config.site_dir).resolve()
    problem = unsafe_site_dir(target, project_root, content_dir)
    if problem:
        print(f"timeline build: {problem}", file=sys.stderr)
        return 2
    # Pages whose inputs are unchanged are hard-linked from the site this build replaces.
    plugin.final_site_dir = target
    building = scratch_dir(target)
    try:
        config.site_dir = str(building)  # the config loaded above, pointed at the scratch folder
        config.plugins.on_startup(command="build", dirty=False)
        mkdocs_build(config)
        config.plugins.on_shutdown()
        swap_in(building, target)
    except (Abort, PluginError) as exc:
        # The plugin validates before MkDocs writes anything; its errors carry every problem.
        errors = getattr(config.plugins.get("timeline"), "content_errors", None)
        if errors:
            print_errors(errors)
        else:
            print(f"timeline build: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a template, Pagefind, the disk or a bug: say which, and where
        print(f"timeline build: {build_error_message(exc)}", file=sys.stderr)
        kept = f"the site in {target} is unchanged" if target.exists() else "no site was written"
        print(f"timeline build: the build stopped; {kept}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(building, ignore_errors=True)
    if sys.stderr.isatty():
        print(f"Built the site in {target}", file=sys.stderr)
    return 0


def serve_site(config_file: str, dev_addr: str) -> int:
    """Live preview: rebuild what changed on every edit and reload the open page."""
    _setup_logging(content_errors_printed_by_command=False)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    if not Path(config_file).is_file():
        print(f"timeline serve: no {config_file} here; run it in the site's folder or pass -f FILE", file=sys.stderr)
        return 2
    # A "dirty" MkDocs build keeps our pages between rebuilds; the plugin rewrites only what changed.
    logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "dirty" not in record.getMessage())
    mkdocs_serve(config_file=config_file, dev_addr=dev_addr, livereload=True, build_type="dirty")
    return 0


@dataclass(frozen=True)
class SiteSettings:
    """What ``timeline export`` needs from mkdocs.yml."""

    site_name: str = "Timeline"
    site_url: str | None = None
    content_dir: str | None = None  # relative to the config file's folder


def read_site_settings(config_file: str) -> SiteSettings:
    """The site's name, URL and content folder from an mkdocs.yml."""
    config = load_config(config_file=config_file)
    plugin = config.plugins.get("timeline")
    return SiteSettings(config.site_name, config.site_url or None, plugin.config.content_dir if plugin else None)
