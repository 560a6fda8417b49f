"""``timeline init``: the files of a new chronology project, made from the templates that ship
in the package (``project_template/``), and their writing into a folder all at once.

The templates come in three sets: ``common/`` (mkdocs.yml, requirements.txt, the hand-written
pages, .gitignore, the pre-commit configuration and the GitHub workflow), then ``example/``
(actors.yaml, places.yaml, one source and one event citing it) or, for an empty chronology,
``empty/`` (actors.yaml and places.yaml holding ``{}``: an empty file is a content error).
A path component ``dot-NAME`` becomes ``.NAME``: package data globs skip dotfiles. The few
placeholders (``@SITE_NAME_YAML@``, ``@SITE_NAME_MARKDOWN@``, ``@SITE_URL_LINE@``, ``@REQUIREMENT@``) are replaced;
the event schema (``content/event.schema.json``, named by the example's
``# yaml-language-server`` line) is generated from the content format.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from generator.content.format import event_json_schema
from generator.editorial.scaffold import SCHEMA_FILE

PACKAGE_NAME = "timeline-site"
TEMPLATE_FOLDER = "project_template"
DOT_PREFIX = "dot-"
# What a folder may already hold and still count as empty: a fresh `git init` or clone.
IGNORED_ENTRIES = frozenset({".git"})
# Folders a new project has even when nothing is in them yet.
CONTENT_FOLDERS = ("content/events", "content/sources")
_PLACEHOLDER = re.compile(r"@[A-Z_]+@")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")
_SITE_URL_USES = "the published address (canonical links, the feed's ids, the sitemap, calendar UIDs)"
EXAMPLE_URL = "https://example.org/chronology/"


def site_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a site name, or None."""
    if not name.strip():
        return "the title is empty; give the chronology a title, e.g. --title \"Kunduz, 28 September 2015\""
    if len(name) > 200:
        return f"the title is {len(name)} characters long; keep it to 200"
    return None


def site_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a site's published address, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        return f"'{url}' is not a web address; give the address the site is published at, e.g. {EXAMPLE_URL}"
    if parts.query or parts.fragment:
        return f"'{url}' has a query or a fragment; give the site's folder, e.g. {EXAMPLE_URL}"
    return None


def site_url(url: str) -> str:
    """The address as mkdocs.yml holds it: ending with a slash (the site is a folder)."""
    return url if url.endswith("/") else url + "/"


def requirement_problem(spec: str) -> str | None:
    """Why ``spec`` cannot be requirements.txt's line, or None."""
    if not spec.strip():
        return "the requirement is empty; e.g. --requirement git+https://github.com/OWNER/REPO@v0.1.0"
    if "\n" in spec or "\r" in spec:
        return "give the requirement on one line"
    return None


def project_files(site_name: str, example: bool = True, url: str | None = None,
                  requirement_line: str | None = None) -> dict[str, bytes]:
    """Every file of a new project: its bytes by its path relative to the project folder.

    ``example`` adds one event, the source it cites, an actor and a place; without it the
    chronology is valid and empty. ``url`` is the published address (``site_url``; left as a
    comment without it); ``requirement_line`` is what requirements.txt installs (default: ``requirement()``).
    """
    site_name = " ".join(site_name.split())  # one line: it goes into YAML and a heading
    url_line = (f"site_url: {json.dumps(site_url(url))}   # {_SITE_URL_USES}" if url
                else f"# site_url: {EXAMPLE_URL}   # {_SITE_URL_USES}; timeline build warns while unset")
    values = {
        "@SITE_NAME_YAML@": json.dumps(site_name, ensure_ascii=False),  # a YAML double-quoted scalar
        "@SITE_NAME_MARKDOWN@": _MARKDOWN_SPECIAL.sub(r"\\\1", site_name),
        "@SITE_URL_LINE@": url_line,
        "@REQUIREMENT@": requirement_line.strip() if requirement_line else requirement(),
    }
    root = resources.files("generator.editorial") / TEMPLATE_FOLDER
    files: dict[str, bytes] = {}
    for template_set in ("common", "example" if example else "empty"):
        for relpath, data in _walk(root / template_set, PurePosixPath()):
            files[str(relpath)] = _render(data, values)
    schema = json.dumps(event_json_schema(), indent=2, ensure_ascii=False) + "\n"
    files[f"content/{SCHEMA_FILE}"] = schema.encode("utf-8")
    return dict(sorted(files.items()))


def requirement() -> str:
    """The requirement line of this package at the version now installed (unpinned if unknown)."""
    try:
        return f"{PACKAGE_NAME}=={metadata.version(PACKAGE_NAME)}"
    except metadata.PackageNotFoundError:
        return PACKAGE_NAME


def _walk(folder: Traversable, relpath: PurePosixPath):
    """(relative path, bytes) of every template file under ``folder``, dotfile names restored."""
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        name = "." + entry.name[len(DOT_PREFIX):] if entry.name.startswith(DOT_PREFIX) else entry.name
        if entry.is_dir():
            yield from _walk(entry, relpath / name)
        else:
            yield relpath / name, entry.read_bytes()


def _render(data: bytes, values: dict[str, str]) -> bytes:
    """The template's bytes with each placeholder replaced by its value, in one pass (a title
    that happens to contain a placeholder's name stays as it is)."""
    text = _PLACEHOLDER.sub(lambda match: values.get(match[0], match[0]), data.decode("utf-8"))
    return text.encode("utf-8")


def folder_problem(folder: Path) -> str | None:
    """Why a new project cannot go into ``folder``, or None (it is missing, or empty but for ``.git``)."""
    if not folder.exists():
        return None
    if not folder.is_dir():
        return f"{folder} is a file, not a folder; choose a new folder's name"
    entries = sorted(entry.name for entry in folder.iterdir() if entry.name not in IGNORED_ENTRIES)
    if entries:
        shown = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
        return (f"{folder} is not empty (it holds {shown}); choose a new or empty folder, "
                f"so that no file of yours is overwritten")
    return None


def write_project(folder: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` into ``folder`` (missing or empty) all at once, or not at all.

    They are written into a scratch folder beside it first, then moved in; an ``OSError``
    (a read-only parent, a full disk) leaves ``folder`` as it was and propagates.
    """
    folder = folder.absolute()
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name}.init-", dir=folder.parent))
    created = not folder.exists()
    try:
        for relpath, data in files.items():
            path = scratch / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        for relpath in CONTENT_FOLDERS:
            (scratch / relpath).mkdir(parents=True, exist_ok=True)
        os.chmod(scratch, 0o777 & ~_umask())  # mkdtemp makes it private; a project folder is not
        if created:
            os.rename(scratch, folder)
            return
        moved = []
        try:
            for entry in sorted(scratch.iterdir()):
                os.rename(entry, folder / entry.name)
                moved.append(folder / entry.name)
        except OSError:
            for path in moved:
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()
            raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
