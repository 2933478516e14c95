"""Output mappings, mocks and step helpers as the engine applies them (Converter
.jsonPathExtract on Jayway 2.9.0, Resolver.resolveOutputMappings / buildMockData,
OperationStepExecutor.resolveStepMappings, LookupExecutor)."""

from __future__ import annotations

from typing import Any

import pytest

from naftiko_lint.serve.engine_jsonpath import json_path_extract
from naftiko_lint.serve.outputs import (
    ConversionError,
    apply_output_mappings,
    build_mock_data,
    can_build_mock,
    convert_to_json,
    read_output,
    resolve_output,
)
from naftiko_lint.serve.steps import from_step_context, step_mappings

DOC = {
    "id": "42",
    "items": [{"id": 1, "price": 2.5, "tag": "a"}, {"id": 2, "price": 4.0, "tag": "b"}],
    "meta": {"total count": 2, "next": None},
    "flag": True,
}

PATHS = [
    ("$", DOC),
    ("$.", DOC),
    ("  $.id ", "42"),
    ("id", "42"),  # Jayway reads a bare name as $.name
    ("$.items[0].id", 1),
    ("$.items[-1].tag", "b"),
    ("$['id']", "42"),
    ("$.items[*].id", [1, 2]),  # indefinite: a list
    ("$..price", [2.5, 4.0]),
    ("$.items[0:1]", [DOC["items"][0]]),
    ("$.items[?(@.tag == 'b')].id", [2]),
    ("$.items[?(@.price > 3)].id", [2]),
    ("$.items.length()", 2),
    ("$.items[*].price.sum()", 6.5),
    ("$.items[*].price.max()", 4.0),
    ("$.items[*].price.avg()", 3.25),
    ("$.meta.keys()", ["total count", "next"]),
    ("$.meta.total count", 2),  # the engine's space-in-segment retry
    ("$.missing", None),  # definite and missing: null
    ("$.items[5]", None),
    ("$.items[*].missing", []),  # indefinite and missing: empty
    ("$.id.length()", 2),
    ("$.meta.next", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("path", "expected"), PATHS)
def test_jayway_dialect(path: Any, expected: Any) -> None:
    assert json_path_extract(DOC, path) == expected


def test_an_object_output_without_properties_maps_to_an_empty_object() -> None:
    # the seeds' `{type: object, mapping: $.}`: the engine answers {} whatever came back
    assert apply_output_mappings('{"a": 1}', [{"type": "object", "mapping": "$."}]) == "{}"


def test_object_array_and_scalar_outputs() -> None:
    outputs = [
        {
            "type": "object",
            "properties": {
                "ident": {"type": "string", "mapping": "$.id"},
                "first": {
                    "type": "object",
                    "properties": {"tag": {"type": "string", "mapping": "$.items[0].tag"}},
                },
                "gone": {"type": "string", "mapping": "$.nope"},
                "short": {"type": "string", "mapping": "$.id", "maxLength": 1},
            },
        }
    ]
    import json

    assert apply_output_mappings(json.dumps(DOC), outputs) == (
        '{"ident":"42","first":{"tag":"a"},"gone":null,"short":"4"}'
    )
    array = read_output(
        {
            "type": "array",
            "mapping": "$.items",
            "items": {
                "type": "object",
                "properties": {"p": {"type": "number", "mapping": "$.price"}},
            },
        }
    )
    assert resolve_output(array, DOC) == [{"p": 2.5}, {"p": 4.0}]
    assert resolve_output(read_output({"type": "array", "mapping": "$.id"}), DOC) is None
    assert (
        resolve_output(read_output({"type": "string", "value": "v={{x}}"}), DOC, {"x": 1}) == "v=1"
    )


def test_the_first_non_null_output_wins_and_none_falls_back() -> None:
    outputs = [{"type": "string", "mapping": "$.nope"}, {"type": "string", "mapping": "$.id"}]
    assert apply_output_mappings('{"id": "7"}', outputs) == '"7"'
    assert apply_output_mappings('{"id": "7"}', [{"type": "string", "mapping": "$.nope"}]) is None
    assert apply_output_mappings("", outputs) is None


def test_a_named_value_starting_with_dollar_is_a_mapping() -> None:
    assert read_output({"name": "r", "type": "object", "value": "$.x"}).mapping == "$.x"
    assert read_output({"type": "string", "value": "$.x"}).value == "$.x"


def test_mock_data() -> None:
    outputs = [
        {"name": "status", "type": "string", "value": "ok {{who}}"},
        {
            "name": "nested",
            "type": "object",
            "properties": {"a": {"type": "string", "value": "1"}, "b": {"type": "string"}},
        },
        {"name": "list", "type": "array", "items": {"type": "string", "value": "x"}},
        {"name": "empty", "type": "object", "properties": {"b": {"type": "string"}}},
    ]
    assert build_mock_data(outputs, {"who": "me"}) == {
        "status": "ok me",
        "nested": {"a": "1"},
        "list": ["x"],
    }
    assert can_build_mock(outputs)
    assert not can_build_mock([{"type": "string", "mapping": "$.a"}])
    assert build_mock_data([{"type": "string", "mapping": "$.a"}], {}) is None


def test_formats() -> None:
    assert convert_to_json("yaml", "a: 1\n") == {"a": 1}
    assert convert_to_json("csv", "a,b\n1,2\n") == [{"a": "1", "b": "2"}]
    with pytest.raises(ConversionError):
        convert_to_json("json", "{not json")
    xml = '<ship imo="9"><name>Ever</name><crew>a</crew><crew>b</crew></ship>'
    assert convert_to_json("xml", xml) == {"imo": "9", "name": "Ever", "crew": ["a", "b"]}
    with pytest.raises(ConversionError):
        convert_to_json("html", "<table/>")


def test_step_context_paths_are_split_on_dots() -> None:
    outputs = {"get-ship": {"crew": ["c1"], "info": {"name": "Ever"}, "none": None}}
    assert from_step_context("$.get-ship.info.name", outputs) == (True, "Ever")
    assert from_step_context("$.get-ship", outputs) == (True, outputs["get-ship"])
    assert from_step_context("$.get-ship.crew[0]", outputs) == (False, None)  # not JSONPath
    assert from_step_context("$.get-ship.none", outputs) == (True, None)
    assert from_step_context("$.other.x", outputs) == (False, None)


def test_step_mappings_nest_dotted_targets() -> None:
    outputs = {"a": {"x": 1}, "b": {"y": "z"}}
    mappings = [
        {"targetName": "route.from", "value": "$.a.x"},
        {"targetName": "route.to", "value": "$.b.y"},
        {"targetName": "lost", "value": "$.c.q"},
    ]
    assert step_mappings(mappings, outputs) == '{"route":{"from":1,"to":"z"}}'
    assert step_mappings([{"targetName": "lost", "value": "$.c.q"}], outputs) is None
