"""Every rule's declared fix (`fix:` in rules/docs/<id>.yaml) does what its doc says, and
every fix a rule attaches is declared: `--fix --unsafe-fixes` on the rule's invalid example
removes each of its findings that carried a fix and adds no finding of any rule; a rule
seen attaching a fix in any doc example declares one, of the safety it shows."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from naftiko_lint.config import Config
from naftiko_lint.diagnostics import Diagnostic
from naftiko_lint.fix.api import fix_with
from naftiko_lint.linter import LintOptions, lint_source
from naftiko_lint.plan import build_plan
from naftiko_lint.ruleset import builtin, docs

PLAN = build_plan(Config())
OPTIONS = LintOptions(discover_config=False)
RULES = [
    e.id
    for e in docs.active_rules(PLAN, include_off=True)
    if e.id not in {rule.id for rule in builtin.CONFORMANCE_RULES}
]
DECLARED = [rule_id for rule_id in RULES if docs.fix_doc(rule_id) is not None]


def _lint(text: str) -> list[Diagnostic]:
    return lint_source("example.yaml", text.encode(), OPTIONS, PLAN)[1]


def _fixable(d: Diagnostic) -> bool:
    return d.fix is not None and bool(d.fix.edits_at(d.pointer))


@cache
def _seen_fixes() -> dict[str, set[bool]]:
    """Rule id -> the safeties of the fixes it attached, over every doc example."""
    seen: dict[str, set[bool]] = {}
    for rule_id in RULES:
        doc = docs.load_doc(rule_id) or {}
        for key in ("invalid", "valid"):
            if doc.get(key):
                for d in _lint(str(doc[key])):
                    if _fixable(d):
                        assert d.fix is not None
                        seen.setdefault(d.rule, set()).add(d.fix.safe)
    return seen


@pytest.mark.parametrize("rule_id", DECLARED)
def test_the_declared_fix_repairs_the_invalid_example(rule_id: str) -> None:
    doc = docs.load_doc(rule_id) or {}
    example = str(doc.get("invalid") or "")
    assert example, f"{rule_id} declares a fix: its invalid example must show a fixable case"
    before = _lint(example)
    fixable = [d for d in before if d.rule == rule_id and _fixable(d)]
    assert fixable, f"{rule_id} declares a fix but attaches none to its invalid example"
    result = fix_with(example, "example.yaml", _lint, unsafe=True)
    assert result.refused is None and result.changed
    after = list(result.remaining)
    left = sum(1 for d in after if d.rule == rule_id)
    was = sum(1 for d in before if d.rule == rule_id)
    assert left <= was - len(fixable), [d.message for d in after if d.rule == rule_id]
    grown = Counter(d.rule for d in after) - Counter(d.rule for d in before)
    assert not grown, f"fixing {rule_id} added findings: {dict(grown)}"


@pytest.mark.parametrize("rule_id", RULES)
def test_a_rule_that_attaches_fixes_declares_them(rule_id: str) -> None:
    seen = _seen_fixes().get(rule_id)
    declared = docs.fix_doc(rule_id)
    if seen is None:
        return
    assert declared is not None, (
        f"{rule_id} attaches fixes but rules/docs/{rule_id}.yaml declares no `fix:`"
    )
    shown = {True: "safe", False: "unsafe"}
    if declared.safety != "mixed":
        assert {shown[s] for s in seen} == {declared.safety}


def test_a_malformed_fix_key_is_a_doc_error() -> None:
    assert docs.parse_fix("r", {"safety": "safe", "does": "Writes x."}) == docs.FixDoc(
        "safe", "Writes x."
    )
    for bad in ("safe", {"safety": "sometimes", "does": "x"}, {"safety": "safe"}, {"x": 1}):
        with pytest.raises(docs.DocError):
            docs.parse_fix("r", bad)
