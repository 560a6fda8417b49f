"""The Content-Security-Policy of the site's pages, in a ``<meta http-equiv>`` of each page and in
``_headers`` for hosts that read one (Netlify, Cloudflare Pages).

A reader's page runs the site's own scripts and styles and nothing else: no inline script or
style, no ``eval`` (the search page alone may compile Pagefind's WebAssembly:
``'wasm-unsafe-eval'``), images from the site and ``data:``, requests to the site only. A media
player from another site (``generator.content.media_kinds``) may load only in the frame a reader's
click makes (``frame-src``: the origins of the players on that page, none on the others); a media
file from another site only in the element the click makes (``img-src``, ``media-src``: its
origin, on its event's page). Forms post to the site, ``<base>`` cannot point elsewhere.

A ``<meta>`` policy cannot say who may frame a page (``frame-ancestors``): ``_headers`` adds it,
``*`` for ``/embed/`` (made for other sites' frames), ``'self'`` for every other page (nothing of
the reader's site is meant to sit in another site's frame) and ``'none'`` for ``/admin/``.

``/admin/`` (the web editor, generator.render.cms_config) has a policy of its own: the CMS script's
origin, inline styles (Decap CMS writes its styles at run time) and ``eval`` (it compiles its
configuration's schema), requests to the site, its git host's API and ``decap-server``, images
from anywhere over https (the media library, avatars).
"""

from __future__ import annotations

import re
from typing import Iterable
from urllib.parse import quote, urlsplit

from generator.render.embeds import EMBED_PREFIX
from generator.render.options import SiteOptions

HEADERS_FILE = "_headers"
ADMIN_PREFIX = "admin/"
SELF, NONE = "'self'", "'none'"
# A player that answers its embed address from another origin (the frame follows; frame-src must allow both).
REDIRECTS = {"maps.google.com": ("https://www.google.com",)}
# Where each git host's CMS backend sends its requests when mkdocs.yml gives no api_root (Decap's defaults).
BACKEND_APIS = {"github": "https://api.github.com", "gitlab": "https://gitlab.com",
                "bitbucket": "https://api.bitbucket.org", "gitea": "https://try.gitea.io"}
DECAP_SERVER = "http://localhost:8081"  # cms_local_backend: true
_HOST = re.compile(r"[a-z0-9.-]+")


def origin(url: str) -> str | None:
    """``scheme://host[:port]`` of an absolute http(s) URL, in a form a policy can hold; None otherwise."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() not in ("http", "https") or not _HOST.fullmatch(host):
        return None
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port else "")


def player_sources(media: Iterable) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The origins that the click-to-load players of ``media`` (an event's entries) load from:
    (frames, images, audio and video), each sorted, once each."""
    frames, images, sounds = set(), set(), set()
    for entry in media:
        kind = getattr(entry, "kind", None)
        if getattr(entry, "file", None) or kind is None or not kind.embed_url:
            continue
        source = origin(kind.embed_url)
        if source is None:
            continue
        if kind.player == "iframe":
            frames.add(source)
            frames.update(REDIRECTS.get(urlsplit(source).hostname or "", ()))
        elif kind.player == "image":
            images.add(source)
        else:
            sounds.add(source)
    return tuple(sorted(frames)), tuple(sorted(images)), tuple(sorted(sounds))


def _policy(directives: list[tuple[str, Iterable[str]]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives)


def reader_policy(media: Iterable = (), search: bool = False, home: str | None = None) -> str:
    """The policy of a reader's page that shows ``media`` (an event's entries), ``search``: the search page.
    ``home``: where the page takes the site's files from when that is an absolute URL (404.html, which
    may be served at any depth, links them under ``site_url``): its origin is the site's too."""
    frames, images, sounds = player_sources(media)
    own = [SELF] + [source for source in [origin(home) if home else None] if source]
    return _policy([
        ("default-src", [NONE]),
        ("script-src", [*own, "'wasm-unsafe-eval'"] if search else own),
        ("style-src", own),
        ("img-src", [*own, "data:", *images]),
        ("media-src", [*own, *sounds]),
        ("font-src", own),
        ("connect-src", own),
        ("frame-src", frames or [NONE]),
        ("object-src", [NONE]),
        ("base-uri", [SELF]),
        ("form-action", [SELF]),
    ])


def admin_policy(options: SiteOptions, script: str) -> str:
    """The policy of ``/admin/``, whose CMS is the script at ``script``: what the CMS needs (see the
    module's docstring), nothing more."""
    scripts = [SELF] + [source for source in [origin(script)] if source]
    backend = dict(options.cms_backend)
    apis = [SELF]
    api = backend.get("api_root") or BACKEND_APIS.get(str(backend.get("name", "")))
    if isinstance(api, str) and origin(api):
        apis.append(origin(api))
    local = options.cms_local_backend
    if local:
        apis.append(origin(local) if isinstance(local, str) and origin(local) else DECAP_SERVER)
    return _policy([
        ("default-src", [NONE]),
        ("script-src", [*scripts, "'unsafe-eval'"]),
        ("style-src", [SELF, "'unsafe-inline'"]),
        ("img-src", [SELF, "data:", "blob:", "https:"]),
        ("media-src", [SELF, "blob:"]),
        ("font-src", [SELF, "data:"]),
        ("connect-src", list(dict.fromkeys(apis))),
        ("frame-src", [NONE]),
        ("object-src", [NONE]),
        ("base-uri", [SELF]),
        ("form-action", [SELF]),
    ])


def site_policy(events: Iterable, site_url: str | None = None) -> str:
    """One policy that allows what every reader's page of a site needs (the players of all ``events``,
    the search page's WebAssembly, 404.html's files under ``site_url``): ``_headers``' policy, which each
    page's own tightens."""
    media = [entry for event in events for entry in event.media]
    return reader_policy(media, search=True, home=site_url)


def headers_file(options: SiteOptions, events: Iterable, sections: Iterable[str], cms_script: str = "") -> bytes:
    """``_headers``: the policy of the reader's pages (with ``frame-ancestors 'self'``) for the home page
    and each of the site's top-level ``sections`` ('events', 'about' …), the embeds' (``frame-ancestors *``)
    and the web editor's (``frame-ancestors 'none'``; its CMS at ``cms_script``). The rules never overlap,
    since hosts differ in what they do when two match one path (Netlify keeps the last, Cloudflare Pages
    sends both, and a browser obeys every policy it gets). Paths start with the path of ``site_url``, as a
    browser asks for them."""
    base = urlsplit(options.site_url).path if options.site_url else ""
    base = "/" + quote(base.strip("/"), safe="/%") + "/" if base.strip("/") else "/"
    reader = site_policy(events, options.site_url) + "; frame-ancestors 'self'"
    embed = reader_policy() + "; frame-ancestors *"
    lines = ["# Content-Security-Policy of every page (timeline-site: generator/render/csp.py). Each page",
             "# carries its own, tighter, in a <meta>; this adds who may frame it: any site an embed, none the editor."]
    paths = [base, f"{base}index.html", f"{base}404.html"]
    for section in sorted(set(sections) - {EMBED_PREFIX.strip("/"), ADMIN_PREFIX.strip("/"), ""}):
        paths += [f"{base}{quote(section)}/", f"{base}{quote(section)}/*"]
    for path in paths:
        lines += [path, f"  Content-Security-Policy: {reader}"]
    for path in (f"{base}{EMBED_PREFIX}", f"{base}{EMBED_PREFIX}*"):
        lines += [path, f"  Content-Security-Policy: {embed}"]
    if options.admin:
        admin = admin_policy(options, cms_script) + "; frame-ancestors 'none'"
        for path in (f"{base}{ADMIN_PREFIX}", f"{base}{ADMIN_PREFIX}*"):
            lines += [path, f"  Content-Security-Policy: {admin}"]
    return ("\n".join(lines) + "\n").encode("utf-8")
