"""Core functions, from Spectral's documented behaviour: options and edge cases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from naftiko_lint.functions.api import FunctionContext
from naftiko_lint.functions.builtin import builtin_functions
from naftiko_lint.values import UNDEFINED

FUNCTIONS = builtin_functions()


def run(name: str, target: Any, options: Any = None, path: tuple = ("x",)) -> list:
    function = FUNCTIONS[name]
    assert function.options_errors(options) == []
    if target is not UNDEFINED and not function.accepts(target):
        return ["<skipped>"]
    ctx = FunctionContext(document={}, path=path, rule_id="t")
    return list(function.fn(target, options, ctx) or ())


@pytest.mark.parametrize(
    ("value", "reported"),
    [
        ("", True),
        ("x", False),
        (0, True),
        (1, False),
        (False, True),
        (None, True),
        (UNDEFINED, True),
        ([], False),
        ({}, False),
    ],
)
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


@pytest.mark.parametrize(
    ("value", "options", "count"),
    [
        ("abc", {"min": 4}, 1),
        ("abc", {"max": 2}, 1),
        ("abc", {"min": 1, "max": 5}, 0),
        ([], {"min": 1}, 1),
        ({"a": 1, "b": 2}, {"max": 1}, 1),
        (7, {"max": 5}, 1),
        ("", {"min": 0}, 0),
    ],
)
def test_length(value: Any, options: dict, count: int) -> None:
    assert len(run("length", value, options)) == count


def test_length_skips_booleans_and_null() -> None:
    assert run("length", None, {"max": 1}) == ["<skipped>"]
    assert run("length", True, {"max": 1}) == ["<skipped>"]


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        ("flat", "orders", "Orders"),
        ("camel", "listOrders", "ListOrders"),
        ("pascal", "ListOrders", "listOrders"),
        ("kebab", "list-orders", "list_orders"),
        ("cobol", "LIST-ORDERS", "list-orders"),
        ("snake", "list_orders", "list-orders"),
        ("macro", "LIST_ORDERS", "list_orders"),
    ],
)
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
    schema = {
        "type": "object",
        "required": ["port"],
        "properties": {"port": {"type": "integer"}, "name": {"type": "string"}},
    }
    assert run("schema", {"port": 1}, {"schema": schema}) == []
    first = run("schema", {"port": "x", "name": 2}, {"schema": schema}, path=("a",))
    assert len(first) == 1
    every = run(
        "schema", {"port": "x", "name": 2}, {"schema": schema, "allErrors": True}, path=("a",)
    )
    assert {r.path for r in every} == {("a", "port"), ("a", "name")}
    assert "must exist" in run("schema", UNDEFINED, {"schema": schema})[0].message


def test_typed_enum() -> None:
    assert run("typedEnum", {"type": "string", "enum": ["a", "b"]}) == []
    results = run("typedEnum", {"type": "integer", "enum": [1, "2", 3.5]}, path=("p",))
    assert [r.path for r in results] == [("p", "enum", 1), ("p", "enum", 2)]
    assert run("typedEnum", {"type": "number", "enum": [1, 2.5]}) == []
    assert run("typedEnum", {"enum": [1]}) == ["<skipped>"]


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("pattern", {"matches": "x"}),
        ("casing", {"type": "upper"}),
        ("length", {}),
        ("enumeration", {"values": "GET"}),
        ("xor", {"properties": ["one"]}),
        ("truthy", {"x": 1}),
        ("schema", {}),
    ],
)
def test_bad_options_are_reported(name: str, options: Any) -> None:
    assert FUNCTIONS[name].options_errors(options) != []


# -- messages: Spectral renders every function's message; naftiko-lint's own never -------


def _engine_messages(module: str, message: str, rule_message: str | None = None) -> list[str]:
    from naftiko_lint.functions import FunctionResult, RuleFunction
    from naftiko_lint.ruleset.definitions import Rule, Ruleset, Then
    from naftiko_lint.ruleset.engine import Engine

    def fn(target: Any, options: Any, ctx: FunctionContext) -> Iterator[FunctionResult]:
        yield FunctionResult(message)

    fn.__module__ = module
    rule = Rule(id="r", given=("$.info",), then=(Then("f"),), message=rule_message)
    engine = Engine(Ruleset(rules={"r": rule}), {"f": RuleFunction("f", fn)})
    return [f.message for f in engine.run({"info": {"label": "x"}})]


def test_own_function_messages_are_never_rendered() -> None:
    text = 'Path /kv/{{key}}/{{error}} quotes {{path}} and #{{print("value")}}'
    assert _engine_messages("naftiko_lint.functions.naftiko.paths", text) == [text]
    assert _engine_messages("naftiko_lint.functions.naftiko.paths", text, "{{error}}") == [text]


def test_other_function_messages_render_as_spectral_does() -> None:
    # Spectral's Replacer: known variables substituted, unknown ones dropped
    for module in (
        "naftiko_lint_user_functions.mine",
        "naftiko_lint.functions.core",
        "naftiko_lint.functions.naftiko.official",
    ):
        assert _engine_messages(module, 'at {{path}}: /kv/{{key}} #{{print("property")}}') == [
            'at #/info: /kv/ "info" property'
        ]


def test_rule_message_templates() -> None:
    from naftiko_lint.ruleset.messages import render

    variables = {
        "property": "port",
        "path": "#/a/0/port",
        "value": [1, None, "x"],
        "description": None,
        "error": "bad",
    }
    assert render("{{value}}|{{description}}|{{nope}}|{{ path }}", variables) == "1,,x|null||"
    assert (
        render('#{{print("value")}} #{{property + ":" + error.toUpperCase()}}', variables)
        == "Array[] port:BAD"
    )
    assert render("#{{process.exit()}}#{{nope}}", variables) == ""


# -- JSONPath filters compare as JavaScript's == ---------------------------------------


@pytest.mark.parametrize(
    ("given", "selected"),
    [
        ("$.items[?(@.type == 'rest')]", [0, 1]),
        ("$.items[?(@.type != 'rest')]", [2, 3, 4, 5]),
        ("$.items[?(@.port == 8080)]", [0, 1, 5]),
        ("$.items[?(@.type == 1)]", [2, 3]),
        ("$.items[?(@.port == true)]", [2, 3]),
        ("$.items[?(@.type == null)]", [4, 5]),
        ("$.items[?(@.type == 'rest' && @.port)]", [0, 1]),
        ("$.items[?(@.port)]", [0, 1, 2, 3, 5]),
    ],
)
def test_filters_use_javascript_loose_equality(given: str, selected: list[int]) -> None:
    from naftiko_lint.ruleset.given import compile_path

    items = [
        {"type": ["rest"], "port": "8080"},
        {"type": "rest", "port": 8080.0},
        {"type": 1, "port": True},
        {"type": "1", "port": "1"},
        {"type": None, "port": 0},
        {"port": [8080]},
    ]
    assert [m.path[1] for m in compile_path(given).find({"items": items})] == selected


# -- the official functions, JavaScript semantics (the differential test runs the JS) ----


def _official(name: str, document: dict) -> list[tuple]:
    ctx = FunctionContext(document=document, path=(), rule_id="t")
    return [(r.path, r.message) for r in FUNCTIONS[name].fn(document, None, ctx)]


def test_semantics_conflicts_are_reported_at_each_hint() -> None:
    document = {
        "capability": {
            "aggregates": [
                {
                    "namespace": "a",
                    "functions": [{"name": "f", "semantics": {"safe": True, "idempotent": True}}],
                }
            ],
            "exposes": [
                {
                    "type": "mcp",
                    "tools": [
                        {
                            "ref": "a.f",
                            "hints": {"readOnly": False, "destructive": True, "idempotent": False},
                        }
                    ],
                },
                {
                    "type": "rest",
                    "resources": [
                        {
                            "operations": [
                                {"ref": "a.f"},
                                {"ref": "a.f", "method": 5},
                                {"ref": "a.f", "method": "post"},
                            ]
                        }
                    ],
                },
            ],
        }
    }
    paths = [p for p, _ in _official("aggregate-semantics-consistency", document)]
    hints = ("capability", "exposes", 0, "tools", 0, "hints")
    method = ("capability", "exposes", 1, "resources", 0, "operations", 2, "method")
    assert paths == [
        (*hints, "readOnly"),
        (*hints, "destructive"),
        (*hints, "idempotent"),
        method,
        method,
    ]


def test_control_ports_compare_strictly_and_every_control_adapter_counts() -> None:
    document = {
        "capability": {
            "exposes": [
                {"type": "control", "port": 0},
                {"type": "rest", "port": 0},
                {"type": "control", "port": True},
                {"type": "mcp", "port": True},
                {"type": "rest", "port": "8080"},
                {"type": "control", "port": 8080},
                None,
            ]
        }
    }
    assert [p for p, _ in _official("control-port-validation", document)] == [
        ("capability", "exposes", 2, "type"),
        ("capability", "exposes", 5, "type"),
        ("capability", "exposes", 2, "port"),
    ]


def test_namespaces_skip_empty_and_null_items() -> None:
    document = {
        "consumes": [{"namespace": ""}, None, {"namespace": "a"}],
        "capability": {"consumes": [{"namespace": ""}, {"namespace": "a"}]},
        "binds": [{"namespace": "a"}],
    }
    assert _official("unique-namespaces", document) == [
        (
            ("capability", "consumes", 1, "namespace"),
            "Namespace 'a' is already used at "
            "consumes/2/namespace. Namespaces must be globally unique across adapter entries.",
        ),
        (
            ("binds", 0, "namespace"),
            "Namespace 'a' is already used at consumes/2/namespace. "
            "Namespaces must be globally unique across adapter and bind entries.",
        ),
    ]


def test_script_defaults_come_from_the_first_control_adapter_with_scripting() -> None:
    step = {"type": "script", "name": "s", "location": ""}
    document = {
        "capability": {
            "exposes": [
                {"type": "control", "management": {}},
                {
                    "type": "control",
                    "management": {"scripting": {"defaultLanguage": "js", "defaultLocation": "  "}},
                },
                {"type": "control", "management": {"scripting": {"defaultLocation": "./s"}}},
                # a null tool makes the JavaScript throw (Spectral stops); here it is skipped
                {
                    "type": "mcp",
                    "tools": [None, {"steps": [step, None, {"type": "script", "location": "./x"}]}],
                },
            ]
        }
    }
    found = _official("script-defaults-required", document)
    assert [p for p, _ in found] == [
        ("capability", "exposes", 3, "tools", 1, "steps", 0, "location")
    ]
    assert found[0][1].startswith("Script step 's' omits 'location'")


@pytest.mark.parametrize(
    ("left", "operator", "right", "expected"),
    [
        ("1", ">", 0, True),
        ([1], ">", 0, True),
        ("0x1F", ">", 30, True),
        (" 8 ", "<", 9, True),
        (True, ">=", 1, True),
        (None, ">=", 0, True),
        (UNDEFINED, ">=", 0, False),
        ("abc", "<", 1, False),
        ("abc", ">=", 1, False),
        ("9", ">", "10", True),
        ({}, "<", 1, False),
        ([], "<=", 0, True),
        ([[2]], ">", 1, True),
    ],
)
def test_relational_comparison_is_javascripts(
    left: Any, operator: str, right: Any, expected: bool
) -> None:
    from naftiko_lint.values import js_compare

    assert js_compare(left, operator, right) is expected
