"""The web editor at ``/admin/``: its ``config.yml``, generated from the content format, and its page.

The application (``cms_app``): Sveltia CMS for a Git host's backend (GitHub, GitLab …), where an editor
signs in with a personal access token and no OAuth server is needed (a site on GitHub Pages has none);
Decap CMS for Netlify's git-gateway, or when ``cms_script`` names it (decap-server, the local proxy, is
Decap's). Both read this configuration; where they differ (the value of an event relation, the events'
path template, the option that omits empty fields) the config is written for the one the page loads.

Every form field comes from the records of ``generator.content.format`` (EVENT, SOURCE, ACTOR,
PLACE; ``generator.render.cms_fields`` makes them): a field added to the format appears in the editor with the next build, with the same
rules ``timeline schema`` gives (slug and date patterns, lengths, bounds, choices), so the form
and the validator never drift apart. Which fields name other records comes from the validator's
own table (``generator.content.cross_file.REFERENCE_FIELDS``): sources and related events are
relation widgets over the ``sources`` and ``events`` collections. Media is a list of objects (a file
uploaded to media/, or a URL, with alt, caption, credit …); a casualty count is two number boxes
(one number, or the lowest and highest of a range), which the page's preSave hook writes as the
content format has it.

Collections:

* ``events``: one file per event, ``<content>/events/<year>/<id>.yaml`` (the file name, made from the
  title when the event is first saved, is the event's id);
* ``sources``: one file per article, ``<content>/sources/<id>.yaml``;
* ``actors`` and ``places``: one file per record, ``<content>/actors/<id>.yaml`` … (the folder form of
  the registries, ``generator.content.registries``): new records are made here. An event's actors and
  place are relation widgets over these collections when actors.yaml / places.yaml hold no record;
  else selects of every id the build read, both forms (a relation lists one collection only, and no
  widget lists the keys of a mapping);
* ``registries``: the records of ``actors.yaml`` and ``places.yaml``, one collapsible group each, to be
  corrected in place; a file of more than ``REGISTRY_FORM_LIMIT`` records is left to git.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from generator.content.format import ACTOR, EVENT, PLACE, SOURCE
from generator.content.model import Content
from generator.content.cross_file import REFERENCE_FIELDS
from generator.render.cms_fields import FOLDER, form_field, registry_choices
from generator.render.csp import admin_policy
from generator.render.options import SiteOptions

# The two applications, pinned to the exact versions of tests/package.json (the browser tests run them), each
# with the Subresource Integrity of its script (the bytes of its file in the npm package, which unpkg serves).
DECAP_VERSION = "3.16.3"
DEFAULT_CMS_SCRIPT = f"https://unpkg.com/decap-cms@{DECAP_VERSION}/dist/decap-cms.js"
DEFAULT_CMS_INTEGRITY = "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p"
SVELTIA_VERSION = "0.221.1"
SVELTIA_SCRIPT = f"https://unpkg.com/@sveltia/cms@{SVELTIA_VERSION}/dist/sveltia-cms.js"
SVELTIA_INTEGRITY = "sha384-JQ+XsKx/UzwdTiNnFStza3XtqqQoVtyNPApkfvwlzZDfhe7giE9CnfQrpHqgv3k6"
SCRIPTS = {"decap": (DEFAULT_CMS_SCRIPT, DEFAULT_CMS_INTEGRITY), "sveltia": (SVELTIA_SCRIPT, SVELTIA_INTEGRITY)}

ADMIN_PAGE = "admin/index.html"
CONFIG_FILE = "admin/config.yml"
ADMIN_TEMPLATE = "admin.html"

REGISTRY_FORM_LIMIT = 100  # records; a larger registry is edited in git only (a form that long is no help,
# and its configuration would grow by every record's fields)
ID_LENGTH = 72  # characters of the title kept for a new file's name (Decap cuts, then drops a trailing hyphen)

def default_backend(repo_url: str | None) -> dict:
    """Where the CMS commits when mkdocs.yml names no ``cms_backend``: the GitHub or GitLab
    repository of ``repo_url``, else Netlify's git-gateway."""
    parts = urlsplit(repo_url or "")
    path = parts.path.strip("/").removesuffix(".git")
    if parts.netloc in ("github.com", "www.github.com") and path.count("/") == 1:
        return {"name": "github", "repo": path, "branch": "main"}
    if parts.netloc == "gitlab.com" and "/" in path:
        return {"name": "gitlab", "repo": path, "branch": "main"}
    return {"name": "git-gateway", "branch": "main"}


def cms_app(options: SiteOptions) -> str:
    """Which application the editor runs: 'sveltia' or 'decap'.

    A ``cms_script`` is taken at its word (its address names Sveltia CMS, or it is Decap's). Else
    Sveltia CMS for a Git host's backend (GitHub, GitLab, Gitea …): an editor signs in with a personal
    access token, with no OAuth server to run, which is what a site on GitHub Pages needs; Decap CMS for
    Netlify's git-gateway, which Sveltia does not support.
    """
    if options.cms_script:
        return "sveltia" if "sveltia" in options.cms_script.lower() else "decap"
    backend = dict(options.cms_backend) or default_backend(None)
    return "decap" if backend.get("name") == "git-gateway" else "sveltia"


def backend_problem(backend: dict) -> str | None:
    """Why a ``cms_backend`` mapping cannot work (for the plugin's error), or None."""
    if not backend:
        return None
    if not isinstance(backend.get("name"), str) or not backend["name"]:
        return "plugins: timeline: cms_backend needs a 'name' (github, gitlab, gitea, bitbucket, git-gateway …)"
    if backend["name"] in ("github", "gitlab", "gitea", "bitbucket") and not backend.get("repo"):
        return f"plugins: timeline: cms_backend '{backend['name']}' needs 'repo: owner/name'"
    return None


def content_path(root: Path, content_dir: Path) -> str:
    """The content folder as the CMS names it: relative to the git repository that holds the project
    (where the CMS commits, and where ``decap-server`` runs), else to the project folder."""
    for folder in (root, *root.parents):
        if (folder / ".git").exists() and content_dir.is_relative_to(folder):
            return content_dir.relative_to(folder).as_posix()
    return content_dir.relative_to(root).as_posix() if content_dir.is_relative_to(root) else content_dir.name


def cms_config(options: SiteOptions, content: Content, content_dir: str = "content",
               single_file: dict[str, set[str]] | None = None) -> dict:
    """Decap CMS's configuration for a chronology whose content folder is ``content_dir``.

    ``single_file`` gives, for 'actors' and 'places', the ids written in the registry's single file
    (actors.yaml, places.yaml) rather than in a file of their own; None: all of them. An event's actors
    and place are picked from the folder collection (a relation: a record just made is listed) when
    the single file holds none, else from a select of every id this build read (see the module's docstring).
    """
    if single_file is None:
        single_file = {"actors": set(content.actors), "places": set(content.places)}
    app = cms_app(options)
    actors = registry_choices(content.actors) if single_file["actors"] else FOLDER
    places = registry_choices(content.places) if single_file["places"] else FOLDER
    references = {(field, key): kind for field, key, kind in REFERENCE_FIELDS}
    config: dict[str, Any] = {"backend": dict(options.cms_backend) or default_backend(None)}
    if options.cms_local_backend and app == "decap":  # (Sveltia CMS opens a local folder instead of decap-server)
        local = options.cms_local_backend
        config["local_backend"] = {"url": local} if isinstance(local, str) else True
    if options.site_url:
        config["site_url"] = options.site_url
    config.update({
        "media_folder": f"{content_dir}/media",
        "public_folder": "",  # an uploaded file is written as its path under media/, as the format has it
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        # (both apps also run admin.html's preSave hook, which drops what the form leaves empty)
        **({"output": {"omit_empty_optional_fields": True}} if app == "sveltia" else {}),
        "editor": {"preview": False},
        "collections": [
            _events(content_dir, references, actors, places, app),
            _sources(content_dir),
            _folder_registry(content_dir, "actors", ACTOR, places),
            _folder_registry(content_dir, "places", PLACE, places),
            *_registries(content_dir, content, single_file, places),
        ],
    })
    return config


def config_yaml(config: dict) -> bytes:
    """``config.yml``: block YAML in the order built, with a header that says where it comes from."""
    header = ("# Decap CMS configuration (also read by Sveltia CMS), generated by timeline-site from its content\n"
              "# format at every build: edit mkdocs.yml's cms_* options or the format, not this file.\n")
    body = yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return (header + body).encode("utf-8")


def cms_files(options: SiteOptions, content: Content, env, root: Path, content_dir: Path) -> list[tuple[str, Any]]:
    """The editor's files in the site, ``(path, make)``: its page and its configuration, made when called."""
    folder = content_path(root, content_dir)
    return [(ADMIN_PAGE, lambda: admin_page(env, options)),
            (CONFIG_FILE, lambda: config_yaml(cms_config(options, content, folder, single_file_ids(content, content_dir))))]


def single_file_ids(content: Content, content_dir: Path) -> dict[str, set[str]]:
    """For 'actors' and 'places': the ids of the records kept in the single file (those without a file
    of their own in ``content/actors/`` or ``content/places/``)."""
    return {kind: {record_id for record_id in registry if not (content_dir / kind / f"{record_id}.yaml").is_file()}
            for kind, registry in (("actors", content.actors), ("places", content.places))}


def admin_page(env, options: SiteOptions) -> bytes:
    """``/admin/index.html``: loads the CMS script (the app ``cms_app`` chooses, pinned with its integrity
    hash, unless ``cms_script`` names another) and the hooks that keep saved files valid (assets/admin.js),
    under its own Content-Security-Policy."""
    app = cms_app(options)
    script, integrity = (options.cms_script, "") if options.cms_script else SCRIPTS[app]
    html = env.get_template(ADMIN_TEMPLATE).render(site=options, cms_script=script, cms_integrity=integrity,
                                                   cms_app=app, config_url="config.yml", csp=admin_policy(options, script))
    return html.encode("utf-8")


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's emitter: ~10x faster
    """Plain YAML: a value used twice (the same options list) is written twice, never as an anchor."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


# -- collections ------------------------------------------------------------------------------


def _events(content_dir: str, references: dict, actors: list, places: list, app: str = "decap") -> dict:
    names = [name for name in EVENT.fields if name != "id"] + ["id"]  # the id is for the rare case: last
    fields = [form_field("event", name, EVENT.fields[name], references=references, actors=actors, places=places,
                         top=True) for name in names]
    if app == "sveltia":  # an event's id is its file name: Decap's {{slug}} would be year/id, Sveltia's is the id
        related = next(field for field in fields if field["name"] == "related")
        related["value_field"] = "{{slug}}"
    return {
        "name": "events",
        "label": "Events",
        "label_singular": "Event",
        "description": "One event per file, derived from one or more articles (sources).",
        "folder": f"{content_dir}/events",
        "extension": "yaml",
        "format": "yaml",
        "create": True,
        "identifier_field": "title",
        # The file name (the event's id) from the title, cut to ID_LENGTH; the folder is the date's year as written.
        "slug": "{{slug | truncate(%d)}}" % ID_LENGTH,
        # (Decap lowercases the path template, turns its dots into hyphens and drops its single quotes:
        # hence no 'fields.' and a double-quoted argument; Sveltia reads only single-quoted arguments, and
        # its truncate adds an ellipsis. A date the filter cannot read, such as 2015-09~, leaves the
        # file in events/ itself, which check and build read alike.)
        "path": '{{date | truncate(4, "-")}}/{{slug}}' if app == "decap" else "{{fields.date | date('YYYY')}}/{{slug}}",
        "summary": "{{fields.date}} — {{fields.title}}",
        "sortable_fields": ["date", "title"],
        "view_groups": [{"label": "Year", "field": "date", "pattern": r"^-?\d{4}"}],
        "preview_path": "events/{{filename}}/",
        "fields": fields,
    }


def _sources(content_dir: str) -> dict:
    names = [name for name in SOURCE.fields if name != "id"] + ["id"]
    return {
        "name": "sources",
        "label": "Sources",
        "label_singular": "Source",
        "description": "One article per file; events cite sources by their id (the file name).",
        "folder": f"{content_dir}/sources",
        "extension": "yaml",
        "format": "yaml",
        "create": True,
        "identifier_field": "title",
        "slug": "{{slug | truncate(%d)}}" % ID_LENGTH,
        "summary": "{{fields.title}} ({{fields.publisher}})",
        "sortable_fields": ["title", "published"],
        "preview_path": "sources/{{filename}}/",
        "fields": [form_field("source", name, SOURCE.fields[name], top=True) for name in names],
    }


def _folder_registry(content_dir: str, name: str, record, places: list | None) -> dict:
    """``content/actors/`` or ``content/places/``: one record per file, its id the file name (made from
    the name when first saved), as ``timeline check`` reads them beside the single file."""
    kind = name[:-1]
    return {
        "name": name,
        "label": name.capitalize(),
        "label_singular": kind.capitalize(),
        "description": f"One {kind} per file; events name {name} by id (the file name, made from the name). "
                       f"The {name} of {name}.yaml, if any, are under 'Actors and places'.",
        "folder": f"{content_dir}/{name}",
        "extension": "yaml",
        "format": "yaml",
        "create": True,
        "identifier_field": "name",
        "slug": "{{slug | truncate(%d)}}" % ID_LENGTH,
        "summary": "{{fields.name}} ({{slug}})",
        "sortable_fields": ["name"],
        "preview_path": f"{name}/{{{{filename}}}}/",
        "fields": [form_field(kind, field, record.fields[field], places=places, top=True) for field in record.fields],
    }


def _registries(content_dir: str, content: Content, single_file: dict[str, set[str]], places: list | None) -> list[dict]:
    """actors.yaml and places.yaml: one group of fields per record they hold (see the module's docstring)."""
    files = []
    for name, label, record, registry in (("actors", "Actors", ACTOR, content.actors),
                                          ("places", "Places", PLACE, content.places)):
        ids = [record_id for record_id in registry if record_id in single_file[name]]
        if not ids or len(ids) > REGISTRY_FORM_LIMIT:
            continue
        kind = name[:-1]
        fields = []
        for record_id in ids:
            # (plain text boxes, not the Markdown editor: a registry's form holds every record at once)
            sub = [form_field(kind, field, record.fields[field], places=places) for field in record.fields]
            fields.append({"label": f"{registry[record_id].name} ({record_id})", "name": record_id, "widget": "object",
                           "collapsed": True, "summary": "{{fields.name}}", "fields": sub})
        files.append({"name": name, "label": label, "file": f"{content_dir}/{name}.yaml", "fields": fields,
                      "description": f"Correct the records of {name}.yaml here; a new {kind} is made under {label}."})
    if not files:
        return []
    return [{"name": "registries", "label": "Actors and places", "description":
             "actors.yaml and places.yaml: their records can be corrected; a new one is made under Actors or Places.",
             "delete": False, "editor": {"preview": False}, "files": files}]
