"""The Jinja environment every page is rendered in: autoescape on, strict, and the template
globals of the render modules that draw (the time axis, the overview, the map)."""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.render import axis, geo_map, overview


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """The Jinja environment: autoescape on, templates from the site's folder."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["human_date"] = lambda d, approximate=False: d.human(approximate)
    for module in (axis, overview, geo_map):
        env.globals.update(module.TEMPLATE_GLOBALS)
    return env
