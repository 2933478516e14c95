"""The stdio line protocol of the engine's MCP adapter on top of the SDK's stdio streams.

exposes/mcp/StdioJsonRpcHandler reads one line at a time and writes its answer before it
reads the next, so every line gets its answer, even when stdin ends right after it (a
session piped in from a file), and a line that cannot be read gets a JSON-RPC error
("Parse error", -32700). The SDK serves requests concurrently, drops a line it cannot
parse without a word, and at the end of stdin cancels what is still running. These two
wrappers restore the engine's behaviour: the reader answers unreadable lines, and at the
end of stdin it waits until every request read so far has been answered (bounded by
DRAIN_TIMEOUT) before it reports the end."""

from __future__ import annotations

from typing import Any

import anyio
import mcp_types as types
from mcp.shared.message import SessionMessage

DRAIN_TIMEOUT = 30.0  # longer than any consumed call may take (the engine's timeout)


class _Pending:
    """Ids of the requests read and not yet answered."""

    def __init__(self) -> None:
        self.ids: set[Any] = set()
        self.empty = anyio.Event()
        self.empty.set()

    def add(self, request_id: Any) -> None:
        self.ids.add(request_id)
        if self.empty.is_set():
            self.empty = anyio.Event()

    def done(self, request_id: Any) -> None:
        self.ids.discard(request_id)
        if not self.ids:
            self.empty.set()


class AnsweredWriter:
    """The SDK's write stream, noting which requests have had their answer."""

    def __init__(self, inner: Any, pending: _Pending) -> None:
        self.inner, self.pending = inner, pending

    async def send(self, item: Any) -> None:
        await self.inner.send(item)
        message = getattr(item, "message", None)
        if isinstance(message, (types.JSONRPCResponse, types.JSONRPCError)):
            self.pending.done(message.id)

    async def aclose(self) -> None:
        await self.inner.aclose()

    async def __aenter__(self) -> AnsweredWriter:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class AnsweringReader:
    """The SDK's read stream, answering unreadable lines and holding back the end of
    stdin until every request read has been answered."""

    def __init__(self, inner: Any, write: AnsweredWriter) -> None:
        self.inner, self.write = inner, write

    async def receive(self) -> Any:
        while True:
            try:
                item = await self.inner.receive()
            except (anyio.EndOfStream, anyio.ClosedResourceError):
                with anyio.move_on_after(DRAIN_TIMEOUT):
                    await self.write.pending.empty.wait()
                raise
            if isinstance(item, Exception):
                await self.write.send(unreadable(item))
                continue
            if isinstance(item.message, types.JSONRPCRequest):
                self.write.pending.add(item.message.id)
            return item

    async def aclose(self) -> None:
        await self.inner.aclose()

    def __aiter__(self) -> AnsweringReader:
        return self

    async def __anext__(self) -> Any:
        try:
            return await self.receive()
        except (anyio.EndOfStream, anyio.ClosedResourceError):
            raise StopAsyncIteration from None

    async def __aenter__(self) -> AnsweringReader:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def unreadable(error: Exception) -> SessionMessage:
    """The answer to a line the SDK could not read: -32700 for text that is no JSON,
    -32600 for JSON that is no JSON-RPC message (the engine's dispatcher checks
    `jsonrpc` first)."""
    errors = getattr(error, "errors", None)
    kinds = [e.get("type") for e in errors()] if callable(errors) else []
    if "json_invalid" in kinds:
        code, message = types.PARSE_ERROR, "Parse error: the line is not JSON"
    else:
        code, message = types.INVALID_REQUEST, "Invalid Request: not a JSON-RPC message"
    reply = types.JSONRPCError(
        jsonrpc="2.0", id=None, error=types.ErrorData(code=code, message=message)
    )
    return SessionMessage(reply)


def line_streams(read: Any, write: Any) -> tuple[AnsweringReader, AnsweredWriter]:
    writer = AnsweredWriter(write, _Pending())
    return AnsweringReader(read, writer), writer
