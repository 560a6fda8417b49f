"""The MkDocs adapter: the only package that imports MkDocs (the plugin, and the commands that drive MkDocs)."""
