"""Content stage: load YAML into positioned nodes, validate them into frozen records (``read_content``)."""
