"""What runs on a file: the rulesets a configuration selects, and its severity changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from naftiko_lint.config import Config
from naftiko_lint.diagnostics import Severity
from naftiko_lint.errors import ConfigError, ConfigProblem
from naftiko_lint.ruleset import builtin as catalog
from naftiko_lint.ruleset.engine import Engine
from naftiko_lint.ruleset.loader import (
    DEFAULT_RULESET,
    PLAIN,
    RulesetLoader,
    parse_severity,
    resolve_location,
)
from naftiko_lint.suggest import did_you_mean


@dataclass
class RulePlan:
    config: Config
    engine: Engine
    severities: dict[str, Severity | None] = field(default_factory=dict)

    def severity(self, rule_id: str, default: Severity | None) -> Severity | None:
        return self.severities.get(rule_id, default)

    def known_rule_ids(self) -> set[str]:
        return set(catalog.BY_ID) | set(self.engine.ruleset.rules)


def ruleset_sources(config: Config, cli_rulesets: list[Path] | None) -> list[tuple[Path, str]]:
    if cli_rulesets:
        # as Spectral's --ruleset: its own rules run when recommended
        return [(resolve_location(str(p), Path.cwd()), PLAIN) for p in cli_rulesets]
    sources = [(resolve_location(DEFAULT_RULESET, config.base), "all")]
    for name, mode in config.extends:
        if name == DEFAULT_RULESET:
            sources[0] = (sources[0][0], mode)
        else:
            sources.append((resolve_location(name, config.base), mode))
    return sources


def build_plan(config: Config, cli_rulesets: list[Path] | None = None) -> RulePlan:
    ruleset, functions = RulesetLoader().load(ruleset_sources(config, cli_rulesets))
    plan = RulePlan(config, Engine(ruleset, functions))
    known = plan.known_rule_ids()
    problems = []
    for rule_id, value in config.rules.items():
        if rule_id not in known:
            where = config.locate(f"/rules/{rule_id}") if config.locate else None
            problems.append(
                ConfigProblem(
                    config.key(),
                    f"unknown rule {rule_id!r}{did_you_mean(rule_id, known)}",
                    *(() if where is None else (where,)),
                )
            )
            continue
        plan.severities[rule_id] = parse_severity(value)
    if problems:
        raise ConfigError(problems)
    return plan
