"""The web editor's configuration (generator/render/cms_config.py): Decap CMS's config.yml, generated
from the content format, so that the form and `timeline check` never disagree; and /admin/ in the site."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import re
from pathlib import Path

import pytest
import yaml

from generator.content.fields import ListOf, Record
from generator.content.format import ACTOR, EVENT, PLACE, SOURCE, event_json_schema
from generator.content.model import QUALIFIERS, STATUSES
from generator.content.cross_file import REFERENCE_FIELDS
from generator.content.reader import read_content
from generator.render.cms_config import (
    ADMIN_PAGE, CONFIG_FILE, DECAP_VERSION, DEFAULT_CMS_INTEGRITY, DEFAULT_CMS_SCRIPT, SVELTIA_INTEGRITY, SVELTIA_SCRIPT,
    SVELTIA_VERSION, admin_page, backend_problem, cms_app, cms_config, config_yaml, content_path, default_backend,
)
from generator.render.environment import make_environment
from generator.render.options import SiteOptions

REPO = Path(__file__).resolve().parent.parent
SMALL_CONTENT = REPO / "tests" / "fixtures" / "site_small" / "content"
TESTS_NODE = REPO / "tests" / "node_modules"


@pytest.fixture(scope="module")
def content():
    return read_content(SMALL_CONTENT)


@pytest.fixture(scope="module")
def config(content) -> dict:
    return yaml.safe_load(config_yaml(cms_config(SiteOptions(), content)))


def _collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def _fields(fields: list[dict]) -> dict[str, dict]:
    return {field["name"]: field for field in fields}


def _assert_same_fields(record: Record, fields: list[dict], where: str) -> None:
    """Every field of ``record`` is a form field (with its required flag), nested records included."""
    by_name = _fields(fields)
    assert list(by_name) and set(by_name) == set(record.fields), where
    for name, spec in record.fields.items():
        field = by_name[name]
        assert field.get("required", True) == spec.required, f"{where}.{name}"
        if isinstance(spec.spec, ListOf) and isinstance(spec.spec.item, Record):
            assert field["widget"] == "list", f"{where}.{name}"
            _assert_same_fields(spec.spec.item, field["fields"], f"{where}.{name}")
            assert field.get("min", 0) == spec.spec.min_items, f"{where}.{name}"


# -- the config follows the format -------------------------------------------------------------


def test_every_event_field_of_the_format_is_in_the_events_form(config):
    events = _collection(config, "events")
    _assert_same_fields(EVENT, events["fields"], "event")
    assert events["folder"] == "content/events" and events["extension"] == "yaml" and events["format"] == "yaml"
    assert events["path"].endswith("/{{slug}}") and events["create"] is True


def test_sources_actors_and_places_follow_their_records_too(config, content):
    sources = _collection(config, "sources")
    _assert_same_fields(SOURCE, sources["fields"], "source")
    assert sources["folder"] == "content/sources"
    files = {file["name"]: file for file in _collection(config, "registries")["files"]}
    assert files["actors"]["file"] == "content/actors.yaml" and files["places"]["file"] == "content/places.yaml"
    for name, record, registry in (("actors", ACTOR, content.actors), ("places", PLACE, content.places)):
        groups = _fields(files[name]["fields"])
        assert list(groups) == list(registry), name  # one group per record, in the file's order
        for group in groups.values():
            assert group["widget"] == "object"
            _assert_same_fields(record, group["fields"], name)


def test_relation_widgets_point_at_the_right_collections(config, content):
    events = _fields(_collection(config, "events")["fields"])
    seen = set()
    for field, key, kind in REFERENCE_FIELDS:
        widget = events[field] if key is None else _fields(events[field]["fields"])[key]
        seen.add(kind)
        if kind == "source":
            assert (widget["widget"], widget["collection"], widget["value_field"]) == ("relation", "sources", "{{slug}}")
            assert not widget.get("multiple")
        elif kind == "event":
            assert (widget["widget"], widget["collection"], widget["value_field"]) == ("relation", "events", "{{filename}}")
            assert widget["multiple"] is True
        elif kind in ("place", "actor"):  # registries are mappings: a select of their ids, named
            registry = content.places if kind == "place" else content.actors
            assert widget["widget"] == "select"
            assert sorted(option["value"] for option in widget["options"]) == sorted(registry)
            assert all(registry[o["value"]].name in o["label"] for o in widget["options"])
            assert widget.get("multiple", False) == (key is None and field == "actors")
        elif kind == "claimant":  # an actor id, or text
            assert widget["widget"] == "string"
        elif kind == "alias":
            assert widget["widget"] == "list" and widget["field"]["widget"] == "string"
    assert {"source", "event", "place", "actor"} <= seen
    # every relation names a collection that exists, and fields that collection has
    names = {c["name"]: c for c in config["collections"]}
    for relation in _relations(config["collections"]):
        target = names[relation["collection"]]
        assert set(relation["search_fields"]) <= set(_fields(target["fields"])), relation


def _relations(collections: list[dict]):
    def walk(fields):
        for field in fields:
            if field.get("widget") == "relation":
                yield field
            yield from walk(field.get("fields", []))
    for collection in collections:
        yield from walk(collection.get("fields", []))
        for file in collection.get("files", []):
            yield from walk(file["fields"])


def test_choices_and_lists_match_the_format(config):
    events = _fields(_collection(config, "events")["fields"])
    assert events["status"]["widget"] == "select" and events["status"]["options"] == list(STATUSES)
    casualty = _fields(events["casualties"]["fields"])
    assert casualty["qualifier"]["widget"] == "select" and casualty["qualifier"]["options"] == list(QUALIFIERS)
    for count in ("killed", "wounded"):  # one number or a range: two number boxes (the page's hook writes one number)
        assert casualty[count]["widget"] == "object" and casualty[count].get("required") is False
        bounds = _fields(casualty[count]["fields"])
        assert list(bounds) == ["min", "max"]
        assert all((b["widget"], b["value_type"], b["min"], b.get("required")) == ("number", "int", 0, False)
                   for b in bounds.values())
    for name in ("quotes", "casualties", "updates", "sources"):
        assert events[name]["widget"] == "list" and events[name]["fields"], name
    assert events["tags"]["widget"] == "list" and events["tags"]["field"]["widget"] == "string"
    assert events["approximate"]["widget"] == events["featured"]["widget"] == "boolean"
    assert events["sequence"]["widget"] == "number" and events["sequence"]["min"] == 1
    assert events["summary"]["widget"] == "markdown" and events["body"]["widget"] == "markdown"


def test_media_is_a_list_of_objects_with_the_formats_fields(config):
    """Not a raw string: each item a file (uploaded, written as its path under media/) or a URL, with its texts."""
    media = _fields(_collection(config, "events")["fields"])["media"]
    assert media["widget"] == "list" and media.get("required") is False
    items = _fields(media["fields"])
    assert list(items) == list(event_json_schema()["properties"]["media"]["items"]["properties"])
    assert items["file"]["widget"] == items["thumbnail"]["widget"] == "image"
    assert all(field.get("required") is False for field in items.values())  # file or url: the check says which
    url = items["url"]["pattern"][0]
    assert re.search(url, "https://example.org/a") and not re.search(url, "example.org/a")
    assert re.search(items["alt"]["pattern"][0], "A ward") and not re.search(items["alt"]["pattern"][0], "  ")
    assert config["media_folder"] == "content/media" and config["public_folder"] == ""


def test_new_actors_and_places_are_made_in_folder_collections(content):
    """content/actors/ and content/places/: one file per record, named from its name; the event form picks
    from them live (relations) when actors.yaml and places.yaml hold no record, else from a select of every id."""
    folders = cms_config(SiteOptions(), content, single_file={"actors": set(), "places": set()})
    for name, record in (("actors", ACTOR), ("places", PLACE)):
        collection = _collection(folders, name)
        assert (collection["folder"], collection["create"], collection["extension"]) == (f"content/{name}", True, "yaml")
        assert collection["identifier_field"] == "name" and "{{slug" in collection["slug"]
        _assert_same_fields(record, collection["fields"], name)
    assert "registries" not in {c["name"] for c in folders["collections"]}  # no record in the single files
    events = _fields(_collection(folders, "events")["fields"])
    picks = {"place": events["place"], "actors": events["actors"], "party": _fields(events["casualties"]["fields"])["party"],
             "within": _fields(_collection(folders, "places")["fields"])["within"]}
    for name, widget in picks.items():
        target = "actors" if name in ("actors", "party") else "places"
        assert (widget["widget"], widget["collection"], widget["value_field"]) == ("relation", target, "{{slug}}"), name
        assert widget.get("multiple", False) == (name == "actors")
    names = {c["name"]: c for c in folders["collections"]}
    for relation in _relations(folders["collections"]):
        assert set(relation["search_fields"]) <= set(_fields(names[relation["collection"]]["fields"])), relation

    mixed = cms_config(SiteOptions(), content, single_file={"actors": {"alpha"}, "places": set()})
    files = {file["name"]: file for file in _collection(mixed, "registries")["files"]}
    assert list(files) == ["actors"] and list(_fields(files["actors"]["fields"])) == ["alpha"]  # beta has its own file
    events = _fields(_collection(mixed, "events")["fields"])
    assert events["actors"]["widget"] == "select" and {o["value"] for o in events["actors"]["options"]} == {"alpha", "beta"}
    assert events["place"]["widget"] == "relation"


def test_the_build_tells_the_two_forms_apart(small_project, tmp_path, build):
    (small_project / "content" / "places").mkdir()
    (small_project / "content" / "places" / "clinic.yaml").write_text("name: Clinic\n", encoding="utf-8")
    (small_project / "content" / "places.yaml").unlink()
    (small_project / "content" / "places" / "town.yaml").write_text("name: Town\n", encoding="utf-8")
    assert build(small_project, tmp_path / "site") == 0
    config = yaml.safe_load((tmp_path / "site" / CONFIG_FILE).read_text(encoding="utf-8"))
    events = _fields(_collection(config, "events")["fields"])
    assert events["place"]["widget"] == "relation" and events["actors"]["widget"] == "select"
    assert [file["name"] for file in _collection(config, "registries")["files"]] == ["actors"]


def test_the_rules_of_timeline_schema_are_the_forms_patterns(config):
    """Where `timeline schema` gives a pattern, the form checks the same values the same way."""
    schema = event_json_schema()["properties"]
    events = _fields(_collection(config, "events")["fields"])
    samples = ["2015", "2015-09", "2015-09-28", "2015-09-28T05:30+04:30", "2015-09-28T05:30:15-01:00", "28/09/2015",
               "2015-9-28", "2015-09-28T05:30", "kunduz", "kunduz-airport", "Kunduz", "kunduz--airport", "-kunduz",
               "a" * 80, "a" * 81, ""]
    checked = 0
    for name, prop in schema.items():
        if "pattern" not in prop or name not in events:
            continue
        field = events[name]
        if field["widget"] == "select":  # a registry's ids (place): each one passes the rule
            assert all(re.search(prop["pattern"], option["value"]) for option in field["options"]), name
            continue
        pattern, message = field["pattern"]
        assert message
        for value in samples:
            by_schema = bool(re.search(prop["pattern"], value)) and len(value) <= prop.get("maxLength", len(value))
            assert bool(re.search(pattern, value)) == by_schema, (name, value)
        checked += 1
    assert checked >= 3  # id, date, end_date at least
    updates = _fields(events["updates"]["fields"])
    assert re.fullmatch(updates["date"]["pattern"][0], "2015-09-30") and not re.search(updates["date"]["pattern"][0], "2015-09")
    title = events["title"]["pattern"][0]
    assert re.search(title, "x" * 200) and not re.search(title, "x" * 201) and not re.search(title, "   ")


def test_the_config_is_plain_yaml_in_a_stable_order(content):
    text = config_yaml(cms_config(SiteOptions(), content)).decode()
    assert text.startswith("# Decap CMS configuration")
    assert "&id" not in text and "*id" not in text  # no anchors or aliases, even for repeated option lists
    assert text == config_yaml(cms_config(SiteOptions(), content)).decode()
    parsed = yaml.safe_load(text)
    assert list(parsed)[:2] == ["backend", "media_folder"]
    assert parsed["backend"] == {"name": "git-gateway", "branch": "main"}
    assert "local_backend" not in parsed
    assert parsed["media_folder"] == "content/media"


# -- options -----------------------------------------------------------------------------------


def test_backend_and_local_backend_come_from_the_options(content):
    options = SiteOptions(site_url="https://example.org/t/", cms_local_backend="http://127.0.0.1:8099/api/v1",
                          cms_backend=(("name", "github"), ("repo", "newsroom/chronology"), ("branch", "main")),
                          cms_script="/vendor/decap-cms.js")  # decap-server is Decap's
    config = cms_config(options, content, "site/content")
    assert config["backend"] == {"name": "github", "repo": "newsroom/chronology", "branch": "main"}
    assert config["local_backend"] == {"url": "http://127.0.0.1:8099/api/v1"}
    assert config["site_url"] == "https://example.org/t/"
    assert _collection(config, "events")["folder"] == "site/content/events"
    assert cms_config(SiteOptions(cms_local_backend=True), content)["local_backend"] is True


def test_default_backend_from_repo_url():
    assert default_backend("https://github.com/newsroom/chronology") == {"name": "github", "repo": "newsroom/chronology", "branch": "main"}
    assert default_backend("https://github.com/newsroom/chronology.git/")["repo"] == "newsroom/chronology"
    assert default_backend("https://gitlab.com/group/sub/chronology") == {"name": "gitlab", "repo": "group/sub/chronology", "branch": "main"}
    assert default_backend(None) == default_backend("https://example.org/x") == {"name": "git-gateway", "branch": "main"}
    assert backend_problem({"name": "github"}) and backend_problem({"repo": "a/b"}) and not backend_problem({})
    assert backend_problem({"name": "github", "repo": "a/b", "branch": "main"}) is None


def test_content_path_is_relative_to_the_git_repository(tmp_path):
    (tmp_path / ".git").mkdir()
    project = tmp_path / "sites" / "kunduz"
    assert content_path(project, project / "content") == "sites/kunduz/content"
    assert content_path(tmp_path / "x", tmp_path / "x" / "content") == "x/content"


def test_admin_page_pins_the_cms_or_loads_the_given_script():
    env = make_environment(REPO / "site_templates")
    page = admin_page(env, SiteOptions(site_name="Kunduz <2015>")).decode()
    assert f'<script src="{DEFAULT_CMS_SCRIPT}" integrity="{DEFAULT_CMS_INTEGRITY}" crossorigin="anonymous">' in page
    assert f"decap-cms@{DECAP_VERSION}/" in DEFAULT_CMS_SCRIPT
    assert '<link href="config.yml" type="text/yaml" rel="cms-config-url">' in page
    assert "Kunduz &lt;2015&gt;" in page and 'name="robots" content="noindex' in page
    assert '<script src="../assets/admin.js"></script>' in page  # after the CMS; a file, for the CSP
    hook = (REPO / "site_templates" / "assets" / "admin.js").read_text(encoding="utf-8")
    assert 'registerEventListener' in hook and '"preSave"' in hook
    assert 'registerWidget' in hook  # Decap's object control that opens a count written as one number
    assert '<html lang="en" data-cms-app="decap">' in page
    own = admin_page(env, SiteOptions(cms_script="/vendor/decap-cms.js")).decode()
    assert '<script src="/vendor/decap-cms.js"></script>' in own and "integrity=" not in own


def test_the_pinned_versions_and_their_integrity_match_the_npm_packages():
    pinned = json.loads((REPO / "tests" / "package.json").read_text())["devDependencies"]
    for package, version, script, integrity in (("decap-cms", DECAP_VERSION, DEFAULT_CMS_SCRIPT, DEFAULT_CMS_INTEGRITY),
                                                ("@sveltia/cms", SVELTIA_VERSION, SVELTIA_SCRIPT, SVELTIA_INTEGRITY)):
        assert pinned[package] == version  # exact: the tests run the version readers' editors get
        assert f"/{package}@{version}/dist/" in script
        dist = TESTS_NODE / package / "dist" / script.rsplit("/", 1)[1]
        assert dist.is_file(), f"{dist} is missing: run ./scripts/setup (npm ci --prefix tests)"
        assert json.loads((TESTS_NODE / package / "package.json").read_text())["version"] == version
        digest = base64.b64encode(hashlib.sha384(dist.read_bytes()).digest()).decode()
        assert integrity == f"sha384-{digest}", package


def test_a_git_hosts_backend_gets_sveltia_and_git_gateway_gets_decap(content):
    """Sveltia CMS signs in to GitHub with a personal access token (no OAuth server, as GitHub Pages needs);
    it has no git-gateway, where Decap CMS stays. A cms_script is taken at its word."""
    github = SiteOptions(cms_backend=(("name", "github"), ("repo", "newsroom/chronology"), ("branch", "main")))
    assert cms_app(github) == cms_app(SiteOptions(cms_backend=(("name", "gitlab"), ("repo", "a/b")))) == "sveltia"
    assert cms_app(SiteOptions()) == cms_app(SiteOptions(cms_backend=(("name", "git-gateway"),))) == "decap"
    assert cms_app(SiteOptions(cms_script="/vendor/decap-cms.js", cms_backend=github.cms_backend)) == "decap"
    assert cms_app(SiteOptions(cms_script="/vendor/sveltia/sveltia-cms.js")) == "sveltia"
    env = make_environment(REPO / "site_templates")
    page = admin_page(env, github).decode()
    assert f'<script src="{SVELTIA_SCRIPT}" integrity="{SVELTIA_INTEGRITY}" crossorigin="anonymous">' in page
    assert '<html lang="en" data-cms-app="sveltia">' in page  # (admin.js's object control is for Decap only)
    sveltia = cms_config(dataclasses.replace(github, cms_local_backend=True), content)
    assert sveltia["output"] == {"omit_empty_optional_fields": True} and "local_backend" not in sveltia
    events = _collection(sveltia, "events")
    assert events["path"] == "{{fields.date | date('YYYY')}}/{{slug}}"
    assert _fields(events["fields"])["related"]["value_field"] == "{{slug}}"  # Sveltia's slug: the file name
    decap = cms_config(SiteOptions(cms_local_backend=True), content)
    assert "output" not in decap and decap["local_backend"] is True
    assert _fields(_collection(decap, "events")["fields"])["related"]["value_field"] == "{{filename}}"


# -- in the site -------------------------------------------------------------------------------


def _set_options(project: Path, options: str) -> None:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("  - timeline:\n", "  - timeline:\n" + options), encoding="utf-8")


def test_the_site_serves_the_editor_and_its_generated_config(small_project, tmp_path, build):
    _set_options(small_project, "      search: false\n"
                                "      cms_backend: {name: github, repo: newsroom/chronology, branch: main}\n"
                                "      cms_local_backend: true\n")
    assert build(small_project, tmp_path / "site") == 0
    page = (tmp_path / "site" / ADMIN_PAGE).read_text(encoding="utf-8")
    assert SVELTIA_SCRIPT in page  # GitHub: Sveltia CMS, which opens a local folder rather than decap-server
    config = yaml.safe_load((tmp_path / "site" / CONFIG_FILE).read_text(encoding="utf-8"))
    assert config["backend"] == {"name": "github", "repo": "newsroom/chronology", "branch": "main"}
    assert "local_backend" not in config
    assert config["site_url"] == "https://example.org/timeline/"
    _assert_same_fields(EVENT, _collection(config, "events")["fields"], "event")
    assert "admin/" not in (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")


def test_admin_false_leaves_the_editor_out(small_project, tmp_path, build):
    _set_options(small_project, "      search: false\n      admin: false\n")
    assert build(small_project, tmp_path / "site") == 0
    assert (tmp_path / "site" / "index.html").is_file()
    assert not (tmp_path / "site" / "admin").exists()


def test_a_backend_without_a_name_is_an_error(small_project, tmp_path, build, capsys):
    _set_options(small_project, "      cms_backend: {repo: newsroom/chronology}\n")
    assert build(small_project, tmp_path / "site") != 0
    assert "cms_backend needs a 'name'" in capsys.readouterr().err
