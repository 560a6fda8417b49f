"""The default theme (``theme: timeline`` in mkdocs.yml): Jinja templates, assets, translations.

This folder is the package ``generator.theme`` (``generator/theme`` links here), so it ships
in the wheel; a project overrides any file by putting one of the same name in its own
``custom_dir`` (``site_templates/``).
"""
