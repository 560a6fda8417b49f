"""The hand-written pages (MkDocs' docs_dir, ``content/pages/``) as the build reads them.

``timeline check`` must fail on exactly what fails ``timeline build``, so it reads the pages too:
each page's text as MkDocs reads it (UTF-8, its front matter set apart), for its ``::: timeline``
slices (``generator.render.slices``), and the folder's entries for links and other files that
are not plain files (``safe_files``). The build's plugin checks the same before MkDocs lists or
copies a file (``page_problems``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from generator.content.errors import ContentError
from generator.content.safe_files import scan, unsafe_entries

PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")  # MkDocs' Markdown file names
DEFAULT_DOCS_DIR = "docs"  # MkDocs' default, when mkdocs.yml does not say
Shown = Callable[[str], str]


@dataclass(frozen=True)
class PageText:
    """A hand-written page: its path as errors show it, its Markdown as MkDocs hands it to plugins
    (without front matter), and how many lines of the file come before that Markdown."""

    path: str
    markdown: str
    offset: int


def mentions_slices(markdown: str) -> bool:
    """Whether a page may hold a ``::: timeline`` slice (a cheap test before parsing)."""
    return ":::" in markdown and "timeline" in markdown


def page_problems(docs_dir: Path, project_root: Path, content_dir: Path | None = None) -> list[ContentError]:
    """What stops the build from reading the docs_dir: its links and other entries that are not plain
    files (unless it lies in ``content_dir``, whose read reports them), and pages that are not UTF-8."""
    return read_docs(docs_dir, project_root, content_dir, without_front_matter=lambda text: text)[1]  # pages unused


def read_docs(docs_dir: Path, project_root: Path, content_dir: Path | None = None, *,
              without_front_matter: Callable[[str], str]) -> tuple[list[PageText], list[ContentError]]:
    """The pages of the docs_dir, and its problems (``page_problems``), sorted; paths relative to ``project_root``.
    ``without_front_matter``: a page's text as MkDocs hands it to plugins (``generator.mkdocs_adapter``
    has MkDocs' own split; this stage does not import MkDocs)."""
    shown = shower(project_root)
    errors: list[ContentError] = []
    if content_dir is None or not Path(os.path.abspath(docs_dir)).is_relative_to(os.path.abspath(content_dir)):
        errors += unsafe_entries(docs_dir, project_root, shown)
    pages = read_pages(docs_dir, project_root, shown, errors, without_front_matter)
    return pages, sorted(errors)


def read_pages(docs_dir: Path, project_root: Path, shown: Shown, errors: list[ContentError],
               without_front_matter: Callable[[str], str]) -> list[PageText]:
    """The Markdown pages of ``docs_dir`` (plain files only), read as MkDocs reads them (``read_docs``);
    a page that cannot be read is an error in ``errors``."""
    if not docs_dir.is_dir() or docs_dir.is_symlink():
        return []
    pages = []
    for path in scan(str(docs_dir), project_root)[0]:
        if not path.endswith(PAGE_SUFFIXES) or "/." in path[len(str(docs_dir)):]:
            continue  # MkDocs leaves out names starting with '.' (exclude_docs' default)
        try:
            with open(path, "rb") as stream:
                data = stream.read()
            # as MkDocs' File.content_string reads it: UTF-8 with an optional BOM, universal newlines
            text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            column = len(data[data.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", "replace")) + 1
            errors.append(ContentError(shown(path), line, column, "file is not valid UTF-8; save it as UTF-8"))
            continue
        except OSError as exc:
            errors.append(ContentError(shown(path), 1, 1, f"cannot read file: {exc.strerror or exc}"))
            continue
        pages.append(PageText(shown(path), *_markdown_of(text, without_front_matter)))
    return pages


def _markdown_of(text: str, without_front_matter: Callable[[str], str]) -> tuple[str, int]:
    """The Markdown MkDocs hands plugins (its own front-matter split) and the lines before it."""
    if ":::" not in text:  # no slice: the split does not matter (and MkDocs need not be imported)
        return text, 0
    markdown = without_front_matter(text)
    return markdown, line_offset(text, markdown)


def line_offset(source: str, markdown: str) -> int:
    """How many lines of the page's file come before ``markdown`` (MkDocs hands plugins the page
    without its front matter): the count of lines ``source`` has before it ends with ``markdown``."""
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    markdown = markdown.replace("\r\n", "\n").replace("\r", "\n")
    if markdown and source.endswith(markdown):
        return source[: len(source) - len(markdown)].count("\n")
    return 0


def shower(project_root: Path) -> Shown:
    """Paths as errors show them: relative to the project when inside it (also when a folder
    above the project is a link, which one of the paths compared may have resolved)."""
    roots = (os.path.abspath(project_root), os.path.realpath(project_root))

    def shown(path: str) -> str:
        absolute = os.path.abspath(path)
        real_folder = os.path.join(os.path.realpath(os.path.dirname(absolute)), os.path.basename(absolute))
        for candidate, root in ((absolute, roots[0]), (real_folder, roots[1])):
            if Path(candidate).is_relative_to(root):
                return os.path.relpath(candidate, root)
        return absolute

    return shown


def docs_dir_for(content_dir: Path, config_file: Path) -> Path:
    """The hand-written pages' folder of a content folder: the ``docs_dir`` of ``config_file``
    (mkdocs.yml) when its timeline plugin reads ``content_dir``, else ``content_dir/pages``."""
    config = _lenient_yaml(config_file)
    if isinstance(config, dict):
        folder = config_file.resolve().parent
        plugin = _timeline_options(config.get("plugins"))
        if plugin is not None:
            reads = plugin.get("content_dir", "content") if isinstance(plugin, dict) else "content"
            if isinstance(reads, str) and (folder / reads).resolve() == content_dir.resolve():
                docs = config.get("docs_dir", DEFAULT_DOCS_DIR)
                if isinstance(docs, str):
                    return Path(os.path.relpath(folder / docs)) if not Path(docs).is_absolute() else Path(docs)
    return content_dir / "pages"


def _timeline_options(plugins: object) -> dict | None:
    """The options of the ``timeline`` plugin in mkdocs.yml's ``plugins`` (a list or a mapping); None without it."""
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    for item in plugins if isinstance(plugins, list) else []:
        if item == "timeline":
            return {}
        if isinstance(item, dict) and "timeline" in item:
            return item["timeline"] if isinstance(item["timeline"], dict) else {}
    return None


class _LenientLoader(yaml.SafeLoader):
    """mkdocs.yml as data: MkDocs' own tags (``!ENV``, ``!relative``, ``!!python/name:``) read as nothing."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _lenient_yaml(path: Path) -> object:
    try:
        with open(path, encoding="utf-8") as stream:
            return yaml.load(stream, Loader=_LenientLoader)  # noqa: S506 - a SafeLoader
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
