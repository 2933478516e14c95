"""REST routing conformance on real servers: the correctly wired fixtures pass against the
built-in servers, and a deliberately broken implementation (driven by URL, with only the
mock upstream started by the check) is caught at the nodes its defects concern."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from naftiko_lint.conformance.findings import (
    RESPONSE_SCHEMA,
    SERVER_ERROR,
    STATUS_UNDOCUMENTED,
    UNREACHABLE,
    UPSTREAM_BODY,
    UPSTREAM_INPUT,
    UPSTREAM_MISSING,
    UPSTREAM_PATH,
)
from naftiko_lint.conformance.rest import _response, check_rest
from naftiko_lint.conformance.runner import Options, run_conformance
from naftiko_lint.export.openapi import export_openapi
from naftiko_lint.export.source import read_source
from naftiko_lint.export.surface import choose_adapter
from naftiko_lint.serve.recording import Recorder
from naftiko_lint.serve.upstream import serve_upstream_in_thread, upstream_bases
from tests.conftest import FIXTURES

CLEAN = FIXTURES / "clean"
ORDERS = CLEAN / "rest-inputs.yaml"
OPS = ("capability", "exposes", 0, "resources")
# Clean fixtures the served engine still disagrees with (by name: the (rule, pointer) pairs
# expected); none since aggregates.yaml declares its route's {imo} and
# wiring-optional-inputs.yaml sends no standard header.
KNOWN: dict[str, set[tuple[str, tuple[str | int, ...]]]] = {}


def serve_app(app: Any) -> tuple[str, Callable[[], None]]:
    """Run an ASGI app with uvicorn on a free loopback port in a thread: (URL, stop)."""
    import uvicorn

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)

    def stop() -> None:
        server.should_exit = True
        thread.join(5)
        sock.close()

    return f"http://127.0.0.1:{sock.getsockname()[1]}", stop


def broken_orders(base: str) -> Any:
    """An implementation of rest-inputs.yaml with four defects: it drops the order id from
    the upstream path (and answers an id that is a number, off its documented schema), it
    leaves `quantity` out of the created order's body and its Idempotency-Key header out of
    the request, and list-orders fails with a 500 without calling the upstream."""

    async def app(scope: dict, receive: Callable, send: Callable) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        method, path = scope["method"], scope["path"]
        status, answer = 404, {"error": "no route"}
        async with httpx.AsyncClient(timeout=5) as client:
            if method == "GET" and path.startswith("/orders/"):
                await client.get(f"{base}/orders/")  # the id is dropped
                status, answer = 200, {"id": 5, "status": "open"}
            elif method == "POST" and path == "/orders":
                sent = json.loads(body or b"{}")
                await client.post(f"{base}/orders", json={"sku": sent.get("sku")})
                status, answer = 201, {}
            elif method == "GET" and path == "/orders":
                status, answer = 500, {"error": "boom"}
        payload = json.dumps(answer).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", b"%d" % len(payload)),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    return app


@contextmanager
def broken_surface() -> Iterator[tuple[Any, Any, str, Recorder, dict]]:
    """(model, adapter, URL, recorder, OpenAPI) of `broken_orders`, served with the mock
    upstream its consumed calls go to."""
    source = read_source(str(ORDERS))
    assert source.capability is not None
    model = source.capability.model
    recorder = Recorder()
    root, stop_upstream = serve_upstream_in_thread(model, recorder)
    url, stop_app = serve_app(broken_orders(upstream_bases(model, root)["orders"]))
    document, _ = export_openapi(source.capability)
    try:
        yield model, choose_adapter(model, None), url, recorder, document
    finally:
        stop_app()
        stop_upstream()


@pytest.fixture
def broken() -> Iterator[tuple[Any, Any, str, Recorder, dict]]:
    with broken_surface() as surface:
        yield surface


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(p.name for p in CLEAN.glob("*.yaml")))
def test_a_correctly_wired_fixture_passes_against_the_built_in_servers(name: str) -> None:
    outcome = run_conformance(str(CLEAN / name), Options(max_examples=0, timeout=5, max_time=60))
    errors = {(o.rule, o.pointer) for o in outcome.observations}
    errors = {(rule, pointer) for rule, pointer in errors if not rule.endswith("required-accepted")}
    assert errors == KNOWN.get(name, set())


@pytest.mark.slow
def test_a_broken_implementation_is_caught_at_the_nodes_concerned(broken: tuple) -> None:
    model, adapter, url, recorder, document = broken
    found = {
        (o.rule, o.pointer) for o in check_rest(model, adapter, url, recorder, document=document)
    }
    assert found == {
        (SERVER_ERROR, (*OPS, 0, "operations", 0)),
        (UPSTREAM_MISSING, (*OPS, 0, "operations", 0, "call")),
        (UPSTREAM_BODY, (*OPS, 0, "operations", 1, "with", "quantity")),
        (UPSTREAM_INPUT, (*OPS, 0, "operations", 1, "with", "Idempotency-Key")),
        (UPSTREAM_PATH, (*OPS, 1, "operations", 0, "with", "orderId")),
        (RESPONSE_SCHEMA, (*OPS, 1, "operations", 0, "outputParameters")),
    }


@pytest.mark.slow
def test_a_surface_that_does_not_answer_is_unreachable_at_its_adapter() -> None:
    source = read_source(str(ORDERS))
    assert source.capability is not None
    model = source.capability.model
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    found = check_rest(model, choose_adapter(model, None), url, Recorder(), timeout=2)
    assert [(o.rule, o.pointer) for o in found] == [(UNREACHABLE, ("capability", "exposes", 0))]


def test_a_status_the_openapi_does_not_document_and_a_body_off_schema() -> None:
    """The exported OpenAPI documents `default` for every operation, so an undocumented
    status needs a description without one (as a hand-written OpenAPI may be)."""
    source = read_source(str(ORDERS))
    assert source.capability is not None
    model = source.capability.model
    unit = next(u for u in model.units() if u.data.get("name") == "get-order")
    document, _ = export_openapi(source.capability)
    operation = document["paths"]["/orders/{orderId}"]["get"]
    bare = {"responses": {k: v for k, v in operation["responses"].items() if k != "default"}}
    teapot = httpx.Response(418, text="short and stout")
    assert [(o.rule, o.pointer) for o in _response(unit, bare, document, teapot)] == [
        (STATUS_UNDOCUMENTED, unit.path)
    ]
    off = httpx.Response(200, json={"id": 7, "status": "open"})
    assert [(o.rule, o.pointer) for o in _response(unit, operation, document, off)] == [
        (RESPONSE_SCHEMA, (*unit.path, "outputParameters"))
    ]
    assert _response(unit, operation, document, httpx.Response(200, json={"id": "7"})) == []


def test_on_python_3_10_the_generated_requests_degrade_to_a_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from naftiko_lint.conformance import rest_schema

    monkeypatch.setattr(rest_schema.sys, "version_info", (3, 10, 14))
    assert rest_schema.check_schema({}, None, "http://127.0.0.1:9") == (  # type: ignore[arg-type]
        [],
        ["schemathesis needs Python 3.11 or later: property-based REST checks skipped"],
    )
