"""The OpenAPI export on real files: every REST adapter of every fixture validates (3.1
and 3.0), the seeds match their reviewed golden files, and the mapping decisions hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from openapi_spec_validator import validate

from naftiko_lint.capability.stage import load
from naftiko_lint.document.loading import parse_document
from naftiko_lint.export.openapi import export_openapi
from naftiko_lint.export.render import render
from naftiko_lint.export.source import read_source

from ..conftest import FIXTURES
from .helpers import GOLDEN, SEEDS, rest_fixtures

REST = rest_fixtures()


def test_the_fixtures_hold_rest_adapters() -> None:
    assert len(REST) >= 30
    assert {p for p, _ in REST} >= set(SEEDS)


@pytest.mark.parametrize("version", ["3.1", "3.0"])
@pytest.mark.parametrize(("path", "namespace"), REST, ids=[f"{p.name}:{n}" for p, n in REST])
def test_every_rest_fixture_exports_a_valid_document(
    path: Path, namespace: str | None, version: str
) -> None:
    capability = load(parse_document(str(path), path.read_bytes()).data, path)
    document, _ = export_openapi(capability, namespace, "", version)
    validate(document)
    assert document["openapi"] == ("3.1.0" if version == "3.1" else "3.0.3")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seeds_match_their_golden_files(seed: Path) -> None:
    source = read_source(str(seed))
    document, _ = export_openapi(source.capability, None, source.version)
    golden = GOLDEN / f"{seed.stem}.openapi.yaml"
    assert render(document) == golden.read_text(encoding="utf-8")


def _export(text: str, tmp_path: Path, version: str = "3.1") -> tuple[dict, list[str]]:
    import yaml

    document, notes = export_openapi(
        load(yaml.safe_load(text), tmp_path / "c.yaml"), None, "", version
    )
    validate(document)
    return document, notes


HEAD = "naftiko: 1.0.0-alpha3\ninfo:\n  label: Ships\n  description: Ship lookups\ncapability:\n"
SHIPS = (
    HEAD
    + """\
  consumes:
    - type: http
      namespace: registry
      baseUri: https://registry.test
      resources:
        - name: ships
          path: /ships/{{imo}}
          operations:
            - name: get-ship
              method: GET
  exposes:
    - type: rest
      namespace: ships-api
      port: 8081
      address: ships.internal
      authentication: AUTH
      resources:
        - path: /ships/{{imo}}
          name: ships
          operations:
            - method: GET
              name: get-ship
              label: Get a ship
              call: registry.get-ship
              with: {imo: ships-api.imo}
              inputParameters:
                - {name: imo, in: path, type: string, description: The IMO number}
                - {name: verbose, in: query, type: boolean, description: More detail}
                - {name: fixed, in: header, type: string, description: Fixed, value: x}
              outputParameters:
                - type: object
                  mapping: $.
                  properties:
                    name: {type: string, mapping: $.name}
                    kind: {type: string, value: vessel}
                    crew:
                      type: array
                      mapping: $.crew
                      items: {type: string, mapping: $.id}
            - method: PUT
              call: registry.get-ship
              inputParameters:
                - {name: imo, in: path, type: string, description: The IMO number}
                - {name: name, in: body, type: string, description: The new name}
                - {name: size, in: body, type: integer, description: Size, value: $.dims.size}
        - path: /ships/{id}
          operations:
            - {method: GET, call: registry.get-ship}
        - path: /proxy/{path}
          forward: {targetNamespace: registry, trustedHeaders: [X-Trace]}
"""
)


def test_paths_parameters_bodies_and_outputs(tmp_path: Path) -> None:
    document, notes = _export(SHIPS.replace("AUTH", "{type: bearer, token: t}"), tmp_path)
    assert document["servers"] == [{"url": "http://ships.internal:8081"}]
    assert list(document["paths"]) == ["/ships/{imo}", "/proxy/{path}"]  # /ships/{id}: unreachable
    assert any("unreachable" in n for n in notes)
    get = document["paths"]["/ships/{imo}"]["get"]
    assert get["operationId"] == "get-ship" and get["summary"] == "Get a ship"
    assert get["parameters"] == [
        {
            "name": "imo",
            "in": "path",
            "description": "The IMO number",
            "required": True,
            "schema": {"type": "string"},
        },
        {
            "name": "verbose",
            "in": "query",
            "description": "More detail",
            "schema": {"type": "boolean"},
        },
    ]  # the fixed-value header is never read from the request
    schema = get["responses"]["2XX"]["content"]["application/json"]["schema"]
    # a value nested in a mapped output is never read (Resolver.resolveOutputMappings reads
    # only `mapping` for an object's members): the engine answers null there, claims no const
    assert schema["properties"]["kind"] == {"type": "string"}
    assert schema["properties"]["crew"] == {"type": "array", "items": {"type": "string"}}
    put = document["paths"]["/ships/{imo}"]["put"]
    assert put["operationId"] == "put-ships-imo"
    body = put["requestBody"]["content"]["application/json"]["schema"]
    assert body == {
        "type": "object",
        "properties": {
            "name": {"type": "string", "description": "The new name"},
            "dims": {
                "type": "object",
                "properties": {"size": {"type": "integer", "description": "Size"}},
            },
        },
    }
    assert "required" not in put["requestBody"] and "required" not in body
    proxy = document["paths"]["/proxy/{path}"]
    assert set(proxy) == {"get", "post", "put", "patch", "delete"}
    assert "X-Trace" in proxy["post"]["description"]
    assert document["security"] == [{"bearerAuth": []}]


@pytest.mark.parametrize(
    ("auth", "scheme"),
    [
        ("{type: bearer, token: t}", {"type": "http", "scheme": "bearer"}),
        ("{type: basic, username: u, password: p}", {"type": "http", "scheme": "basic"}),
        (
            "{type: apikey, key: X-Key, value: v, placement: header}",
            {"type": "apiKey", "in": "header", "name": "X-Key"},
        ),
        (
            "{type: apikey, key: token, value: v, placement: query}",
            {"type": "apiKey", "in": "query", "name": "token"},
        ),
    ],
)
def test_security_schemes(auth: str, scheme: dict, tmp_path: Path) -> None:
    document, _ = _export(SHIPS.replace("AUTH", auth), tmp_path)
    ((name, exported),) = document["components"]["securitySchemes"].items()
    assert exported == scheme and document["security"] == [{name: []}]


def test_oauth2_scheme_carries_server_and_scopes(tmp_path: Path) -> None:
    auth = (
        "{type: oauth2, authorizationServerUri: 'https://as.test', resource: 'https://r.test',"
        " scopes: [ships.read, ships.write], tokenEndpoint: 'https://as.test/token'}"
    )
    for version in ("3.1", "3.0"):
        document, _ = _export(SHIPS.replace("AUTH", auth), tmp_path, version)
        scheme = document["components"]["securitySchemes"]["oauth2"]
        flow = scheme["flows"]["clientCredentials"]
        assert flow["tokenUrl"] == "https://as.test/token"
        assert list(flow["scopes"]) == ["ships.read", "ships.write"]
        assert "https://as.test" in scheme["description"]
        assert document["security"] == [{"oauth2": ["ships.read", "ships.write"]}]


MOCK_SHIP = SHIPS.replace(
    "            - method: PUT\n",
    """            - method: POST
              name: mock-ship
              outputParameters:
                - {name: kind, type: string, value: vessel}
            - method: PUT
""",
)


def test_openapi_30_spells_const_as_enum(tmp_path: Path) -> None:
    document, _ = _export(MOCK_SHIP.replace("AUTH", "{type: bearer, token: t}"), tmp_path, "3.0")
    post = document["paths"]["/ships/{imo}"]["post"]
    schema = post["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["properties"]["kind"] == {"type": "string", "enum": ["vessel"]}


def test_undeclared_things_are_any_value_and_noted(tmp_path: Path) -> None:
    text = SHIPS.replace("AUTH", "{type: bearer, token: t}").replace(
        "{name: verbose, in: query, type: boolean,", "{name: verbose, in: query,"
    )
    document, notes = _export(text, tmp_path)
    verbose = document["paths"]["/ships/{imo}"]["get"]["parameters"][1]
    assert verbose["schema"] == {}
    assert any("'verbose'" in n and "no type" in n for n in notes)


def test_forward_fixture_is_a_catch_all() -> None:
    source = read_source(str(FIXTURES / "clean" / "wiring-forward.yaml"))
    document, _ = export_openapi(source.capability, None, source.version)
    validate(document)
    forwarded = [
        op
        for item in document["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and op.get("summary", "").startswith("Forward to")
    ]
    assert forwarded and all("2XX" in op["responses"] for op in forwarded)
