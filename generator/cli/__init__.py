"""The ``timeline`` command (``main``): content commands here, site commands in ``site``
(which hands MkDocs work to ``generator.mkdocs_adapter``), editorial commands in ``editorial``."""

from generator.cli.main import main

__all__ = ["main"]
