"""Every rule naftiko-lint can report, built-in and from rulesets: the listing and the
`explain` pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import yaml

from naftiko_lint.bundled import rules_dir
from naftiko_lint.ruleset import builtin

if TYPE_CHECKING:
    from naftiko_lint.plan import RulePlan

DOC_HEADINGS = ("what", "why", "invalid", "valid", "options")


@dataclass(frozen=True)
class RuleEntry:
    id: str
    severity_label: str
    source: str  # "built-in" or the ruleset file's name
    description: str

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "severity": self.severity_label,
            "source": self.source,
            "description": self.description,
        }


def active_rules(plan: RulePlan, include_off: bool = False) -> list[RuleEntry]:
    entries = []
    for rule in builtin.BUILTIN_RULES:
        severity = plan.severity(rule.id)
        if severity is not None or include_off:
            entries.append(
                RuleEntry(
                    rule.id, severity.label if severity else "off", "built-in", rule.description
                )
            )
    for rule in plan.engine.ruleset.rules.values():
        severity = plan.severity(rule.id)
        if severity is not None or include_off:
            source = rule.source.rsplit("/", 1)[-1]
            entries.append(
                RuleEntry(rule.id, severity.label if severity else "off", source, rule.description)
            )
    return entries


def load_doc(rule_id: str) -> dict | None:
    path = rules_dir() / "docs" / f"{rule_id}.yaml"
    if not path.is_file():
        return None
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def explain(rule_id: str, plan: RulePlan) -> str | None:
    """The rule's page: What it does · Why it matters · Example · Use instead · Options."""
    entries = {e.id: e for e in active_rules(plan, include_off=True)}
    entry = entries.get(rule_id)
    if entry is None:
        return None
    doc = load_doc(rule_id) or {}
    lines = [
        f"{rule_id}  ({entry.severity_label}, {entry.source})",
        "",
        "What it does",
        _indent(doc.get("what") or entry.description),
        "",
    ]
    if doc.get("why"):
        lines += ["Why it matters", _indent(doc["why"]), ""]
    if doc.get("invalid"):
        lines += ["Example", _indent(doc["invalid"]), ""]
    if doc.get("valid"):
        lines += ["Use instead", _indent(doc["valid"]), ""]
    lines += ["Options", _indent(doc.get("options") or _default_options(rule_id)), ""]
    return "\n".join(lines)


def _default_options(rule_id: str) -> str:
    return (
        f"Set the severity in .naftiko-lint.yaml (rules: {{{rule_id}: warning}}) or turn "
        f"it off ({rule_id}: off); silence one place with "
        f"'# naftiko-lint: disable-next-line {rule_id}'."
    )


def _indent(text: str) -> str:
    return "\n".join(
        ("    " + line) if line.strip() else "" for line in str(text).rstrip().splitlines()
    )
