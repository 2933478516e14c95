"""Built-in rules that are not JSONPath rules: input (loading), schema and engine checks.

Their metadata is data beside the rulesets, `rules/builtin.yaml` (id, group, severity,
description, in listing order), read once. Every rule naftiko-lint can report appears in
one registry (`naftiko_lint.ruleset.docs`); these are its built-in entries. Ids are a public
contract: never rename or reuse one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from naftiko_lint.bundled import rules_dir
from naftiko_lint.diagnostics import Severity

GROUPS = ("input", "schema", "engine")
INTERNAL_ERROR = "internal-error"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class BuiltinRule:
    id: str
    severity: Severity
    description: str
    group: str = "input"


@cache
def load_builtin_rules() -> tuple[BuiltinRule, ...]:
    """rules/builtin.yaml, in its order; a malformed entry is a packaging bug and raises."""
    with (rules_dir() / "builtin.yaml").open(encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=_Loader)
    rules = []
    for entry in data["rules"]:
        if entry["group"] not in GROUPS:
            raise ValueError(f"rules/builtin.yaml: {entry['id']}: unknown group {entry['group']!r}")
        rules.append(
            BuiltinRule(
                entry["id"], Severity.parse(entry["severity"]), entry["description"], entry["group"]
            )
        )
    return tuple(rules)


INPUT_RULES = tuple(rule for rule in load_builtin_rules() if rule.group == "input")
SCHEMA_RULES = tuple(rule for rule in load_builtin_rules() if rule.group == "schema")
ENGINE_RULES = tuple(rule for rule in load_builtin_rules() if rule.group == "engine")
BUILTIN_RULES = INPUT_RULES + SCHEMA_RULES + ENGINE_RULES
BY_ID = {rule.id: rule for rule in BUILTIN_RULES}
