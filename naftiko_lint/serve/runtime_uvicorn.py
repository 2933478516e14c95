"""One uvicorn server per listening socket, several in one event loop.

uvicorn's `Server.serve` installs SIGINT/SIGTERM handlers while it runs and re-raises a
caught signal when it returns, which is wrong for several servers sharing a loop under a CLI
that handles the signals itself; `quiet_server` keeps uvicorn's hands off them, logs only
errors (not the warning each malformed request a fuzzer sends would print), to standard
error, never standard output (`serve --stdio` keeps it for JSON-RPC), answers without a
`server` header, trusts no proxy headers and caps the graceful shutdown at one second."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator
from typing import Any


def quiet_server(app: Any) -> Any:
    """A uvicorn.Server for `app` that leaves signals alone."""
    import uvicorn

    class QuietServer(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:  # the CLI handles signals
            yield

    config = uvicorn.Config(
        app,
        log_config=None,
        log_level="error",
        access_log=False,
        lifespan="auto",
        ws="none",
        server_header=False,
        proxy_headers=False,
        timeout_graceful_shutdown=1,
    )
    return QuietServer(config)


async def serve_on(server: Any, sock: socket.socket) -> None:
    """`server.serve` on `sock`, its `sys.exit` on a failed application startup turned into
    an ordinary error (a SystemExit inside a task would stop the whole event loop)."""
    try:
        await server.serve(sockets=[sock])
    except SystemExit:
        raise RuntimeError("its application failed at startup") from None


def failure_of(task: asyncio.Task[Any]) -> str:
    """Why a server's task ended, in a few words."""
    if task.cancelled():
        return "cancelled"
    error = task.exception()
    return f"{type(error).__name__}: {error}" if error is not None else "it stopped"
