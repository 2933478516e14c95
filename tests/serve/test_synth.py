"""Response synthesis: every declared JsonPath finds a value of its type, the engine's own
reading of a unit's outputs (serve/outputs.py) conforms to the exported schema, and the
bytes depend only on the capability and the seed."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import jsonpath
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from naftiko_lint.capability.model import CapabilityModel, as_list
from naftiko_lint.capability.stage import load
from naftiko_lint.document.loading import parse_document
from naftiko_lint.export.schemas import output_value_schema
from naftiko_lint.serve.outputs import read_output, resolve_output
from naftiko_lint.serve.synth import build, encode, rng_for
from naftiko_lint.serve.synth_needs import (
    consumed_needs,
    mapped,
    mapped_one,
    needs_by_operation,
    operation_key,
)
from naftiko_lint.serve.synth_paths import Every, Index, Key, placement
from naftiko_lint.serve.upstream import response_bodies

from ..conftest import FIXTURES

FILES = sorted((FIXTURES / "clean").glob("*.yaml")) + sorted((FIXTURES / "seeds").glob("*.yaml"))
SIMPLE_TYPES = ("string", "number", "integer", "boolean", "object", "array")
PYTHON_TYPES: dict[str, Any] = {
    "string": str,
    "number": (int, float),
    "integer": int,
    "boolean": bool,
    "object": dict,
    "array": list,
}


def _model(path: Path) -> CapabilityModel:
    doc = parse_document(str(path), path.read_bytes())
    return load(doc.data, path).model


def _of_type(value: Any, kind: str) -> bool:
    if kind in ("number", "integer") and isinstance(value, bool):
        return False
    return isinstance(value, PYTHON_TYPES[kind])


@pytest.mark.parametrize(
    ("path", "steps", "indefinite", "function"),
    [
        ("$", (), False, None),
        ("$.", (), False, None),
        ("$.data.items", (Key("data"), Key("items")), False, None),
        ("$.a[0].b", (Key("a"), Index(0), Key("b")), False, None),
        ("$.a[-1]", (Key("a"), Index(-1)), False, None),
        ("$.a[*].b", (Key("a"), Every(), Key("b")), True, None),
        ("$.a.*", (Key("a"), Every()), True, None),
        ("$..x", (Key("x"),), True, None),
        ("$['a b'].c", (Key("a b"), Key("c")), False, None),
        ('$["q"]', (Key("q"),), False, None),
        ("$.home port.name", (Key("home port"), Key("name")), False, None),
        ("$.crew.length()", (Key("crew"),), False, "length"),
        ("$[1:3]", (Every(),), True, None),
    ],
)
def test_placement_reads_the_jsonpath_shapes_capabilities_use(
    path: str, steps: tuple, indefinite: bool, function: str | None
) -> None:
    found = placement(path)
    assert found is not None
    assert (found.steps, found.indefinite, found.function) == (steps, indefinite, function)


@pytest.mark.parametrize("path", ["data", "$.a[?(@.x == 1)]", "$.a.concat('x')", "$['a','b']", 3])
def test_paths_that_cannot_be_inverted_give_none(path: object) -> None:
    assert placement(path) is None


# One consumed output per distinct top-level key: names, indices and wildcards below it.
_names = st.from_regex(r"[a-h][a-h0-9_-]{0,5}", fullmatch=True)
_tail = st.lists(
    st.one_of(_names.map(lambda n: f".{n}"), st.integers(0, 2).map(lambda i: f"[{i}]")),
    max_size=3,
)


@st.composite
def consumed_outputs(draw: st.DrawFn) -> list[dict]:
    outputs = []
    for i in range(draw(st.integers(1, 5))):
        path = f"$.k{i}" + "".join(draw(_tail))
        outputs.append(
            {"name": f"out{i}", "type": draw(st.sampled_from(SIMPLE_TYPES)), "value": path}
        )
    return outputs


@given(consumed_outputs(), st.integers(0, 2**32))
def test_every_consumed_jsonpath_resolves_to_a_value_of_its_type(
    outputs: list[dict], seed: int
) -> None:
    needs = [need for output in outputs for need in consumed_needs(output)]
    document = build(needs, rng_for(seed, "ns", "op"))
    for output in outputs:
        found = jsonpath.findall(output["value"], document)
        assert len(found) == 1, (output, document)
        assert _of_type(found[0], output["type"]), (output, document)


@given(consumed_outputs(), st.integers(0, 2**32))
def test_the_same_seed_gives_the_same_bytes(outputs: list[dict], seed: int) -> None:
    needs = [need for output in outputs for need in consumed_needs(output)]
    first = encode(build(needs, rng_for(seed, "ns", "op")))
    assert encode(build(needs, rng_for(seed, "ns", "op"))) == first


def test_different_seeds_or_operations_give_different_values() -> None:
    needs = consumed_needs({"name": "id", "type": "string", "value": "$.id"})
    seen = {encode(build(needs, rng_for(seed, "ns", "op"))) for seed in range(5)}
    assert len(seen) > 1
    assert build(needs, rng_for(0, "ns", "a")) != build(needs, rng_for(0, "ns", "b"))


# Exposed MappedOutputParameters, drawn as the schema allows them; every mapping unique.
@st.composite
def mapped_outputs(draw: st.DrawFn, depth: int = 0) -> dict:
    counter = draw(st.shared(st.builds(itertools.count), key="names"))
    kind = draw(st.sampled_from(SIMPLE_TYPES if depth < 2 else SIMPLE_TYPES[:4]))
    name = f"f{next(counter)}"
    if kind == "object":
        props = {
            f"p{next(counter)}": draw(mapped_outputs(depth + 1))
            for _ in range(draw(st.integers(1, 3)))
        }
        output: dict = {"type": "object", "properties": props}
        if depth and draw(st.booleans()):
            output["mapping"] = f"$.{name}"
        return output
    if kind == "array":
        if draw(st.booleans()):
            items: dict = {
                "type": "object",
                "properties": {
                    f"i{next(counter)}": {"type": t, "mapping": f"$.e{next(counter)}"}
                    for t in draw(
                        st.lists(st.sampled_from(SIMPLE_TYPES[:4]), min_size=1, max_size=3)
                    )
                },
            }
        else:
            items = {"type": draw(st.sampled_from(SIMPLE_TYPES[:4]))}
        return {
            "type": "array",
            "mapping": f"$.{name}[*]" if draw(st.booleans()) else f"$.{name}",
            "items": items,
        }
    output = {"type": kind, "mapping": f"$.{name}"}
    if kind == "string" and draw(st.booleans()):
        output["maxLength"] = draw(st.integers(0, 12))
    return output


@given(mapped_outputs(), st.integers(0, 2**32))
def test_the_engine_reads_each_exposed_output_as_its_exported_schema(
    output: dict, seed: int
) -> None:
    document = build(mapped_one(output, "out"), rng_for(seed, "ns", "op"))
    value = resolve_output(read_output(output), document)
    assert value is not None
    Draft202012Validator(output_value_schema(output)).validate(value)


def test_max_length_is_honoured_and_functions_read_what_they_need() -> None:
    outputs = [
        {"name": "code", "type": "string", "value": "$.code", "maxLength": 3},
        {"name": "size", "type": "number", "value": "$.crew.length()"},
        {"name": "top", "type": "number", "value": "$.cargo[*].weight.max()"},
    ]
    document = build([n for o in outputs for n in consumed_needs(o)], rng_for(0, "ns", "op"))
    assert isinstance(document["code"], str) and len(document["code"]) <= 3
    assert isinstance(document["crew"], list) and 1 <= len(document["crew"]) <= 3
    assert all(isinstance(c["weight"], float) for c in document["cargo"])


def test_an_earlier_need_wins_a_conflict() -> None:
    outputs = [
        {"name": "a", "type": "string", "value": "$.data"},
        {"name": "b", "type": "integer", "value": "$.data.id"},
    ]
    document = build([n for o in outputs for n in consumed_needs(o)], rng_for(0, "ns", "op"))
    assert isinstance(document["data"], str)


def test_nothing_declared_answers_an_empty_object() -> None:
    assert build([], rng_for(0, "ns", "op")) == {}


def test_a_step_mapping_reads_through_the_consumed_projection() -> None:
    model = _model(FIXTURES / "clean" / "steps.yaml")
    operation = model.resolve_call("registry.get-ship")[1]
    assert operation is not None
    document = build(needs_by_operation(model)[operation_key(operation)], rng_for(0, "x", "y"))
    assert isinstance(document["crew"], list)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_fixtures_consumed_outputs_resolve_to_their_type(path: Path) -> None:
    model = _model(path)
    bodies = response_bodies(model, seed=3)
    import json

    for entry in model.consumes.values():
        for operation in entry.all_operations:
            document = json.loads(bodies[operation_key(operation)])
            for output in as_list(operation.data.get("outputParameters")):
                found = jsonpath.findall(str(output["value"]).rstrip("."), document)
                assert found and _of_type(found[0], output["type"]), (operation.name, output)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_fixtures_call_units_map_their_outputs_to_their_exported_schema(path: Path) -> None:
    model = _model(path)
    import json

    bodies = response_bodies(model, seed=5)
    for unit in model.units():
        call, outputs = unit.data.get("call"), as_list(unit.data.get("outputParameters"))
        operation = model.resolve_call(call)[1] if isinstance(call, str) else None
        if operation is None or not outputs or not mapped(outputs):
            continue
        document = json.loads(bodies[operation_key(operation)])
        first = outputs[0]
        value = resolve_output(read_output(first), document)
        Draft202012Validator(output_value_schema(first)).validate(value)


def test_a_later_step_reading_an_earlier_output_finds_a_string_there() -> None:
    capability = {
        "naftiko": "1.0.0-alpha2",
        "capability": {
            "consumes": [
                {
                    "type": "http",
                    "namespace": "reg",
                    "baseUri": "https://reg.test",
                    "resources": [
                        {
                            "name": "a",
                            "path": "/a",
                            "operations": [{"name": "first", "method": "GET"}],
                        },
                        {
                            "name": "b",
                            "path": "/b/{{id}}",
                            "operations": [{"name": "second", "method": "GET"}],
                        },
                    ],
                }
            ],
            "exposes": [
                {
                    "type": "mcp",
                    "namespace": "tools",
                    "port": 9000,
                    "tools": [
                        {
                            "name": "both",
                            "description": "Two calls.",
                            "steps": [
                                {"type": "call", "name": "one", "call": "reg.first"},
                                {
                                    "type": "call",
                                    "name": "two",
                                    "call": "reg.second",
                                    "with": {"id": "{{one.ship.id}}"},
                                },
                            ],
                        }
                    ],
                }
            ],
        },
    }
    model = load(capability, None).model
    first = model.resolve_call("reg.first")[1]
    assert first is not None
    document = build(needs_by_operation(model)[operation_key(first)], rng_for(0, "a", "b"))
    assert isinstance(document["ship"]["id"], str)
