"""The Jinja environment every page is rendered in: autoescape on, strict, the site's language
(``generator.render.i18n``: ``_()`` and ``{% trans %}``, dates and numbers), and the template
globals of the render modules that draw (the time axis, the overview, the map)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Sequence

import jinja2
from jinja2 import nodes

from generator.render import axis, casualties, csp, geo_map, i18n, overview_zoom
from generator.render.page_safety import isolate_bidi

GLOBALS_FROM = (axis, casualties, overview_zoom, geo_map)  # modules whose TEMPLATE_GLOBALS templates call


def make_environment(templates_dirs: Path | Sequence[Path], language: str = "en",
                     auto_reload: bool = True) -> jinja2.Environment:
    """The Jinja environment: autoescape on, templates from the theme's folder(s) (the first that
    has a file wins: a project's overrides, then the packaged theme), words in ``language``
    (``set_language`` changes it: the page renderer sets the site's). ``auto_reload``: look again
    at a template's file each time it is used (a live preview's edits); a full build reads it once."""
    folders = [templates_dirs] if isinstance(templates_dirs, Path) else list(templates_dirs)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in folders]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        auto_reload=auto_reload,
    )
    set_language(env, language)
    install_safety(env)
    return env


def install_safety(env: jinja2.Environment) -> None:
    """What every page template needs to stay safe, here and in MkDocs' environment (the adapter's
    ``on_env``): ``content_security_policy(media=(), search=False)`` (generator.render.csp) and the
    ``isolate_bidi`` filter for ``<title>`` (generator.render.page_safety)."""
    env.globals["content_security_policy"] = csp.reader_policy
    env.filters["isolate_bidi"] = isolate_bidi


def set_language(env: jinja2.Environment, language: str) -> i18n.Words:
    """Say the pages of ``env`` in ``language``, with the catalogs of its theme folders (again only
    when the language or a catalog changed: ``i18n.words_for`` keeps one ``Words`` per state)."""
    words = i18n.words_for(language, env.loader.searchpath)
    if env.globals.get("words") is not words:
        i18n.install(env, language, globals_from=[module.TEMPLATE_GLOBALS for module in GLOBALS_FROM])
    return words


_PLAIN = (nodes.Template, nodes.Output, nodes.If, nodes.For)  # what they print is the template's output, unchanged


def printed_as_is(env: jinja2.Environment, template: str, name: str) -> bool:
    """Whether the variable ``name`` is only ever printed as it is (``{{ name }}``, autoescaped, in no
    filter block, macro or captured block) in the template ``template``, which includes nothing: then what
    a render printed for it can be swapped for another value's text afterwards, and the output is what
    rendering with that value makes."""
    source, _, _ = env.loader.get_source(env, template)
    tree = env.parse(source)
    if env.autoescape is not True or any(tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends))):
        return False

    def uses(node: nodes.Node, plain: bool) -> Iterator[bool]:  # for each use of ``name``: printed as is?
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Name) and child.name == name:
                yield plain and isinstance(node, nodes.Output)
            else:
                yield from uses(child, plain and isinstance(child, _PLAIN))

    return all(uses(tree, True))
