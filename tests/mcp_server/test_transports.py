"""`naftiko-lint mcp` as an agent runs it: a child process driven by the official SDK
client over stdio and over Streamable HTTP, answering as the CLI does on the same files;
stopped by SIGINT/SIGTERM within 5 s; refusing a port in use, a foreign Host and an
oversized body."""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from naftiko_lint.spec import versions
from tests.conftest import REPO
from tests.mcp_server.helpers import MCP_ONLY, REST, SEED, check_json, cli_output, relative

pytestmark = pytest.mark.slow

T = TypeVar("T")
COMMAND = [sys.executable, "-m", "naftiko_lint", "mcp"]
JSON_HEADERS = {"content-type": "application/json", "accept": "application/json, text/event-stream"}
PING = '{"jsonrpc": "2.0", "id": 1, "method": "ping"}'
STOP_WITHIN = 5.0
LATEST = versions.LATEST.name


def over_stdio(work: Callable[[Any], Awaitable[T]]) -> T:
    from mcp.client.session import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    params = StdioServerParameters(command=COMMAND[0], args=COMMAND[1:], cwd=str(REPO))

    async def main() -> T:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            return await work(session)

    return asyncio.run(main())


def over_http(url: str, work: Callable[[Any], Awaitable[T]]) -> T:
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


@contextmanager
def http_server(*extra: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """The server on a free 127.0.0.1 port, and the URL it prints on stderr."""
    child = subprocess.Popen(
        [*COMMAND, "--transport", "http", "--port", "0", *extra],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stderr.readline() if child.stderr else ""
        found = re.search(r"serving on (http://127\.0\.0\.1:\d+/mcp)", line)
        assert found, line
        yield child, found.group(1)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(10)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with http_server() as (_, address):
        yield address


async def _tour(session: Any) -> dict[str, Any]:
    """What the tests compare: the listing and one call of each kind."""
    listed = await session.list_tools()
    text = SEED.read_text(encoding="utf-8")
    return {
        "tools": {tool.name: tool for tool in listed.tools},
        "lint": await session.call_tool("lint", {"path": relative(SEED)}),
        "explain": await session.call_tool("explain_rule", {"rule": "call-unresolved"}),
        "fix": await session.call_tool("fix", {"text": text, "path": relative(SEED)}),
        "openapi": await session.call_tool("export_openapi", {"path": relative(REST)}),
        "mcp": await session.call_tool("export_mcp_tools", {"path": relative(MCP_ONLY)}),
        "missing": await session.call_tool("lint", {"path": "no/such.yaml"}),
        "bad": await session.call_tool("lint", {"path": ["a"]}),
        **await _content_tour(session),
    }


async def _content_tour(session: Any) -> dict[str, Any]:
    """The resources and prompts: listed, one of each read, one refused."""
    from mcp.shared.exceptions import MCPError

    try:
        await session.read_resource("naftiko-lint://rules/no-such-rule")
        unknown: Any = None
    except MCPError as error:
        unknown = error
    return {
        "resources": (await session.list_resources()).resources,
        "templates": (await session.list_resource_templates()).resource_templates,
        "schema": await session.read_resource(f"naftiko-lint://schema/{LATEST}"),
        "page": await session.read_resource("naftiko-lint://rules/call-unresolved"),
        "prompts": (await session.list_prompts()).prompts,
        "prompt": await session.get_prompt("fix-capability", {"path": relative(SEED)}),
        "unknown": unknown,
    }


def _assert_tour(seen: dict[str, Any], capfd: Any, tmp_path: Path) -> None:
    from naftiko_lint import explain
    from naftiko_lint.fix.api import fix_text

    tools = seen["tools"]
    assert list(tools) == [
        "lint",
        "explain_rule",
        "list_rules",
        "fix",
        "export_openapi",
        "export_mcp_tools",
    ]
    assert tools["lint"].annotations.read_only_hint is True
    assert tools["fix"].annotations.read_only_hint is False
    assert all(tool.output_schema["type"] == "object" for tool in tools.values())
    assert seen["lint"].structured_content == check_json(relative(SEED), capfd, tmp_path)
    assert seen["explain"].content[0].text == explain("call-unresolved")
    expected = fix_text(SEED.read_text(encoding="utf-8"), relative(SEED))
    assert seen["fix"].structured_content["fixed"] == expected.fixed
    for key, kind, path in (("openapi", "openapi", REST), ("mcp", "mcp-tools", MCP_ONLY)):
        code, exported = cli_output(["export", kind, relative(path)], capfd, tmp_path)
        assert code == 0 and seen[key].content[0].text == exported
    assert seen["missing"].is_error and "no such file or folder" in seen["missing"].content[0].text
    assert seen["bad"].is_error and "invalid arguments for lint" in seen["bad"].content[0].text
    _assert_content(seen)


def _assert_content(seen: dict[str, Any]) -> None:
    uris = [r.uri for r in seen["resources"]]
    assert uris[: len(versions.KNOWN_VERSIONS)] == [
        f"naftiko-lint://schema/{v}" for v in versions.known_names()
    ]
    assert "naftiko-lint://rules/call-unresolved" in uris
    assert [t.uri_template for t in seen["templates"]] == [
        "naftiko-lint://schema/{version}",
        "naftiko-lint://rules/{rule}",
    ]
    [schema] = seen["schema"].contents
    assert schema.mime_type == "application/schema+json"
    assert schema.text == versions.LATEST.schema_file.read_text(encoding="utf-8")
    [page] = seen["page"].contents
    assert page.mime_type == "text/markdown" and page.text.startswith("# call-unresolved\n")
    assert [p.name for p in seen["prompts"]] == ["write-capability", "fix-capability"]
    assert relative(SEED) in seen["prompt"].messages[0].content.text
    assert seen["unknown"] is not None and seen["unknown"].code == -32602
    assert seen["unknown"].data == {"uri": "naftiko-lint://rules/no-such-rule"}


def test_over_stdio(capfd: Any, tmp_path: Path) -> None:
    _assert_tour(over_stdio(_tour), capfd, tmp_path)


def test_over_http(url: str, capfd: Any, tmp_path: Path) -> None:
    _assert_tour(over_http(url, _tour), capfd, tmp_path)


def test_http_refuses_a_foreign_host_and_origin(url: str) -> None:
    port = url.split(":")[2].split("/")[0]
    evil = httpx.post(url, content=PING, headers={**JSON_HEADERS, "host": "evil.example"})
    assert evil.status_code == 421
    origin = {**JSON_HEADERS, "origin": "http://evil.example"}
    assert httpx.post(url, content=PING, headers=origin).status_code == 403
    local = {**JSON_HEADERS, "host": f"localhost:{port}", "origin": f"http://localhost:{port}"}
    answer = httpx.post(url, content=PING, headers=local)
    assert answer.status_code == 200 and answer.json()["result"] == {}


def test_http_caps_the_request_body() -> None:
    with http_server("--max-body-size", "1000") as (_, address):
        big = '{"jsonrpc": "2.0", "id": 1, "method": "ping", "params": {"x": "' + "a" * 2000
        assert httpx.post(address, content=big + '"}}', headers=JSON_HEADERS).status_code == 413
        assert httpx.post(address, content=PING, headers=JSON_HEADERS).status_code == 200


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_http_stops_on_a_signal(sig: signal.Signals) -> None:
    with http_server() as (child, address):
        assert httpx.post(address, content=PING, headers=JSON_HEADERS).status_code == 200
        started = time.monotonic()
        child.send_signal(sig)
        assert child.wait(STOP_WITHIN + 2) == 0
        assert time.monotonic() - started < STOP_WITHIN


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_stdio_stops_on_a_signal_with_its_input_open(sig: signal.Signals) -> None:
    child = subprocess.Popen(
        COMMAND, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert child.stderr is not None
        assert b"serving on stdio" in child.stderr.readline()
        started = time.monotonic()
        child.send_signal(sig)
        assert child.wait(STOP_WITHIN + 2) == 0
        assert time.monotonic() - started < STOP_WITHIN
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(10)


def test_a_port_in_use_is_one_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run(
            [*COMMAND, "--transport", "http", "--port", str(port)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert done.stderr == (
        f"naftiko-lint: port {port} (MCP server on 127.0.0.1) is in use; choose another "
        "with --port N (--port 0: any free port)\n"
    )
    assert done.stdout == ""
