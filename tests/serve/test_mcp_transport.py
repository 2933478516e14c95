"""The MCP server's HTTP face: DNS-rebinding protection (Host and Origin of 127.0.0.1 or
localhost on the served port only), the body cap, malformed JSON-RPC answered as JSON-RPC
errors, GET/DELETE as McpServerResource answers them, every path served (the engine's
router attaches MCP as its default route) — and it keeps serving after all of that."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from naftiko_lint.serve.mcp import DEFAULT_MAX_BODY
from tests.serve.test_mcp_server import JSON_HEADERS, MCP_TOOLS, mcp_url, result, rpc, served

pytestmark = pytest.mark.slow

PING = json.dumps({"jsonrpc": "2.0", "id": 7, "method": "ping"})


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with served(MCP_TOOLS) as servers:
        yield mcp_url(servers)


def _port(url: str) -> int:
    port = urlsplit(url).port
    assert port is not None
    return port


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"host": "evil.example.com"}, 421),
        ({"host": "evil.example.com", "origin": "http://evil.example.com"}, 421),
        ({"origin": "http://evil.example.com"}, 403),
        ({"host": "localhost:1"}, 421),  # another port
        ({"origin": "http://127.0.0.1"}, 403),  # no port
    ],
)
def test_rebinding_attempts_are_refused(url: str, headers: dict[str, str], status: int) -> None:
    answer = httpx.post(url, content=PING, headers={**JSON_HEADERS, **headers})
    assert answer.status_code == status


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost"])
def test_loopback_names_on_the_port_are_accepted(url: str, name: str) -> None:
    port = _port(url)
    headers = {"host": f"{name}:{port}", "origin": f"http://{name}:{port}"}
    answer = rpc(url, "ping", **headers)
    assert answer.status_code == 200
    assert answer.json() == {"jsonrpc": "2.0", "id": 1, "result": {}}


def test_refusals_cover_get_and_delete(url: str) -> None:
    for method in ("GET", "DELETE"):
        answer = httpx.request(method, url, headers={"host": "evil.example.com"})
        assert answer.status_code == 421


def test_get_is_405_and_delete_200_as_the_engine(url: str) -> None:
    got = httpx.get(url, headers={"accept": "text/event-stream"})
    assert (got.status_code, got.text) == (405, "GET not supported")
    deleted = httpx.delete(url, headers={"mcp-session-id": "anything"})
    assert (deleted.status_code, deleted.content) == (200, b"")


def test_a_body_over_the_cap_is_413(url: str) -> None:
    big = (
        b'{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"'
        + b"x" * DEFAULT_MAX_BODY
        + b'"}}'
    )
    assert httpx.post(url, content=big, headers=JSON_HEADERS).status_code == 413


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{not json", -32700),
        (b"", -32700),
        # not a JSON-RPC message: the SDK's -32602 "Validation error" (the engine: -32600)
        (b'"just a string"', -32602),
        (b'{"jsonrpc": "1.0", "id": 1, "method": "ping"}', -32602),
        (b'{"jsonrpc": "2.0", "id": 1}', -32602),
        (b'{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": 5}}', -32602),
        (
            b'{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":[]}}',
            -32602,
        ),
        (b'{"jsonrpc": "2.0", "id": 1, "method": "resources/read"}', -32602),
    ],
)
def test_malformed_json_rpc_is_a_json_rpc_error(url: str, body: bytes, code: int) -> None:
    answer = httpx.post(url, content=body, headers=JSON_HEADERS)
    assert answer.status_code < 500
    payload = answer.json()
    assert payload["jsonrpc"] == "2.0"
    assert payload["error"]["code"] == code, payload


def test_every_path_serves_mcp(url: str) -> None:
    root = url.removesuffix("/mcp")
    for path in ("/", "/other", "/mcp/deeper"):
        answer = httpx.post(root + path, content=PING, headers=JSON_HEADERS)
        assert answer.json()["result"] == {}, path


def test_notifications_are_accepted_without_a_body(url: str) -> None:
    note = json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"})
    answer = httpx.post(url, content=note, headers=JSON_HEADERS)
    assert answer.status_code == 202


def test_it_still_serves_after_all_that(url: str) -> None:
    assert result(url, "ping") == {}
    tools: list[Any] = result(url, "tools/list")["tools"]
    assert [t["name"] for t in tools] == ["current-weather", "subscribe-alerts"]
