"""Editorial tools: git history, ``timeline diff``, importers, and scaffolding of new events."""
