"""The map: a static SVG of Natural Earth outlines projected at build time, a marker per place."""

from __future__ import annotations

TEMPLATE_GLOBALS: dict = {}  # name -> function, registered in generator.render.environment
