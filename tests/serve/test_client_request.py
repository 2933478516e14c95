"""What the engine sends for one consumed call (OperationStepExecutor.findClientRequestFor,
Resolver.resolveInputParametersToRequest, HttpClientAdapter), table-driven from the facts of
the issue and the spec notes §7; no server involved."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naftiko_lint.capability.build import build_model
from naftiko_lint.capability.model import CapabilityModel, ConsumedOperation
from naftiko_lint.export.source import read_source
from naftiko_lint.serve.client_request import (
    ClientRequest,
    build_client_request,
    build_forward_request,
)
from naftiko_lint.serve.engine_params import merge_with, tool_parameters

BASE = "http://127.0.0.1:9/up/v1"


def operation_model(
    path: str = "/items",
    method: str = "GET",
    op: dict[str, Any] | None = None,
    consumes: dict[str, Any] | None = None,
    resource: dict[str, Any] | None = None,
) -> tuple[CapabilityModel, ConsumedOperation]:
    entry = {
        "type": "http",
        "namespace": "up",
        "baseUri": "https://up.test/v1",
        "resources": [
            {
                "name": "r",
                "path": path,
                **(resource or {}),
                "operations": [{"name": "op", "method": method, **(op or {})}],
            }
        ],
        **(consumes or {}),
    }
    model = build_model({"naftiko": "1.0.0-alpha2", "capability": {"consumes": [entry]}})
    return model, model.consumes["up"].operations["op"]


def send(parameters: dict[str, Any], **shape: Any) -> ClientRequest:
    model, operation = operation_model(**shape)
    return build_client_request(model, operation, parameters, base=BASE)


def header(request: ClientRequest, name: str) -> str | None:
    return next((v for n, v in request.headers if n.lower() == name.lower()), None)


PATHS = [
    # (resource path, parameters, url sent)
    ("/ships/{{imo}}", {"imo": "9321483"}, BASE + "/ships/9321483"),
    ("/ships/{{imo}}/crew", {"x": "1"}, BASE + "/ships//crew"),  # unfilled: empty segment
    (
        "/sessions/{sessionId}",
        {"sessionId": "7"},
        BASE + "/sessions/{sessionId}",
    ),  # single brace: text
    ("/ships/{{imo}}", {"imo": "a b/c"}, BASE + "/ships/a b/c"),  # values are not encoded
    ("/ships/{{imo}}", {"imo": 12}, BASE + "/ships/12"),
]


@pytest.mark.parametrize(("path", "parameters", "url"), PATHS)
def test_only_double_braces_are_filled(path: str, parameters: dict, url: str) -> None:
    assert send(parameters, path=path).url == url


def test_a_call_with_no_parameters_fails_on_a_template() -> None:
    request = send({}, path="/ships/{{imo}}")
    assert request.error_kind == "invalid"
    assert request.error == (
        "Unresolved template parameters in URI: https://up.test/v1/ships/{{imo}}. "
        "Available parameters: []"
    )


def test_a_value_holding_a_tag_leaves_the_uri_unresolved() -> None:
    request = send({"imo": "{{x}}", "y": "1"}, path="/ships/{{imo}}")
    assert request.error is not None and request.error.startswith(
        "Unresolved template parameters in URI"
    )
    assert "[imo, y]" in request.error or "[y, imo]" in request.error


INPUTS = [
    # (inputs, parameters, query expected, header expected)
    ([{"name": "status", "in": "query"}], {"status": "open"}, "?status=open", None),
    ([{"name": "status", "in": "query"}], {"other": "x"}, "", None),  # nothing supplies it: omitted
    (
        [{"name": "q", "in": "query", "value": "{{term}}"}],
        {"other": "x"},
        "?q=",
        None,
    ),  # templated: empty
    (
        [{"name": "q", "in": "query", "value": "{{term}}"}],
        {},
        "",
        None,
    ),  # no parameters: "{{" skipped
    ([{"name": "limit", "in": "query", "value": "50"}], {}, "?limit=50", None),  # static always
    ([{"name": "q", "in": "query"}], {"q": "a b&c"}, "?q=a+b%26c", None),  # URLEncoder
    ([{"name": "q", "in": "query"}], {"q": "{{raw}}"}, "", None),  # a value holding "{{" is skipped
    ([{"name": "ids", "in": "query"}], {"ids": ["a", "b"]}, "?ids=%5Ba%2C+b%5D", None),  # toString
    ([{"name": "X-Trace", "in": "header"}], {"X-Trace": "t1"}, "", "t1"),
    ([{"name": "X-Trace", "in": "header", "value": "{{t}}"}], {"o": 1}, "", ""),
    ([{"name": "c", "in": "cookie"}], {"c": "v"}, "", None),  # cookies are not sent
    ([{"name": "b", "in": "body"}], {"b": "v"}, "", None),  # body inputs are not sent
    ([{"name": "e", "in": "environment"}], {}, "", None),  # the environment is not read
]


@pytest.mark.parametrize(("inputs", "parameters", "query", "trace"), INPUTS)
def test_operation_inputs(inputs: list, parameters: dict, query: str, trace: str | None) -> None:
    request = send(parameters, op={"inputParameters": inputs})
    assert request.error is None
    assert request.url == BASE + "/items" + query
    assert header(request, "X-Trace") == trace
    if any(i["in"] in ("cookie", "body") for i in inputs):
        assert request.body is None
        assert header(request, "cookie") is None


def test_resource_level_inputs_are_ignored() -> None:
    request = send({"s": "x"}, resource={"inputParameters": [{"name": "s", "in": "query"}]})
    assert request.url == BASE + "/items"


def test_consumes_level_header_values_go_out_unrendered() -> None:
    consumes = {"inputParameters": [{"name": "X-Key", "in": "header", "value": "{{KEY}}"}]}
    request = send({"KEY": "secret"}, consumes=consumes)
    assert header(request, "X-Key") == "{{KEY}}"


def test_a_path_input_value_never_fills_the_path() -> None:
    op = {"inputParameters": [{"name": "imo", "in": "path", "value": "999"}]}
    assert send({"x": "1"}, path="/ships/{{imo}}", op=op).url == BASE + "/ships/"


BODIES = [
    # (body spec, parameters, sent, content type)
    ('{"name": "{{name}}"}', {"name": "Ann"}, b'{"name": "Ann"}', "application/json"),
    ("{{crew}}", {"crew": ["c1", "c2"]}, b'["c1","c2"]', "application/json"),  # lists: JSON
    ("{{person}}", {"person": {"a": 1, "b": "x"}}, b"{a=1, b=x}", "application/json"),  # maps: Java
    (
        {"type": "json", "data": {"n": "{{n}}", "k": 2}},
        {"n": 5},
        b'{"n":"5","k":2}',
        "application/json",
    ),
    ({"type": "text", "data": "hello {{n}}"}, {"n": 5}, b'"hello 5"', "application/json"),  # quoted
    ({"type": "xml", "data": "<a>{{n}}</a>"}, {"n": 5}, b'"<a>5</a>"', "application/xml"),
    (
        {"type": "formUrlEncoded", "data": "a={{n}}"},
        {"n": 5},
        b'"a=5"',
        "application/x-www-form-urlencoded",
    ),
    ({"type": "sparql", "data": "ASK {}"}, {"n": 5}, b'"ASK {}"', "application/sparql-query"),
    ('{"n": {{n}}}', {"m": 1}, b'{"n": }', "application/json"),  # a missing field renders empty
]


@pytest.mark.parametrize(("body", "parameters", "sent", "media"), BODIES)
def test_bodies_come_only_from_the_consumed_body(
    body: Any, parameters: dict, sent: bytes, media: str
) -> None:
    request = send(parameters, method="POST", op={"body": body})
    assert request.body == sent
    assert header(request, "content-type") == media + "; charset=UTF-8"


def test_no_body_without_a_consumed_body_even_with_a_body_input() -> None:
    op = {"inputParameters": [{"name": "body", "in": "body"}]}
    request = send({"body": '{"a": 1}'}, method="POST", op=op)
    assert request.body is None and request.error is None


def test_an_input_value_feeds_the_body() -> None:
    op = {
        "inputParameters": [{"name": "kind", "in": "query", "value": "fixed"}],
        "body": "{{kind}}",
    }
    assert send({"x": 1}, method="POST", op=op).body == b"fixed"


def test_an_unresolved_body_fails() -> None:
    request = send({}, method="POST", op={"body": "{{x}}"})
    assert (
        request.error == "Unresolved template parameters in body: {{x}}. Available parameters: []"
    )


AUTH = [
    ({"type": "bearer", "token": "{{t}}"}, {"t": "abc"}, "Bearer abc"),
    ({"type": "apikey", "key": "X-Api-Key", "value": "k1", "placement": "header"}, {"a": 1}, None),
]


def test_bearer_and_apikey_header() -> None:
    request = send({"t": "abc"}, consumes={"authentication": AUTH[0][0]})
    assert header(request, "authorization") == "Bearer abc"
    request = send({"a": 1}, consumes={"authentication": AUTH[1][0]})
    assert header(request, "X-Api-Key") == "k1"


def test_apikey_query_is_appended_raw() -> None:
    auth = {"type": "apikey", "key": "token", "value": "a b", "placement": "query"}
    assert send({"a": 1}, consumes={"authentication": auth}).url == BASE + "/items?token=a b"


def test_apikey_without_placement_fails() -> None:
    auth = {"type": "apikey", "key": "token", "value": "v"}
    request = send({"a": 1}, consumes={"authentication": auth})
    assert request.error_kind == "invalid"
    assert (
        request.error
        == "Placement is required for apikey authentication (expected: header or query)"
    )


def test_an_apikey_in_a_standard_header_is_dropped_by_restlet() -> None:
    auth = {"type": "apikey", "key": "Authorization", "value": "k", "placement": "header"}
    request = send({"a": 1}, consumes={"authentication": auth})
    assert header(request, "authorization") is None
    assert request.dropped_headers == ("Authorization",)


def test_basic_auth_sends_the_char_array_not_the_password() -> None:
    auth = {"type": "basic", "username": "ann", "password": "s3cret"}
    value = header(send({"a": 1}, consumes={"authentication": auth}), "authorization")
    assert value is not None and value.startswith("Basic ")
    user, _, secret = base64.b64decode(value[6:]).decode().partition(":")
    assert user == "ann" and secret.startswith("[C@") and "s3cret" not in secret


WITH = [
    # (with, arguments, namespace, parameters after merging)
    ({"body": "rest.body"}, {"body": "x"}, "api", {"body": "rest.body"}),  # another prefix: literal
    ({"id": "api.id"}, {"id": "7"}, "api", {"id": "7"}),
    ({"sid": "api.id"}, {"other": "7"}, "api", {"other": "7"}),  # absent: sets nothing
    ({"sid": "api.path.id"}, {"id": "7"}, "api", {"id": "7"}),  # looks up "path.id": nothing
    ({"sid": "{{id}}"}, {"other": "7"}, "api", {"other": "7", "sid": ""}),  # template: empty
    ({"n": 5}, {}, "api", {"n": 5}),
]


@pytest.mark.parametrize(("with_", "arguments", "namespace", "expected"), WITH)
def test_with_merging(with_: dict, arguments: dict, namespace: str, expected: dict) -> None:
    target = dict(arguments)
    merge_with(with_, target, namespace)
    assert target == expected
    assert tool_parameters(with_, arguments, namespace) == expected


def test_tool_with_resolves_against_the_arguments_and_keeps_untouched_templates() -> None:
    # no arguments: the template is returned untouched (resolveMustacheTemplate on an empty map)
    assert tool_parameters({"sid": "{{id}}"}, {}, "t") == {"sid": "{{id}}"}


def test_forward_request() -> None:
    model, _ = operation_model(
        consumes={"inputParameters": [{"name": "X-Static", "in": "header", "value": "s"}]}
    )
    incoming = [
        ("x-trace", "t1"),
        ("content-type", "application/json"),
        ("authorization", "Bearer c"),
    ]
    request = build_forward_request(
        model, "up", "POST", "a/b", incoming, b"{}", ["X-Trace"], base=BASE
    )
    assert request.url == BASE + "/a/b"
    assert header(request, "X-Trace") == "t1"
    assert header(request, "X-Static") == "s"
    assert header(request, "authorization") == "Bearer c"  # no authentication: the caller's own
    assert request.body == b"{}"
    bare = build_forward_request(model, "up", "GET", None, [], b"", [], base=BASE)
    assert bare.url == BASE and bare.body is None


def test_seed_000_sends_literals_and_no_body() -> None:
    model = read_source("fixtures/seeds/000_6f3d6f5dce8cee89.yaml").capability.model
    entry = model.consumes["optimize-sessions"]
    unit = next(u for u in model.units() if u.data.get("call") == "optimize-sessions.listsessions")
    params: dict[str, Any] = {}
    merge_with(unit.data.get("with"), params, unit.namespace)
    request = build_client_request(model, entry.operations["listsessions"], params, base=BASE)
    assert request.url.startswith(BASE + "/sessions?")
    assert "status=rest.status" in request.url
    create = build_client_request(
        model, entry.operations["createsession"], {"body": "rest.body"}, base=BASE
    )
    assert create.method == "POST" and create.body is None
    get = build_client_request(model, entry.operations["getsession"], {"x": "1"}, base=BASE)
    assert get.url == BASE + "/sessions/{sessionId}"


@given(st.text(min_size=1).filter(lambda t: "{{" not in t))
def test_a_static_query_value_is_sent_verbatim_encoded(value: str) -> None:
    from naftiko_lint.serve.engine_java import url_encode

    request = send({"a": 1}, op={"inputParameters": [{"name": "q", "in": "query", "value": value}]})
    assert request.url == BASE + "/items?q=" + url_encode(value)


@given(st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=4))
def test_building_never_raises(parameters: dict) -> None:
    op = {
        "inputParameters": [
            {"name": "q", "in": "query"},
            {"name": "h", "in": "header", "value": "{{q}}"},
        ],
        "body": "{{q}}",
    }
    request = send(parameters, path="/x/{{q}}", method="POST", op=op)
    assert request.error is None or request.error_kind in ("invalid", "internal")


@given(st.text(min_size=1).filter(lambda t: "{{" not in t and not t.startswith("api.")))
def test_a_literal_with_value_goes_upstream_verbatim(literal: str) -> None:
    from naftiko_lint.serve.engine_java import url_encode

    params: dict[str, Any] = {"other": "x"}
    merge_with({"q": literal}, params, "api")
    request = send(params, op={"inputParameters": [{"name": "q", "in": "query"}]})
    assert request.url == BASE + "/items?q=" + url_encode(literal)


def test_an_import_is_sent_to_its_shared_files_base_uri() -> None:
    """ConsumesImportResolver copies the shared entry whole: its baseUri is the one used
    (and named in failures), not the importer's stub, which has none."""
    capability = read_source("fixtures/clean/imports.yaml").capability
    assert capability is not None
    model = capability.model
    entry = model.consumes["crew"]
    assert entry.imported and "baseUri" not in entry.data
    operation = entry.operations["get-member"]
    sent = build_client_request(model, operation, {"member-id": "7"})
    assert sent.error is None and sent.url.startswith("https://people.fleet.test/")
    failed = build_client_request(model, operation, {})
    assert failed.error is not None and "https://people.fleet.test/" in failed.error
