"""What the plain ASGI servers `serve` starts (the REST adapters and the mock upstream)
share: the lifespan handshake and reading a request body under a size cap (the MCP server
has its own lifespan, which runs the SDK's session manager, and caps its own bodies)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


async def lifespan(receive: Receive, send: Send) -> None:
    """Answer uvicorn's startup and shutdown: these servers hold nothing to open or close."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def declared_over(headers: Iterable[tuple[str, str]], limit: int) -> bool:
    """Whether the request declares a Content-Length over `limit` (refused unread)."""
    declared = next((v for k, v in headers if k.lower() == "content-length"), None)
    return declared is not None and declared.strip().isdigit() and int(declared) > limit


async def read_capped(receive: Receive, limit: int) -> tuple[bytes, bool]:
    """The body, cut to `limit` bytes, and whether it was longer (reading stops there)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            chunks.append(chunk[: max(0, limit - (size - len(chunk)))])
            return b"".join(chunks), True
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks), False
