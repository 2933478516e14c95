"""Core functions, from Spectral's documented behaviour: options and edge cases."""

from __future__ import annotations

from typing import Any

import pytest

from naftiko_lint.functions import FunctionContext, builtin_functions
from naftiko_lint.functions.core import UNDEFINED

FUNCTIONS = builtin_functions()


def run(name: str, target: Any, options: Any = None, path: tuple = ("x",)) -> list:
    function = FUNCTIONS[name]
    assert function.options_errors(options) == []
    if target is not UNDEFINED and not function.accepts(target):
        return ["<skipped>"]
    ctx = FunctionContext(document={}, path=path, rule_id="t")
    return list(function.fn(target, options, ctx) or ())


@pytest.mark.parametrize(("value", "reported"), [
    ("", True), ("x", False), (0, True), (1, False), (False, True), (None, True),
    (UNDEFINED, True), ([], False), ({}, False),
])
def test_truthy_uses_javascript_truthiness(value: Any, reported: bool) -> None:
    assert bool(run("truthy", value)) is reported
    assert bool(run("falsy", value)) is not reported


@pytest.mark.parametrize(("value", "defined"), [(UNDEFINED, False), (None, True), ("", True)])
def test_defined_and_undefined(value: Any, defined: bool) -> None:
    assert bool(run("defined", value)) is not defined
    assert bool(run("undefined", value)) is defined


def test_pattern_match_notmatch_and_flags() -> None:
    assert run("pattern", "https://a", {"match": "^https://"}) == []
    assert len(run("pattern", "http://a", {"match": "^https://"})) == 1
    assert len(run("pattern", "a/", {"notMatch": "/$"})) == 1
    assert run("pattern", "ABC", {"match": "/^abc$/i"}) == []
    assert len(run("pattern", "x", {"match": "^y", "notMatch": "x"})) == 2


def test_pattern_skips_non_strings() -> None:
    assert run("pattern", 8080, {"match": "^9"}) == ["<skipped>"]
    assert run("pattern", ["a"], {"match": "^9"}) == ["<skipped>"]


def test_enumeration_is_type_strict() -> None:
    assert run("enumeration", "GET", {"values": ["GET", "POST"]}) == []
    assert len(run("enumeration", "get", {"values": ["GET"]})) == 1
    assert len(run("enumeration", "1", {"values": [1]})) == 1
    assert run("enumeration", 1.0, {"values": [1]}) == []
    assert len(run("enumeration", True, {"values": [1]})) == 1
    assert run("enumeration", {"a": 1}, {"values": [1]}) == ["<skipped>"]


@pytest.mark.parametrize(("value", "options", "count"), [
    ("abc", {"min": 4}, 1), ("abc", {"max": 2}, 1), ("abc", {"min": 1, "max": 5}, 0),
    ([], {"min": 1}, 1), ({"a": 1, "b": 2}, {"max": 1}, 1), (7, {"max": 5}, 1),
    ("", {"min": 0}, 0),
])
def test_length(value: Any, options: dict, count: int) -> None:
    assert len(run("length", value, options)) == count


def test_length_skips_booleans_and_null() -> None:
    assert run("length", None, {"max": 1}) == ["<skipped>"]
    assert run("length", True, {"max": 1}) == ["<skipped>"]


@pytest.mark.parametrize(("kind", "good", "bad"), [
    ("flat", "orders", "Orders"), ("camel", "listOrders", "ListOrders"),
    ("pascal", "ListOrders", "listOrders"), ("kebab", "list-orders", "list_orders"),
    ("cobol", "LIST-ORDERS", "list-orders"), ("snake", "list_orders", "list-orders"),
    ("macro", "LIST_ORDERS", "list_orders"),
])
def test_casing_types(kind: str, good: str, bad: str) -> None:
    assert run("casing", good, {"type": kind}) == []
    assert len(run("casing", bad, {"type": kind})) == 1


def test_casing_options() -> None:
    assert len(run("casing", "orders2", {"type": "kebab", "disallowDigits": True})) == 1
    assert run("casing", "orders2", {"type": "kebab"}) == []
    separator = {"type": "kebab", "separator": {"char": "/", "allowLeading": True}}
    assert run("casing", "/orders/by-id", separator) == []
    assert run("casing", "/", separator) == []
    assert len(run("casing", "/orders/{id}", separator)) == 1
    assert run("casing", "", {"type": "kebab"}) == ["<skipped>"]


def test_alphabetical() -> None:
    assert run("alphabetical", ["a", "b", "c"]) == []
    result = run("alphabetical", ["b", "a"], path=("tags",))
    assert result[0].path == ("tags", 0)
    assert run("alphabetical", {"a": 1, "B": 2}) == []
    assert run("alphabetical", []) == []
    keyed = run("alphabetical", [{"n": "b"}, {"n": "a"}], {"keyedBy": "n"})
    assert keyed[0].message == "properties must follow the alphabetical order"
    assert "must be an object" in run("alphabetical", ["a", 1], {"keyedBy": "n"})[0].message


def test_xor_and_or() -> None:
    options = {"properties": ["call", "steps"]}
    assert run("xor", {"call": 1}, options) == []
    assert "At least one of" in run("xor", {}, options)[0].message
    assert "Just one of" in run("xor", {"call": 1, "steps": 2}, options)[0].message
    assert run("or", {"call": 1, "steps": 2}, options) == []
    assert len(run("or", {}, options)) == 1
    assert run("xor", "text", options) == ["<skipped>"]
    long = run("or", {}, {"properties": ["a", "b", "c", "d", "e"]})[0].message
    assert long == 'At least one of "a" or "b" or "c" or 2 other properties must be defined'


def test_schema_function() -> None:
    schema = {"type": "object", "required": ["port"],
              "properties": {"port": {"type": "integer"}, "name": {"type": "string"}}}
    assert run("schema", {"port": 1}, {"schema": schema}) == []
    first = run("schema", {"port": "x", "name": 2}, {"schema": schema}, path=("a",))
    assert len(first) == 1
    every = run("schema", {"port": "x", "name": 2}, {"schema": schema, "allErrors": True},
                path=("a",))
    assert {r.path for r in every} == {("a", "port"), ("a", "name")}
    assert "must exist" in run("schema", UNDEFINED, {"schema": schema})[0].message


def test_typed_enum() -> None:
    assert run("typedEnum", {"type": "string", "enum": ["a", "b"]}) == []
    results = run("typedEnum", {"type": "integer", "enum": [1, "2", 3.5]}, path=("p",))
    assert [r.path for r in results] == [("p", "enum", 1), ("p", "enum", 2)]
    assert run("typedEnum", {"type": "number", "enum": [1, 2.5]}) == []
    assert run("typedEnum", {"enum": [1]}) == ["<skipped>"]


@pytest.mark.parametrize(("name", "options"), [
    ("pattern", {"matches": "x"}), ("casing", {"type": "upper"}), ("length", {}),
    ("enumeration", {"values": "GET"}), ("xor", {"properties": ["one"]}),
    ("truthy", {"x": 1}), ("schema", {}),
])
def test_bad_options_are_reported(name: str, options: Any) -> None:
    assert FUNCTIONS[name].options_errors(options) != []
