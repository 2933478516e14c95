"""The mock upstream: one ASGI app that plays every consumed API of a capability.

Each consumes namespace lives under the prefix `/<namespace>`, so one port serves them all
and `upstream_bases` gives the base URL that replaces each `baseUri`. A consumed operation
answers its method at base path + resource path (see `upstream_routes` for matching) with
a body synthesised from what the capability reads of it (`synth_needs`, `synth`), written in
its declared `outputRawFormat` with that format's Content-Type (`synth_formats`: json, yaml,
xml, csv, tsv, psv; a marked text for the formats not synthesised): status 200, the same
bytes for every request and for a given `seed`. Anything
else is answered 404 with a JSON error. Every request is recorded, matched or not, with its
undecoded path, decoded query, lower-cased headers and body (`recording`); a body beyond
`max_body` bytes is answered 413 (with `Connection: close`) and recorded with what was read
of it: nothing when its Content-Length announced the excess, else the first `max_body`
bytes.

The app is raw ASGI (no framework: the route table is the capability's, and the raw path
must be kept as received). Servers bind to 127.0.0.1 only."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

from naftiko_lint.capability.model import CapabilityModel
from naftiko_lint.serve.asgi import declared_over, lifespan, read_capped
from naftiko_lint.serve.recording import RecordedRequest, Recorder
from naftiko_lint.serve.synth import build, rng_for
from naftiko_lint.serve.synth_formats import encode_as
from naftiko_lint.serve.synth_needs import OperationKey, needs_by_operation, operation_key
from naftiko_lint.serve.upstream_routes import base_path, build_routes, find_route

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DEFAULT_MAX_BODY = 1 << 20


def upstream_bases(model: CapabilityModel, root: str) -> dict[str, str]:
    """namespace → the base URL that replaces its baseUri: `root` + "/<namespace>" + the
    baseUri's path without a trailing "/"."""
    root = root.rstrip("/")
    return {ns: f"{root}/{ns}{base_path(entry)}" for ns, entry in model.consumes.items()}


def responses(model: CapabilityModel, seed: int = 0) -> dict[OperationKey, tuple[bytes, str]]:
    """The body and Content-Type each consumed operation answers, worked out once per app."""
    needs = needs_by_operation(model)
    answers: dict[OperationKey, tuple[bytes, str]] = {}
    for entry in model.consumes.values():
        for operation in entry.all_operations:
            key = operation_key(operation)
            rng = rng_for(seed, entry.namespace, operation.name)
            document = build(needs.get(key, []), rng)
            answers[key] = encode_as(document, operation.data.get("outputRawFormat"))
    return answers


def response_bodies(model: CapabilityModel, seed: int = 0) -> dict[OperationKey, bytes]:
    """The body each consumed operation answers."""
    return {key: body for key, (body, _) in responses(model, seed).items()}


def build_upstream_app(
    model: CapabilityModel, recorder: Recorder, *, seed: int = 0, max_body: int = DEFAULT_MAX_BODY
) -> ASGIApp:
    """ONE app serving every consumed namespace under "/<namespace>"."""
    routes = build_routes(model)
    answers = responses(model, seed)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        raw = scope.get("raw_path") or scope["path"].encode()
        path = raw.partition(b"?")[0].decode("latin-1")
        namespace, slash, tail = path[1:].partition("/")
        rest = slash + tail
        headers = tuple(
            (k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in scope["headers"]
        )
        body, too_large = await _read_body(receive, headers, max_body)
        method = scope["method"]
        route, others = find_route(routes, namespace, method, rest)
        query = scope.get("query_string", b"").decode("utf-8", "replace")
        recorder.add(
            RecordedRequest(
                namespace,
                method,
                rest,
                tuple(parse_qsl(query, keep_blank_values=True)),
                headers,
                body,
                route.operation if route is not None else None,
            )
        )
        if too_large:
            await _answer(send, 413, _error(f"request body over {max_body} bytes"), close=True)
        elif route is None:
            hint = f"; this path takes {', '.join(others)}" if others else ""
            message = f"no consumed operation of {namespace!r} answers {method} {rest}{hint}"
            await _answer(send, 404, _error(message))
        else:
            body, content_type = answers.get(route.key, (b"{}", "application/json"))
            await _answer(send, 200, body, content_type=content_type)

    return app


def _error(message: str) -> bytes:
    return json.dumps({"error": message}).encode()


async def _read_body(
    receive: Receive, headers: tuple[tuple[str, str], ...], max_body: int
) -> tuple[bytes, bool]:
    """The body (cut to `max_body`) and whether it was longer; a declared Content-Length
    over the cap is refused before anything is read."""
    if declared_over(headers, max_body):
        return b"", True
    return await read_capped(receive, max_body)


async def _answer(
    send: Send,
    status: int,
    body: bytes,
    *,
    close: bool = False,
    content_type: str = "application/json",
) -> None:
    headers = [
        (b"content-type", content_type.encode("latin-1")),
        (b"content-length", str(len(body)).encode()),
    ]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def serve_upstream_in_thread(
    model: CapabilityModel,
    recorder: Recorder,
    seed: int = 0,
    *,
    max_body: int = DEFAULT_MAX_BODY,
    port: int = 0,
) -> tuple[str, Callable[[], None]]:
    """Run the mock upstream with uvicorn on 127.0.0.1 (`port` 0: a free one) in a daemon
    thread; return its root URL ("http://127.0.0.1:PORT") once it accepts connections, and
    a `stop()` that returns within 5 s. For tests and for synchronous callers."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    app = build_upstream_app(model, recorder, seed=seed, max_body=max_body)
    config = uvicorn.Config(
        app,
        lifespan="off",
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="mock-upstream", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError("the mock upstream did not start")
        time.sleep(0.01)

    def stop() -> None:
        server.should_exit = True
        thread.join(5)
        sock.close()

    return f"http://127.0.0.1:{sock.getsockname()[1]}", stop
