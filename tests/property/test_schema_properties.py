"""Property tests: generated valid documents pass; one mutated field is reported there."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from naftiko_lint import pointer as jp
from naftiko_lint.diagnostics import Diagnostic
from naftiko_lint.linter import LintOptions, lint_source
from naftiko_lint.spec import schema as schema_check
from naftiko_lint.spec import versions

from ..conftest import examples
from .schema_strategies import SchemaStrategies

SETTINGS = settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
STRATEGIES = {
    v: SchemaStrategies(schema_check.load_schema(v)).document() for v in versions.known_names()
}


def _leaves(node: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _leaves(v, (*path, k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _leaves(v, (*path, i))]
    return [path]


def _mappings(node: Any, path: tuple = ()) -> list[tuple]:
    found = [path] if isinstance(node, dict) else []
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, value in children:
        found += _mappings(value, (*path, key))
    return found


def _set(doc: Any, path: tuple, value: Any) -> None:
    for token in path[:-1]:
        doc = doc[token]
    doc[path[-1]] = value


def _lint(doc: dict, version: str) -> list[Diagnostic]:
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    _, diagnostics = lint_source("gen.yaml", text.encode(), LintOptions())
    return diagnostics


@pytest.mark.parametrize("version", versions.known_names())
def test_generated_documents_are_valid(version: str) -> None:
    @SETTINGS
    @given(STRATEGIES[version])
    def check(doc: dict) -> None:
        assert schema_check.check(doc, version) == []
        assert [d for d in _lint(doc, version) if d.rule.startswith("schema")] == []

    check()


@pytest.mark.parametrize("version", versions.known_names())
def test_a_mutated_field_is_reported_at_or_inside_it(version: str) -> None:
    oracle = Draft202012Validator(schema_check.load_schema(version))

    @SETTINGS
    @given(STRATEGIES[version], st.data())
    def check(doc: dict, data: st.DataObject) -> None:
        kind = data.draw(st.sampled_from(["wrong-type", "unknown-key"]))
        if kind == "wrong-type":
            leaves = [p for p in _leaves(doc) if p and p != ("naftiko",)]
            assume(leaves)
            path = data.draw(st.sampled_from(leaves))
            _set(doc, path, [{"mutated": True}])
        else:
            path = data.draw(st.sampled_from(_mappings(doc)))
            target = doc
            for token in path:
                target = target[token]
            target["zz-mutated"] = 1
            path = (*path, "zz-mutated")
        assume(not oracle.is_valid(doc))
        field = jp.join(path)
        diagnostics = _lint(doc, version)
        hits = [
            d
            for d in diagnostics
            if d.pointer == field
            or d.pointer.startswith(field + "/")
            or (
                field.startswith(d.pointer + "/")
                and d.rule == "schema"
                and "missing" not in d.message
            )
        ]
        assert hits, (field, [(d.pointer, d.message) for d in diagnostics])

    check()
