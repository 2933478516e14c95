"""`Servers` in a thread of their own, for synchronous callers: tests, and conformance,
which drives the servers from code that blocks (schemathesis, the routing checks)."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from naftiko_lint.serve.runtime import Servers

JOIN_TIMEOUT = 10.0


def start_servers_in_thread(
    source_path: str, *, start_timeout: float = 60.0, **options: Any
) -> tuple[Servers, Callable[[], None]]:
    """Start `Servers(source_path, **options)` in a daemon thread with its own event loop and
    return them once every surface accepts connections, with `stop()`, which stops them and
    returns when the thread has ended (idempotent). A failure to start (ServeError included)
    is raised here, in the caller's thread."""
    from naftiko_lint.serve.runtime import Servers

    ready = threading.Event()
    state: dict[str, Any] = {}

    async def body() -> None:
        stop = asyncio.Event()
        state["loop"], state["stop"] = asyncio.get_running_loop(), stop
        try:
            async with Servers(source_path, **options) as servers:
                state["servers"] = servers
                ready.set()
                await stop.wait()
        except BaseException as error:  # handed to the caller's thread
            state.setdefault("error", error)
        finally:
            ready.set()

    thread = threading.Thread(target=asyncio.run, args=(body(),), daemon=True, name="naftiko-serve")
    thread.start()
    if not ready.wait(start_timeout):
        _request_stop(state)
        thread.join(JOIN_TIMEOUT)
        raise TimeoutError(f"the servers did not start within {start_timeout} s")
    if "servers" not in state:
        thread.join(JOIN_TIMEOUT)
        raise state.get("error") or RuntimeError("the servers did not start")

    def stop() -> None:
        _request_stop(state)
        thread.join(JOIN_TIMEOUT)

    return state["servers"], stop


def _request_stop(state: dict[str, Any]) -> None:
    loop, event = state.get("loop"), state.get("stop")
    if loop is not None and event is not None and not loop.is_closed():
        with contextlib.suppress(RuntimeError):  # the loop has just closed
            loop.call_soon_threadsafe(event.set)
