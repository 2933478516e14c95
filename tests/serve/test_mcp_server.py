"""The MCP server `serve` starts (serve/mcp.py), driven with the official SDK client over
Streamable HTTP and with raw JSON-RPC: what it advertises is what `export mcp-tools`
writes, and a tools/call goes through the engine emulation to the real mock upstream
exactly as the engine's ToolHandler would send it — arguments unchecked.

The helpers at the top are shared by the other test_mcp_* files."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from naftiko_lint.export.mcp_tools import tool_lists
from naftiko_lint.export.source import read_source
from naftiko_lint.serve.runtime_thread import start_servers_in_thread

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
MCP_TOOLS = FIXTURES / "clean" / "mcp-tools.yaml"
JSON_HEADERS = {"content-type": "application/json", "accept": "application/json, text/event-stream"}

T = TypeVar("T")


@contextmanager
def served(path: Path, **options: Any) -> Iterator[Any]:
    """`serve` on free ports for the duration of the block: upstream, engine, adapters."""
    servers, stop = start_servers_in_thread(str(path), random_ports=True, **options)
    try:
        yield servers
    finally:
        stop()


def mcp_url(servers: Any) -> str:
    return next(s.url for s in servers.surfaces if s.kind == "mcp")


def with_session(url: str, work: Callable[[Any], Awaitable[T]]) -> T:
    """Run `work(session)` in an initialized SDK ClientSession on `url`."""
    from mcp.client.session import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    async def main() -> T:
        async with (
            streamable_http_client(url) as (read, write),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            return await work(session)

    return asyncio.run(main())


def rpc(url: str, method: str, params: Any = None, **headers: str) -> httpx.Response:
    """One raw JSON-RPC request (the engine needs no initialize first; neither do we)."""
    body: dict[str, Any] = {"jsonrpc": "2.0", "id": 1, "method": method}
    if params is not None:
        body["params"] = params
    return httpx.post(url, content=json.dumps(body), headers={**JSON_HEADERS, **headers})


def result(url: str, method: str, params: Any = None) -> Any:
    answer = rpc(url, method, params)
    assert answer.status_code == 200, answer.text
    payload = answer.json()
    assert "error" not in payload, payload
    return payload["result"]


def error(url: str, method: str, params: Any = None) -> dict[str, Any]:
    payload = rpc(url, method, params).json()
    assert "result" not in payload, payload
    return payload["error"]


def exported(path: Path) -> dict[str, list[dict]]:
    source = read_source(str(path))
    assert source.capability is not None
    return tool_lists(source.capability)


pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def weather() -> Iterator[Any]:
    with served(MCP_TOOLS) as servers:
        yield servers


@pytest.mark.parametrize("asked", ["2025-11-25", "2025-03-26", "2024-11-05"])
def test_initialize_answers_as_the_engine(weather: Any, asked: str) -> None:
    init = result(
        mcp_url(weather),
        "initialize",
        {
            "protocolVersion": asked,
            "capabilities": {},
            "clientInfo": {"name": "test", "version": "0"},
        },
    )
    assert init == {
        "protocolVersion": "2025-11-25",  # the engine's, whatever was asked
        "capabilities": {"tools": {}},  # no resources or prompts declared
        "serverInfo": {"name": "weather-tools", "version": "1.0.0"},
        "instructions": "Weather tools for the assistant.",
    }


def test_tools_list_is_the_export_exactly(weather: Any) -> None:
    expected = exported(MCP_TOOLS)["tools"]
    assert result(mcp_url(weather), "tools/list")["tools"] == expected

    async def listed(session: Any) -> list[dict]:
        answer = await session.list_tools()
        return [t.model_dump(by_alias=True, mode="json", exclude_none=True) for t in answer.tools]

    assert with_session(mcp_url(weather), listed) == expected


def test_sdk_client_sees_the_engine_identity(weather: Any) -> None:
    async def identity(session: Any) -> tuple[Any, ...]:
        info = session.initialize_result
        caps = info.capabilities
        return info.server_info.name, info.instructions, caps.resources, caps.prompts

    assert with_session(mcp_url(weather), identity) == (
        "weather-tools",
        "Weather tools for the assistant.",
        None,
        None,
    )


def test_a_call_reaches_the_upstream_as_declared(weather: Any) -> None:
    mark = weather.recorder.mark()

    async def call(session: Any) -> Any:
        return await session.call_tool("current-weather", {"city": "Paris"})

    answer = with_session(mcp_url(weather), call)
    assert answer.is_error is False
    assert answer.content[0].type == "text"
    (request,) = weather.recorder.since(mark)
    assert (request.namespace, request.method, request.path, request.query) == (
        "weather",
        "GET",
        "/cities/Paris/conditions",
        (("units", "metric"),),
    )
    assert request.operation == "current"


def test_a_post_carries_the_consumed_body(weather: Any) -> None:
    mark = weather.recorder.mark()
    answer = result(
        mcp_url(weather),
        "tools/call",
        {"name": "subscribe-alerts", "arguments": {"city": "Oslo", "email": "a@b.test"}},
    )
    assert answer["isError"] is False
    (request,) = weather.recorder.since(mark)
    assert (request.method, request.path, request.operation) == ("POST", "/alerts", "subscribe")
    assert json.loads(request.body) == {"city": "Oslo", "email": "a@b.test"}


def test_arguments_are_not_validated(weather: Any) -> None:
    """Wrong types, a missing required argument and undeclared ones all go through, as
    the engine's ToolHandler takes them (the SDK must not check the inputSchema)."""
    url = mcp_url(weather)
    mark = weather.recorder.mark()
    typed = result(url, "tools/call", {"name": "current-weather", "arguments": {"city": 42}})
    assert typed["isError"] is False
    missing = result(
        url, "tools/call", {"name": "subscribe-alerts", "arguments": {"extra": "x", "city": "Rome"}}
    )
    assert missing["isError"] is False
    first, second = weather.recorder.since(mark)
    assert first.path == "/cities/42/conditions"
    assert json.loads(second.body) == {"city": "Rome", "email": ""}  # {{email}} renders empty


def test_a_call_with_no_parameters_fails_as_the_engine(weather: Any) -> None:
    """No arguments and no `with` value to set: the engine's "Unresolved template
    parameters" IllegalArgumentException, so -32602, and nothing is sent."""
    mark = weather.recorder.mark()
    found = error(mcp_url(weather), "tools/call", {"name": "current-weather", "arguments": {}})
    assert found["code"] == -32602
    assert "Unresolved template parameters" in found["message"]
    assert weather.recorder.since(mark) == []


def test_an_unknown_tool_is_invalid_params(weather: Any) -> None:
    found = error(mcp_url(weather), "tools/call", {"name": "no-such-tool"})
    assert found == {"code": -32602, "message": "Invalid params: Unknown tool: no-such-tool"}


def test_undeclared_lists_still_answer_empty(weather: Any) -> None:
    url = mcp_url(weather)
    assert result(url, "resources/list") == {"resources": []}
    assert result(url, "resources/templates/list") == {"resourceTemplates": []}
    assert result(url, "prompts/list") == {"prompts": []}
    assert error(url, "resources/read", {"uri": "data://none"})["code"] == -32602
    assert error(url, "prompts/get", {"name": "none"})["code"] == -32602


def test_an_unknown_method_is_method_not_found(weather: Any) -> None:
    assert error(mcp_url(weather), "tools/delete")["code"] == -32601


@pytest.mark.parametrize("seed", sorted((FIXTURES / "seeds").glob("*.yaml")), ids=lambda p: p.stem)
def test_seeds_advertise_their_export(seed: Path) -> None:
    with served(seed) as servers:
        assert result(mcp_url(servers), "tools/list")["tools"] == exported(seed)["tools"]


def test_a_seeds_wiring_defects_are_what_the_upstream_receives() -> None:
    """Seed 000 through MCP: `tools.status` goes upstream as a literal string, the POST
    carries no body (its `in: body` input is never sent) and the single-brace
    `{sessionId}` is never substituted."""
    seed = FIXTURES / "seeds" / "000_6f3d6f5dce8cee89.yaml"
    with served(seed) as servers:
        url, mark = mcp_url(servers), servers.recorder.mark()
        for name, arguments in (
            ("prisma-list-recording-sessions", {"status": "active"}),
            ("prisma-create-recording-session", {"body": {"name": "demo"}}),
            ("prisma-get-recording-session", {"sessionId": "S1"}),
        ):
            answer = result(url, "tools/call", {"name": name, "arguments": arguments})
            assert answer["isError"] is False
        listed, created, fetched = servers.recorder.since(mark)
    assert dict(listed.query)["status"] == "tools.status"
    assert (created.method, created.body) == ("POST", b"")
    assert fetched.path == "/sessions/{sessionId}"
