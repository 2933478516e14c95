"""The two ways the server is reached: stdin/stdout (the SDK's stdio transport, one client,
ending with its input) and Streamable HTTP at /mcp (the SDK's session manager behind
serve/mcp.McpApp: JSON responses, no sessions, Host/Origin checks against DNS rebinding,
a cap on request bodies), served by uvicorn as `serve` runs it (serve/runtime_uvicorn).

Both run until `stop` is set (the CLI sets it on SIGINT/SIGTERM) or they end by
themselves, and stop within a few seconds: uvicorn's graceful shutdown is capped at one
second, then the server is forced down."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mcp.server.lowlevel.server import Server

MCP_PATH = "/mcp"
STOP_TIMEOUT = 3.0
START_TIMEOUT = 15.0


class TransportError(Exception):
    """The server cannot be reached as asked (a port in use): one line, exit 2."""


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on host:port (port 0: any free one), opened as `serve` opens its
    own (serve/ports.open_listener); TransportError when not."""
    from naftiko_lint.serve.ports import Wanted, open_listener
    from naftiko_lint.serve.runtime_plan import ServeError

    hint = "choose another with --port N (--port 0: any free port)"
    try:
        return open_listener(Wanted(port, f"MCP server on {host}", hint), host)
    except ServeError as error:
        raise TransportError(str(error)) from None


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}{MCP_PATH}"


async def _until(stop: asyncio.Event, task: asyncio.Task[Any]) -> None:
    """Return when `stop` is set or `task` ends, whichever comes first."""
    stopper = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait([stopper, task], return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()


async def serve_http(
    server: Server,
    sock: socket.socket,
    stop: asyncio.Event,
    *,
    max_body: int,
    announce: Callable[[str], None],
) -> str | None:
    """Serve `server` on the listening `sock` until `stop`; None, or why it stopped early."""
    from naftiko_lint.serve.mcp import McpApp
    from naftiko_lint.serve.runtime_uvicorn import failure_of, quiet_server, serve_on

    host, port = sock.getsockname()[:2]
    app = McpApp(server, host=f"[{host}]" if ":" in host else host, port=port, max_body=max_body)
    uvicorn_server = quiet_server(app)
    task = asyncio.create_task(serve_on(uvicorn_server, sock))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + START_TIMEOUT
    while not uvicorn_server.started and not task.done() and loop.time() < deadline:
        await asyncio.sleep(0.01)
    if not uvicorn_server.started:
        uvicorn_server.should_exit = True
        return f"the server did not start: {failure_of(task) if task.done() else 'timed out'}"
    announce(url_of(sock))
    await _until(stop, task)
    if task.done():
        return f"the server stopped: {failure_of(task)}"
    uvicorn_server.should_exit = True
    _, pending = await asyncio.wait([task], timeout=STOP_TIMEOUT)
    if pending:
        uvicorn_server.force_exit = True
        task.cancel()
        await asyncio.wait([task], timeout=1.0)
    return None


async def serve_stdio(server: Server, stop: asyncio.Event) -> str | None:
    """Serve `server` on stdin/stdout until its input ends or `stop`; None, or why it
    failed. The SDK points fd 1 at stderr while it serves: nothing printed reaches the
    protocol stream."""

    async def session() -> None:
        from mcp.server.stdio import stdio_server

        async with stdio_server() as (read, write):
            await server.run(read, write, server.create_initialization_options())

    task = asyncio.create_task(session())
    await _until(stop, task)
    if not task.done():
        # A read of standard input blocked in a worker thread cannot be cancelled: the task
        # is given a second, then left to end with the process.
        task.cancel()
        await asyncio.wait([task], timeout=1.0)
        return None
    if task.cancelled() or task.exception() is None:
        return None
    error = task.exception()
    return f"the stdio session failed: {type(error).__name__}: {error}"


@contextlib.contextmanager
def stop_on_signals(stop: asyncio.Event) -> Any:
    """SIGINT and SIGTERM set `stop` while the block runs."""
    import signal

    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)
    for sig in signals:
        loop.add_signal_handler(sig, stop.set)
    try:
        yield
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)
