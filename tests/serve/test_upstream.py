"""The mock upstream, served by uvicorn on a loopback port and driven with httpx: routing
as the engine builds upstream URLs, recording, body caps, synthesised answers."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from naftiko_lint.capability.model import CapabilityModel
from naftiko_lint.capability.placeholders import MUSTACHE
from naftiko_lint.capability.stage import load
from naftiko_lint.document.loading import parse_document
from naftiko_lint.serve.recording import RecordedRequest, Recorder
from naftiko_lint.serve.synth_needs import operation_key
from naftiko_lint.serve.upstream import (
    response_bodies,
    serve_upstream_in_thread,
    upstream_bases,
)
from naftiko_lint.serve.upstream_routes import base_path

from ..conftest import FIXTURES

FILES = sorted((FIXTURES / "clean").glob("*.yaml")) + sorted((FIXTURES / "seeds").glob("*.yaml"))


def _op(name: str, method: str = "GET", **extra: object) -> dict:
    return {"name": name, "method": method, **extra}


CAPABILITY = {
    "naftiko": "1.0.0-alpha2",
    "capability": {
        "consumes": [
            {
                "type": "http",
                "namespace": "registry",
                "baseUri": "https://registry.test/v1/",
                "resources": [
                    {
                        "name": "ships",
                        "path": "/ships/{{imo}}",
                        "operations": [
                            _op(
                                "get-ship",
                                outputParameters=[
                                    {"name": "n", "type": "string", "value": "$.name"}
                                ],
                            ),
                            _op("put-ship", "PUT"),
                        ],
                    },
                    {"name": "active", "path": "/ships/active", "operations": [_op("active")]},
                    {
                        "name": "legacy",
                        "path": "/legacy/{sessionId}",
                        "operations": [_op("legacy")],
                    },
                    {"name": "files", "path": "/files/v{{n}}.json", "operations": [_op("file")]},
                    {"name": "pairs", "path": "/pairs/{{a}}/{{b}}", "operations": [_op("pair")]},
                ],
            },
            {
                "type": "http",
                "namespace": "people",
                "baseUri": "https://people.test",
                "resources": [
                    {"name": "crew", "path": "/crew", "operations": [_op("add", "POST")]}
                ],
            },
        ]
    },
}
CAP = 1024


@pytest.fixture(scope="module")
def model() -> CapabilityModel:
    return load(CAPABILITY, None).model


@pytest.fixture(scope="module")
def served(model: CapabilityModel) -> Iterator[tuple[str, Recorder]]:
    recorder = Recorder()
    root, stop = serve_upstream_in_thread(model, recorder, seed=0, max_body=CAP)
    yield root, recorder
    stop()


def _send(
    served: tuple[str, Recorder], method: str, path: str, **kwargs: object
) -> tuple[httpx.Response, RecordedRequest]:
    root, recorder = served
    mark = recorder.mark()
    response = httpx.request(method, root + path, **kwargs)  # type: ignore[arg-type]
    received = recorder.since(mark)
    assert len(received) == 1
    return response, received[0]


def test_bases_replace_each_base_uri(model: CapabilityModel) -> None:
    assert upstream_bases(model, "http://127.0.0.1:9/") == {
        "registry": "http://127.0.0.1:9/registry/v1",
        "people": "http://127.0.0.1:9/people",
    }


def test_a_matched_request_is_recorded_as_received(
    served: tuple[str, Recorder], model: CapabilityModel
) -> None:
    response, record = _send(
        served, "GET", "/registry/v1/ships/9074729?x=1&x=a%20b&y=", headers={"X-Api-Key": "k"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    operation = model.resolve_call("registry.get-ship")[1]
    assert operation is not None
    assert response.content == response_bodies(model, 0)[operation_key(operation)]
    assert isinstance(response.json()["name"], str)
    assert (record.namespace, record.method, record.path) == (
        "registry",
        "GET",
        "/v1/ships/9074729",
    )
    assert record.query == (("x", "1"), ("x", "a b"), ("y", ""))
    assert ("x-api-key", "k") in record.headers
    assert record.operation == "get-ship"


@pytest.mark.parametrize(
    ("path", "operation"),
    [
        ("/registry/v1/ships/", "get-ship"),  # an unfilled placeholder still reaches it
        ("/registry/v1/ships/active", "active"),  # more literal segments win
        ("/registry/v1/ships/a%2Fb", "get-ship"),  # an encoded slash stays in its segment
        ("/registry/v1//ships/1", "get-ship"),  # the baseUri's own trailing slash, as sent
        ("/registry/v1/legacy/{sessionId}", "legacy"),  # single braces are literal
        ("/registry/v1/legacy/42", None),
        ("/registry/v1/files/v3.json", "file"),
        ("/registry/v1/files/v.json", "file"),
        ("/registry/v1/files/x3.json", None),
        ("/registry/v1/pairs//b", "pair"),
        ("/registry/v1/ships/1/", None),  # exact: no trailing-slash rule
        ("/registry/ships/1", None),  # the base path is part of the route
        ("/elsewhere/v1/ships/1", None),
    ],
)
def test_routing_follows_the_engines_url_building(
    served: tuple[str, Recorder], path: str, operation: str | None
) -> None:
    response, record = _send(served, "GET", path)
    assert record.operation == operation
    assert response.status_code == (200 if operation else 404)
    if operation is None:
        assert "error" in response.json()


def test_the_recorded_path_stays_undecoded(served: tuple[str, Recorder]) -> None:
    _, record = _send(served, "GET", "/registry/v1/ships/a%2Fb")
    assert record.path == "/v1/ships/a%2Fb"


def test_a_method_the_path_lacks_is_404_naming_those_it_takes(served: tuple[str, Recorder]) -> None:
    response, record = _send(served, "DELETE", "/registry/v1/ships/1")
    assert response.status_code == 404 and record.operation is None
    assert "GET" in response.json()["error"] and "PUT" in response.json()["error"]


def test_a_body_is_recorded_byte_for_byte(served: tuple[str, Recorder]) -> None:
    payload = json.dumps({"name": "Ann", "rank": "bosun"}).encode()
    response, record = _send(
        served,
        "POST",
        "/people/crew",
        content=payload,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 200 and response.json() == {}
    assert record.body == payload and record.operation == "add"
    assert record.header("content-type") == "application/json"


def test_a_declared_body_over_the_cap_is_refused(served: tuple[str, Recorder]) -> None:
    response, record = _send(served, "POST", "/people/crew", content=b"x" * (CAP + 1))
    assert response.status_code == 413
    assert record.body == b"" and record.operation == "add"


def test_a_streamed_body_over_the_cap_is_cut_and_refused(served: tuple[str, Recorder]) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(8):
            yield b"y" * 300

    response, record = _send(served, "POST", "/people/crew", content=chunks())
    assert response.status_code == 413
    assert record.body == b"y" * CAP


def test_malformed_http_leaves_the_server_answering(served: tuple[str, Recorder]) -> None:
    root, _ = served
    host, port = root.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as raw:
        raw.sendall(b"NOT HTTP AT ALL\r\n\x00\xff\r\n\r\n")
        raw.recv(1024)  # a 400 or a closed connection, either is fine
    response, _ = _send(served, "GET", "/registry/v1/ships/1")
    assert response.status_code == 200


def test_the_same_seed_serves_the_same_bytes_and_another_seed_may_not(
    model: CapabilityModel,
) -> None:
    operation = model.resolve_call("registry.get-ship")[1]
    assert operation is not None
    key = operation_key(operation)
    assert response_bodies(model, 7)[key] == response_bodies(model, 7)[key]
    assert len({response_bodies(model, seed)[key] for seed in range(4)}) > 1


def test_stop_closes_the_port(model: CapabilityModel) -> None:
    root, stop = serve_upstream_in_thread(model, Recorder())
    assert httpx.get(root + "/people/crew").status_code == 404  # GET: the path takes POST
    stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(root + "/people/crew", timeout=2)


def _model(path: Path) -> CapabilityModel:
    doc = parse_document(str(path), path.read_bytes())
    return load(doc.data, path).model


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_consumed_operation_of_the_fixtures_answers(path: Path) -> None:
    model = _model(path)
    recorder = Recorder()
    root, stop = serve_upstream_in_thread(model, recorder, seed=1)
    bodies = response_bodies(model, 1)
    try:
        with httpx.Client(base_url=root) as client:
            for entry in model.consumes.values():
                for operation in entry.all_operations:
                    template = operation.resource_path.partition("?")[0]
                    sent = f"/{entry.namespace}{base_path(entry)}" + MUSTACHE.sub("x", template)
                    mark = recorder.mark()
                    response = client.request(operation.method, sent)
                    (record,) = recorder.since(mark)
                    assert response.status_code == 200, (operation.name, sent)
                    same_route = [
                        o.name
                        for o in entry.all_operations
                        if o.method.upper() == operation.method.upper()
                        and re.sub(r"\{\{[^}]*\}\}", "", o.resource_path)
                        == re.sub(r"\{\{[^}]*\}\}", "", operation.resource_path)
                    ]
                    assert record.operation in same_route
                    assert response.content in bodies.values()
    finally:
        stop()


def test_each_operation_answers_in_its_raw_format_with_its_content_type() -> None:
    path = FIXTURES / "conformance" / "fw-raw-formats.yaml"
    doc = parse_document(str(path), path.read_bytes())
    model = load(doc.data, path).model
    root, stop = serve_upstream_in_thread(model, Recorder())
    try:
        answered = {
            kind: httpx.get(f"{root}/harbour/v2/berths.{kind}")
            for kind in ("xml", "yaml", "csv", "tsv", "psv", "html", "avro")
        }
    finally:
        stop()
    types = {kind: r.headers["content-type"].split(";")[0] for kind, r in answered.items()}
    assert types == {
        "xml": "application/xml",
        "yaml": "application/yaml",
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
        "psv": "text/plain",
        "html": "text/plain",
        "avro": "text/plain",
    }
    assert answered["xml"].text.startswith("<?xml") and "<berth>" in answered["xml"].text
    assert answered["csv"].text.splitlines()[0].split(",") == ["code", "quay"]
    assert "not synthesised" in answered["html"].text
