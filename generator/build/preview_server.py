"""The live preview's web server and file watcher (``timeline serve``); no MkDocs here.

The server hands out the preview folder as a static host would (``index.html`` for a
folder, ``404.html`` with status 404 for what is missing), under the site's mount path,
never cached. One more address, ``_timeline/changes?after=N``, answers as soon as the
site's generation passes N: the preview's ``serve-status.js`` waits on it and reloads the
open page the moment a rebuild has finished (a long poll: no delay, no polling loop).

The watcher gets native file-system events (inotify on Linux, through watchdog), not a
poll of every file, and hands over each batch of changed paths once the editor has been
quiet for a moment (a save is often several events: write, rename, chmod).
"""

from __future__ import annotations

import http.server
import json
import threading
import time
import urllib.parse
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

CHANGES_PATH = "_timeline/changes"
LONG_POLL_SECONDS = 25.0  # a waiting page asks again after this long; well under browsers' request timeouts
QUIET_SECONDS = 0.02  # a batch of changes ends when no event has come for this long
IGNORED_PARTS = {"__pycache__", ".git", ".timeline-cache"}
IGNORED_SUFFIXES = (".pyc", ".swp", ".swx", "~")  # byte code and editors' scratch files


class Generations:
    """A counter of finished rebuilds that request threads can wait on."""

    def __init__(self) -> None:
        self._value = 0
        self._changed = threading.Condition()

    @property
    def value(self) -> int:
        """The number of rebuilds finished so far."""
        return self._value

    def advance(self) -> None:
        """Count one more finished rebuild and wake every waiting page."""
        with self._changed:
            self._value += 1
            self._changed.notify_all()

    def wait_past(self, after: int, timeout: float) -> int:
        """The generation once it is past ``after`` (or when ``timeout`` seconds have gone)."""
        with self._changed:
            self._changed.wait_for(lambda: self._value > after, timeout)
            return self._value


class PreviewServer(http.server.ThreadingHTTPServer):
    """Serves ``site_dir`` at ``mount_path`` (``/`` or ``/sub/``) on ``(host, port)``."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], site_dir: Path, mount_path: str = "/") -> None:
        self.site_dir = site_dir
        self.mount_path = mount_path if mount_path.endswith("/") else mount_path + "/"
        self.generations = Generations()
        super().__init__(address, _Handler)

    def start(self) -> threading.Thread:
        """Serve in a background thread; ``shutdown()`` stops it."""
        thread = threading.Thread(target=self.serve_forever, name="preview-server", daemon=True)
        thread.start()
        return thread


class _Handler(http.server.SimpleHTTPRequestHandler):
    server: PreviewServer

    def __init__(self, request, client_address, server: PreviewServer) -> None:
        super().__init__(request, client_address, server, directory=str(server.site_dir))

    def do_GET(self) -> None:
        if self._outside_the_site():
            return
        if self._site_path() == CHANGES_PATH:
            self._answer_changes()
            return
        super().do_GET()

    def do_HEAD(self) -> None:
        if not self._outside_the_site():
            super().do_HEAD()

    def _site_path(self) -> str:
        """The request's path inside the site, without the mount path, query or leading slash."""
        path = urllib.parse.urlsplit(self.path).path
        return path[len(self.server.mount_path):]

    def _outside_the_site(self) -> bool:
        """Redirect ``/`` to the mount path and refuse what lies outside it (True when answered)."""
        path = urllib.parse.urlsplit(self.path).path
        if path.startswith(self.server.mount_path):
            return False
        if path == "/" or path + "/" == self.server.mount_path:
            self.send_response(302)
            self.send_header("Location", self.server.mount_path)
            self.end_headers()
        else:
            self.send_error(404)
        return True

    def _answer_changes(self) -> None:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        try:
            after = int(query.get("after", ["-1"])[0])
        except ValueError:
            after = -1
        generation = self.server.generations.wait_past(after, LONG_POLL_SECONDS)
        body = json.dumps({"generation": generation}).encode("ascii")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def translate_path(self, path: str) -> str:
        path = urllib.parse.urlsplit(path).path
        return super().translate_path("/" + path[len(self.server.mount_path):])

    def list_directory(self, path):  # a folder without index.html (a deleted page's) is not found, not listed
        self.send_error(404)
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.server.site_dir / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # a request log would bury the content errors
        pass


class ChangeWatcher:
    """Collects the paths that change under ``folders`` (recursively) and the single ``files``."""

    def __init__(self, folders: list[Path], files: list[Path]) -> None:
        self._changed: set[Path] = set()
        self._arrived = threading.Condition()
        self._last_event = 0.0
        self._observer = Observer()
        scheduled: list[Path] = []
        for folder in sorted({path.resolve() for path in folders if path.is_dir()}):
            if not any(folder.is_relative_to(outer) for outer in scheduled):
                self._observer.schedule(_Collector(self, None), str(folder), recursive=True)
                scheduled.append(folder)
        by_parent: dict[Path, set[Path]] = {}
        for file in files:
            file = file.resolve()
            if not any(file.is_relative_to(outer) for outer in scheduled):
                by_parent.setdefault(file.parent, set()).add(file)
        for parent, wanted in sorted(by_parent.items()):  # the folder, not the file: a save may replace the file
            self._observer.schedule(_Collector(self, wanted), str(parent), recursive=False)

    def start(self) -> None:
        """Start watching."""
        self._observer.start()

    def stop(self) -> None:
        """Stop watching."""
        self._observer.stop()
        self._observer.join()

    def note(self, path: Path) -> None:
        """Record one changed path (called from the observer's thread)."""
        with self._arrived:
            self._changed.add(path)
            self._last_event = time.monotonic()
            self._arrived.notify_all()

    def next_batch(self, timeout: float | None = None) -> set[Path]:
        """The paths changed since the last batch, once no event has come for a moment;
        an empty set if nothing changed within ``timeout`` seconds."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: self._changed, timeout):
                return set()
            while (quiet := time.monotonic() - self._last_event) < QUIET_SECONDS:
                self._arrived.wait(QUIET_SECONDS - quiet)
            batch, self._changed = self._changed, set()
            return batch


class _Collector(FileSystemEventHandler):
    def __init__(self, watcher: ChangeWatcher, only: set[Path] | None) -> None:
        self.watcher = watcher
        self.only = only

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):  # reads, not changes
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                path = Path(raw.decode() if isinstance(raw, bytes) else raw)
                if (path in self.only) if self.only is not None else _worth_a_rebuild(path):
                    self.watcher.note(path)


def _worth_a_rebuild(path: Path) -> bool:
    return not IGNORED_PARTS.intersection(path.parts) and not path.name.endswith(IGNORED_SUFFIXES)
