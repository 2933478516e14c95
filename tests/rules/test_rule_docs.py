"""Every rule has a documentation page, and its examples behave as documented:
the invalid example makes the rule fire, the valid one keeps it silent."""

from __future__ import annotations

import pytest

from naftiko_lint.config import Config
from naftiko_lint.linter import LintOptions, lint_source
from naftiko_lint.plan import build_plan
from naftiko_lint.ruleset import builtin, docs

PLAN = build_plan(Config())
RULES = [e.id for e in docs.active_rules(PLAN, include_off=True)]


@pytest.mark.parametrize("rule_id", RULES)
def test_rule_has_documentation(rule_id: str) -> None:
    doc = docs.load_doc(rule_id)
    assert doc is not None, f"rules/docs/{rule_id}.yaml is missing"
    assert set(doc) <= set(docs.DOC_KEYS) | {"note"}
    docs.fix_doc(rule_id)  # a `fix:` key, when present, is well formed (DocError if not)
    assert doc.get("what") and doc.get("why")
    assert doc.get("invalid") or doc.get("note"), "show an invalid example or say why not"
    text = docs.explain(rule_id, PLAN)
    assert text is not None and "What it does" in text and "Options" in text


def _rules_found(example: str) -> list[str]:
    _, diagnostics = lint_source("example.yaml", example.encode(), LintOptions(), plan=PLAN)
    return [d.rule for d in diagnostics]


# the conformance rules are observed on running servers, never by `check`: their examples
# show the wiring conformance reports (tests/conformance/test_rule_coverage.py covers them)
LINTED = [r for r in RULES if r not in {rule.id for rule in builtin.CONFORMANCE_RULES}]


@pytest.mark.parametrize("rule_id", LINTED)
def test_examples_behave_as_documented(rule_id: str) -> None:
    doc = docs.load_doc(rule_id) or {}
    if doc.get("invalid"):
        assert rule_id in _rules_found(doc["invalid"])
    if doc.get("valid"):
        assert rule_id not in _rules_found(doc["valid"])
