"""The overview: a static SVG of events per month (or per year over long spans), each bar a link."""

from __future__ import annotations

TEMPLATE_GLOBALS: dict = {}  # name -> function, registered in generator.render.environment
