"""Everything `serve` starts, in one asyncio loop, and stopped together.

`Servers` reads the capability exactly as `check` does (`export/source.read_source`), plans
what to start (serve/runtime_plan.py: when it refuses), opens every listening socket on
127.0.0.1 first (serve/ports.py: a port in use fails before anything runs), then runs one
uvicorn server per socket: the mock upstream (serve/upstream.py) that stands in for every
consumed namespace, each `rest` adapter (serve/rest.py) and each `mcp` adapter on http
(serve/mcp.py), all through one engine emulation (serve/engine.py) whose consumed calls go
to the mock upstream — or, with `upstream_url`, to another run's mock upstream (URL +
"/<namespace>" + the baseUri's path), in which case none is started here.

The servers install no signal handlers (uvicorn's own would re-raise the signal after
stopping each server): the CLI handles Ctrl-C/SIGTERM and leaves the context, which stops
them all within a few seconds (graceful shutdown is capped at one second a server)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from dataclasses import dataclass
from typing import Any

from naftiko_lint.capability.model import Adapter, CapabilityModel
from naftiko_lint.serve import ports
from naftiko_lint.serve.runtime_plan import Plan, ServeError, plan
from naftiko_lint.serve.runtime_uvicorn import failure_of, quiet_server, serve_on

__all__ = ["ServeError", "Servers", "Surface", "start_servers_in_thread"]

START_TIMEOUT = 15.0
STOP_TIMEOUT = 3.0


@dataclass(frozen=True)
class Surface:
    """One thing served: kind "rest" | "mcp" | "upstream", the namespace, its URL (for an
    upstream: the base URL that replaces the namespace's baseUri; "stdio" for stdio)."""

    kind: str
    name: str
    url: str
    adapter: Adapter | None
    stands_for: str | None = None  # an upstream's declared baseUri


def root_bind_keys(data: Any) -> frozenset[str]:
    """The variables of the document's root `binds` (`ServerAdapter.extractAllowedVariables`
    reads only those; `capability.binds` has no caller in the engine)."""
    keys: set[str] = set()
    binds = data.get("binds") if isinstance(data, dict) else None
    for bind in binds if isinstance(binds, list) else []:
        if isinstance(bind, dict) and isinstance(bind.get("keys"), dict):
            keys |= {str(k) for k in bind["keys"]}
    return frozenset(keys)


class Servers:
    """An async context manager: entering starts every surface, leaving stops them all."""

    def __init__(
        self,
        source_path: str,
        *,
        port_offset: int = 0,
        random_ports: bool = False,
        upstream_port: int | None = None,
        upstream_url: str | None = None,
        seed: int = 0,
        max_body: int = 1 << 20,
        stdio: bool = False,
        expose: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.source_path = source_path
        self.port_offset = port_offset
        self.random_ports = random_ports
        self.upstream_port = upstream_port
        self.upstream_url = upstream_url.rstrip("/") if upstream_url else None
        self.seed = seed
        self.max_body = max_body
        self.stdio = stdio
        self.expose = expose
        self.timeout = timeout
        self.surfaces: list[Surface] = []
        self.notes: list[str] = []
        self.source: Any = None  # export/source.Source: the file as `check` read it
        self.errors = 0  # error diagnostics of the capability
        self.recorder: Any = None
        self.model: CapabilityModel = CapabilityModel()
        self.engine: Any = None
        self._servers: list[Any] = []
        self._tasks: list[asyncio.Task[Any]] = []
        self._stdio_task: asyncio.Task[Any] | None = None

    # -- starting -------------------------------------------------------------------------

    def _load(self) -> tuple[Any, Plan]:
        from naftiko_lint.export.source import read_source
        from naftiko_lint.reading import reason

        try:
            source = read_source(self.source_path)
        except OSError as error:
            raise ServeError(f"cannot read {self.source_path}: {reason(error)}") from None
        if source.capability is None:
            raise ServeError(
                f"{self.source_path}: not a capability document (naftiko-lint check "
                "shows why); nothing to serve"
            )
        self.source = source
        self.errors = len(source.errors)
        self.model = source.capability.model
        chosen = plan(
            self.model,
            port_offset=self.port_offset,
            random_ports=self.random_ports,
            stdio=self.stdio,
            expose=self.expose,
            upstream_port=self.upstream_port,
        )
        return source, chosen

    async def __aenter__(self) -> Servers:
        source, chosen = await asyncio.to_thread(self._load)
        self.notes = list(chosen.notes)
        wanted = [ports.Wanted(p.port, p.label) for p in chosen.servers]
        if self.upstream_url is None:
            hint = "choose another --upstream-port" if self.upstream_port else "try again"
            wanted.insert(0, ports.Wanted(self.upstream_port or 0, "the mock upstream", hint))
        sockets = ports.open_all(wanted)
        try:
            await self._start(source, chosen, sockets)
        except BaseException:
            await self._stop()
            for sock in sockets:
                sock.close()
            raise
        return self

    async def _start(self, source: Any, chosen: Plan, sockets: list[socket.socket]) -> None:
        from naftiko_lint.serve.engine import Engine
        from naftiko_lint.serve.recording import Recorder
        from naftiko_lint.serve.upstream import build_upstream_app, upstream_bases

        self.recorder = Recorder()
        apps: list[tuple[Any, socket.socket]] = []
        if self.upstream_url is None:
            upstream_sock, sockets = sockets[0], sockets[1:]
            root = ports.url(upstream_sock)
            app = build_upstream_app(
                self.model, self.recorder, seed=self.seed, max_body=self.max_body
            )
            apps.append((app, upstream_sock))
        else:
            root = self.upstream_url
        bases = upstream_bases(self.model, root)
        for namespace, base in bases.items():
            entry = self.model.consumes.get(namespace)
            declared = entry.engine_data.get("baseUri") if entry is not None else None
            self.surfaces.append(Surface("upstream", namespace, base, None, declared))
        self.engine = Engine(self.model, bases, timeout=self.timeout)
        allowed = root_bind_keys(source.capability.data)
        for planned, sock in zip(chosen.servers, sockets, strict=True):
            try:
                app = self._app(planned.kind, planned.adapter, sock, allowed)
            except ValueError as error:  # the engine fails to start such an adapter too
                raise ServeError(f"{planned.label} cannot be served: {error}") from None
            except ImportError as error:
                raise ServeError(
                    f"serving {planned.label} needs {error.name}, which is not installed: "
                    "pip install 'naftiko-lint[serve]'"
                ) from None
            apps.append((app, sock))
            name = planned.adapter.namespace or planned.label
            self.surfaces.append(
                Surface(planned.kind, name, self._url(planned.kind, sock), planned.adapter)
            )
        if chosen.stdio is not None:
            from naftiko_lint.serve.mcp import surface_of

            # the lists the stdio session will answer, built before anything runs: an adapter
            # the engine cannot list (a tool input without a name) is refused like one on http
            surface_of(chosen.stdio.adapter, self.model, self.engine)
        for app, sock in apps:
            self._launch(app, sock)
        await self._wait_started()
        if chosen.stdio is not None:
            from naftiko_lint.serve.mcp import run_stdio

            adapter = chosen.stdio.adapter
            self.surfaces.append(
                Surface("mcp", adapter.namespace or chosen.stdio.label, "stdio", adapter)
            )
            self._stdio_task = asyncio.create_task(run_stdio(adapter, self.model, self.engine))

    def _app(
        self, kind: str, adapter: Adapter, sock: socket.socket, allowed: frozenset[str]
    ) -> Any:
        if kind == "rest":
            from naftiko_lint.serve.rest import build_rest_app

            return build_rest_app(
                adapter, self.engine, max_body=self.max_body, allowed_variables=allowed
            )
        from naftiko_lint.serve.mcp import build_mcp_app

        port = sock.getsockname()[1]
        return build_mcp_app(
            adapter, self.model, self.engine, host=ports.HOST, port=port, max_body=self.max_body
        )

    @staticmethod
    def _url(kind: str, sock: socket.socket) -> str:
        return ports.url(sock) + ("/mcp" if kind == "mcp" else "")

    def _launch(self, app: Any, sock: socket.socket) -> None:
        server = quiet_server(app)
        self._servers.append(server)
        self._tasks.append(asyncio.create_task(serve_on(server, sock)))

    async def _wait_started(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_TIMEOUT
        while not all(s.started for s in self._servers):
            for task, surface in zip(self._tasks, self._servers, strict=True):
                if task.done() and not surface.started:
                    raise ServeError(f"a server failed to start: {failure_of(task)}")
            if loop.time() > deadline:
                raise ServeError("the servers did not start within 15 s")
            await asyncio.sleep(0.01)

    # -- running and stopping -------------------------------------------------------------

    async def serve_until(self, stop: asyncio.Event) -> None:
        """Return when `stop` is set, the stdio session ends or a server stops by itself."""
        waiters = [asyncio.create_task(stop.wait()), *self._tasks]
        if self._stdio_task is not None:
            waiters.append(self._stdio_task)
        stopper = waiters[0]
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopper.cancel()

    def failure(self) -> str | None:
        """Why a server or the stdio session stopped by itself on an error, if one did (the
        CLI reports it, exit 2). Reading the stdio task's exception here also keeps asyncio
        from printing "Task exception was never retrieved" at exit."""
        for task in self._tasks:
            if task.done():
                return f"a server stopped: {failure_of(task)}"
        task = self._stdio_task
        if task is None or not task.done() or task.cancelled() or task.exception() is None:
            return None
        error = task.exception()
        if isinstance(error, ServeError):
            return str(error)
        return f"the stdio session failed: {failure_of(task)}"

    async def __aexit__(self, *exc: object) -> None:
        await self._stop()

    async def _stop(self) -> None:
        if self._stdio_task is not None and not self._stdio_task.done():
            # A read of standard input blocked in the SDK's worker thread cannot be
            # cancelled: the task is given a second, then left to end with the process.
            self._stdio_task.cancel()
            await asyncio.wait([self._stdio_task], timeout=1.0)
        for server in self._servers:
            server.should_exit = True
        if self._tasks:
            _, pending = await asyncio.wait(self._tasks, timeout=STOP_TIMEOUT)
            for server in self._servers:
                server.force_exit = True
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending, timeout=1.0)
        if self.engine is not None:
            with contextlib.suppress(Exception):
                await self.engine.aclose()
        self._servers.clear()
        self._tasks.clear()


from naftiko_lint.serve.runtime_thread import start_servers_in_thread  # noqa: E402  # re-exported
