"""The engine emulation end to end over loopback: a real upstream (a tiny ASGI app under
uvicorn on 127.0.0.1, port 0) records what `Engine` sends and answers what a test asks; the
engine's REST replies are checked against exposes/rest/ResourceRestlet."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import uvicorn

from naftiko_lint.capability.build import build_model
from naftiko_lint.capability.model import CapabilityModel, Unit
from naftiko_lint.export.source import read_source
from naftiko_lint.serve.engine import Engine, Reply

DEFAULT = (200, b'{"id": "42", "status": "open"}', "application/json")


@dataclass
class Seen:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


@dataclass
class EchoUpstream:
    """Records every request; answers `answers[path]` (status, body, content type) or DEFAULT."""

    port: int = 0
    seen: list[Seen] = field(default_factory=list)
    answers: dict[str, tuple[int, bytes, str | None]] = field(default_factory=dict)

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        path = scope["raw_path"].decode()
        self.seen.append(
            Seen(
                scope["method"],
                path,
                scope["query_string"].decode(),
                {k.decode(): v.decode() for k, v in scope["headers"]},
                body,
            )
        )
        status, payload, media = self.answers.get(path, DEFAULT)
        headers = [(b"content-type", media.encode())] if media else []
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def bases(self, model: CapabilityModel) -> dict[str, str]:
        """namespace → root + "/<namespace>" (the shape of serve/upstream.upstream_bases)."""
        return {ns: f"{self.root()}/{ns}" for ns in model.consumes}


@pytest.fixture(scope="module")
def upstream() -> Iterator[EchoUpstream]:
    echo = EchoUpstream()
    server = uvicorn.Server(
        uvicorn.Config(echo, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    echo.port = server.servers[0].sockets[0].getsockname()[1]
    yield echo
    server.should_exit = True
    thread.join(5)


@pytest.fixture
def echo(upstream: EchoUpstream) -> EchoUpstream:
    upstream.seen.clear()
    upstream.answers.clear()
    return upstream


def fixture_model(path: str) -> CapabilityModel:
    source = read_source(path)
    assert source.capability is not None
    return source.capability.model


def unit_named(model: CapabilityModel, kind: str, name: str) -> Unit:
    return next(
        u
        for u in model.units()
        if u.kind == kind
        and (u.data.get("name") == name or u.data.get("ref", "").endswith("." + name))
    )


def run(coro: Any) -> Any:
    return asyncio.run(coro)


async def rest(model: CapabilityModel, bases: dict[str, str], unit: Unit, params: dict) -> Reply:
    engine = Engine(model, bases, timeout=5)
    try:
        return await engine.rest(unit, params)
    finally:
        await engine.aclose()


def test_path_query_header_and_body_reach_the_upstream(echo: EchoUpstream) -> None:
    model = fixture_model("fixtures/clean/rest-inputs.yaml")
    bases = echo.bases(model)
    reply = run(
        rest(model, bases, unit_named(model, "rest-operation", "get-order"), {"orderId": "42"})
    )
    assert (reply.status, reply.media_type) == (200, "application/json")
    assert json.loads(reply.body) == {"id": "42", "status": "open"}
    assert reply.body == b'{"id":"42","status":"open"}'  # re-serialised: the mapping applied
    reply = run(
        rest(model, bases, unit_named(model, "rest-operation", "list-orders"), {"status": "open"})
    )
    assert reply.body == DEFAULT[1]  # no outputParameters: the upstream's bytes as they came
    params = {"sku": "A-1", "quantity": 3, "Idempotency-Key": "k-9"}
    run(rest(model, bases, unit_named(model, "rest-operation", "create-order"), params))
    get, listing, create = echo.seen
    assert (get.method, get.path) == ("GET", "/orders/orders/42")
    assert (listing.path, listing.query) == ("/orders/orders", "status=open&limit=50")
    assert create.method == "POST" and create.body == b'{"sku":"A-1","quantity":"3"}'
    assert create.headers["idempotency-key"] == "k-9"
    assert create.headers["content-type"] == "application/json; charset=UTF-8"


def test_seed_000_literals_unfilled_placeholder_and_bodiless_post(echo: EchoUpstream) -> None:
    model = fixture_model("fixtures/seeds/000_6f3d6f5dce8cee89.yaml")
    bases = echo.bases(model)
    for unit in [u for u in model.units() if u.kind == "rest-operation"]:
        reply = run(rest(model, bases, unit, {}))
        assert reply.status == 200 and reply.body == b"{}"  # object outputs without properties
    by_method = {s.method: s for s in echo.seen}
    assert by_method["POST"].body == b""  # an `in: body` input sends nothing
    assert by_method["GET"].path in (
        "/optimize-sessions/sessions",
        "/optimize-sessions/sessions/{sessionId}",
    )
    assert by_method["DELETE"].path == "/optimize-sessions/sessions/{sessionId}"  # never filled
    queries = [s.query for s in echo.seen if s.query]
    assert queries and "status=rest.status" in queries[0]  # the literal string reaches it
    assert all("authorization" not in s.headers for s in echo.seen)  # Restlet drops the apikey


def test_upstream_status_is_passed_through(echo: EchoUpstream) -> None:
    model = fixture_model("fixtures/clean/rest-inputs.yaml")
    echo.answers["/orders/orders/7"] = (404, b'{"error": "no such order"}', "application/json")
    reply = run(
        rest(
            model,
            echo.bases(model),
            unit_named(model, "rest-operation", "get-order"),
            {"orderId": "7"},
        )
    )
    assert reply.status == 404
    assert json.loads(reply.body) == {"id": None, "status": None}  # still mapped


def test_unresolved_uri_answers_400(echo: EchoUpstream) -> None:
    model = fixture_model("fixtures/clean/rest-inputs.yaml")
    reply = run(
        rest(model, echo.bases(model), unit_named(model, "rest-operation", "get-order"), {})
    )
    assert reply.status == 400 and reply.media_type == "text/plain"
    assert reply.body.decode().startswith(
        "Error resolving request parameters: Unresolved template parameters in URI"
    )
    assert echo.seen == []


def _inline(
    exposes_ops: list[dict], consumes_extra: dict | None = None, extra: dict | None = None
) -> CapabilityModel:
    document = {
        "naftiko": "1.0.0-alpha2",
        "capability": {
            "consumes": [
                {
                    "type": "http",
                    "namespace": "up",
                    "baseUri": "https://up.test",
                    **(consumes_extra or {}),
                    "resources": [
                        {
                            "name": "r",
                            "path": "/items/{{id}}",
                            "operations": [{"name": "get", "method": "GET"}],
                        }
                    ],
                }
            ],
            "exposes": [
                {
                    "type": "rest",
                    "namespace": "api",
                    "port": 8080,
                    "resources": [{"path": "/x", "operations": exposes_ops}],
                }
            ],
            **(extra or {}),
        },
    }
    return build_model(document)


def test_mock_operation_pretty_prints_and_sees_with(echo: EchoUpstream) -> None:
    op = {
        "method": "GET",
        "name": "hello",
        "with": {"who": "world"},
        "outputParameters": [{"name": "greeting", "type": "string", "value": "hello {{who}}"}],
    }
    model = _inline([op])
    reply = run(rest(model, echo.bases(model), model.adapters[0].units[0], {}))
    assert (reply.status, reply.media_type) == (200, "application/json")
    assert reply.body == b'{\n  "greeting" : "hello world"\n}'
    empty = _inline([{"method": "GET", "name": "nothing"}])
    assert run(rest(empty, echo.bases(empty), empty.adapters[0].units[0], {})).status == 404


def test_unknown_call_answers_invalid_call_format(echo: EchoUpstream) -> None:
    model = _inline([{"method": "GET", "name": "bad", "call": "up.nope"}])
    reply = run(rest(model, echo.bases(model), model.adapters[0].units[0], {"id": "1"}))
    assert (reply.status, reply.body) == (400, b"Invalid call format: up.nope")


def test_script_step_fails_naming_the_step(echo: EchoUpstream) -> None:
    steps = [{"type": "script", "name": "score-it", "file": "score.js", "language": "javascript"}]
    model = _inline([{"method": "GET", "name": "scored", "steps": steps}])
    reply = run(rest(model, echo.bases(model), model.adapters[0].units[0], {}))
    assert reply.status == 500
    assert "Script step 'score-it'" in reply.body.decode()


def test_apikey_without_placement_answers_400(echo: EchoUpstream) -> None:
    auth = {"authentication": {"type": "apikey", "key": "k", "value": "v"}}
    model = _inline(
        [{"method": "GET", "name": "g", "call": "up.get", "with": {"id": "api.id"}}], auth
    )
    reply = run(rest(model, echo.bases(model), model.adapters[0].units[0], {"id": "1"}))
    assert reply.status == 400
    assert reply.body.endswith(
        b"Placement is required for apikey authentication (expected: header or query)"
    )


def test_refused_connection(echo: EchoUpstream) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    model = _inline([{"method": "GET", "name": "g", "call": "up.get", "with": {"id": "api.id"}}])
    reply = run(
        rest(
            model, {"up": f"http://127.0.0.1:{closed}/up"}, model.adapters[0].units[0], {"id": "1"}
        )
    )
    assert reply.status == 502 and reply.body.startswith(b"Connector error 1000")
    reply = run(
        rest(model, {}, model.adapters[0].units[0], {"id": "1"})
    )  # no base: never contacted
    assert reply.status == 502


def test_steps_call_lookup_and_fallback(echo: EchoUpstream) -> None:
    model = fixture_model("fixtures/clean/steps.yaml")
    echo.answers["/registry/ships/9321483"] = (200, b'{"crew": ["c1", "c3"]}', "application/json")
    crew = [
        {"id": "c1", "fullName": "Ann", "rank": "master"},
        {"id": "c2", "fullName": "Bo", "rank": "cook"},
        {"id": "c3", "fullName": "Cy", "rank": "mate"},
    ]
    echo.answers["/people/crew"] = (200, json.dumps(crew).encode(), "application/json")
    reply = run(
        rest(
            model,
            echo.bases(model),
            unit_named(model, "rest-operation", "ship-crew"),
            {"imo": "9321483"},
        )
    )
    assert [s.path for s in echo.seen] == ["/registry/ships/9321483", "/people/crew"]
    # the lookup yields a list, and `$.on-board.fullName` is split on dots (no JSONPath), so
    # the mapping resolves nothing and the last call's answer is sent as it came
    assert reply.status == 200 and json.loads(reply.body) == crew


def test_aggregate_ref(echo: EchoUpstream) -> None:
    model = fixture_model("fixtures/clean/aggregates.yaml")
    unit = next(u for u in model.units() if u.kind == "rest-operation")
    reply = run(rest(model, echo.bases(model), unit, {"imo": "9321483"}))
    assert reply.status == 200 and echo.seen[0].path == "/registry/ships/9321483"


def test_forward(echo: EchoUpstream) -> None:
    model = fixture_model("fixtures/clean/wiring-forward.yaml")
    resource = model.adapters[0].resources[0]

    async def go() -> Reply:
        engine = Engine(model, echo.bases(model), timeout=5)
        try:
            return await engine.forward(
                resource,
                "PUT",
                "a/b",
                [("authorization", "Bearer t"), ("content-type", "text/plain")],
                b"doc",
            )
        finally:
            await engine.aclose()

    reply = run(go())
    assert reply.status == 200
    seen = echo.seen[0]
    assert (seen.method, seen.path, seen.body) == ("PUT", "/documents/a/b", b"doc")
    assert seen.headers["authorization"] == "Bearer t"
    assert seen.headers["content-type"] == "text/plain"


def test_a_whole_rest_body_goes_upstream_as_json(echo: EchoUpstream) -> None:
    from naftiko_lint.serve.engine_java import JsonTree

    model = fixture_model("fixtures/clean/wiring-bodies.yaml")
    unit = unit_named(model, "rest-operation", "import-roster")
    roster = JsonTree({"crew": [{"id": "c1", "rank": 2}], "ship": "Ever"})
    run(rest(model, echo.bases(model), unit, {"roster": roster}))
    assert echo.seen[0].body == b'{"crew":[{"id":"c1","rank":2}],"ship":"Ever"}'
    run(rest(model, echo.bases(model), unit, {"roster": {"ship": "Ever", "n": 1.0}}))
    assert echo.seen[1].body == b"{ship=Ever, n=1.0}"  # a map field prints as Java's toString


def test_a_path_without_its_slash_never_leaves_for_the_upstream(echo: EchoUpstream) -> None:
    model = fixture_model("fixtures/conformance/fw-path-no-slash.yaml")
    unit = unit_named(model, "rest-operation", "list-crates")
    reply = run(rest(model, echo.bases(model), unit, {}))
    assert reply.status == 502 and echo.seen == []
    assert b"resource path 'crates' lacks its leading '/'" in reply.body
    assert b"'https://depot.example.test:8443crates'" in reply.body
