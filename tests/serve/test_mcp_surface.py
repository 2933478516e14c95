"""The MCP handlers (serve/mcp_handlers.McpSurface) called directly, without a server or a
network: the quick part of the MCP server's tests. The engine emulation is the real one;
the calls made here need no upstream (mock tools, prompts, lists)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import mcp_types as types
import pytest
from mcp.shared.exceptions import MCPError

from naftiko_lint.capability.model import CapabilityModel
from naftiko_lint.export.mcp_tools import choose_adapter, tool_lists
from naftiko_lint.export.source import read_source
from naftiko_lint.serve.engine import Engine
from naftiko_lint.serve.mcp import answer_engine_version, build_mcp_app, build_server
from naftiko_lint.serve.mcp_handlers import McpSurface
from naftiko_lint.serve.runtime_plan import ServeError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CATALOG = FIXTURES / "serve" / "mcp-catalog.yaml"
MCP_TOOLS = FIXTURES / "clean" / "mcp-tools.yaml"


def _model(path: Path) -> tuple[Any, CapabilityModel]:
    source = read_source(str(path))
    assert source.capability is not None
    return source.capability, source.capability.model


def _surface(path: Path) -> McpSurface:
    _, model = _model(path)
    return McpSurface(choose_adapter(model, None), model, Engine(model, {}))


def test_capabilities_follow_what_is_declared() -> None:
    full = _surface(CATALOG).capabilities().model_dump(by_alias=True, exclude_none=True)
    assert full == {"tools": {}, "resources": {}, "prompts": {}}
    tools_only = _surface(MCP_TOOLS).capabilities().model_dump(by_alias=True, exclude_none=True)
    assert tools_only == {"tools": {}}


def test_the_sdk_server_advertises_the_engine_capabilities() -> None:
    server = build_server(_surface(MCP_TOOLS))
    options = server.create_initialization_options()
    assert (options.server_name, options.server_version) == ("weather-tools", "1.0.0")
    assert options.instructions == "Weather tools for the assistant."
    assert options.capabilities.model_dump(by_alias=True, exclude_none=True) == {"tools": {}}


def test_lists_are_the_export() -> None:
    capability, _ = _model(CATALOG)
    surface, expected = _surface(CATALOG), tool_lists(capability)

    async def lists() -> tuple[Any, ...]:
        return (
            (await surface.list_tools(None, None))["tools"],
            (await surface.list_resources(None, None))["resources"],
            (await surface.list_resource_templates(None, None))["resourceTemplates"],
            (await surface.list_prompts(None, None))["prompts"],
        )

    assert asyncio.run(lists()) == (
        expected["tools"],
        expected["resources"],
        expected["resourceTemplates"],
        expected["prompts"],
    )


def test_a_mock_tool_answers_through_the_engine() -> None:
    surface = _surface(CATALOG)
    params = types.CallToolRequestParams(name="fleet-motto", arguments=None)
    answer = asyncio.run(surface.call_tool(None, params))
    assert answer == {
        "content": [{"type": "text", "text": '{"motto":"Steady as she goes"}'}],
        "isError": False,
    }


def test_unknowns_are_invalid_params() -> None:
    surface = _surface(CATALOG)
    calls = [
        surface.call_tool(None, types.CallToolRequestParams(name="nope")),
        surface.get_prompt(None, types.GetPromptRequestParams(name="nope")),
        surface.read_resource(None, types.ReadResourceRequestParams(uri="data://nope")),
        surface.read_resource(None, types.ReadResourceRequestParams(uri="")),
    ]
    for call in calls:
        with pytest.raises(MCPError) as caught:
            asyncio.run(call)
        assert caught.value.code == -32602
        assert caught.value.message.startswith("Invalid params: ")


def test_a_prompt_renders() -> None:
    surface = _surface(CATALOG)
    params = types.GetPromptRequestParams(
        name="brief-captain", arguments={"ship": "Aurora", "port": "Oslo"}
    )
    answer = asyncio.run(surface.get_prompt(None, params))
    text = answer["messages"][0]["content"]["text"]
    assert text == "Write a voyage briefing for Aurora bound for Oslo."


def test_a_repeated_tool_name_serves_the_last(tmp_path: Path) -> None:
    """ToolHandler keeps its tools in a map by name: the later declaration answers."""
    text = CATALOG.read_text(encoding="utf-8").replace(
        "        - name: fleet-motto\n",
        "        - name: fleet-motto\n"
        "          description: The first motto.\n"
        "          outputParameters:\n"
        "            - {name: motto, type: string, value: First}\n"
        "        - name: fleet-motto\n",
    )
    path = tmp_path / "twice.yaml"
    path.write_text(text, encoding="utf-8")
    surface = _surface(path)
    listed = [t["name"] for t in asyncio.run(surface.list_tools(None, None))["tools"]]
    assert listed.count("fleet-motto") == 2  # both are listed, as the engine lists them
    answer = asyncio.run(surface.call_tool(None, types.CallToolRequestParams(name="fleet-motto")))
    assert answer["content"][0]["text"] == '{"motto":"Steady as she goes"}'


def test_an_adapter_that_cannot_be_listed_refuses_to_start(tmp_path: Path) -> None:
    first = "            - {name: city, type: string, description: City name.}\n"
    nameless = "            - {type: string, description: City name.}\n"
    text = MCP_TOOLS.read_text(encoding="utf-8").replace(first, nameless, 1)
    path = tmp_path / "nameless.yaml"
    path.write_text(text, encoding="utf-8")
    _, model = _model(path)
    adapter = choose_adapter(model, None)
    with pytest.raises(ServeError, match=r"'weather-tools' cannot be served: .*has no name"):
        build_mcp_app(adapter, model, Engine(model, {}), host="127.0.0.1", port=9999)


@pytest.mark.parametrize(
    ("method", "result", "expected"),
    [
        (
            "initialize",
            {"protocolVersion": "2025-03-26", "x": 1},
            {"protocolVersion": "2025-11-25", "x": 1},
        ),
        ("tools/list", {"protocolVersion": "2025-03-26"}, {"protocolVersion": "2025-03-26"}),
    ],
)
def test_initialize_always_answers_the_engine_version(
    method: str, result: dict, expected: dict
) -> None:
    class Ctx:
        pass

    ctx = Ctx()
    ctx.method = method  # type: ignore[attr-defined]

    async def call_next(_: Any) -> dict:
        return dict(result)

    assert asyncio.run(answer_engine_version(ctx, call_next)) == expected
