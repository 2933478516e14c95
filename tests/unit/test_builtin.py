"""Built-in rule metadata is data (rules/builtin.yaml); every id has its page and its cases."""

from __future__ import annotations

import yaml

from naftiko_lint import plan
from naftiko_lint.bundled import rules_dir
from naftiko_lint.diagnostics import Severity
from naftiko_lint.ruleset import builtin

from ..conftest import CASES, REPO


def test_builtin_yaml_is_the_source_of_the_public_names() -> None:
    entries = yaml.safe_load((rules_dir() / "builtin.yaml").read_text(encoding="utf-8"))["rules"]
    assert [e["id"] for e in entries] == [r.id for r in builtin.BUILTIN_RULES]
    assert (
        builtin.BUILTIN_RULES
        == builtin.INPUT_RULES
        + builtin.SCHEMA_RULES
        + builtin.ENGINE_RULES
        + builtin.CONFORMANCE_RULES
    )
    assert all(r.id.startswith("conformance-") for r in builtin.CONFORMANCE_RULES)
    assert {r.group for r in builtin.INPUT_RULES} == {"input"}
    assert [r.id for r in builtin.SCHEMA_RULES] == ["schema", "schema-unknown-property"]
    assert builtin.BY_ID["schema-unknown-property"].severity is Severity.WARNING
    assert builtin.BY_ID[builtin.INTERNAL_ERROR].group == "engine"
    # the policy's fixed severity of an internal error is the one the data gives
    assert {builtin.INTERNAL_ERROR: builtin.BY_ID[builtin.INTERNAL_ERROR].severity} == plan.FIXED
    assert len(builtin.BY_ID) == len(builtin.BUILTIN_RULES)  # ids are unique
    assert all(r.description.strip() for r in builtin.BUILTIN_RULES)


def test_every_builtin_rule_has_a_doc_page_and_a_case_file() -> None:
    """Conformance rules have a page but no case file (`check` never reports them)."""
    missing = [
        path
        for rule in builtin.BUILTIN_RULES
        for path in (REPO / "rules" / "docs" / f"{rule.id}.yaml", CASES / f"{rule.id}.yaml")
        if not path.is_file() and not (rule.group == "conformance" and path.parent == CASES)
    ]
    assert missing == []
