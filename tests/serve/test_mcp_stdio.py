"""`naftiko-lint serve CAPABILITY --stdio` driven by the official SDK's stdio client as a
subprocess, the way an IDE launches an MCP server (StdioJsonRpcHandler: one JSON-RPC
message a line on stdin/stdout). Its consumed calls go to a mock upstream this test runs
(`--upstream-url`), so what they send can be checked; the end of stdin ends it."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from naftiko_lint.export.source import read_source
from naftiko_lint.serve.recording import Recorder
from naftiko_lint.serve.upstream import serve_upstream_in_thread
from tests.serve.test_mcp_server import FIXTURES, MCP_TOOLS, exported

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def upstream() -> Iterator[tuple[str, Recorder]]:
    source = read_source(str(MCP_TOOLS))
    assert source.capability is not None
    recorder = Recorder()
    url, stop = serve_upstream_in_thread(source.capability.model, recorder)
    try:
        yield url, recorder
    finally:
        stop()


def _command(path: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "naftiko_lint", "serve", str(path), "--stdio", *extra]


HANDSHAKE = [
    {
        "jsonrpc": "2.0",
        "id": 0,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "test", "version": "0"},
        },
    },
    {"jsonrpc": "2.0", "method": "notifications/initialized"},
]


def _piped(path: Path, lines: list[str], *extra: str) -> list[dict]:
    """Feed `lines` after the handshake on stdin (then its end) and read every answer."""
    done = subprocess.run(
        _command(path, *extra),
        input="\n".join([*(json.dumps(m) for m in HANDSHAKE), *lines]) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def test_stdio_session_lists_and_calls(upstream: tuple[str, Recorder]) -> None:
    from mcp.client.session import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    root, recorder = upstream
    command = _command(MCP_TOOLS, "--upstream-url", root)
    params = StdioServerParameters(command=command[0], args=command[1:])
    mark = recorder.mark()

    async def session() -> tuple[Any, list[dict], Any, Any]:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as client:
            init = await client.initialize()
            listed = await client.list_tools()
            tools = [
                t.model_dump(by_alias=True, mode="json", exclude_none=True) for t in listed.tools
            ]
            called = await client.call_tool("current-weather", {"city": "Lima"})
            posted = await client.call_tool("subscribe-alerts", {"city": "Quito"})
            return init, tools, called, posted

    init, tools, called, posted = asyncio.run(session())
    assert (init.server_info.name, init.server_info.version) == ("weather-tools", "1.0.0")
    assert tools == exported(MCP_TOOLS)["tools"]
    assert called.is_error is False and posted.is_error is False
    got, sent = recorder.since(mark)
    assert (got.method, got.path, got.query) == (
        "GET",
        "/cities/Lima/conditions",
        (("units", "metric"),),
    )
    assert (sent.method, sent.path) == ("POST", "/alerts")
    assert json.loads(sent.body) == {"city": "Quito", "email": ""}


def test_every_line_is_answered_as_the_engine(upstream: tuple[str, Recorder]) -> None:
    """Lines piped in and stdin closed at once: each one still gets its answer (the
    engine answers a line before it reads the next), an unreadable one a JSON-RPC error
    (-32700 not JSON, -32600 no JSON-RPC message), and the process exits 0."""
    root, recorder = upstream
    mark = recorder.mark()
    lines = [
        "{not json",
        '"just a string"',
        json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "nope"}}),
        json.dumps({"jsonrpc": "2.0", "id": 2, "method": "ping"}),
        json.dumps(
            {
                "jsonrpc": "2.0",
                "id": 3,
                "method": "tools/call",
                "params": {"name": "current-weather", "arguments": {"city": "Cusco"}},
            }
        ),
    ]
    answers = _piped(MCP_TOOLS, lines, "--upstream-url", root)
    unnamed = [a["error"]["code"] for a in answers if a.get("id") is None]
    assert unnamed == [-32700, -32600]
    by_id = {a["id"]: a for a in answers if a.get("id") is not None}
    assert set(by_id) == {0, 1, 2, 3}
    assert by_id[1]["error"]["code"] == -32602
    assert by_id[2]["result"] == {}
    assert by_id[3]["result"]["isError"] is False
    assert [r.path for r in recorder.since(mark)] == ["/cities/Cusco/conditions"]


def test_a_seed_serves_on_stdio() -> None:
    """A seed's tools over stdio are its export, defects and all."""
    seed = FIXTURES / "seeds" / "001_3b724ad6c0282b03.yaml"
    answers = _piped(seed, [json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list"})])
    listed = next(a for a in answers if a.get("id") == 1)
    assert listed["result"]["tools"] == exported(seed)["tools"]


def test_no_handshake_is_needed(upstream: tuple[str, Recorder]) -> None:
    """The engine's dispatcher answers a request before any `initialize`; a late
    `initialize` still answers, with the engine's protocol version."""
    root, _ = upstream
    lines = [
        json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
        json.dumps(
            {
                **HANDSHAKE[0],
                "id": 2,
                "params": {**HANDSHAKE[0]["params"], "protocolVersion": "2025-06-18"},
            }
        ),
    ]
    done = subprocess.run(
        _command(MCP_TOOLS, "--upstream-url", root),
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    by_id = {a["id"]: a for a in map(json.loads, done.stdout.splitlines())}
    assert by_id[1]["result"]["tools"] == exported(MCP_TOOLS)["tools"]
    assert by_id[2]["result"]["protocolVersion"] == "2025-11-25"
