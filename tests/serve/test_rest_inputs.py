"""Request inputs as `Resolver.resolveInputParameterFromRequest` reads them
(serve/rest_inputs.py): a table of (declared input, request) → value."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naftiko_lint.capability.model import Param
from naftiko_lint.serve.engine_java import JsonTree
from naftiko_lint.serve.rest_inputs import (
    RestRequest,
    java_trim,
    parse_query,
    read_json,
    resolve_inputs,
)


def param(name: str, where: str | None, **extra: Any) -> Param:
    data = {"name": name, **({"in": where} if where is not None else {}), **extra}
    return Param(name, where, extra.get("value"), (), data)


REQUEST = RestRequest(
    path_values={"id": "a%20b", "voyage-id": "7"},
    query=parse_query("status=open&status=closed&empty=&bare&plus=a+b&pct=%C3%A9&bad=%zz"),
    headers=(("X-Trace", "t1"), ("x-trace", "t2"), ("content-type", "application/json")),
    body=json.dumps(
        {"sku": "A1", "qty": 3, "nested": {"k": [1, 2]}, "nothing": None, "flag": False}
    ).encode(),
)
ENV = {"REGION": "eu"}

CASES = [
    # (input, expected value; MISSING: not in the map)
    (param("id", "path"), "a%20b"),  # template values stay undecoded
    (param("voyage-id", "path"), "7"),
    (param("other", "path"), "MISSING"),
    (param("status", "query"), "open"),  # the first value
    (param("empty", "query"), ""),
    (param("bare", "query"), "MISSING"),  # `?bare` has no value
    (param("plus", "query"), "a b"),
    (param("pct", "query"), "é"),
    (param("bad", "query"), "MISSING"),  # a malformed escape
    (param("Status", "query"), "MISSING"),  # query names are case-sensitive
    (param("x-TRACE", "header"), "t1"),  # header names are not; the first value
    (param("absent", "header"), "MISSING"),
    (param("REGION", "environment"), "eu"),
    (param("HOME_NOT_SET", "environment"), "MISSING"),
    (param("sku", "body"), "A1"),
    (param("qty", "body"), 3),
    (param("nested", "body"), {"k": [1, 2]}),  # a plain map (Java's {k=v} when rendered)
    (param("nothing", "body"), "MISSING"),  # a JSON null yields nothing
    (param("flag", "body"), False),
    (param("sku", None), "A1"),  # no `in` reads the body
    (param("sku", "cookie"), "A1"),  # the switch's default: cookies read the body too
    (param("sku", "BODY"), "A1"),  # `in` is lower-cased
    (param("k", "body", value="$.nested.k"), [1, 2]),  # JsonPath
    (param("k", "body", value="  $.nested.k[0]"), 1),  # trimmed
    (param("k", "body", value="$.missing"), "MISSING"),
    (param("k", "body", template="$.sku"), "A1"),  # the legacy `template` key
    (param("status", "query", value="fixed"), "fixed"),  # a fixed value wins over the request
    (param("status", "query", value=50), "50"),
    (param("status", "query", value=True), "true"),
    (param("status", "query", value="$.sku"), "open"),  # a `$` value on a query input: read
]


@pytest.mark.parametrize(("declared", "expected"), CASES, ids=[c[0].data.__repr__() for c in CASES])
def test_one_input(declared: Param, expected: Any) -> None:
    got = resolve_inputs([declared], REQUEST, environ=ENV)
    if expected == "MISSING":
        assert declared.name not in got
    else:
        assert got[declared.name] == expected


def test_the_whole_body_when_no_field_matches_is_a_json_node() -> None:
    got = resolve_inputs([param("body", "body")], REQUEST, environ=ENV)
    assert got["body"] == JsonTree(json.loads(REQUEST.body))
    array = RestRequest(body=b"[1, 2]")
    assert resolve_inputs([param("body", "body")], array, environ={})["body"] == JsonTree([1, 2])


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"{", b"NaN", b"\xff\xfe", b"   ", b'{"a": Infinity}', b"\xef\xbb\xbf{}"],
)
def test_a_body_that_is_not_json_is_absent(body: bytes) -> None:
    assert resolve_inputs([param("a", "body")], RestRequest(body=body), environ={}) == {}


def test_malformed_utf8_inside_a_string_is_replaced_as_java_reads_it() -> None:
    request = RestRequest(body=b'{"a": "x\xffy"}')
    assert resolve_inputs([param("a", "body")], request, environ={}) == {"a": "x\ufffdy"}


def test_trailing_content_after_the_first_json_value_is_ignored() -> None:
    request = RestRequest(body=b' {"a": "x"} trailing')
    assert resolve_inputs([param("a", "body")], request, environ={}) == {"a": "x"}


def test_later_levels_override_and_a_missing_value_keeps_the_earlier_one() -> None:
    request = RestRequest(query=(("a", "from-query"),), headers=(("a", "from-header"),))
    adapter_level = param("a", "query")
    operation_level = param("a", "header")
    assert resolve_inputs([adapter_level, operation_level], request, environ={}) == {
        "a": "from-header"
    }
    silent = param("a", "path")  # yields nothing: the earlier value stays
    assert resolve_inputs([adapter_level, silent], request, environ={}) == {"a": "from-query"}


def test_java_trim() -> None:
    assert java_trim("\t\n $x \x00") == "$x"
    assert java_trim("\u00a0$x") == "\u00a0$x"  # not whitespace to String.trim


@given(st.binary(max_size=64))
def test_reading_any_body_never_raises(body: bytes) -> None:
    read_json(body)
    resolve_inputs([param("a", "body"), param("b", "body", value="$.b")], RestRequest(body=body))


@given(st.text(max_size=40))
def test_parsing_any_query_never_raises(query: str) -> None:
    parse_query(query)
