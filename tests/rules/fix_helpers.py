"""What the fix tests of the declaring rules share: lint a text alone (no configuration
found from the working folder), take one rule's fixes, and apply them two ways (the data
reference `apply_to_data`, and the real `fix_text` on the YAML text)."""

from __future__ import annotations

import json
from collections.abc import Collection

from ruamel.yaml import YAML

from naftiko_lint import lint_text
from naftiko_lint.diagnostics import Diagnostic, Edit
from naftiko_lint.fix.api import FixResult, fix_text
from naftiko_lint.fix.data import apply_to_data
from naftiko_lint.linter import LintOptions

OPTIONS = LintOptions(discover_config=False)
PATH = "capability.yaml"


def diagnostics(text: str) -> list[Diagnostic]:
    return lint_text(text, PATH, OPTIONS)


def of_rule(text: str, rule: str) -> list[Diagnostic]:
    return [d for d in diagnostics(text) if d.rule == rule]


def edits(d: Diagnostic) -> tuple[Edit, ...]:
    assert d.fix is not None, d.message
    return d.fix.edits_at(d.pointer)


def applied(text: str, d: Diagnostic) -> list[Diagnostic]:
    """The diagnostics of `text` once `d`'s fix is applied to its data (JSON is YAML)."""
    data = YAML(typ="safe", pure=True).load(text)
    return diagnostics(json.dumps(apply_to_data(data, edits(d))))


def keys(found: Collection[Diagnostic]) -> set[tuple[str, str]]:
    return {(d.rule, d.message) for d in found}


def assert_repairs(text: str, d: Diagnostic) -> list[Diagnostic]:
    """Applying `d`'s fix alone removes `d` and reports nothing new; the diagnostics after."""
    before = diagnostics(text)
    after = applied(text, d)
    assert (d.rule, d.message) not in keys(after)
    assert keys(after) - keys(before) == set(), keys(after) - keys(before)
    return after


def fixed(text: str, rules: Collection[str]) -> FixResult:
    return fix_text(text, PATH, unsafe=True, options=OPTIONS, rules=rules)


def assert_fixes_all(text: str, rule: str) -> FixResult:
    """fix_text with the rule's (unsafe) fixes leaves none of its findings that had a fix,
    and reports nothing that was not there before."""
    before = diagnostics(text)
    result = fixed(text, {rule})
    assert result.changed and result.refused is None
    had_fix = {(d.rule, d.message) for d in before if d.rule == rule and d.fix is not None}
    assert had_fix and not had_fix & keys(result.remaining)
    assert keys(result.remaining) - keys(before) == set(), keys(result.remaining) - keys(before)
    return result
