"""One MCP connection driven by the official SDK client (`mcp` 2.x), answering raw results.

The checks compare what a server sends with what the engine would send (its
exposes/mcp/ProtocolDispatcher writes plain JSON objects), so every request goes through
`ClientSession.send_request` with a `dict` result type: the SDK still validates the result
against the protocol, but nothing is re-modelled, dropped or defaulted on the way. Every
request is bounded by `timeout`; a transport failure ends the connection and is reported
by the caller as the surface being unreachable."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import anyio
import httpx2
import mcp_types as types
from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from mcp.shared.exceptions import MCPError
from pydantic import TypeAdapter

RAW: TypeAdapter[dict[str, Any]] = TypeAdapter(dict[str, Any])
MAX_PAGES = 20  # a server that keeps answering nextCursor is not listed forever


@dataclass(frozen=True)
class RpcError(Exception):
    """A JSON-RPC error answer (the engine's -32602/-32603), or a result the protocol rejects."""

    code: int
    message: str

    def __str__(self) -> str:
        return f"JSON-RPC error {self.code}: {self.message}"


class Unreachable(Exception):
    """The server did not answer in time, refused the connection or dropped it."""


def innermost(error: BaseException) -> BaseException:
    """The first error inside (nested) exception groups: anyio's task groups wrap what the
    transport raises (duck-typed, as Python 3.10 has no BaseExceptionGroup built in)."""
    while getattr(error, "exceptions", None):
        error = error.exceptions[0]  # type: ignore[attr-defined]
    return error


def describe(error: BaseException) -> str:
    """The innermost error, as one line."""
    inner = innermost(error)
    text = str(inner).strip()
    return text.splitlines()[0] if text else type(inner).__name__


class McpProbe:
    """Raw requests over an initialized session."""

    def __init__(self, session: ClientSession, timeout: float) -> None:
        self.session = session
        self.timeout = timeout

    async def request(self, request: Any) -> dict[str, Any]:
        try:
            with anyio.fail_after(self.timeout):
                return await self.session.send_request(
                    request, RAW, request_read_timeout_seconds=self.timeout
                )
        except MCPError as error:
            raise RpcError(error.code, error.message) from error
        except TimeoutError as error:
            raise Unreachable(f"no answer within {self.timeout:g} s") from error
        except ValueError as error:  # pydantic.ValidationError: a result off the protocol
            raise RpcError(-32603, f"result off the MCP schema: {describe(error)}") from error

    async def listing(self, method: str, key: str) -> list[Any]:
        """Every page of a `*/list` result's `key` list."""
        request_types = {
            "tools/list": types.ListToolsRequest,
            "resources/list": types.ListResourcesRequest,
            "resources/templates/list": types.ListResourceTemplatesRequest,
            "prompts/list": types.ListPromptsRequest,
        }
        items: list[Any] = []
        cursor: str | None = None
        for _ in range(MAX_PAGES):
            params = types.PaginatedRequestParams(cursor=cursor) if cursor else None
            result = await self.request(request_types[method](params=params))
            page = result.get(key)
            items += page if isinstance(page, list) else []
            cursor = result.get("nextCursor")
            if not isinstance(cursor, str) or not cursor:
                break
        return items

    async def call_tool(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        params = types.CallToolRequestParams(name=name, arguments=arguments)
        return await self.request(types.CallToolRequest(params=params))

    async def read_resource(self, uri: str) -> dict[str, Any]:
        params = types.ReadResourceRequestParams(uri=uri)
        return await self.request(types.ReadResourceRequest(params=params))

    async def get_prompt(self, name: str, arguments: dict[str, str]) -> dict[str, Any]:
        params = types.GetPromptRequestParams(name=name, arguments=arguments)
        return await self.request(types.GetPromptRequest(params=params))


@asynccontextmanager
async def connect(url: str, timeout: float) -> AsyncIterator[McpProbe]:
    """An initialized session on the Streamable HTTP endpoint `url`. Initialize failures
    raise Unreachable (refused, timed out) or RpcError (answered, but not as MCP)."""
    # The SDK's default client waits 300 s for a read; every wait here is `timeout`.
    client = create_mcp_http_client(timeout=httpx2.Timeout(timeout))
    async with (
        client,
        streamable_http_client(url, http_client=client) as (read, write),
        ClientSession(read, write, read_timeout_seconds=timeout) as session,
    ):
        try:
            with anyio.fail_after(timeout):
                await session.initialize()
        except MCPError as error:
            raise RpcError(error.code, error.message) from error
        except TimeoutError as error:
            raise Unreachable(f"initialize got no answer within {timeout:g} s") from error
        yield McpProbe(session, timeout)
