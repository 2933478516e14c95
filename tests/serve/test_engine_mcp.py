"""MCP tools/call and resources/read through the engine emulation, against the loopback
upstream of test_engine (exposes/mcp/ToolHandler, ResourceHandler)."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest

from naftiko_lint.capability.model import CapabilityModel, Unit
from naftiko_lint.serve.engine import (
    Engine,
    EngineInvalid,
    ResourceResult,
    ToolResult,
    match_template,
)
from tests.serve.test_engine import EchoUpstream, echo, fixture_model, run, unit_named, upstream

__all__ = ["echo", "upstream"]  # the fixtures, re-exported for pytest


async def _tool(
    model: CapabilityModel, bases: dict[str, str], unit: Unit, arguments: dict
) -> ToolResult:
    engine = Engine(model, bases, timeout=5)
    try:
        return await engine.tool(unit, arguments)
    finally:
        await engine.aclose()


async def _resource(
    model: CapabilityModel, bases: dict[str, str], unit: Unit, uri: str
) -> ResourceResult:
    engine = Engine(model, bases, timeout=5)
    try:
        return await engine.resource(unit, uri)
    finally:
        await engine.aclose()


def tool(echo: EchoUpstream, path: str, name: str, arguments: dict[str, Any]) -> ToolResult:
    model = fixture_model(path)
    return run(_tool(model, echo.bases(model), unit_named(model, "mcp-tool", name), arguments))


def test_tool_call_reaches_the_upstream(echo: EchoUpstream) -> None:
    result = tool(echo, "fixtures/clean/mcp-tools.yaml", "current-weather", {"city": "Paris"})
    assert result == ToolResult('{"id": "42", "status": "open"}', False)
    seen = echo.seen[0]
    assert (seen.path, seen.query) == ("/weather/cities/Paris/conditions", "units=metric")
    assert seen.headers["x-api-key"] == ""  # {{WEATHER_KEY}}: binds are never injected


def test_tool_body_from_arguments(echo: EchoUpstream) -> None:
    tool(
        echo,
        "fixtures/clean/mcp-tools.yaml",
        "subscribe-alerts",
        {"city": "Oslo", "email": "a@b.c"},
    )
    assert echo.seen[0].body == b'{"city":"Oslo","email":"a@b.c"}'


def test_tools_call_validates_nothing_and_fails_as_the_engine(echo: EchoUpstream) -> None:
    with pytest.raises(EngineInvalid, match="Unresolved template parameters in URI"):
        tool(echo, "fixtures/clean/mcp-tools.yaml", "current-weather", {})
    # a missing email still goes out, empty
    tool(echo, "fixtures/clean/mcp-tools.yaml", "subscribe-alerts", {"city": "Oslo"})
    assert echo.seen[0].body == b'{"city":"Oslo","email":""}'


def test_upstream_error_is_an_is_error_result(echo: EchoUpstream) -> None:
    echo.answers["/weather/cities/Rome/conditions"] = (503, b"busy", "text/plain")
    assert tool(
        echo, "fixtures/clean/mcp-tools.yaml", "current-weather", {"city": "Rome"}
    ) == ToolResult("busy", True)
    echo.answers["/weather/cities/Nice/conditions"] = (204, b"", None)
    result = tool(echo, "fixtures/clean/mcp-tools.yaml", "current-weather", {"city": "Nice"})
    assert result == ToolResult("No response entity received (HTTP 204 No Content)", True)


def test_seed_tools_answer_empty_objects(echo: EchoUpstream) -> None:
    model = fixture_model("fixtures/seeds/002_ebe19b2030c3657d.yaml")
    for unit in [u for u in model.units() if u.kind == "mcp-tool"]:
        result = run(_tool(model, echo.bases(model), unit, {"organisation": "o1"}))
        assert result == ToolResult("{}", False)
    assert all("{" in s.path for s in echo.seen if "sessions/" in s.path)  # `{sessionId}` as text
    assert any("tools." in s.query or b"tools." in s.body for s in echo.seen)


def test_mock_and_ref_tools(echo: EchoUpstream) -> None:
    path = "fixtures/clean/hygiene-ref-mock-with.yaml"
    assert tool(echo, path, "desk-greeting", {}) == ToolResult(
        '{"message":"Welcome to the harbour"}', False
    )
    result = tool(echo, path, "north-quay-berths", {})
    assert not result.is_error
    assert echo.seen[0].path == "/harbour/areas/north-quay/berths"


def test_steps_tool(echo: EchoUpstream) -> None:
    echo.answers["/registry/ships/1"] = (200, b'{"crew": ["c1"]}', "application/json")
    echo.answers["/people/crew"] = (200, b'[{"id": "c1", "fullName": "Ann"}]', "application/json")
    result = tool(echo, "fixtures/clean/steps.yaml", "ship-crew", {"imo": "1"})
    assert [s.path for s in echo.seen] == ["/registry/ships/1", "/people/crew"]
    assert json.loads(result.text) == [{"id": "c1", "fullName": "Ann"}] and not result.is_error


def test_refused_connection_is_an_is_error_result(echo: EchoUpstream) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    model = fixture_model("fixtures/clean/mcp-tools.yaml")
    unit = unit_named(model, "mcp-tool", "current-weather")
    result = run(
        _tool(model, {"weather": f"http://127.0.0.1:{closed}/weather"}, unit, {"city": "X"})
    )
    assert result == ToolResult("No response entity received (HTTP 1000 Connection Error)", True)


def test_resources_take_uri_variables(echo: EchoUpstream) -> None:
    model = fixture_model("fixtures/clean/wiring-mcp-resources.yaml")
    units = [u for u in model.units() if u.kind == "mcp-resource"]
    voyage, leg = units
    result = run(_resource(model, echo.bases(model), voyage, "data://voyages/V1"))
    assert result == ResourceResult(
        "data://voyages/V1", "application/json", '{"id": "42", "status": "open"}'
    )
    run(_resource(model, echo.bases(model), leg, "data://voyages/V1/legs/L2"))
    assert (echo.seen[0].path, echo.seen[1].path) == ("/voyages/voyages/V1", "/voyages/legs/L2")
    assert echo.seen[1].query == "voyage_id=V1&detail=L2"
    with pytest.raises(EngineInvalid, match="Unknown resource URI"):
        run(_resource(model, echo.bases(model), voyage, "data://other"))


def test_match_template() -> None:
    assert match_template("data://v/{id}/legs/{leg}", "data://v/1/legs/2") == {
        "id": "1",
        "leg": "2",
    }
    assert match_template("data://v/{id}", "data://v/1/2") is None
    assert match_template("data://v", "data://v") == {}
    assert match_template("data://v/{voyage-id}", "data://v/1") is None  # not a variable


def test_a_with_literal_overwrites_the_real_argument(echo: EchoUpstream) -> None:
    model = fixture_model("fixtures/seeds/000_6f3d6f5dce8cee89.yaml")
    unit = next(
        u for u in model.units() if u.kind == "mcp-tool" and "list" in str(u.data.get("name"))
    )
    run(_tool(model, echo.bases(model), unit, {"status": "open", "limit": 5}))
    assert "status=tools.status" in echo.seen[0].query and "limit=tools.limit" in echo.seen[0].query


def _mcp_model(tool: dict[str, Any]) -> CapabilityModel:
    from naftiko_lint.capability.build import build_model

    consumed = {"name": "get", "method": "GET"}
    return build_model(
        {
            "naftiko": "1.0.0-alpha2",
            "capability": {
                "consumes": [
                    {
                        "type": "http",
                        "namespace": "up",
                        "baseUri": "https://up.test",
                        "resources": [{"name": "r", "path": "/items", "operations": [consumed]}],
                    }
                ],
                "exposes": [{"type": "mcp", "namespace": "t", "port": 9090, "tools": [tool]}],
            },
        }
    )


def test_script_step_and_unknown_call(echo: EchoUpstream) -> None:
    steps = [{"type": "script", "name": "score-it", "file": "score.js"}]
    model = _mcp_model({"name": "scored", "description": "d", "steps": steps})
    result = run(_tool(model, echo.bases(model), model.adapters[0].units[0], {}))
    assert result.is_error and result.text.startswith(
        "Error during HTTP client call: Script step 'score-it'"
    )
    model = _mcp_model({"name": "bad", "description": "d", "call": "up.nope"})
    with pytest.raises(EngineInvalid, match=r"Invalid call for Tool 'bad': up\.nope"):
        run(_tool(model, echo.bases(model), model.adapters[0].units[0], {"a": 1}))


def test_output_mapping_of_a_tool(echo: EchoUpstream) -> None:
    outputs = [
        {"type": "object", "properties": {"state": {"type": "string", "mapping": "$.status"}}}
    ]
    model = _mcp_model(
        {"name": "m", "description": "d", "call": "up.get", "outputParameters": outputs}
    )
    result = run(_tool(model, echo.bases(model), model.adapters[0].units[0], {}))
    assert result == ToolResult('{"state":"open"}', False)


def test_list_arguments_are_json_in_bodies(echo: EchoUpstream) -> None:
    path = "fixtures/clean/wiring-bodies.yaml"
    tool(echo, path, "assign-crew", {"imo": "9321483", "crew": ["c1", "c2"]})
    assert (echo.seen[0].method, echo.seen[0].path) == ("PUT", "/crew/ships/9321483/assignments")
    assert echo.seen[0].body == b'{"crew": ["c1","c2"]}'
    tool(echo, path, "create-member", {"first_name": "Ann", "last_name": "Lee", "rank": "mate"})
    assert json.loads(echo.seen[1].body) == {"firstName": "Ann", "lastName": "Lee", "rank": "mate"}
