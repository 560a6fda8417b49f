"""``timeline build`` and ``timeline serve``: MkDocs driven with our safety rails.

``build`` validates first (nothing is written when content is invalid), builds
into a temporary folder next to the site folder and swaps it in, so a failed or
interrupted build leaves the previous site untouched. A failure says what failed
and where (``timeline build: ...`` on stderr, exit code 1), never with a traceback.
``serve`` prints the content errors of every rebuild as ``path:line:col: message``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import gc
import logging
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException, PluginError

from generator.cache_folder import CacheFolder
from generator.pipeline.preview import STATUS_FILE
from generator.pipeline.preview_server import ChangeWatcher, PreviewServer
from generator.pipeline.caches import build_lock
from generator.mkdocs_adapter.plugin import project_of
from generator.pipeline.project import Project
from generator.pipeline.publish import swap_in, unsafe_site_dir, work_folder
from generator.cli.report import build_error_message, print_errors
from generator.runtime import stop_workers

log = logging.getLogger("mkdocs.commands.serve")


def _setup_logging(content_errors_printed_by_command: bool, verbose: bool = False) -> None:
    """MkDocs' INFO lines on a terminal (or with ``verbose``), warnings and errors only elsewhere (CI).

    ``timeline build`` prints content errors itself, once, so it drops the plugin's copy;
    in ``timeline serve`` the plugin's log line is the only place the terminal shows them.
    """
    level = logging.INFO if verbose or sys.stderr.isatty() else logging.WARNING
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    if content_errors_printed_by_command:
        handler.addFilter(lambda record: not record.getMessage().startswith("content has"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False


def build_site(config_file: str, site_dir: str | None, verbose: bool = False) -> int:
    """Validate, build into a temporary folder, then swap it in; return the exit code."""
    _setup_logging(content_errors_printed_by_command=True, verbose=verbose)
    config_path = Path(config_file).resolve()
    if not config_path.is_file():
        print(f"timeline build: no {config_file} here; run it in the site's folder or pass -f FILE", file=sys.stderr)
        return 2
    try:
        config, project = _configured(str(config_path))
    except ConfigurationError as exc:
        print(f"timeline build: {config_file}: {exc}", file=sys.stderr)
        return 2
    if not config.site_url:  # one line, on a terminal and in CI alike
        print(f"timeline build: warning: {config_file} has no site_url: the feed's ids are relative, there is no "
              "sitemap and calendar UIDs are not unique; set site_url: to the published address", file=sys.stderr)
    target = Path(site_dir).resolve() if site_dir else Path(config.site_dir).resolve()
    problem = unsafe_site_dir(target, project.root, project.content_dir)
    if problem:
        print(f"timeline build: {problem}", file=sys.stderr)
        return 2
    # Pages whose inputs are unchanged are hard-linked from the site this build replaces.
    config.plugins.get("timeline").previous_site = target
    with _stopped_by_kill():
        try:
            with build_lock(project.cache, _say_waiting):
                return _build_into(config, target)
        except KeyboardInterrupt:  # Ctrl-C or kill: the work folder is gone, the workers stopped
            print(f"timeline build: stopped; {_what_is_left(target)}", file=sys.stderr)
            return 130


def _say_waiting() -> None:
    print("timeline build: waiting for another build of this project…", file=sys.stderr, flush=True)


@contextlib.contextmanager
def _stopped_by_kill():
    """`kill` (SIGTERM) ends the build as Ctrl-C does, so that its work folder is removed and its workers stopped."""
    try:
        previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _what_is_left(target: Path) -> str:
    return f"the site in {target} is unchanged" if target.exists() else "no site was written"


def _build_into(config, target: Path) -> int:
    """Build into a locked work folder beside ``target``, then swap it in; return the exit code."""
    with contextlib.ExitStack() as work:
        try:
            building = work.enter_context(work_folder(target))
        except OSError as exc:
            print(f"timeline build: {_unwritable(exc, target.parent)}", file=sys.stderr)
            return 1
        try:
            config.site_dir = str(building)  # the config loaded above, pointed at the work folder
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
            print(f"timeline build: the build stopped; {_what_is_left(target)}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            stop_workers()  # before the work folder is removed: no worker writes on into it
            raise
    if sys.stderr.isatty():
        print(f"Built the site in {target}", file=sys.stderr)
    return 0


def _unwritable(exc: OSError, folder: Path) -> str:
    """The output folder cannot be written to: why, in one line."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return build_error_message(exc)
    reason = (exc.strerror or str(exc)).lower()
    return (f"cannot write to {folder}: {reason}; build into a folder you can write to "
            "(timeline build -d FOLDER, or site_dir in mkdocs.yml)")


def serve_site(config_file: str, dev_addr: str) -> int:
    """Live preview: rebuild what changed on every edit and reload the open page.

    An edit to the chronology's files alone (events, sources, actors, places, media) goes
    straight to the plugin's live preview, which re-reads that file and rewrites the pages it
    changes; any other edit (mkdocs.yml, a hand-written page, the theme) reloads the
    configuration and runs a "dirty" MkDocs build, as ``mkdocs serve`` does.
    """
    _setup_logging(content_errors_printed_by_command=False)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    config_path = Path(config_file).resolve()
    if not config_path.is_file():
        print(f"timeline serve: no {config_file} here; run it in the site's folder or pass -f FILE", file=sys.stderr)
        return 2
    # `kill`, `docker stop` and service managers stop with SIGTERM: end as Ctrl-C does, so that the
    # cleanup below runs (a temporary preview folder is removed, the plugin shuts down).
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    # A "dirty" MkDocs build keeps our pages between rebuilds; the plugin rewrites only what changed.
    logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "dirty" not in record.getMessage())
    with contextlib.ExitStack() as cleanup:
        site_dir = _preview_dir(CacheFolder.of_project(config_path.parent), cleanup)
        try:
            preview = _Preview(config_path, dev_addr, site_dir)
        except MkDocsException as exc:  # MkDocs has logged each configuration error above
            print(f"timeline serve: {config_file}: {exc}", file=sys.stderr)
            return 2
        cleanup.callback(preview.config.plugins.on_shutdown)
        plugin = preview.config.plugins.get("timeline")
        if plugin is not None:
            try:
                project_of(preview.config, plugin.config, serving=True)
            except PluginError as exc:
                print(f"timeline serve: {config_file}: {exc}", file=sys.stderr)
                return 2
        return preview.run()


def _preview_dir(cache: CacheFolder, cleanup: contextlib.ExitStack) -> Path:
    """The preview's site folder: the project's, kept for the next ``timeline serve`` to start from, when
    no other ``serve`` of the project holds it (else a temporary folder, removed at the end)."""
    folder = cache.preview_site
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = cleanup.enter_context(open(cache.preview_lock, "wb"))
        # A POSIX lock, not flock: it belongs to this process alone, so the process writing the exports
        # in the background (forked) does not keep it once this serve has stopped.
        fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return folder
    except OSError:  # a read-only project, or another serve running: start from nothing
        folder = Path(tempfile.mkdtemp(prefix="timeline-serve-"))
        cleanup.callback(shutil.rmtree, folder, ignore_errors=True)
        return folder


class _Preview:
    """One ``timeline serve``: its configuration, server, watcher and rebuilds."""

    def __init__(self, config_path: Path, dev_addr: str, site_dir: Path) -> None:
        self.config_path = config_path
        self.dev_addr = dev_addr
        self.site_dir = site_dir
        self.config = load_config(config_file=str(config_path), site_dir=str(site_dir), dev_addr=dev_addr)
        host, port = self.config.dev_addr
        self.mount_path = urlsplit(self.config.site_url or "/").path or "/"
        if not self.mount_path.endswith("/"):
            self.mount_path += "/"
        self.url = f"http://{host}:{port}{self.mount_path}"
        self.address = (host, port)
        self.config.site_url = self.url
        self.config.plugins.on_startup(command="serve", dirty=True)

    def run(self) -> int:
        """Serve, and rebuild on every change until interrupted. A site folder an earlier session
        left is served at once and brought up to date in the background (open pages then reload);
        an empty one is built first."""
        started_from_last_session = (self.site_dir / STATUS_FILE).is_file()
        if not started_from_last_session:
            self._build_everything(self.config)
        try:
            server = PreviewServer(self.address, self.site_dir, self.mount_path)
        except OSError as exc:
            print(f"timeline serve: cannot listen on {self.dev_addr}: {exc.strerror}; "
                  f"pass another address with -a HOST:PORT", file=sys.stderr)
            return 1
        watcher = ChangeWatcher(*self._watched())
        watcher.start()
        server.start()
        log.info(f"Serving on {self.url}")
        if started_from_last_session:
            log.info("timeline: serving the last preview while it is brought up to date")
            self._build_everything(self.config)
            server.generations.advance()
        _tidy_memory()
        try:
            while True:
                changed = watcher.next_batch(timeout=1.0)
                if changed:
                    self._rebuild(changed)
                    server.generations.advance()
                    _tidy_memory()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            watcher.stop()
            server.shutdown()
            server.server_close()
        return 0

    def _watched(self) -> tuple[list[Path], list[Path]]:
        """The folders (content, pages, theme, mkdocs.yml's ``watch:``) and files (mkdocs.yml) to watch."""
        folders = [Path(self.config.docs_dir), *(Path(item) for item in self.config.watch),
                   *(Path(folder) for folder in self.config.theme.dirs)]
        plugin = self.config.plugins.get("timeline")
        if plugin is not None:
            folders.append(self.config_path.parent / plugin.config.content_dir)
        return folders, [self.config_path]

    def _rebuild(self, changed: set[Path]) -> None:
        started = time.perf_counter()
        plugin = self.config.plugins.get("timeline")
        if plugin is not None and plugin.project is not None and _only_chronology_files(changed, plugin, self.config):
            refreshed = _keep_serving(lambda: plugin.refresh(self.site_dir))
            if refreshed:
                log.info(f"timeline: preview updated in {time.perf_counter() - started:.2f} s")
            if refreshed is not False:  # done, or failed and said so; False: a page with slices needs MkDocs
                return
        log.info("Detected file changes: building again")
        try:
            config = load_config(config_file=str(self.config_path), site_dir=str(self.site_dir), dev_addr=self.dev_addr)
        except MkDocsException as exc:
            log.error(f"{self.config_path.name}: {exc}; still serving the last good build")
            return
        config.site_url = self.url
        self.config = config
        self._build_everything(config)

    def _build_everything(self, config) -> None:
        """A dirty MkDocs build (the hand-written pages that changed) and the plugin's pages."""
        _keep_serving(lambda: mkdocs_build(config, serve_url=self.url, dirty=True))


def _tidy_memory() -> None:
    """Once the open pages have been told of a rebuild: collect all garbage, the frozen objects' included
    (what an earlier rebuild froze and this one replaced: the last navigation, the last chronology), then
    keep what lives on out of later collections. The next rebuild's read (``loading_without_gc``) then
    collects only what came since, rather than scanning the whole last build while an editor waits."""
    gc.unfreeze()  # a frozen object is never collected: without this, each rebuild's replaced state would stay
    gc.collect()
    gc.freeze()


def _keep_serving(rebuild) -> bool | None:
    """``rebuild()``'s result; if it fails, the failure said in one line (what failed, and where) and None,
    while the last good build stays served."""
    try:
        return rebuild()
    except (Abort, PluginError) as exc:
        log.error(f"{exc}; still serving the last good build")
    except Exception as exc:  # a template, the disk or a bug: say which, and keep serving
        log.error(f"{build_error_message(exc)}; still serving the last good build")
    return None


def _only_chronology_files(changed: set[Path], plugin, config) -> bool:
    """Whether every changed path is one of the chronology's files (not a hand-written page)."""
    content_dir = plugin.project.content_dir
    docs_dir = Path(config.docs_dir).resolve()
    return all(path.is_relative_to(content_dir) and not path.is_relative_to(docs_dir) for path in changed)


class ConfigurationError(Exception):
    """mkdocs.yml cannot describe a chronology project: the message says what is wrong, in one line."""


def read_project(config_file: str) -> Project:
    """The chronology project an mkdocs.yml describes, as a build reads it (``timeline export``).
    Raises ``ConfigurationError`` when the file or one of its options is wrong."""
    return _configured(config_file)[1]


def _configured(config_file: str) -> tuple:
    """MkDocs' configuration in ``config_file`` and the chronology project it describes. Raises
    ``ConfigurationError`` (one line: what is wrong) when the file, the plugin or an option is."""
    try:
        config = load_config(config_file=config_file)
        plugin = config.plugins.get("timeline")
        if plugin is None:
            raise ConfigurationError("it does not list the 'timeline' plugin under plugins:")
        return config, project_of(config, plugin.config)
    except MkDocsException as exc:  # PluginError among them; MkDocs has logged each of its own errors above
        raise ConfigurationError(str(exc)) from None
