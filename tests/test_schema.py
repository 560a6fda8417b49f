"""The committed JSON Schema that editors' YAML plugins use stays true to the format."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from generator.content.format import event_json_schema
from generator.content.load import event_paths

REPO = Path(__file__).resolve().parent.parent
COMMITTED = REPO / "content" / "event.schema.json"


def test_committed_schema_equals_timeline_schema_output(run_cli):
    result = run_cli(["schema"])
    assert result.code == 0
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == json.loads(result.out)
    assert COMMITTED.read_text(encoding="utf-8") == result.out, "run: timeline schema > content/event.schema.json"


def test_every_repository_event_validates_against_the_schema():
    validator = jsonschema.Draft202012Validator(event_json_schema())
    paths = event_paths(REPO / "content")
    assert paths
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))  # as an editor's YAML plugin reads it
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], path


def test_every_repository_event_points_editors_at_the_schema():
    for path in event_paths(REPO / "content"):
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line == "# yaml-language-server: $schema=../../event.schema.json", path
