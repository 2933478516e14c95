"""The REST adapter served for real (serve/rest.py through serve/runtime.py): a capability
started once on free loopback ports with the real engine emulation and mock upstream,
driven with httpx; what reached the upstream is read from the recorder."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naftiko_lint.serve.engine_rest import UNHANDLED
from naftiko_lint.serve.runtime import Servers, start_servers_in_thread

from ..conftest import examples

CAPABILITY = """\
naftiko: 1.0.0-alpha2
info: {label: Routing desk, description: Routing facts of the REST adapter.}
binds:
  - namespace: desk-secrets
    keys: {SERVE_TEST_TOKEN: SERVE_TEST_TOKEN}
capability:
  consumes:
    - type: http
      namespace: desk
      baseUri: https://desk.internal.test/v1
      resources:
        - name: items
          path: /items/{{id}}
          operations:
            - {name: get-item, method: GET}
        - name: voyages
          path: /voyages/{{voyage}}
          operations:
            - {name: get-voyage, method: GET}
        - name: orders
          path: /orders
          operations:
            - name: create-order
              method: POST
              inputParameters:
                - {name: X-Trace, in: header}
              body:
                type: json
                data: {sku: '{{sku}}'}
  exposes:
    - type: rest
      namespace: desk-api
      port: 18080
      resources:
        - path: /x
          name: x
          operations:
            - method: GET
              name: x
              outputParameters:
                - {name: which, type: string, value: no-slash}
        - path: /x/
          name: x-slash
          operations:
            - method: GET
              name: x-slash
              outputParameters:
                - {name: which, type: string, value: slash}
        - path: /items/{{id}}
          name: item
          inputParameters:
            - {name: id, in: path, type: string, description: Item id.}
          operations:
            - method: GET
              name: get-item
              call: desk.get-item
              with: {id: desk-api.id}
        - path: /items/{key}
          name: item-again
          operations:
            - method: POST
              name: never-reached
              outputParameters:
                - {name: which, type: string, value: second}
        - path: /voyages/{{voyage-id}}
          name: voyage
          inputParameters:
            - {name: voyage-id, in: path, type: string, description: Voyage id.}
          operations:
            - method: GET
              name: get-voyage
              call: desk.get-voyage
              with: {voyage: '{{voyage-id}}'}
        - path: /orders
          name: orders
          operations:
            - method: POST
              name: create-order
              inputParameters:
                - {name: sku, in: body, type: string, description: Article.}
                - {name: X-Trace, in: header, type: string, description: Trace id.}
              call: desk.create-order
              with: {sku: desk-api.sku, X-Trace: desk-api.X-Trace}
        - path: /fall/{path}
          name: fall
          operations:
            - {method: GET, name: nothing, steps: []}
          forward: {targetNamespace: desk}
    - type: rest
      namespace: locked-api
      port: 18081
      authentication: {type: bearer, token: '{{SERVE_TEST_TOKEN}}'}
      resources:
        - path: /ping
          name: ping
          operations:
            - method: GET
              name: ping
              outputParameters:
                - {name: ok, type: boolean, value: 'true'}
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    path = tmp_path_factory.mktemp("rest") / "desk.yaml"
    path.write_text(CAPABILITY, encoding="utf-8")
    servers, stop = start_servers_in_thread(str(path), random_ports=True, max_body=256)
    try:
        yield servers
    finally:
        stop()


def url(servers: Servers, name: str) -> str:
    return next(s.url for s in servers.surfaces if s.kind == "rest" and s.name == name)


def call(servers: Servers, method: str, path: str, **options: Any) -> tuple[httpx.Response, list]:
    mark = servers.recorder.mark()
    with httpx.Client(trust_env=False, timeout=10) as client:
        response = client.request(method, url(servers, "desk-api") + path, **options)
    return response, servers.recorder.since(mark)


def test_x_and_x_slash_are_two_routes(served: Servers) -> None:
    assert call(served, "GET", "/x")[0].json() == {"which": "no-slash"}
    assert call(served, "GET", "/x/")[0].json() == {"which": "slash"}
    response, _ = call(served, "GET", "/x//")
    assert (response.status_code, response.content) == (404, b"")


def test_the_first_resource_of_a_template_serves_every_method(served: Servers) -> None:
    response, received = call(served, "GET", "/items/42")
    assert response.status_code == 200
    assert [(r.method, r.path, r.operation) for r in received] == [
        ("GET", "/v1/items/42", "get-item")
    ]
    refused, received = call(served, "POST", "/items/42")  # /items/{key} is never reached
    assert (refused.status_code, refused.content, received) == (404, UNHANDLED.encode(), [])
    assert refused.headers["content-type"] == "text/plain; charset=UTF-8"


def test_path_values_go_upstream_undecoded(served: Servers) -> None:
    _, received = call(served, "GET", "/items/a%20b")
    assert [r.path for r in received] == ["/v1/items/a%20b"]


def test_a_hyphenated_mustache_variable_still_routes_and_fills_its_input(served: Servers) -> None:
    response, received = call(served, "GET", "/voyages/v-7")
    assert response.status_code == 200
    assert [r.path for r in received] == ["/v1/voyages/v-7"]


def test_body_and_header_inputs_reach_the_consumed_body_and_headers(served: Servers) -> None:
    response, received = call(
        served, "POST", "/orders", json={"sku": "A-1"}, headers={"X-Trace": "t-9"}
    )
    assert response.status_code == 200
    (request,) = received
    assert json.loads(request.body) == {"sku": "A-1"}
    assert request.header("x-trace") == "t-9"


def test_a_malformed_json_body_is_treated_as_absent(served: Servers) -> None:
    headers = {"content-type": "application/json", "X-Trace": "t"}
    response, received = call(served, "POST", "/orders", content=b'{"sku": ', headers=headers)
    assert response.status_code == 200
    (request,) = received
    assert json.loads(request.body) == {"sku": ""}  # the template of a missing input renders ""


def test_a_call_left_with_no_parameters_at_all_fails_as_the_engine_does(served: Servers) -> None:
    response, received = call(served, "POST", "/orders", content=b"not json")
    assert response.status_code == 400  # "Unresolved template parameters" (engine emulation)
    assert received == []


def test_a_body_over_the_cap_is_refused_before_it_is_read(served: Servers) -> None:
    response, received = call(served, "POST", "/orders", content=b"x" * 257)
    assert (response.status_code, received) == (413, [])


def test_an_unrouted_path_is_a_bare_404(served: Servers) -> None:
    response, received = call(served, "GET", "/nowhere")
    assert (response.status_code, response.content, received) == (404, b"", [])


def test_bearer_authentication(served: Servers, monkeypatch: pytest.MonkeyPatch) -> None:
    base = url(served, "locked-api")
    with httpx.Client(trust_env=False, timeout=10) as client:
        monkeypatch.delenv("SERVE_TEST_TOKEN", raising=False)
        assert client.get(base + "/ping").status_code == 401
        monkeypatch.setenv("SERVE_TEST_TOKEN", "tok")
        assert client.get(base + "/ping", headers={"Authorization": "Bearer no"}).status_code == 401
        allowed = client.get(base + "/ping", headers={"Authorization": "Bearer tok"})
        assert allowed.status_code == 200


def test_the_surfaces_and_loopback_only(served: Servers, tmp_path: Path) -> None:
    kinds = [(s.kind, s.name) for s in served.surfaces]
    assert kinds == [("upstream", "desk"), ("rest", "desk-api"), ("rest", "locked-api")]
    assert all(s.url.startswith("http://127.0.0.1:") for s in served.surfaces)
    upstream = served.surfaces[0]
    assert upstream.url.endswith("/desk/v1")
    assert upstream.stands_for == "https://desk.internal.test/v1"


def test_an_orchestrated_operation_that_produces_nothing_lets_forward_answer(
    served: Servers,
) -> None:
    _, received = call(served, "GET", "/fall/items/3")
    assert [(r.method, r.path) for r in received] == [("GET", "/v1/items/3")]


def test_a_chunked_body_over_the_cap_is_refused(served: Servers) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"x" * 200
        yield b"x" * 200

    response, received = call(served, "POST", "/orders", content=chunks())
    assert (response.status_code, received) == (413, [])


def test_malformed_http_is_answered_and_the_server_keeps_serving(served: Servers) -> None:
    host, port = url(served, "desk-api").removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as raw:
        raw.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        answer = raw.recv(1024)
    assert answer == b"" or answer.startswith(b"HTTP/1.1 400")
    assert call(served, "GET", "/x")[0].status_code == 200


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SERVED = sorted((FIXTURES / "clean").glob("*.yaml")) + sorted((FIXTURES / "seeds").glob("*.yaml"))


@pytest.mark.slow
@pytest.mark.parametrize("path", SERVED, ids=[p.stem for p in SERVED])
def test_every_route_of_the_fixtures_answers_without_an_escaped_error(path: Path) -> None:
    import re

    from naftiko_lint.serve.rest_routes import build_router

    servers, stop = start_servers_in_thread(str(path), random_ports=True)
    try:
        with httpx.Client(trust_env=False, timeout=15) as client:
            for surface in servers.surfaces:
                if surface.kind != "rest":
                    continue
                for route in build_router(surface.adapter).routes:
                    sample = re.sub(r"\{\{?[^{}]*\}?\}", "v1", route.resource.template)
                    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                        response = client.request(method, surface.url + sample, json={"a": 1})
                        assert response.status_code < 500, (method, sample, response.text)
    finally:
        stop()


_SEGMENTS = st.sampled_from(
    ["x", "items", "orders", "voyages", "fall", "42", "%20", "a%2F", "", "%zz"]
)


@settings(max_examples=examples(60), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "get"]),
    segments=st.lists(_SEGMENTS, max_size=4),
    query=st.text(alphabet="ab=&%+1", max_size=10),
    body=st.binary(max_size=40) | st.sampled_from([b'{"sku": 1}', b"[1]", b"null", b'"s"']),
)
def test_any_request_gets_an_engine_answer_never_an_escaped_error(
    served: Servers, method: str, segments: list[str], query: str, body: bytes
) -> None:
    path = "/" + "/".join(segments) + ("?" + query if query else "")
    response, _ = call(served, method, path, content=body)
    assert not response.text.startswith("Error while handling the request"), response.text
    assert response.status_code in (200, 400, 404, 413), (method, path, response.text)


@pytest.mark.parametrize(
    ("status", "body", "media", "headers"),
    [
        (
            200,
            b"{}",
            "application/json",
            [(b"content-length", b"2"), (b"content-type", b"application/json; charset=UTF-8")],
        ),
        (404, b"", None, [(b"content-length", b"0")]),
        (204, b"ignored", None, []),
        (502, b"x", "text/csv", [(b"content-length", b"1"), (b"content-type", b"text/csv")]),
    ],
)
def test_the_response_head(status: int, body: bytes, media: str | None, headers: list) -> None:
    import asyncio

    from naftiko_lint.serve.rest import respond

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(respond(send, status, body, media))
    assert sent[0] == {"type": "http.response.start", "status": status, "headers": headers}
    assert sent[1]["body"] == (b"" if status == 204 else body)
