"""The MCP server of one `mcp` adapter, on the official `mcp` SDK (2.x low-level server):
Streamable HTTP for `build_mcp_app`, stdin/stdout for `run_stdio`.

What it emulates (io.naftiko.engine.exposes.mcp):
* McpServerAdapter.initHttpTransport attaches McpServerResource as the router's default
  route, so the engine answers MCP on every path; `/mcp` (MCP_PATH) is the one to print.
* McpServerResource answers every POST with one JSON body, never an SSE stream, and keeps
  no session state it checks: the SDK's JSON-response mode without sessions does the same
  (a request needs no earlier `initialize` and no `Mcp-Session-Id`).
* ProtocolDispatcher.handleInitialize: protocolVersion "2025-11-25" whatever the client
  asks, serverInfo the adapter's namespace at version "1.0.0", `instructions` its
  description, and the capabilities `tools`, plus `resources` and `prompts` only when the
  adapter declares some (each an empty object). The methods of an undeclared capability
  still answer (with empty lists), as the dispatcher's switch does.
* The SDK's low-level server checks a `tools/call` against nothing but its own params
  model (`name` a string, `arguments` an object): no inputSchema validation, no required
  arguments, as the engine (mcp_handlers.McpSurface.call_tool).

What the engine lacks and these servers add, since they face a browser's reach on
loopback: Host/Origin checks (DNS-rebinding protection) allowing only 127.0.0.1 and
localhost on the served port, and a cap on request body size.

Where the SDK answers otherwise than the engine (none of it changes what a well-formed
call does): result keys come in alphabetical order (Jackson writes them as built); a body
that is no JSON-RPC message is -32602 "Validation error" (the engine: -32600, or -32601
without a method) and a parse error comes with HTTP 400 (the engine: 200); a POST must be
`Content-Type: application/json`; no `Mcp-Session-Id` is issued (the engine issues one and
never checks it); prompt arguments must be strings (the engine stringifies any value); a
template message whose role is neither `user` nor `assistant` fails with -32603."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

from naftiko_lint.capability.model import Adapter, CapabilityModel
from naftiko_lint.serve.mcp_handlers import ENGINE_PROTOCOL_VERSION, ENGINE_VERSION, McpSurface

if TYPE_CHECKING:
    from mcp.server.lowlevel.server import Server

    from naftiko_lint.serve.engine import Engine

MCP_PATH = "/mcp"
DEFAULT_MAX_BODY = 1 << 20

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def build_server(surface: McpSurface) -> Server:
    """The SDK server answering `surface`'s methods, advertising the engine's
    capabilities rather than the ones the SDK derives from the registered handlers."""
    import mcp_types as types
    from mcp.server.lowlevel.server import Server

    class EngineServer(Server):
        def get_capabilities(self, *args: Any, **kwargs: Any) -> types.ServerCapabilities:
            return surface.capabilities()

    server = EngineServer(
        surface.name,
        version=ENGINE_VERSION,
        instructions=surface.instructions,
        on_list_tools=surface.list_tools,
        on_call_tool=surface.call_tool,
        on_list_resources=surface.list_resources,
        on_list_resource_templates=surface.list_resource_templates,
        on_read_resource=surface.read_resource,
        on_list_prompts=surface.list_prompts,
        on_get_prompt=surface.get_prompt,
    )
    server.middleware.append(answer_engine_version)
    return server


async def answer_engine_version(ctx: Any, call_next: Callable[[Any], Awaitable[Any]]) -> Any:
    """ProtocolDispatcher.handleInitialize answers MCP_PROTOCOL_VERSION "2025-11-25"
    whatever the client asked for; the SDK would echo a version it knows."""
    result = await call_next(ctx)
    if ctx.method == "initialize" and isinstance(result, dict) and "protocolVersion" in result:
        result = {**result, "protocolVersion": ENGINE_PROTOCOL_VERSION}
    return result


def allowed_hosts(host: str, port: int) -> tuple[list[str], list[str]]:
    """Host and Origin values a request may carry: the bound address, 127.0.0.1 and
    localhost, each with the served port and no other."""
    names = list(dict.fromkeys([host, "127.0.0.1", "localhost"]))
    return [f"{n}:{port}" for n in names], [f"http://{n}:{port}" for n in names]


class McpApp:
    """An ASGI app: every HTTP path goes to the SDK's Streamable HTTP manager, and the
    ASGI lifespan runs the manager (whose task group must open and close in one task)."""

    def __init__(self, server: Server, *, host: str, port: int, max_body: int) -> None:
        from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
        from mcp.server.transport_security import (
            TransportSecurityMiddleware,
            TransportSecuritySettings,
        )

        hosts, origins = allowed_hosts(host, port)
        security = TransportSecuritySettings(
            enable_dns_rebinding_protection=True, allowed_hosts=hosts, allowed_origins=origins
        )
        self.security = TransportSecurityMiddleware(security)
        self.manager = StreamableHTTPSessionManager(
            app=server,
            json_response=True,
            stateless=True,
            security_settings=security,
            max_request_body_size=max_body,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            method = scope.get("method")
            if method in ("GET", "DELETE"):
                await self._get_or_delete(method, scope, receive, send)
            else:
                await self.manager.handle_request(scope, receive, send)

    async def _get_or_delete(self, method: str, scope: Scope, receive: Receive, send: Send) -> None:
        """McpServerResource.handleGet answers 405 (it opens no SSE stream, which the MCP
        spec allows) and handleDelete 200 with an empty JSON body (it keeps no session
        to end); both after the same Host/Origin check as a POST."""
        from starlette.requests import Request
        from starlette.responses import Response

        refused = await self.security.validate_request(Request(scope, receive), is_post=False)
        if refused is not None:
            response = refused
        elif method == "GET":
            response = Response("GET not supported", status_code=405, media_type="text/plain")
        else:
            response = Response(b"", status_code=200, media_type="application/json")
        await response(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        await receive()  # lifespan.startup
        started = False
        try:
            async with self.manager.run():
                await send({"type": "lifespan.startup.complete"})
                started = True
                await receive()  # lifespan.shutdown
        except Exception as error:  # reported to the server, not raised into it
            kind = "shutdown" if started else "startup"
            await send({"type": f"lifespan.{kind}.failed", "message": str(error)})
            return
        await send({"type": "lifespan.shutdown.complete"})


def build_mcp_app(
    adapter: Adapter,
    model: CapabilityModel,
    engine: Engine,
    *,
    host: str,
    port: int,
    max_body: int = DEFAULT_MAX_BODY,
) -> McpApp:
    """The adapter's MCP server as an ASGI app for `host:port` (the port it is served on:
    the Host/Origin allow-list names it). Raises ServeError when the adapter's lists
    cannot be built, as the engine fails to start."""
    return McpApp(
        build_server(surface_of(adapter, model, engine)), host=host, port=port, max_body=max_body
    )


def surface_of(adapter: Adapter, model: CapabilityModel, engine: Engine) -> McpSurface:
    """The adapter's answers, or the one line `serve` prints when it cannot list them
    (a tool input without a name, a resource without a uri: Jackson cannot write them)."""
    from naftiko_lint.export.mcp_errors import McpSurfaceError
    from naftiko_lint.serve.runtime_plan import ServeError

    try:
        return McpSurface(adapter, model, engine)
    except McpSurfaceError as error:
        raise ServeError(f"mcp adapter {adapter.namespace!r} cannot be served: {error}") from None


async def run_stdio(adapter: Adapter, model: CapabilityModel, engine: Engine) -> None:
    """Serve the adapter over stdin/stdout until stdin closes (StdioJsonRpcHandler: one
    JSON-RPC message a line, each answered, mcp_stdio.py). The SDK points fd 1 at stderr
    while it serves, so nothing else printed reaches the protocol stream.

    The connection starts out initialized: the engine's dispatcher answers any request at
    any time, with or without an `initialize` first (which still answers as usual)."""
    from mcp.server.connection import Connection
    from mcp.server.runner import serve_connection
    from mcp.server.stdio import stdio_server
    from mcp.shared.jsonrpc_dispatcher import JSONRPCDispatcher

    from naftiko_lint.serve.mcp_stdio import line_streams

    server = build_server(surface_of(adapter, model, engine))
    async with stdio_server() as (sdk_read, sdk_write), server.lifespan(server) as state:
        read_stream, write_stream = line_streams(sdk_read, sdk_write)
        dispatcher = JSONRPCDispatcher(
            read_stream, write_stream, inline_methods=frozenset({"initialize"})
        )
        connection = Connection.for_loop(dispatcher)
        connection.initialized.set()
        await serve_connection(
            server,
            dispatcher,
            connection=connection,
            lifespan_state=state,
            init_options=server.create_initialization_options(),
        )
