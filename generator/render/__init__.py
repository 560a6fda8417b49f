"""Render stage: the chronology -> the site's files, in memory; nothing here writes a file.

Pages (``pages``, through the templates), the sitemap, feeds and exports (``site_files``), the map,
the web editor's configuration (``cms_config``), the Content-Security-Policy (``csp``).
"""
