"""The live preview's web server and file watcher (``timeline serve``); no MkDocs here.

The server hands out the preview folder as a static host would (``index.html`` for a
folder, ``404.html`` with status 404 for what is missing), under the site's mount path,
never cached. One more address, ``_timeline/changes?after=N``, answers as soon as the
site's generation passes N: the preview's ``serve-status.js`` waits on it and reloads the
open page the moment a rebuild has finished (a long poll: no delay, no polling loop).

Requests are checked before any file is looked up: one naming another host than the preview's
own (``host_allowed``: a page of another site whose name was pointed at this machine, "DNS
rebinding") is refused with 403; a path holding a NUL, another control character or a backslash
gets 400, and one that leads out of the site (``..``, a link) 404. Each answer is a short text,
never a traceback.

The watcher gets native file-system events (inotify on Linux, through watchdog), not a
poll of every file, and hands over each batch of changed paths once the editor has been
quiet for a moment (a save is often several events: write, rename, chmod).
"""

from __future__ import annotations

import http.server
import ipaddress
import json
import os
import re
import sys
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
_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?")  # a Host header: name or [IPv6], port


def host_allowed(header: str | None, listening: str) -> bool:
    """Whether a request's ``Host`` header names this preview: ``localhost`` (or a name under
    ``.localhost``), an IP address, or ``listening``, the host ``serve`` was started on (``-a``).

    A page of another site that has pointed its own name at this machine (DNS rebinding) names
    that site, and is refused. The port is not compared: an SSH tunnel or a container's port
    mapping changes it, and an attacker's page cannot choose its host's name to be one of these.
    No header at all (an HTTP/1.0 client; browsers always send one) is allowed.
    """
    if header is None:
        return True
    match = _HOST.fullmatch(header.strip())
    if match is None:
        return False
    name = match.group(1).strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost") or name == listening.strip("[]").lower().rstrip("."):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


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
        self.host = address[0]
        self.site_dir = site_dir
        self.mount_path = mount_path if mount_path.endswith("/") else mount_path + "/"
        self.generations = Generations()
        super().__init__(address, _Handler)

    def start(self) -> threading.Thread:
        """Serve in a background thread; ``shutdown()`` stops it."""
        thread = threading.Thread(target=self.serve_forever, name="preview-server", daemon=True)
        thread.start()
        return thread

    def handle_error(self, request, client_address) -> None:
        """One line for a request that failed, not socketserver's traceback; nothing for a browser
        that hung up (it moved to another page)."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            print(f"timeline serve: a request failed: {type(error).__name__}: {error}", file=sys.stderr)


class _Handler(http.server.SimpleHTTPRequestHandler):
    server: PreviewServer

    def __init__(self, request, client_address, server: PreviewServer) -> None:
        super().__init__(request, client_address, server, directory=str(server.site_dir))

    def do_GET(self) -> None:
        if self._refused() or self._outside_the_site():
            return
        if self._site_path() == CHANGES_PATH:
            self._answer_changes()
            return
        super().do_GET()

    def do_HEAD(self) -> None:
        if not (self._refused() or self._outside_the_site()):
            super().do_HEAD()

    def _refused(self) -> bool:
        """Answer a request for another host, or for a path no file of the site has (True when answered)."""
        hosts = self.headers.get_all("Host") or [None]
        if len(hosts) > 1 or not host_allowed(hosts[0], self.server.host):
            self._answer_text(403, "timeline serve answers only at its own address (localhost, an IP address or "
                                   "the HOST of -a HOST:PORT); to open it by another name, start it with -a NAME:PORT.")
            return True
        if not self.path.startswith("/"):
            self._answer_text(400, "timeline serve: a request's path must start with /.")
            return True
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        if any(ord(c) < 0x20 or c in "\x7f\\" for c in path):
            self._answer_text(400, "timeline serve: no page's path holds a control character (a NUL, a line end) "
                                   "or a backslash.")
            return True
        if ".." in path.split("/") or not self._in_site_dir():
            self.send_error(404)
            return True
        return False

    def _in_site_dir(self) -> bool:
        """Whether the file the request names is inside the site folder, links followed."""
        site = os.path.realpath(self.server.site_dir)
        found = os.path.realpath(self.translate_path(self.path))
        return found == site or found.startswith(site + os.sep)

    def _answer_text(self, code: int, text: str) -> None:
        body = (text + "\n").encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

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
