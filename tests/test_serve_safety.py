"""`timeline serve` under odd requests: a path with a NUL, a backslash or a way out of the site is
answered with a short error (never a traceback, never a file outside the site), and a request naming
a host that is not the preview's own address (a page of another site reaching the preview through
DNS rebinding) is refused."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest

from generator.pipeline import preview_server
from generator.cache_folder import CacheFolder


@pytest.fixture
def served(small_project, serve):
    """The small fixture previewed by a real ``timeline serve``: (base URL, its terminal)."""
    running = serve(small_project, "events/later/", "<h1")
    return running.base, running.terminal


@pytest.fixture
def preview_folder(small_project):
    """The folder ``timeline serve`` of the small fixture serves."""
    return CacheFolder.of_project(small_project).preview_site


OWN = "the server's own address"


def request(base: str, target: str, host: str | None = OWN, method: str = "GET") -> tuple[int, str]:
    """Send ``METHOD target`` to the server of ``base`` as raw bytes (no client library cleans
    the path up) with the ``host`` header (default: the server's own, None: no header); the status
    code and the body."""
    where = urlsplit(base)
    host = where.netloc if host is OWN else host
    with socket.create_connection((where.hostname, where.port), timeout=10) as connection:
        head = f"{method} {target} HTTP/1.1\r\n" + (f"Host: {host}\r\n" if host is not None else "")
        connection.sendall((head + "Connection: close\r\n\r\n").encode("latin-1"))
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    status, _, rest = answer.partition(b"\r\n")
    assert status, f"{target}: the connection closed with no answer"
    return int(status.split()[1]), rest.partition(b"\r\n\r\n")[2].decode("utf-8", "replace")


BAD_PATHS = {  # request target -> the status it gets
    "/timeline/%00": 400,
    "/%00": 400,
    "/timeline/index.html%00.js": 400,
    "/timeline/events/%00/": 400,
    "/timeline/%0d%0aSet-Cookie:%20x=1": 400,
    "/timeline/..%5c..%5c..%5cetc%5cpasswd": 400,
    "/timeline/%5cetc%5cpasswd": 400,
    "/timeline/..%2f..%2f..%2fetc/passwd": 404,
    "/timeline/%2e%2e/%2e%2e/%2e%2e/etc/passwd": 404,
    "/timeline/../../../etc/passwd": 404,
    "/..%2f..%2fetc/passwd": 404,
    "/timeline/%2fetc%2fpasswd": 404,
    "http://evil.example/timeline/": 400,
}


def test_odd_paths_get_a_short_error_and_never_a_traceback(served):
    base, terminal = served
    before = terminal.mark()
    answers = {target: request(base, target) for target in BAD_PATHS}
    assert {target: status for target, (status, _) in answers.items()} == BAD_PATHS
    assert not any("root:" in body for _, body in answers.values())  # /etc/passwd
    assert request(base, "/timeline/events/later/")[0] == 200  # still serving
    assert not any("Traceback" in line or "Error" in line for line in terminal.since(before)), terminal.since(before)


def test_a_link_in_the_served_folder_to_a_file_outside_it_is_not_served(served, preview_folder, tmp_path):
    base, _ = served
    secret = tmp_path / "secret.txt"
    secret.write_text("a secret\n")
    (preview_folder / "leak.txt").symlink_to(secret)
    (preview_folder / "outside").symlink_to(tmp_path, target_is_directory=True)
    for target in ("/timeline/leak.txt", "/timeline/outside/secret.txt"):
        status, body = request(base, target)
        assert status == 404 and "a secret" not in body, target


@pytest.mark.parametrize("host", [
    "evil.example", "evil.example:{port}", "127.0.0.1.evil.example:{port}", "localhost.evil.example:{port}",
    "evil.example@127.0.0.1:{port}", "127.0.0.1:{port}/x", "",
])
def test_a_request_for_another_host_is_refused(served, host):
    base, _ = served
    host = host.format(port=urlsplit(base).port)
    for target, method in (("/timeline/events/later/", "GET"), ("/timeline/", "HEAD"),
                           ("/timeline/_timeline/changes?after=-1", "GET"), ("/", "GET")):
        status, body = request(base, target, host, method)
        assert status == 403, (host, target)
        assert "<h1" not in body and "generation" not in body
        if method == "GET":
            assert "timeline serve" in body and len(body) < 400, body


def test_the_preview_answers_at_its_own_address_by_any_of_its_names(served):
    base, _ = served
    port = urlsplit(base).port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}", "localhost",
                 f"preview.localhost:{port}", f"localhost.:{port}", None):
        status, body = request(base, "/timeline/events/later/", host)
        assert status == 200 and "<h1" in body, host


def test_the_host_serve_was_started_with_is_its_own_name_too():
    assert preview_server.host_allowed("timeline.internal:8000", "timeline.internal")
    assert preview_server.host_allowed("Timeline.Internal", "timeline.internal")
    assert preview_server.host_allowed("192.168.1.20:8000", "0.0.0.0")  # serving on every interface: reached by its address
    assert not preview_server.host_allowed("evil.example:8000", "0.0.0.0")
    assert not preview_server.host_allowed("evil.example:8000", "timeline.internal")
