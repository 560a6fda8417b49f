"""Hostile content (issue 20): what ``timeline check`` and ``timeline build`` refuse, alike.

* A symbolic link (or any file that is not a plain file) anywhere in the content folder or in
  MkDocs' docs_dir is an error at its path: a link to /etc/passwd or /proc/self/environ is never
  published, and nothing is written.
* Control characters (YAML's ``"\\0"``, ``"\\e"`` …) in any value are errors at the escape, in check
  as in build (the build used to fail with a false "template error").
* ``timeline check`` reads the hand-written pages as the build does: an invalid ``::: timeline``
  slice, or a page that is not UTF-8, fails both.
* A NUL byte is reported at its line and column; error messages show control characters
  escaped (``\\x1b``), so a hostile file cannot drive the editor's terminal.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import re
import urllib.error
from pathlib import Path

import pytest

from serving import fetch, wait_for
from trees import files_under

SECRET = "hostile-content-secret-4242"
ESC = "\x1b"


def check(run_cli, project: Path):
    """``timeline check`` in the project's folder."""
    return run_cli(["check"], cwd=project)


def build(run_cli, project: Path, out: Path):
    """``timeline build`` of the project into ``out``."""
    return run_cli(["build", "-f", project / "mkdocs.yml", "-d", out])


def error_lines(result) -> list[str]:
    """The ``path:line:col: message`` lines a command printed."""
    return [line for line in (result.out + result.err).splitlines() if re.match(r"\S+:\d+:\d+: ", line)]



def assert_refused_alike(run_cli, project: Path, out: Path, expected: str) -> None:
    """check and build both exit 1 with the error ``expected`` (a line's start), and the build writes nothing."""
    checked = check(run_cli, project)
    assert checked.code == 1, checked
    assert any(line.startswith(expected) for line in error_lines(checked)), error_lines(checked)
    built = build(run_cli, project, out)
    assert built.code == 1, built
    assert any(line.startswith(expected) for line in error_lines(built)), (built.out + built.err)
    assert "template error" not in built.err and "this is a bug" not in built.err
    assert not out.exists()


# -- 1. symbolic links: secrets are never published ----------------------------------------------


@pytest.mark.parametrize("target", ["/etc/passwd", "/proc/self/environ"])
def test_a_link_in_the_pages_to_a_file_outside_is_refused_and_never_published(
        small_project, tmp_path, run_cli, monkeypatch, target):
    monkeypatch.setenv("HOSTILE_SECRET", SECRET)
    (small_project / "content" / "pages" / "env.txt").symlink_to(target)
    out = tmp_path / "site"
    expected = f"content/pages/env.txt:1:1: file is a symbolic link to '{target}', outside the project"
    assert_refused_alike(run_cli, small_project, out, expected)


def test_a_site_already_built_stays_untouched_when_a_link_appears(small_project, tmp_path, run_cli):
    out = tmp_path / "site"
    assert build(run_cli, small_project, out).code == 0
    before = files_under(out)
    (small_project / "content" / "pages" / "passwd.txt").symlink_to("/etc/passwd")
    built = build(run_cli, small_project, out)
    assert built.code == 1
    assert files_under(out) == before
    assert "root:" not in "".join(p.read_text(errors="replace") for p in out.rglob("*.txt"))


@pytest.mark.parametrize("link, target, where", [
    # a link that stays inside the project is refused too: the project holds .git/config (CI tokens), .env …
    ("content/events/2016/copy.yaml", "later.yaml", "a symbolic link (to 'later.yaml')"),
    ("content/sources/leak.yaml", "/etc/passwd", "a symbolic link to '/etc/passwd', outside the project"),
    ("content/actors.yaml", "/etc/passwd", "a symbolic link to '/etc/passwd', outside the project"),
    ("content/media/photo.jpg", "/etc/passwd", "a symbolic link to '/etc/passwd', outside the project"),
    ("content/pages/git.txt", "../../.git/config", "a symbolic link (to '../../.git/config')"),
])
def test_every_link_in_the_content_folder_is_an_error_at_its_path(small_project, tmp_path, run_cli, link, target, where):
    path = small_project / link
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    (small_project / ".git").mkdir()
    (small_project / ".git" / "config").write_text(f"[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n")
    path.symlink_to(target)
    assert_refused_alike(run_cli, small_project, tmp_path / "site", f"{link}:1:1: file is {where}")


def test_a_linked_folder_in_the_pages_is_refused_without_being_walked(small_project, tmp_path, run_cli):
    (small_project / "content" / "pages" / "etc").symlink_to("/etc")
    assert_refused_alike(run_cli, small_project, tmp_path / "site",
                         "content/pages/etc:1:1: folder is a symbolic link to '/etc', outside the project")


def test_a_link_mkdocs_would_publish_under_a_dot_name_is_refused(small_project, tmp_path, run_cli):
    config = small_project / "mkdocs.yml"
    config.write_text(config.read_text() + 'exclude_docs: "!.well-known/"\n')
    (small_project / "content" / "pages" / ".well-known").mkdir()
    (small_project / "content" / "pages" / ".well-known" / "security.txt").symlink_to("/etc/passwd")
    assert_refused_alike(run_cli, small_project, tmp_path / "site",
                         "content/pages/.well-known/security.txt:1:1: file is a symbolic link to '/etc/passwd'")


def test_an_editors_lock_file_is_not_content(small_project, tmp_path, run_cli):
    for name in ("content/pages/.#about.md", "content/events/2016/.#later.yaml"):  # Emacs, while editing
        (small_project / name).symlink_to("editor@host.4242:1700000000")
    assert check(run_cli, small_project).code == 0
    assert build(run_cli, small_project, tmp_path / "site").code == 0


def test_a_link_that_appears_after_the_check_is_still_never_copied(small_project, tmp_path, run_cli, monkeypatch):
    from generator.mkdocs_adapter import plugin

    checked = plugin.page_problems

    def then_a_link_appears(*args, **kwargs):  # a race: the link comes once the pages have been checked
        found = checked(*args, **kwargs)
        (small_project / "content" / "pages" / "late.txt").symlink_to("/etc/passwd")
        return found

    monkeypatch.setattr(plugin, "page_problems", then_a_link_appears)
    built = build(run_cli, small_project, tmp_path / "site")
    assert built.code == 1
    assert "content/pages/late.txt:1:1: file is a symbolic link to '/etc/passwd', outside the project" in built.err
    assert not (tmp_path / "site").exists()


def test_a_named_pipe_in_the_pages_is_refused_not_read(small_project, tmp_path, run_cli):
    os.mkfifo(small_project / "content" / "pages" / "pipe.txt")  # reading it would wait forever
    assert_refused_alike(run_cli, small_project, tmp_path / "site",
                         "content/pages/pipe.txt:1:1: file is not a regular file (a named pipe)")


def test_a_named_pipe_among_the_events_is_refused_not_read(small_project):
    os.mkfifo(small_project / "content" / "events" / "pipe.yaml")  # any reader of it would wait forever
    done = subprocess.run([sys.executable, "-m", "generator.cli", "check"], cwd=small_project,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "content/events/pipe.yaml:1:1: file is not a regular file (a named pipe)" in done.stderr


@pytest.mark.parametrize("pipe", ["content/actors/delta.yaml", "content/places.yaml"])
def test_a_named_pipe_among_the_actors_and_places_is_refused_not_read(small_project, pipe):
    target = small_project / pipe
    target.parent.mkdir(exist_ok=True)
    target.unlink(missing_ok=True)
    os.mkfifo(target)  # any reader of it would wait forever
    done = subprocess.run([sys.executable, "-m", "generator.cli", "check"], cwd=small_project,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert f"{pipe}:1:1: file is not a regular file (a named pipe)" in done.stderr


def test_a_link_in_a_docs_dir_outside_the_content_folder_is_refused(small_project, tmp_path, run_cli):
    config = small_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("docs_dir: content/pages", "docs_dir: docs"))
    (small_project / "content" / "pages").rename(small_project / "docs")
    (small_project / "docs" / "env.txt").symlink_to("/proc/self/environ")
    assert_refused_alike(run_cli, small_project, tmp_path / "site",
                         "docs/env.txt:1:1: file is a symbolic link to '/proc/self/environ', outside the project")


# -- 4. check and build agree: control characters ------------------------------------------------


@pytest.mark.parametrize("escape, shown", [
    ("\\0", "U+0000 (NUL)"), ("\\e", "U+001B (ESC)"), ("\\a", "U+0007"), ("\\x1f", "U+001F"),
    ("\\r", "U+000D"), ("\\uffff", "U+FFFF"),
])
def test_a_control_character_in_a_title_is_an_error_at_the_escape(small_project, tmp_path, run_cli, escape, shown):
    event = small_project / "content" / "events" / "2016" / "later.yaml"
    event.write_text(event.read_text().replace("title: A later event", f'title: "A later {escape} event"'))
    assert_refused_alike(run_cli, small_project, tmp_path / "site",
                         f"content/events/2016/later.yaml:2:17: the escape '{escape}' makes the character {shown}")


@pytest.mark.parametrize("file, old, new, position", [
    ("content/events/2016/later.yaml", "summary: The last one.", 'summary: "The \\0 last one."', "3:15"),
    ("content/sources/paper.yaml", "published: 2016", 'published: 2016\nauthor: "Jane\\eDoe"', "3:14"),
    ("content/actors.yaml", 'name: "Beta & Sons"', 'name: "Beta\\b& Sons"', "5:14"),
    ("content/places.yaml", "country: Nowhere", 'country: "Now\\x00here"', "3:16"),
    ("content/events/2016/later.yaml", "  - source: paper", '  - source: paper\n    note: "a\\x1b[2Jb"', "7:13"),
])
def test_control_characters_are_refused_in_every_file(small_project, tmp_path, run_cli, file, old, new, position):
    path = small_project / file
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))
    assert_refused_alike(run_cli, small_project, tmp_path / "site", f"{file}:{position}: the escape ")


def test_tabs_line_breaks_and_what_xml_allows_written_as_escapes_stay_fine(small_project, tmp_path, run_cli):
    event = small_project / "content" / "events" / "2016" / "later.yaml"
    event.write_text(event.read_text().replace("summary: The last one.", 'summary: "The last\\tone.\\n\\nTwo\\N\\x7f."'))
    assert check(run_cli, small_project).code == 0
    assert build(run_cli, small_project, tmp_path / "site").code == 0


# -- 4. check and build agree: the hand-written pages ----------------------------------------------


def test_check_reads_the_slices_of_the_hand_written_pages(small_project, tmp_path, run_cli):
    page = small_project / "content" / "pages" / "about.md"
    page.write_text("---\ntitle: About\n---\n# About\n\n::: timeline\ntagg: fighting\n:::\n\n"
                    "::: timeline\nplace: nowhere\nfrom: 2015-02-30\n:::\n")
    expected = ["content/pages/about.md:7:1: 'tagg' is not a key of a timeline slice; did you mean 'tag'?",
                "content/pages/about.md:12:7: from: '2015-02-30': February 2015 has no day 30"]
    checked = check(run_cli, small_project)
    built = build(run_cli, small_project, tmp_path / "site")
    assert checked.code == built.code == 1
    for result in (checked, built):
        lines = error_lines(result)
        for start in expected:
            assert any(line.startswith(start) for line in lines), lines
    assert error_lines(checked)[:len(error_lines(built))] == error_lines(built)


def test_check_finds_names_a_slice_uses_that_the_content_lacks(small_project, tmp_path, run_cli):
    page = small_project / "content" / "pages" / "about.md"
    page.write_text("# About\n\n::: timeline\ntag: prisons\nplace: nowhere\nactor: beta\n:::\n")
    expected = ["content/pages/about.md:4:6: tag: 'prisons' is not a tag of any event",
                "content/pages/about.md:5:8: place: 'nowhere' is not in places.yaml"]
    for result in (check(run_cli, small_project), build(run_cli, small_project, tmp_path / "site")):
        assert result.code == 1
        assert [line.split(";")[0] for line in error_lines(result)] == expected


def test_check_passes_valid_slices(small_project, run_cli):
    page = small_project / "content" / "pages" / "about.md"
    page.write_text("# About\n\n::: timeline\ntag: fighting\nactor: beta\n:::\n")
    assert check(run_cli, small_project).code == 0


def test_a_page_that_is_not_utf8_fails_check_and_build_alike(small_project, tmp_path, run_cli):
    (small_project / "content" / "pages" / "latin.md").write_bytes(b"# Caf\xe9\n\nText.\n")
    assert_refused_alike(run_cli, small_project, tmp_path / "site",
                         "content/pages/latin.md:1:6: file is not valid UTF-8; save it as UTF-8")


# -- 6. NUL at its line; terminal escapes shown escaped -----------------------------------------


def test_a_nul_byte_is_reported_at_its_line_and_column(small_project, tmp_path, run_cli):
    event = small_project / "content" / "events" / "2016" / "later.yaml"
    event.write_bytes(b"date: 2016-01-02\ntitle: A later event\n# \xc3\xa9t\xc3\xa9\nsummary: The \x00last one.\n"
                      b"sources:\n  - source: paper\n")
    expected = "content/events/2016/later.yaml:4:14: the character U+0000 (NUL) is not allowed in a YAML file"
    assert_refused_alike(run_cli, small_project, tmp_path / "site", expected)


def test_terminal_escapes_in_error_messages_are_shown_escaped(small_project, tmp_path, run_cli):
    (small_project / "content" / "pages" / "about.md").write_text(  # Markdown may hold raw control characters
        f"# About\n\n::: timeline\nstatus: {ESC}]0;owned\a{ESC}[2Jred\n:::\n", encoding="utf-8")
    expected = "content/pages/about.md:4:9: status: '\\x1b]0;owned\\x07\\x1b[2Jred' is not a status"
    for result in (check(run_cli, small_project), build(run_cli, small_project, tmp_path / "site"),
                   run_cli(["check", "--format", "github"], cwd=small_project)):
        assert result.code == 1
        text = result.out + result.err
        assert ESC not in text and "\a" not in text
        assert expected.split(": ", 1)[1] in text
    assert any(line.startswith(expected) for line in error_lines(check(run_cli, small_project)))


def test_a_file_name_with_terminal_escapes_is_shown_escaped(small_project, tmp_path, run_cli):
    event = small_project / "content" / "events" / "2016" / "later.yaml"
    event.rename(event.with_name(f"{ESC}[2J.yaml"))
    for result in (check(run_cli, small_project), build(run_cli, small_project, tmp_path / "site")):
        assert result.code == 1
        assert ESC not in result.out + result.err
        assert "content/events/2016/\\x1b[2J.yaml:1:1: file name: " in result.err


def test_the_live_preview_never_serves_a_link_and_says_where_it_is(small_project, serve):
    running = serve(small_project, "about/", "hand-written page")
    mark = running.terminal.mark()
    (small_project / "content" / "pages" / "passwd.txt").symlink_to("/etc/passwd")
    expected = "content/pages/passwd.txt:1:1: file is a symbolic link to '/etc/passwd', outside the project"
    wait_for(lambda: any(expected in line for line in running.terminal.since(mark)), "the error in the terminal")
    wait_for(lambda: any(expected in error for error in json.loads(fetch(running.base + "_timeline/status.json"))["errors"]),
             "the error over the page")
    with pytest.raises(urllib.error.HTTPError) as response:
        fetch(running.base + "passwd.txt")
    assert response.value.code == 404
    assert "hand-written page" in fetch(running.base + "about/")  # the last good site stays served
