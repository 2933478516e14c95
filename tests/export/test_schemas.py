"""Where the export claims an output's `const`: only where the engine answers the `value`
verbatim (spec/OutputParameterDeserializer, util/Resolver.buildMockData and
resolveOutputMappings), as a string."""

from __future__ import annotations

from typing import Any

import pytest

from naftiko_lint.export.schemas import output_schema, output_value_schema


def _mock(*outputs: dict) -> dict[str, Any]:
    return output_schema(list(outputs))["properties"]


def test_a_named_dollar_value_is_a_mapping_not_a_constant() -> None:
    """`{name, value: $.x}` without `mapping` is the consumed-output form: a JsonPath."""
    assert _mock({"name": "id", "type": "string", "value": "$.id"}) == {"id": {"type": "string"}}
    assert output_value_schema({"name": "id", "type": "string", "value": " $.id"}) == {
        "type": "string"
    }
    # with a mapping beside it, or without a name of its own (a `properties` key), it stays text
    assert _mock({"name": "id", "type": "string", "value": "$.id", "mapping": "$.x"}) == {
        "id": {"type": "string", "const": "$.id"}
    }
    nested = {"type": "object", "properties": {"price": {"type": "string", "value": "$5"}}}
    assert _mock({"name": "offer", **nested})["offer"]["properties"]["price"] == {
        "type": "string",
        "const": "$5",
    }


def test_a_mock_answers_every_static_value_as_text() -> None:
    nested = {
        "name": "ship",
        "type": "object",
        "properties": {
            "kind": {"type": "string", "value": "vessel"},
            "tags": {"type": "array", "items": {"type": "string", "value": "fleet"}},
        },
    }
    ship = _mock(nested)["ship"]
    assert ship["properties"]["kind"] == {"type": "string", "const": "vessel"}
    assert ship["properties"]["tags"]["items"] == {"type": "string", "const": "fleet"}
    # asText(): a YAML number under `type: string` is answered as its text
    assert _mock({"name": "code", "type": "string", "value": 42}) == {
        "code": {"type": "string", "const": "42"}
    }


@pytest.mark.parametrize(
    "output",
    [
        {"name": "count", "type": "number", "value": 5},  # answered "5", a string
        {"name": "live", "type": "boolean", "value": True},  # answered "true"
        {"name": "greeting", "type": "string", "value": "hi {{who}}"},  # rendered at run time
        {"name": "anything", "value": "x"},  # no declared type: not claimed
        {"name": "blank", "type": "string", "value": None},
    ],
)
def test_no_constant_is_claimed_for_what_is_not_answered_verbatim(output: dict) -> None:
    (schema,) = _mock(output).values()
    assert "const" not in schema


def test_a_mapped_answer_writes_only_a_top_level_value() -> None:
    """resolveOutputMappings: `value` first at the top; members and items by `mapping`."""
    assert output_value_schema({"type": "string", "value": "ok"}) == {
        "type": "string",
        "const": "ok",
    }
    mapped = {
        "type": "object",
        "properties": {"kind": {"type": "string", "value": "vessel"}},
    }
    assert output_value_schema(mapped)["properties"]["kind"] == {"type": "string"}
    listed = {"type": "array", "mapping": "$.a", "items": {"type": "string", "value": "x"}}
    assert output_value_schema(listed)["items"] == {"type": "string"}


def test_an_orchestrated_answer_reads_no_value() -> None:
    outputs = [{"name": "kind", "type": "string", "value": "vessel"}]
    assert output_schema(outputs, values="none") == {
        "type": "object",
        "properties": {"kind": {"type": "string"}},
    }
