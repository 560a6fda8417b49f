"""The load stage (generator.content.load, .yaml_nodes): YAML bytes -> position-carrying nodes, or positioned errors.

Most tests parse bytes directly with ``parse_bytes`` (shown as ``x.yaml``); the
file-level rules (size limit, ``.yml`` files, BOM on disk) go through ``read_content``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content import load, yaml_nodes
from generator.content.errors import ContentInvalid
from generator.content.yaml_nodes import Mapping, Scalar, Sequence, parse_bytes
from generator.content.reader import read_content

FIXTURES = Path(__file__).parent / "fixtures"


def parse(data: str | bytes):
    """(root node or None, ['x.yaml:line:col: message', ...])."""
    errors: list = []
    root = parse_bytes(data.encode("utf-8") if isinstance(data, str) else data, "x.yaml", errors)
    return root, [str(e) for e in errors]


def value(root: Mapping, key: str):
    return dict((k.text, v) for k, v in root.items)[key]


def only_error(data: str | bytes) -> str:
    root, errors = parse(data)
    assert root is None
    assert len(errors) == 1, errors
    return errors[0]


# -- scalars stay text (no YAML 1.1 surprises) --------------------------------------


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "No", "Y", "n", "true", "null", "~"])
def test_boolean_and_null_lookalikes_stay_text(word):
    root, errors = parse(f"title: {word}\n")
    assert errors == []
    assert value(root, "title") == Scalar(word, True, yaml_nodes.Position("x.yaml", 1, 8))


@pytest.mark.parametrize("field, text", [
    ("title", "no"),                                  # YAML 1.1 would say False
    ("display_date", "12:30"),                        # … 750 (sexagesimal minutes)
    ("summary", "190:20:30"),                         # … 685230
    ("date", "2015-09-28"),                           # … a date
    ("date", "2015-09-28T05:30:00+04:30"),            # … a datetime
])
def test_yaml_lookalike_values_stay_text(field, text):
    root, _ = parse(f"{field}: {text}\n")
    assert value(root, field).text == text


@pytest.mark.parametrize("text", ["0x1F", "1_000", "1e3", "010", ".inf", ".NaN"])
def test_number_lookalikes_stay_text(text):
    root, _ = parse(f"title: {text}\n")
    assert value(root, "title").text == text


def test_quoted_scalar_is_marked_not_plain():
    root, _ = parse('title: "no"\nsummary: no\n')
    assert value(root, "title").plain is False
    assert value(root, "summary").plain is True


def test_nodes_remember_one_based_line_and_column():
    root, _ = parse("title: A\nactors:\n  - taliban\n")
    actors = value(root, "actors")
    assert isinstance(actors, Sequence)
    assert actors.items[0].pos == yaml_nodes.Position("x.yaml", 3, 5)
    assert root.items[1][0].pos == yaml_nodes.Position("x.yaml", 2, 1)


# -- duplicate keys --------------------------------------------------------------------


def test_duplicate_top_level_key_is_reported_at_the_second_key():
    assert only_error("title: A\nsummary: S\ntitle: B\n") == "x.yaml:3:1: duplicate key 'title' (first set at line 1)"


def test_duplicate_nested_key_is_reported_at_the_second_key():
    text = "sources:\n  - source: a\n    note: x\n    source: b\n"
    assert only_error(text) == "x.yaml:4:5: duplicate key 'source' (first set at line 2)"


def test_duplicate_key_in_flow_mapping_is_reported():
    assert only_error("place: {name: A, name: B}\n") == "x.yaml:1:18: duplicate key 'name' (first set at line 1)"


# -- tabs ----------------------------------------------------------------------------------


def test_tab_indentation_is_an_error_at_the_tab():
    assert only_error("title: A\n\tsummary: S\n") == "x.yaml:2:1: tab character; use spaces in YAML files"


def test_tab_inside_a_value_is_an_error_at_its_column():
    assert only_error("title: A\tB\n") == "x.yaml:1:9: tab character; use spaces in YAML files"


def test_every_line_with_a_tab_is_reported():
    root, errors = parse("a: 1\n\tb: 2\nc: 3\n  \td: 4\n")
    assert root is None
    assert errors == [
        "x.yaml:2:1: tab character; use spaces in YAML files",
        "x.yaml:4:3: tab character; use spaces in YAML files",
    ]


# -- anchors, aliases, tags --------------------------------------------------------


def test_anchor_is_an_error_at_the_anchor():
    assert only_error("title: &t Kunduz\nsummary: S\n") == (
        "x.yaml:1:8: YAML anchors ('&name') are not allowed; write the value out"
    )


def test_anchor_on_a_mapping_is_an_error():
    assert "YAML anchors ('&name') are not allowed" in only_error("place: &p\n  name: A\n")


def test_alias_is_an_error_at_the_alias():
    assert only_error("title: Kunduz\nsummary: *t\n") == (
        "x.yaml:2:10: YAML aliases ('*name') are not allowed; write the value out"
    )


def test_python_object_tag_on_a_scalar_is_an_error():
    assert only_error("title: !!python/object:os.system echo\n") == (
        "x.yaml:1:8: YAML tags ('tag:yaml.org,2002:python/object:os.system') are not allowed"
    )


def test_python_object_tag_on_a_sequence_is_an_error():
    assert only_error("title: !!python/object/apply:os.system [ls]\n") == (
        "x.yaml:1:8: YAML tags ('tag:yaml.org,2002:python/object/apply:os.system') are not allowed"
    )


def test_python_object_tag_on_a_mapping_is_an_error():
    assert only_error("title: !!python/object {a: 1}\n") == (
        "x.yaml:1:8: YAML tags ('tag:yaml.org,2002:python/object') are not allowed"
    )


def test_standard_str_tag_is_an_error_too():
    assert only_error("title: !!str no\n") == "x.yaml:1:8: YAML tags ('tag:yaml.org,2002:str') are not allowed"


def test_non_scalar_mapping_key_is_an_error():
    assert only_error("? [a, b]\n: c\n") == "x.yaml:1:3: mapping keys must be plain words"


# -- documents ------------------------------------------------------------------------


def test_second_document_is_an_error_at_its_marker():
    assert only_error("title: A\n---\ntitle: B\n") == (
        "x.yaml:2:1: more than one YAML document ('---'); put one record in each file"
    )


def test_trailing_empty_document_is_an_error():
    assert "more than one YAML document" in only_error("title: A\n---\n")


def test_one_explicit_document_with_start_and_end_markers_is_accepted():
    root, errors = parse("---\ntitle: A\n...\n")
    assert errors == []
    assert value(root, "title").text == "A"


# -- encoding ---------------------------------------------------------------------------


def test_non_utf8_bytes_are_an_error_at_the_first_bad_byte():
    assert only_error(b"title: ok\nsummary: caf\xe9\n") == "x.yaml:2:13: file is not valid UTF-8; save it as UTF-8"


def test_utf8_bom_is_accepted_and_positions_ignore_it():
    root, errors = parse(b"\xef\xbb\xbftitle: A\nsummary: S\n")
    assert errors == []
    assert root.items[0][0] == Scalar("title", True, yaml_nodes.Position("x.yaml", 1, 1))
    assert value(root, "summary").pos == yaml_nodes.Position("x.yaml", 2, 10)


def test_non_ascii_utf8_is_kept():
    root, errors = parse("title: Kunduz – “city” é\n")
    assert errors == []
    assert value(root, "title").text == "Kunduz – “city” é"


# -- empty files --------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"\n\n", b"   \n"], ids=["zero-bytes", "blank-lines", "spaces"])
def test_empty_file_is_an_error(data):
    assert only_error(data) == "x.yaml:1:1: file is empty; it should hold a YAML mapping"


def test_comment_only_file_is_an_error():
    assert only_error("# just a comment\n  # and another\n\n") == (
        "x.yaml:1:1: file is empty; it should hold a YAML mapping"
    )


# -- limits ------------------------------------------------------------------------------------


def test_file_over_the_size_limit_is_an_error(write_tree, monkeypatch):
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 40)
    root = write_tree({"content/events/2015/big.yaml": "title: " + "x" * 40 + "\n"})
    with pytest.raises(ContentInvalid) as exc:
        read_content(root / "content")
    assert [str(e) for e in exc.value.errors] == [
        "content/events/2015/big.yaml:1:1: file is larger than 40 bytes; split it up"
    ]


def test_file_at_the_size_limit_is_read(tmp_path, monkeypatch):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"title: A\n")
    monkeypatch.setattr(load, "MAX_FILE_BYTES", path.stat().st_size)
    errors: list = []
    loaded = load.load_file(path, "a.yaml", errors)
    assert errors == []
    assert isinstance(loaded.root, Mapping)


def test_by_default_a_file_over_a_million_bytes_is_an_error(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"title: " + b"x" * (1_000_001 - len(b"title: \n")) + b"\n")
    assert path.stat().st_size == 1_000_001
    errors: list = []
    loaded = load.load_file(path, "big.yaml", errors)
    assert loaded.root is None
    assert [str(e) for e in errors] == ["big.yaml:1:1: file is larger than 1,000,000 bytes; split it up"]


def _nested(levels: int, inner: str = "") -> str:
    """``x: [[...]]`` with ``levels`` sequences below the root mapping."""
    return "x: " + "[" * levels + inner + "]" * levels + "\n"


def test_nesting_at_max_depth_is_accepted():
    root, errors = parse(_nested(yaml_nodes.MAX_DEPTH))
    assert errors == []
    assert isinstance(root, Mapping)


def test_nesting_deeper_than_max_depth_is_an_error_at_the_first_node_too_deep():
    # the root mapping is depth 0 and 'x: [' is depth 1, so the 17th '[' (column 20) is too deep
    assert only_error(_nested(yaml_nodes.MAX_DEPTH + 1)) == f"x.yaml:1:20: nested more than {yaml_nodes.MAX_DEPTH} levels deep"


def test_scalar_below_max_depth_is_an_error():
    assert only_error(_nested(yaml_nodes.MAX_DEPTH, "y")) == f"x.yaml:1:20: nested more than {yaml_nodes.MAX_DEPTH} levels deep"


def test_max_depth_is_read_at_parse_time(monkeypatch):
    monkeypatch.setattr(yaml_nodes, "MAX_DEPTH", 2)
    assert only_error("a:\n  b:\n    c: d\n") == "x.yaml:3:5: nested more than 2 levels deep"


def test_very_deep_nesting_is_an_error_not_a_crash():
    # libyaml may stop first ("exceeded maximum nesting depth"); either way it is one positioned error
    assert only_error(_nested(5000)).startswith("x.yaml:1:")


# -- syntax errors -----------------------------------------------------------------------------


def test_syntax_error_is_reported_at_its_position():
    assert only_error("title: A\nsummary: b: c\n") == (
        "x.yaml:2:11: YAML syntax error: mapping values are not allowed in this context"
    )


def test_syntax_error_in_a_flow_list_names_the_problem():
    error = only_error("title: A\nactors: [a, b\n")
    assert error.startswith("x.yaml:3:1: YAML syntax error: ")


# -- whole files ---------------------------------------------------------------------------


def test_yml_event_file_is_reported(write_tree):
    root = write_tree({"content/events/2015/kunduz.yml": "title: A\n"})
    with pytest.raises(ContentInvalid) as exc:
        read_content(root / "content")
    assert [str(e) for e in exc.value.errors] == [
        "content/events/2015/kunduz.yml:1:1: event files must end in '.yaml'; rename it"
    ]


def test_missing_content_folder_is_an_error(tmp_path):
    with pytest.raises(ContentInvalid) as exc:
        read_content(tmp_path / "content")
    assert [str(e) for e in exc.value.errors] == ["content:1:1: content folder not found"]


def test_yaml_lookalikes_fixture_loads_as_text():
    content = read_content(FIXTURES / "valid_yaml_lookalikes" / "content")
    (event,) = content.events
    assert (event.title, event.display_date, event.summary) == ("no", "12:30", "1:30:30")
    assert str(event.date) == "2015-09-28"
    assert event.place == "on"
    assert event.actors == ("no",)
    assert event.tags == ("off", "null")
    assert content.sources["report"].title == "yes"
    assert content.actors["no"].name == "No party"  # actors.yaml starts with a BOM
