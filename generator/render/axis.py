"""The time axis of listings: gaps between events ("13 years later") and marker shapes."""

from __future__ import annotations

TEMPLATE_GLOBALS: dict = {}  # name -> function, registered in generator.render.environment
