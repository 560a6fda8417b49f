"""The committed JSON Schema that editors' YAML plugins use stays true to the format; events.json and its schema carry the v2 fields."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.chronology import build_chronology
from generator.content.format import event_json_schema
from generator.content.load import event_paths
from generator.content.reader import read_content
from generator.render.exports.json_export import events_json
from generator.render.exports.json_schema import events_json_schema

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


def test_schema_describes_sequence_featured_and_refuses_what_validation_refuses():
    validator = jsonschema.Draft202012Validator(event_json_schema())
    event = {"date": "2015-09-28", "title": "T", "summary": "S", "sources": [{"source": "report"}]}
    assert list(validator.iter_errors({**event, "sequence": 1, "featured": True})) == []
    for bad in ({"sequence": 0}, {"sequence": "2"}, {"sequence": 1.5}, {"featured": "yes"}):
        assert list(validator.iter_errors({**event, **bad})), bad


def test_events_json_carries_sequence_featured_and_within_and_validates():
    chron = build_chronology(read_content(REPO / "content"))
    model = json.loads(events_json(chron))
    jsonschema.validate(model, events_json_schema(), cls=jsonschema.Draft202012Validator)
    events = {e["id"]: e for e in model["events"]}
    assert [e["id"] for e in model["events"]] == [e.id for e in chron.events]
    assert events["taliban-storm-kunduz-regional-hospital"]["sequence"] == 2
    assert events["taliban-storm-kunduz-regional-hospital"]["featured"] is True
    assert events["clashes-near-kunduz-university"]["featured"] is False
    assert events["us-led-invasion-ousts-taliban"]["sequence"] is None
    assert model["places"]["kunduz-regional-hospital"]["within"] == "kunduz"
    assert model["places"]["afghanistan"]["within"] is None
    model["events"][0]["sequence"] = 0
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(model, events_json_schema(), cls=jsonschema.Draft202012Validator)


CLAIM = {"party": "taliban", "source": "report"}


@pytest.mark.parametrize(
    "claim",
    [
        {"killed": 25, "qualifier": "at-least"},
        {"killed": {"min": 25, "max": 30}, "wounded": 3},
        {"killed": {"min": 25, "max": 30}, "qualifier": "about"},
        {"wounded": 12, "claimed_by": "provincial police", "as_of": "2015-09-29"},
        {"killed": 2, "claimed_by": "afghan-government", "as_of": "2015-09-28T20:00+04:30"},
    ],
)
def test_editor_schema_accepts_every_form_of_a_casualty_claim(claim):
    validator = jsonschema.Draft202012Validator(event_json_schema())
    event = {"date": "2015-09-28", "title": "T", "summary": "S", "sources": [{"source": "report"}]}
    assert [e.message for e in validator.iter_errors({**event, "casualties": [{**CLAIM, **claim}]})] == []


@pytest.mark.parametrize(
    "claim",
    [
        {"killed": -1},
        {"killed": {"min": 25}},
        {"killed": {"min": 25, "max": 30, "best": 27}},
        {"killed": {"min": 25, "max": 30}, "qualifier": "at-least"},
        {"wounded": {"min": 1, "max": 4}, "qualifier": "exactly"},
        {"killed": [25, 30]},
        {"claimed_by": ""},
        {"as_of": "29/09/2015"},
        {"estimate": 25},
    ],
)
def test_editor_schema_refuses_what_validation_refuses_in_a_claim(claim):
    validator = jsonschema.Draft202012Validator(event_json_schema())
    event = {"date": "2015-09-28", "title": "T", "summary": "S", "sources": [{"source": "report"}]}
    assert list(validator.iter_errors({**event, "casualties": [{**CLAIM, **claim}]}))


@pytest.mark.parametrize(
    "change",
    [{"killed": -1}, {"killed": {"min": 20}}, {"killed": {"min": 20, "max": 30, "best": 25}}, {"killed": "25"},
     {"qualifier": "roughly"}, {"as_of": "29/09/2015"}, {"claimed_by": 3}, {"claimed_by_actor": "yes"}],
)
def test_events_json_schema_refuses_a_malformed_claim(change):
    model = json.loads(events_json(build_chronology(read_content(REPO / "content"))))
    (claim, *_) = [c for e in model["events"] for c in e["casualties"]]
    jsonschema.validate(model, events_json_schema(), cls=jsonschema.Draft202012Validator)
    claim.update(change)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(model, events_json_schema(), cls=jsonschema.Draft202012Validator)


# -- EDTF dates (content format version 2) -------------------------------------------------------

EDTF_DATES = ["2015-09~", "2015-09-28?", "2015%", "201X", "19XX", "1XXX", "2015-XX", "2015-09-XX", "-0043-03-15",
              "-0043", "Y-13800000000", "Y170000"]


@pytest.mark.parametrize("date", EDTF_DATES)
def test_editor_schema_accepts_edtf_dates_and_so_does_validation(date, write_tree):
    validator = jsonschema.Draft202012Validator(event_json_schema())
    event = {"date": date, "title": "T", "summary": "S", "sources": [{"source": "report"}]}
    assert [e.message for e in validator.iter_errors(event)] == []
    assert [e.message for e in validator.iter_errors({**event, "end_date": ".."})] == []
    root = write_tree({
        "content/sources/report.yaml": "title: Report\n",
        "content/events/x/e.yaml": f'date: "{date}"\nend_date: ".."\ntitle: T\nsummary: S\nsources: [{{source: report}}]\n',
    })
    (event,) = read_content(root / "content", root).events
    assert str(event.date) == date and event.end_date.is_open
    assert event.when == f"since {event.date.human()}"


@pytest.mark.parametrize(
    "change",
    [{"date": ".."}, {"date": "٢٠١٥-٠٩-٢٨"}, {"date": "2015-09-28~?"}, {"date": "2004/2006"}, {"end_date": "..."},
     {"end_date": "2015/.."}, {"date": "Y2015"}],
)
def test_editor_schema_refuses_what_is_no_event_date(change):
    validator = jsonschema.Draft202012Validator(event_json_schema())
    event = {"date": "2015-09-28", "title": "T", "summary": "S", "sources": [{"source": "report"}]}
    assert list(validator.iter_errors({**event, **change})), change
