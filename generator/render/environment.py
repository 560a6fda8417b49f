"""The Jinja environment every page is rendered in: autoescape on, strict, and the template
globals of the render modules that draw (the time axis, the overview, the map)."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import jinja2

from generator.render import axis, casualties, geo_map, overview


def make_environment(templates_dirs: Path | Sequence[Path]) -> jinja2.Environment:
    """The Jinja environment: autoescape on, templates from the theme's folder(s) (the first that
    has a file wins: a project's overrides, then the packaged theme)."""
    folders = [templates_dirs] if isinstance(templates_dirs, Path) else list(templates_dirs)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in folders]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["human_date"] = lambda d, approximate=False: d.human(approximate)
    for module in (axis, casualties, overview, geo_map):
        env.globals.update(module.TEMPLATE_GLOBALS)
    return env
