"""The MkDocs adapter: the only module that imports MkDocs.

It hands all real work to the pipeline (``generator.pipeline.site_build``): the chronology is
read before MkDocs writes anything (``read_chronology``), and ``build_site`` runs once MkDocs has
written the hand-written pages, with a ``PreviewState`` kept across rebuilds in ``serve``.
Hand-written Markdown pages in the docs dir go through MkDocs as usual; the chronology's pages
are rendered by our own renderer straight into the site folder, because MkDocs' per-page
pipeline (and its nav, rendered into every page) would make a large chronology slow.
"""

from __future__ import annotations

import dataclasses
from html import unescape
import logging
import time
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from generator.content.errors import ContentError, ContentInvalid
from generator.content.pages import line_offset, mentions_slices, page_problems, shower
from generator.content.safe_files import linked_site_files
from generator.render import i18n
from generator.render.options import SiteOptions
from generator.render import site_scale, slices
from generator.render.cms_config import backend_problem, default_backend
from generator.pipeline.preview import PreviewState, write_status
from generator.pipeline.project import Project, content_dir_problem
from generator.pipeline.site_build import build_site, read_chronology
from generator.pipeline.site_images import slice_images
from generator.render.environment import install_safety, make_environment
from generator.render.markdown import MarkdownRenderer
from generator.render.locales import language_tag
from generator.render.page_safety import clean_page
from generator.render.pages import PageRenderer
from generator.pipeline.publish import unsafe_site_dir

log = logging.getLogger("mkdocs.plugins.timeline")


class HistoryChoice(c.Choice):
    """``history``: full, dates or off; ``true`` and ``false`` (and YAML's ``on``) still mean full and off."""

    def run_validation(self, value: object) -> str:
        return super().run_validation("full" if value is True else "off" if value is False else value)


class TimelineConfig(base.Config):
    """Options of ``plugins: - timeline:`` in mkdocs.yml."""

    content_dir = c.Type(str, default="content")
    order = c.Choice(("oldest-first", "newest-first"), default="oldest-first")
    home_limit = c.Type(int, default=100)
    list_limit = c.Type(int, default=100)
    year_split = c.Type(int, default=150)
    history = HistoryChoice(("full", "dates", "off"), default="full")  # what event pages show from git
    search = c.Type(bool, default=True)
    language = c.Type(str, default="en")  # BCP 47: the theme's words, dates, numbers and direction (render/i18n.py)
    admin = c.Type(bool, default=True)  # the web editor at /admin/ (Decap CMS, configured from the content format)
    cms_script = c.Type(str, default="")  # the CMS script's URL (to self-host it); empty: pinned on unpkg
    cms_backend = c.Type(dict, default={})  # Decap's `backend` (github, gitlab …); empty: from repo_url
    cms_local_backend = c.Optional(c.Type((bool, str)))  # decap-server: true, its API URL, or false; default: on in serve


class TimelinePlugin(BasePlugin[TimelineConfig]):
    """Generates the chronology's pages, feeds and exports inside an MkDocs build."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.project: Project | None = None  # set by on_config
        self.preview: PreviewState | None = None  # serve: what the live preview keeps between rebuilds
        self.serving = False
        self.chronology = None
        self.content_errors = []
        self.slice_errors: list[ContentError] = []  # event slices of hand-written pages (render/slices.py)
        self._slices: dict[str, dict[str, str]] = {}  # page -> its slices' HTML, from on_page_markdown to on_page_content
        self._last_slices: dict[str, tuple[str, slices.ExpandedPage]] = {}  # page -> its last good slices (serve)
        self._render_slice = None  # made once a build, when a page has a slice
        self._page_titles: dict[str, str] = {}
        self._indexed = False  # serve: the search index is made once a session
        self.pages_with_slices: set[str] = set()  # hand-written pages that show events (serve rebuilds them)
        # Set by `timeline build`, which builds into a work folder: the site that folder will replace
        # once built (its unchanged pages are linked rather than rendered). None: reuse nothing.
        self.previous_site: Path | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Having on_startup keeps this instance alive across `serve` rebuilds, and with it the caches.
        self.serving = command == "serve"

    def on_config(self, config):
        self.project = project_of(config, self.config, self.serving)
        language = self.project.options.language
        if not i18n.words_for(language, self.project.templates_dirs).has_catalog:
            log.warning(f"timeline: no catalog for language '{language}': the theme's words stay English "
                        f"(dates and numbers follow it); add site_templates/locales/<lang>/LC_MESSAGES/messages.po")
        problem = unsafe_site_dir(Path(config.site_dir).resolve(), self.project.root, self.project.content_dir)
        if problem:
            raise PluginError(problem)
        if self.serving and (self.preview is None or not self.preview.serves(self.project)):
            # A new preview, or mkdocs.yml changed where content, theme or history come from: start afresh.
            # (New options alone keep the state: the preview renders every page again.)
            if self.preview is not None:
                self.preview.stop(cancel=True)
            self.preview = PreviewState(self.project)
        return config

    def on_pre_build(self, *, config) -> None:
        """Validate first: with content errors a build writes nothing."""
        self.slice_errors = []
        self._render_slice = None
        self._read_content(Path(config.site_dir))
        # Links and unreadable pages in the docs_dir: MkDocs would follow, publish or fail on them. In serve too.
        problems = page_problems(Path(config.docs_dir), self.project.root, self.project.content_dir)
        if problems:
            self._fail(problems)

    def _fail(self, errors: list[ContentError]) -> None:
        """Stop the build on content errors: ``timeline build`` prints ``content_errors`` itself."""
        self.content_errors = errors
        raise PluginError(f"content has {len(errors)} error(s):\n" + "\n".join(map(str, errors))) from None

    def _read_content(self, site_dir: Path) -> None:
        """Read and check the content. In a live preview content errors do not stop the build:
        the last good pages stay served (MkDocs' server would hang on a failed build), and the
        errors go to the terminal and to an overlay in the open page."""
        self.content_errors = []
        started = time.perf_counter()
        try:
            self.chronology = read_chronology(self.project, self.preview)
            log.info(f"timeline: content read and checked in {time.perf_counter() - started:.2f} s")
        except ContentInvalid as exc:
            self.content_errors = exc.errors
            messages = [str(e) for e in exc.errors]
            if not self.serving:
                self._fail(exc.errors)
            self.chronology = None
            log.error("content has errors; still serving the last good build:\n" + "\n".join(messages))
            write_status(site_dir, messages)

    def refresh(self, site_dir: Path) -> bool:
        """A live preview's rebuild when only the chronology's files changed (events, sources,
        actors, places, media): read them and write the pages they change, without a config
        reload or an MkDocs build. False, doing nothing, when a hand-written page shows event
        slices (then MkDocs must make that page again)."""
        if self.pages_with_slices or self.project is None:
            return False
        self._read_content(site_dir)
        self._write_chronology(site_dir)
        return True

    def on_files(self, files, *, config):
        linked = linked_site_files(files, Path(config.docs_dir), self.project.root, shower(self.project.root))
        if linked:  # links on_pre_build passed by ('.' names MkDocs publishes): fail before MkDocs copies a file
            self._fail(linked)
        # A "dirty" rebuild in `serve` reads only the .md pages edited since; a page with event slices
        # changes with the events, so it is given its text (which marks it edited) and made again.
        # So is a page this session has not read yet: its title goes into every page's navigation.
        if self.serving:
            for file in files.documentation_pages():
                text = file.content_string
                if file.url not in self._page_titles or (self.chronology is not None and mentions_slices(text)):
                    file.content_string = text
        return files

    def on_page_markdown(self, markdown, *, page, config, files):
        """Each ``::: timeline`` block becomes a placeholder paragraph, its events' HTML kept for
        ``on_page_content``; a block's errors are content errors (``timeline build`` fails)."""
        if not mentions_slices(markdown):
            self.pages_with_slices.discard(page.file.src_uri)
            return markdown
        self.pages_with_slices.add(page.file.src_uri)
        if self.chronology is None:  # serve with content errors: the page's last good slices
            last = self._last_slices.get(page.file.src_uri)
            expanded = last[1] if last and last[0] == markdown else None
        else:
            project = self.project
            path = (Path(config.docs_dir) / page.file.src_uri).resolve()
            shown = path.relative_to(project.root).as_posix() if path.is_relative_to(project.root) else str(path)
            expanded = slices.expand(markdown, shown, page.url, self.chronology, self._slice_renderer(),
                                     line_offset(page.file.content_string, markdown),
                                     project.options.newest_first)
            self.slice_errors.extend(expanded.errors)
            if not expanded.errors:
                self._last_slices[page.file.src_uri] = (markdown, expanded)
        if expanded is None:
            return markdown
        self._slices[page.file.src_uri] = expanded.html
        return expanded.markdown

    def on_page_content(self, html, *, page, config, files):
        """The page's HTML sanitised as event fields are (render/page_safety.py), then its event slices
        (our own rendered HTML) put in place of their placeholders."""
        cleaned = clean_page(html)
        for source in cleaned.dropped:
            log.warning(f"timeline: {page.file.src_uri}: image {source!r} left out: it is on another site, and pages "
                        f"load nothing from other sites before the reader asks; put the file beside the page")
        found = self._slices.pop(page.file.src_uri, None)
        return slices.fill(cleaned.html, found) if found else cleaned.html

    def _slice_renderer(self):
        if self._render_slice is None:
            project = self.project
            renderer = PageRenderer(make_environment(project.templates_dirs), self.chronology, project.options,
                                    MarkdownRenderer())
            self._render_slice = slices.page_renderer_slices(renderer, lambda events: slice_images(project, events))
        return self._render_slice

    def on_nav(self, nav, *, config, files):
        self.nav = nav
        return nav

    def on_env(self, env, *, config, files):
        if self.slice_errors:  # every page has been read: all the slices' errors are known
            if not self.serving:
                self._fail(sorted(self.slice_errors))
            log.error("event slices have errors:\n" + "\n".join(str(e) for e in sorted(self.slice_errors)))
        # Page titles are known only once MkDocs has read the pages, just before this event.
        # A "dirty" rebuild in `serve` leaves unchanged pages unread, without a title: keep the last known.
        for page in self.nav.pages:
            if page.title:
                self._page_titles[page.url] = _title_text(page)
        pages = [(self._page_titles.get(page.url) or page.file.name.replace("-", " ").capitalize(), page.url)
                 for page in self.nav.pages if page.url]
        project = self.project = dataclasses.replace(
            self.project, options=dataclasses.replace(self.project.options, extra_nav=tuple(pages)))
        # MkDocs renders the hand-written pages and 404.html: in the site's language too, and escaped as ours
        # are (MkDocs' environment does not autoescape: a site_name or a page's title is text, not HTML).
        env.autoescape = True
        i18n.install(env, project.options.language, project.templates_dirs)
        install_safety(env)
        return env

    def on_page_context(self, context, *, page, config, nav):
        return self._theme_context(context, _title_text(page), page.canonical_url)

    def on_template_context(self, context, *, template_name, config):
        words = i18n.words_for(self.project.options.language, self.project.templates_dirs)
        return self._theme_context(context, words.gettext("Page not found"), None,
                                   root=(config.site_url or "/").rstrip("/") or "")

    def _theme_context(self, context, title, canonical, root=None):
        context.update(site=self.project.options, title=title or self.project.options.site_name,
                       canonical=canonical, root=root if root is not None else context.get("base_url", "."),
                       exports_by_year=self.chronology is not None
                       and site_scale.exports_by_year(len(self.chronology.events)))
        return context

    def on_post_build(self, *, config) -> None:
        self._write_chronology(Path(config.site_dir))

    def _write_chronology(self, site_dir: Path) -> None:
        """The chronology's pages, feeds, exports and search index, into the built site."""
        if self.chronology is None:  # live preview with content errors: keep the last good pages
            write_status(site_dir, [str(e) for e in self.content_errors])
            return
        # MkDocs' own sitemap lists only the hand-written pages and stamps the build time; ours replaces it.
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site_dir / name).unlink(missing_ok=True)
        # A live preview indexes once a session (it would cost seconds an edit); a build always does.
        search = self.config.search and not self._indexed
        report = build_site(self.project, site_dir, self.previous_site, chronology=self.chronology,
                            preview=self.preview, search=search, say=log.info)
        if self.serving and report.indexed is not None:
            self._indexed = True
        if self.serving:
            write_status(site_dir, [str(e) for e in sorted(self.slice_errors)])

    def on_shutdown(self) -> None:
        if self.preview is not None:
            self.preview.stop()  # let the live preview's last exports finish writing

    def on_serve(self, server, *, config, builder):
        server.watch(str(self.project.content_dir))
        for folder in self.project.templates_dirs:
            server.watch(str(folder))
        return server


def _title_text(page) -> str | None:
    """A hand-written page's title as text, for templates that escape it: MkDocs gives the title it takes
    from the first heading as HTML (``Q&amp;A``), one from the front matter or the nav as written."""
    title = page.title
    if title and "title" not in page.meta and title == getattr(page, "_title_from_render", None):
        return unescape(title)
    return title


def project_of(config, options: TimelineConfig, serving: bool = False) -> Project:
    """The chronology project an mkdocs.yml describes (``config``: MkDocs' loaded config, ``options``: the
    plugin's); raises ``PluginError`` on an option that cannot be. ``timeline export`` reads it too."""
    project_root = Path(config.config_file_path or ".").resolve().parent
    content_dir = (project_root / options.content_dir).resolve()
    problem = content_dir_problem(content_dir, project_root, options.content_dir)
    if problem:
        raise PluginError(problem)
    for option in ("home_limit", "list_limit", "year_split"):
        if options[option] < 1:
            raise PluginError(f"plugins: timeline: {option} must be at least 1, not {options[option]}")
    # The theme's folders as MkDocs resolved them: the project's custom_dir (overrides) first, then
    # the packaged theme (theme: timeline); MkDocs' own templates folder is of no use to our pages.
    templates_dirs = tuple(Path(folder).resolve() for folder in config.theme.dirs
                           if (Path(folder) / "base.html").exists() or folder == config.theme.custom_dir)
    try:
        language = language_tag(options.language)
    except ValueError as exc:
        raise PluginError(f"plugins: timeline: {exc}") from None
    site = SiteOptions(
        site_name=config.site_name,
        language=language,
        site_url=config.site_url or None,
        description=config.site_description or "",
        newest_first=options.order == "newest-first",
        home_limit=options.home_limit,
        list_limit=options.list_limit,
        year_split=options.year_split,
        serve_status=serving,
        **_cms_options(config, options, serving),
    )
    return Project(project_root, content_dir, templates_dirs, site, history=options.history)


def _cms_options(config, options: TimelineConfig, serving: bool) -> dict:
    """The web editor's options (generator.render.cms_config) for SiteOptions."""
    backend = options.cms_backend or default_backend(config.repo_url)
    problem = backend_problem(backend)
    if problem:
        raise PluginError(problem)
    local = options.cms_local_backend
    return {"admin": options.admin, "cms_script": options.cms_script,
            "cms_backend": tuple(backend.items()), "cms_local_backend": serving if local is None else local}
