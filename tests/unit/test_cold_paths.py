"""The shortcuts that keep a cold start light answer exactly as the libraries they skip:
the direct walk of `given` paths (with `&&`, bare and nested filter terms, key paths) as
python-jsonpath, the JSONPath syntax shortcut as python-jsonpath's compiler, and the
jsonschema-rs yes/no as python-jsonschema."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import jsonpath
import pytest
from jsonschema import Draft7Validator, Draft202012Validator

from naftiko_lint.config import SCHEMA as CONFIG_SCHEMA
from naftiko_lint.document.loading import parse_document
from naftiko_lint.functions.builtin import builtin_functions
from naftiko_lint.functions.jsonpath_syntax import jsonpath_syntax_error
from naftiko_lint.ruleset.format_schema import RULESET
from naftiko_lint.ruleset.given import compile_path
from naftiko_lint.spec.quick import schema_errors

from ..conftest import FIXTURES, REPO

# names the library's lexer might read as keywords, beside ordinary ones
NAMES = ["type", "a_b", "_x", "true", "false", "null", "nil", "none", "undefined", "missing"]
NAMES += ["and", "or", "not", "in", "contains", "keys", "length", "count", "match"]
STEP_NAMES = [*NAMES, "on-board", "x-1"]
VALUES = [None, True, False, 0, 1, 1.5, "", "mcp", "stdio", [], ["mcp"], {}, {"k": "v"}]


def _filters() -> list[str]:
    terms = ["@.type == 'mcp'", "@.transport", "@.auth.type == 'oauth2'", "@.auth", "@.in"]
    terms += ["@.transport == 'stdio'", "@.type == ''", "@.null == 'x'"]
    out = list(terms)
    for a, b in itertools.permutations(terms[:6], 2):
        out += [f"{a} && {b}", f"{a} || {b}"]
    out += ["@.type == 'mcp' && @.transport || @.auth", "@.auth || @.type == 'mcp' && @.in"]
    return out


PATHS = [f"$.items[?({f})]" for f in _filters()]
PATHS += [f"$.{name}[*].{name}" for name in STEP_NAMES] + [f"$.items[?(@.{n})]" for n in NAMES]
PATHS += ["$.items[*].type~", "$.items~", "$~", "$.items[?(@.type == 'mcp')].auth~"]


def _items() -> list:
    """Items of every shape a filter may meet, nested values included."""
    items: list = [v for v in VALUES if not isinstance(v, list | str)]
    for key, value in itertools.product(["type", "transport", "auth", "in"], VALUES):
        items.append({key: value})
    for auth in VALUES:
        items.append({"type": "mcp", "transport": "stdio", "auth": {"type": "oauth2"}})
        items.append(
            {"type": "mcp", "auth": auth if not isinstance(auth, dict) else {"type": auth}}
        )
    return items


DOCUMENTS = [
    {"items": _items()},
    {"items": _items()[::-1]},
    {"items": {"a": {"type": "mcp"}}},  # a filter over a mapping: the library decides
    {"items": ["mcp", {"type": "mcp"}]},  # a string item: the library decides
    {"items": "text"},
    {name: [{name: i}, {"other": i}, 7] for i, name in enumerate(STEP_NAMES)},
]


@pytest.mark.parametrize("given", PATHS)
def test_the_walk_takes_these_paths_and_finds_what_the_library_finds(given: str) -> None:
    compiled = compile_path(given)
    assert compiled.steps is not None
    library = replace(compiled, steps=None)
    for document in DOCUMENTS:
        assert compiled.find(document) == library.find(document), document


def test_a_path_the_walk_does_not_take_is_compiled_at_load() -> None:
    compiled = compile_path("$.items[?(@.port > 1)]")
    assert compiled.steps is None
    assert "query" in vars(compiled)  # compiled now, so an invalid path is a load error


JAYWAY = ["$", "$.a", "$.a.b", "$.a[0]", "$.a[*].b", "$.a.*", "$.on-board.fullName"]
JAYWAY += [f"$.{n}" for n in STEP_NAMES] + ["$.a[12][3]", "$.x_1.y-2[*]"]
NOT_SIMPLE = ["$.a[", "$..a", "$.a[?(@.b)]", "$.a b", "$.1a", "$[", "$.a.", "$['a']", "$.é"]


@pytest.mark.parametrize("text", JAYWAY + NOT_SIMPLE)
def test_the_syntax_shortcut_answers_as_the_library(text: str) -> None:
    try:
        jsonpath.compile(text)
        expected = None
    except jsonpath.JSONPathError as error:
        expected = str(error).splitlines()[0]
    assert jsonpath_syntax_error(text) == expected


def _yaml_files(*folders: Path) -> list[Path]:
    return sorted(p for f in folders for p in f.rglob("*.y*ml") if "hostile" not in p.parts)


def _messages(errors: list) -> list[tuple]:
    return [(tuple(e.absolute_path), e.validator, e.message) for e in errors]


@pytest.mark.parametrize(
    "path",
    _yaml_files(FIXTURES / "rules", REPO / "rules", REPO / "tests" / "differential" / "data"),
    ids=lambda p: p.name,
)
def test_the_yes_no_gate_answers_as_python_jsonschema(path: Path) -> None:
    doc = parse_document(str(path), path.read_bytes())
    if not doc.usable:
        pytest.skip("not a usable document")
    for schema in (RULESET, CONFIG_SCHEMA):
        expected = list(Draft202012Validator(schema).iter_errors(doc.data))
        assert _messages(schema_errors(schema, doc.data)) == _messages(expected)


@pytest.mark.parametrize("value", [None, 1, True, "x", [], {}, {"keyedBy": 1}, {"match": "^a"}])
def test_function_options_are_judged_as_python_jsonschema_judges_them(value: object) -> None:
    for function in builtin_functions().values():
        if function.options is None:
            continue
        expected = list(Draft7Validator(function.options).iter_errors(value))
        assert _messages(schema_errors(function.options, value, draft="7")) == _messages(expected)
