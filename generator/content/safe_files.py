"""Only plain files are content: what the content folder and MkDocs' docs_dir may hold.

A symbolic link would make the site publish whatever it points at (``/etc/passwd``,
``/proc/self/environ``: the build's environment, or the project's own ``.git/config``, which
holds a CI token), and git stores links as readily as files. So every link under the content
folder or the docs_dir is an error at its path, wherever it points (a copy of the file does
the same job), and so is anything else that is not a plain file or folder (a named pipe, which
would stall the build, a device). Such an entry is never read, followed or published.

The walk passes by two things only: a version-control folder (``.git``, whose files are no
content), and Emacs' lock files (``.#page.md``, a link to nowhere that exists while a page is
being edited). Other names starting with '.' are checked like any other: MkDocs publishes them
when ``exclude_docs`` says so (``!.well-known/``).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Callable, Iterable

from generator.content.errors import ContentError

_VCS_FOLDERS = frozenset((".git", ".hg", ".svn"))
_SPECIAL_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
                  (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def scan(top: str, project_root: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """(every plain file under ``top``, sorted; every entry that is not a plain file or folder,
    with what is wrong with it). Links are neither followed nor read; a folder that cannot be
    listed is passed by, as ``os.walk`` does."""
    files: list[str] = []
    unsafe: list[tuple[str, str]] = []
    folders = [top]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if _passed_by(entry.name, entry.path):
                        continue
                    if entry.is_symlink():
                        unsafe.append((entry.path, link_problem(entry.path, project_root)))
                    elif entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                    elif entry.is_file(follow_symlinks=False):
                        files.append(entry.path)
                    else:
                        unsafe.append((entry.path, special_problem(entry.path)))
        except OSError:
            continue
    files.sort()
    return files, sorted(unsafe)


def _passed_by(name: str, path: str) -> bool:
    """Whether the walk leaves this entry alone: a version-control folder, or an editor's lock file."""
    return name in _VCS_FOLDERS or (name.startswith(".#") and os.path.islink(path) and not os.path.exists(path))


def link_problem(path: str, project_root: Path) -> str:
    """What is wrong with the symbolic link at ``path``, in words (where it points, and what to do)."""
    what = "folder" if os.path.isdir(path) else "file"
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(os.path.realpath(project_root)):
        return (f"{what} is a symbolic link to '{target}', outside the project: the site would publish it; "
                f"put the {what} itself here, or remove the link")
    return (f"{what} is a symbolic link (to '{target}'); the content takes no links, which could publish any "
            f"file of the machine: put a copy of the {what} here instead")


def special_problem(path: str) -> str:
    """What is wrong with ``path``, which is neither a plain file, a folder nor a link."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        mode = 0
    kind = next((name for test, name in _SPECIAL_KINDS if test(mode)), "something else")
    return f"file is not a regular file ({kind}); remove it, content is plain files and folders"


def unsafe_entries(folder: Path, project_root: Path, shown: Callable[[str], str]) -> list[ContentError]:
    """An error at each entry of ``folder`` (a docs_dir) that is not a plain file or folder,
    and at ``folder`` itself when it or a folder between it and the project is a link."""
    folder = Path(os.path.abspath(folder))
    root = Path(os.path.abspath(project_root))
    if folder.is_relative_to(root):
        for part in [folder, *folder.parents]:
            if part == root:
                break
            if part.is_symlink():
                return [ContentError(shown(str(part)), 1, 1, link_problem(str(part), project_root))]
    if not folder.is_dir():
        return []
    return [ContentError(shown(path), 1, 1, problem) for path, problem in scan(str(folder), project_root)[1]]


def linked_site_files(files: Iterable, docs_dir: Path, project_root: Path, shown: Callable[[str], str]
                      ) -> list[ContentError]:
    """An error at each file of an MkDocs ``Files`` taken from ``docs_dir`` that is a link or lies behind
    one (its real path is not where ``docs_dir`` says; MkDocs lists the files of linked folders too):
    the last guard, for names ``scan`` passes by that MkDocs publishes all the same (``exclude_docs:
    "!.well-known/"``)."""
    docs = os.path.abspath(docs_dir)
    real_docs = os.path.realpath(docs_dir)
    errors = []
    for file in files:
        source = file.abs_src_path and os.path.abspath(file.abs_src_path)
        if not source or not source.startswith(docs + os.sep) or _passed_by(os.path.basename(source), source):
            continue  # the theme's files, pages a plugin made, an editor's lock file
        if os.path.islink(source):
            errors.append(ContentError(shown(source), 1, 1, link_problem(source, project_root)))
        elif os.path.realpath(source) != os.path.join(real_docs, os.path.relpath(source, docs)):
            errors.append(ContentError(shown(source), 1, 1, "file is inside a folder that is a symbolic link; the "
                                       "content takes no links: put a copy of the folder there instead"))
    return errors
