"""Shapes from the framework's own capability files (its tutorial and test resources) that
conformance once got wrong, each reproduced by a fixture of ours (fixtures/conformance/fw-*):

* fw-raw-formats: an upstream declared `outputRawFormat: xml` (yaml, csv, tsv, psv) was
  answered JSON, so the engine emulation failed "not well-formed"; html and avro, which
  the engine converts and the emulation does not, were reported as server errors;
* fw-consumed-projection: a consumed operation's own outputs decided the raw response's
  shape (an object where the unit maps a `$.` array; an object where a function maps a
  string), though only step projections apply them;
* fw-apikey-no-placement: the JSON-RPC -32602 of a tools/call was explained as if the engine
  answered every failure with an isError result;
* fw-path-no-slash: a resource path without its leading '/' (`api/users` under
  `http://localhost:8080`) reached the mock upstream, whose JSON 404 was then reported as
  "not well-formed" XML; the engine's URL leaves the baseUri's host, so it never arrives."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from naftiko_lint.capability.model import CapabilityModel, as_list
from naftiko_lint.capability.stage import load
from naftiko_lint.conformance.findings import SERVER_ERROR, UPSTREAM_MISSING
from naftiko_lint.conformance.mcp_calls import _rpc_failure
from naftiko_lint.conformance.mcp_session import RpcError
from naftiko_lint.conformance.runner import Options, run_conformance
from naftiko_lint.document.loading import parse_document
from naftiko_lint.export.schemas import output_value_schema
from naftiko_lint.serve.engine_transport import misjoined
from naftiko_lint.serve.outputs import (
    ConversionError,
    NotEmulated,
    convert_to_json,
    read_output,
    resolve_output,
)
from naftiko_lint.serve.synth_formats import to_xml
from naftiko_lint.serve.synth_needs import operation_key
from naftiko_lint.serve.upstream import responses
from tests.conftest import FIXTURES

FORMATS = FIXTURES / "conformance" / "fw-raw-formats.yaml"
PROJECTION = FIXTURES / "conformance" / "fw-consumed-projection.yaml"
NO_PLACEMENT = FIXTURES / "conformance" / "fw-apikey-no-placement.yaml"
NO_SLASH = FIXTURES / "conformance" / "fw-path-no-slash.yaml"
CONVERTED = {"xml", "yaml", "csv", "tsv", "psv"}


def _model(path: Path) -> CapabilityModel:
    doc = parse_document(str(path), path.read_bytes())
    return load(doc.data, path).model


def test_each_upstream_answers_in_its_declared_format_what_the_units_map() -> None:
    model = _model(FORMATS)
    answers = responses(model, seed=2)
    checked = set()
    for unit in model.units():
        operation = model.resolve_call(unit.data.get("call"))[1]
        assert operation is not None
        kind = operation.data["outputRawFormat"]
        body, content_type = answers[operation_key(operation)]
        if kind not in CONVERTED:
            assert content_type.startswith("text/plain") and b"not synthesised" in body
            continue
        assert not content_type.startswith("application/json"), (kind, content_type)
        root = convert_to_json(kind, body.decode())  # as util/Converter reads it
        for output in as_list(unit.data.get("outputParameters")):
            value = resolve_output(read_output(output), root)
            Draft202012Validator(output_value_schema(output)).validate(value)
        checked.add(kind)
    assert checked == CONVERTED


def test_xml_repeats_a_lone_array_element_and_gives_text_as_jackson_does() -> None:
    xml = to_xml({"berths": {"berth": [{"code": "B1", "depth": 12.5}]}, "open": True})
    assert convert_to_json("xml", xml) == {
        "berths": {"berth": [{"code": "B1", "depth": "12.5"}] * 2},
        "open": "true",
    }


def test_formats_the_emulation_cannot_convert_are_not_engine_failures() -> None:
    with pytest.raises(NotEmulated):
        convert_to_json("html", "<table></table>", schema="table")
    with pytest.raises(NotEmulated):
        convert_to_json("avro", "", schema="berth.avsc", stream=True)
    # what the engine itself refuses keeps its words (util/Converter.convertToJson)
    for args, kwargs, words in [
        (("avro", ""), {"stream": True}, "Avro format requires outputSchema"),
        (("protobuf", ""), {"schema": "r.proto"}, "cannot be converted from a text string"),
        (("edifact", ""), {}, 'Unsupported "edifact" format specified'),
    ]:
        with pytest.raises(ConversionError) as raised:
            convert_to_json(*args, **kwargs)
        assert not isinstance(raised.value, NotEmulated) and words in str(raised.value)


def test_consumed_outputs_do_not_shape_the_raw_response_a_unit_maps() -> None:
    model = _model(PROJECTION)
    answers = responses(model, seed=0)
    vessels = model.resolve_call("registry.list-vessels")[1]
    outlook = model.resolve_call("registry.get-outlook")[1]
    assert vessels is not None and outlook is not None
    listed = json.loads(answers[operation_key(vessels)][0])
    assert isinstance(listed, list) and listed
    assert all(isinstance(row["imo_number"], str) for row in listed)  # resolveStepOutput
    assert isinstance(json.loads(answers[operation_key(outlook)][0])["outlook"], str)


def test_a_minus_32602_is_worded_after_what_the_engine_does() -> None:
    error = RpcError(-32602, "Invalid params: Placement is required for apikey authentication")
    text = _rpc_failure("list-vessels", error)
    assert "IllegalArgumentException" in text and "isError result" not in text
    other = _rpc_failure("list-vessels", RpcError(-32603, "Internal error: boom"))
    assert "isError result" in other


@pytest.mark.slow
@pytest.mark.parametrize("path", [FORMATS, PROJECTION], ids=lambda p: p.name)
def test_the_framework_shapes_conform_on_the_built_in_servers(path: Path) -> None:
    outcome = run_conformance(str(path), Options(max_examples=3, max_time=60))
    assert outcome.observations == []
    unchecked = sorted(note for note in outcome.notes if "not checked" in note)
    if path == FORMATS:
        assert len(unchecked) == 3, outcome.notes
        assert all("is not converted by naftiko-lint's engine emulation" in n for n in unchecked)
        assert {"'html'" in n for n in unchecked} == {True, False}  # html and avro
    else:
        assert unchecked == []


@pytest.mark.slow
def test_a_not_emulated_reply_from_a_server_not_our_own_is_a_server_error() -> None:
    from naftiko_lint.conformance.rest import check_rest
    from naftiko_lint.export.openapi import export_openapi
    from naftiko_lint.export.source import read_source
    from naftiko_lint.serve.runtime_thread import start_servers_in_thread

    source = read_source(str(FORMATS))
    assert source.capability is not None
    servers, stop = start_servers_in_thread(str(FORMATS), random_ports=True)
    try:
        rest = next(s for s in servers.surfaces if s.kind == "rest")
        assert rest.adapter is not None
        document, _ = export_openapi(source.capability, rest.adapter.namespace)
        found = check_rest(
            servers.model, rest.adapter, rest.url, servers.recorder, document=document
        )
    finally:
        stop()
    assert sorted(o.message.split(" answered")[0] for o in found if o.rule == SERVER_ERROR) == [
        "GET list-avro-berths",
        "GET list-html-berths",
    ]


@pytest.mark.slow
def test_a_tools_call_answered_minus_32602_is_a_server_error_worded_after_it() -> None:
    outcome = run_conformance(str(NO_PLACEMENT), Options(max_examples=0))
    [found] = [o for o in outcome.observations if o.rule == SERVER_ERROR]
    assert found.pointer == ("capability", "exposes", 0, "tools", 0)
    assert "-32602" in found.message and "IllegalArgumentException" in found.message


def test_only_a_path_that_runs_into_the_authority_is_misjoined() -> None:
    model = _model(NO_SLASH)
    entry = model.consumes["depot"]
    [operation] = entry.all_operations
    assert "lacks its leading '/'" in str(misjoined(entry, operation))
    for path in ("/crates", "?all=1"):  # these keep the baseUri's host
        assert misjoined(entry, replace(operation, resource_path=path)) is None


@pytest.mark.slow
def test_a_path_without_its_slash_is_reported_as_never_reaching_the_upstream() -> None:
    outcome = run_conformance(str(NO_SLASH), Options(max_examples=0))
    rules = sorted(o.rule for o in outcome.observations)
    assert rules == sorted([SERVER_ERROR, UPSTREAM_MISSING])
    assert all("lacks its leading '/'" in o.message for o in outcome.observations)
    assert not any("well-formed" in o.message for o in outcome.observations)
