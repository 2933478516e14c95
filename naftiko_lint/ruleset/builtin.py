"""Built-in rules that are not JSONPath rules: input (loading), schema and engine checks,
and the conformance observations (`naftiko-lint conformance` reports them about running
surfaces; `check` never does, so they are listed and explained but never run by it).

Their metadata is data beside the rulesets, `rules/builtin.yaml` (id, group, severity,
description, in listing order), read once. Every rule naftiko-lint can report appears in
one registry (`naftiko_lint.ruleset.docs`); these are its built-in entries. Ids are a public
contract: never rename or reuse one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from naftiko_lint.bundled import rules_dir
from naftiko_lint.diagnostics import Severity

GROUPS = ("input", "schema", "engine", "conformance")
INTERNAL_ERROR = "internal-error"


@dataclass(frozen=True)
class BuiltinRule:
    id: str
    severity: Severity
    description: str
    group: str = "input"


@cache
def load_builtin_rules() -> tuple[BuiltinRule, ...]:
    """rules/builtin.yaml, in its order; a malformed entry is a packaging bug and raises."""
    import yaml  # here: a run answered from the cache never reads it

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with (rules_dir() / "builtin.yaml").open(encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=loader)
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


@cache
def _groups() -> dict[str, object]:
    rules = load_builtin_rules()
    groups = {
        f"{group.upper()}_RULES": tuple(rule for rule in rules if rule.group == group)
        for group in GROUPS
    }
    every = tuple(rule for name in groups for rule in groups[name])  # type: ignore[attr-defined]
    return {**groups, "BUILTIN_RULES": every, "BY_ID": {rule.id: rule for rule in every}}


# INPUT_RULES, SCHEMA_RULES, ENGINE_RULES, CONFORMANCE_RULES (tuples of BuiltinRule),
# BUILTIN_RULES (all four, in that order) and BY_ID (id -> BuiltinRule), read from
# rules/builtin.yaml when first used (a run answered from the cache never reads it)
_LAZY = frozenset(
    ("INPUT_RULES", "SCHEMA_RULES", "ENGINE_RULES", "CONFORMANCE_RULES", "BUILTIN_RULES", "BY_ID")
)


def __getattr__(name: str) -> object:
    if name in _LAZY:  # (the import system asks for others, as __path__)
        return _groups()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
