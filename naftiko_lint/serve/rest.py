"""The REST adapter of one `rest` expose, as an ASGI app: `exposes/rest/RestServerAdapter`
(authentication filter, then the router) and `exposes/rest/ResourceRestlet.handle`.

For a request the router matches (serve/rest_routes.py), the resource's first operation whose
`method` equals the request's method (case-sensitive, as `String.equals`) handles it: its
parameter map is read from the request (serve/rest_inputs.py) and the engine emulation runs it
(`Engine.rest`: `with` merge, then call / steps / ref / mock). With no such operation (or
only orchestrated ones that produced nothing) a resource with `forward` proxies the request
(`Engine.forward`), and otherwise the answer is 404 "Unable to handle the request. Please
check the capability specification." A path no route matches is a bare 404, as Restlet's
router answers.

Our additions, which the engine has not: a request body larger than `max_body` is refused
with 413 before anything reads it, and an exception inside the emulation is a 500 naming it
(Restlet too answers 500 for an uncaught exception) instead of a dropped connection."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

from naftiko_lint.capability.model import Adapter, Resource
from naftiko_lint.serve import rest_auth
from naftiko_lint.serve.asgi import declared_over, lifespan, read_capped
from naftiko_lint.serve.engine_rest import UNHANDLED, Reply, text_reply
from naftiko_lint.serve.rest_inputs import RestRequest, parse_query, resolve_inputs
from naftiko_lint.serve.rest_routes import build_router

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def content_type(media_type: str | None) -> str | None:
    """The Content-Type Restlet writes: its string representations carry UTF-8."""
    if media_type in ("text/plain", "application/json"):
        return f"{media_type}; charset=UTF-8"
    return media_type


async def respond(
    send: Send,
    status: int,
    body: bytes,
    media_type: str | None,
    extra: tuple[tuple[str, str], ...] = (),
) -> None:
    if status in (204, 304):  # no body, no Content-Length (RFC 9110)
        body = b""
        headers = []
    else:
        headers = [(b"content-length", str(len(body)).encode())]
    kind = content_type(media_type)
    if kind is not None:
        headers.append((b"content-type", kind.encode("latin-1")))
    headers += [(name.encode("latin-1"), value.encode("latin-1")) for name, value in extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def too_large(limit: int) -> bytes:
    return f"Request body too large: the limit is {limit} bytes (--max-body-size).".encode()


def unhandled(reply: Reply) -> bool:
    return reply.status == 404 and reply.body == UNHANDLED.encode()


async def handle(
    engine: Any, resource: Resource, method: str, request: RestRequest, env: Mapping[str, str]
) -> Reply:
    """`ResourceRestlet.handle`: the operations of `method` in order — an orchestrated one
    whose steps produced no response and no mock output lets the next one try
    (`handleFromOperationSpec` returns false only then) — then `forward`, then 404."""
    for unit in resource.operations:
        if unit.data.get("method") != method:
            continue
        params = resolve_inputs(unit.inputs, request, environ=env)
        reply = await engine.rest(unit, params)
        orchestrated = unit.data.get("call") is None and unit.data.get("ref") is None
        if not (orchestrated and unhandled(reply)):
            return reply
    if isinstance(resource.data.get("forward"), dict):
        path = request.path_values.get("path")
        return await engine.forward(resource, method, path, list(request.headers), request.body)
    return text_reply(404, UNHANDLED)


def build_rest_app(
    adapter: Adapter,
    engine: Any,
    *,
    max_body: int,
    allowed_variables: frozenset[str] = frozenset(),
    environ: Mapping[str, str] | None = None,
) -> ASGIApp:
    """The ASGI app serving `adapter` through `engine` (serve/engine.py's Engine).
    `allowed_variables`: the root `binds` keys (the secrets authentication may read from the
    environment); `environ`: the environment (default: the process's, read per request)."""
    router = build_router(adapter)
    auth = adapter.data.get("authentication")

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        env = os.environ if environ is None else environ
        headers = tuple(
            (k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", ())
        )
        if declared_over(headers, max_body):
            await respond(send, 413, too_large(max_body), "text/plain")
            return
        query = parse_query(scope.get("query_string", b"").decode("utf-8", "replace"))
        denial = rest_auth.check(auth, headers, query, allowed_variables, env)
        if denial is not None:
            await respond(send, denial.status, denial.body, denial.media_type, denial.headers)
            return
        raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
        found = router.match(raw_path.decode("latin-1"))
        if found is None:
            await respond(send, 404, b"", None)
            return
        route, values = found
        body, over = await read_capped(receive, max_body)
        if over:
            await respond(send, 413, too_large(max_body), "text/plain")
            return
        request = RestRequest(values, query, headers, body)
        try:
            reply = await handle(engine, route.resource, scope["method"], request, env)
        except Exception as error:  # the engine answers 500 for what it did not catch
            text = f"Error while handling the request\n\n{type(error).__name__}: {error}"
            await respond(send, 500, text.encode(), "text/plain")
            return
        await respond(send, reply.status, reply.body, reply.media_type)

    return app
