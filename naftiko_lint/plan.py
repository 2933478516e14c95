"""What runs on a file: the rule index of a configuration (built-in rules and the rules of
its rulesets) and the ONE severity policy, for built-in and ruleset rules alike:

    the rule's default -> its ruleset's extends mode -> the configuration's `rules:` ->
    the rulesets' `overrides` (by glob, optionally narrowed by a `#/pointer`), in order.

Nothing else decides a severity: stages emit findings without one, and the linter asks the
file's policy for each (a rule function may only cap it, see diagnostics.Finding.cap)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from naftiko_lint import globs
from naftiko_lint.config import Config
from naftiko_lint.diagnostics import Severity
from naftiko_lint.errors import ConfigError, ConfigProblem
from naftiko_lint.ruleset import builtin
from naftiko_lint.ruleset.engine import Engine
from naftiko_lint.ruleset.loader import (
    DEFAULT_RULESET,
    PLAIN,
    RulesetLoader,
    parse_severity,
    resolve_location,
)
from naftiko_lint.selection import RuleSelection
from naftiko_lint.selection import apply as apply_selection
from naftiko_lint.suggest import did_you_mean

# An internal error is never turned off or changed: it means a result is missing (an error,
# as rules/builtin.yaml also says; a test holds the two together).
FIXED = {builtin.INTERNAL_ERROR: Severity.ERROR}


@dataclass(frozen=True)
class FilePolicy:
    """The severities for one file: `base` after defaults, modes and configuration; the
    overrides whose globs match the file, in order, each with the pointer fragments of its
    matching patterns ('' for the whole file)."""

    base: dict[str, Severity | None]
    overrides: tuple[tuple[tuple[str, ...], dict[str, Severity | None]], ...] = ()

    def severity(self, rule_id: str, pointer: str = "") -> Severity | None:
        """The severity of `rule_id` at `pointer`; None when it is off there."""
        if rule_id in FIXED:
            return FIXED[rule_id]
        severity = self.base.get(rule_id)
        closest = None  # as Spectral's getSeverityForSource: the longest matching pointer wins
        for fragments, changes in self.overrides:
            if rule_id not in changes:
                continue
            for fragment in fragments:
                if not fragment:
                    severity = changes[rule_id]  # a whole-file override, in order
                elif _under(pointer, fragment) and (closest is None or len(fragment) > closest):
                    closest, scoped = len(fragment), changes[rule_id]
        return scoped if closest is not None else severity

    def enabled(self, rule_id: str) -> bool:
        """On somewhere in this file (an override may switch it on under a pointer)."""
        if rule_id in FIXED or self.base.get(rule_id) is not None:
            return True
        return any(changes.get(rule_id) is not None for _, changes in self.overrides)


def _under(pointer: str, fragment: str) -> bool:
    """`pointer` is the node `fragment` names or inside it (`/info` holds `/info/tags`,
    not `/infox`)."""
    fragment = fragment.rstrip("/")
    return pointer == fragment or pointer.startswith(fragment + "/") or not fragment


@dataclass
class RulePlan:
    config: Config
    engine: Engine
    base: dict[str, Severity | None] = field(default_factory=dict)
    sources: tuple[str, ...] = ()  # the ruleset and function files it was built from

    def severity(self, rule_id: str) -> Severity | None:
        """The severity before overrides (what `naftiko-lint rules` shows)."""
        return FIXED.get(rule_id, self.base.get(rule_id))

    def known_rule_ids(self) -> set[str]:
        return set(self.base)

    def for_file(self, file: Path | None) -> FilePolicy:
        """Overrides apply to files by their globs; a text without a path gets none."""
        if file is None:
            return FilePolicy(self.base)
        matching = []
        for override in self.engine.ruleset.overrides:
            fragments = tuple(
                pointer or ""
                for glob, pointer in map(globs.split_pointer, override.files)
                if globs.matches(glob, file, Path(override.base))
            )
            if fragments:
                matching.append((fragments, override.rules))
        return FilePolicy(self.base, tuple(matching))


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


def build_plan(
    config: Config,
    cli_rulesets: list[Path] | None = None,
    selection: RuleSelection | None = None,
) -> RulePlan:
    """The rule index of `config`; `selection` (--select/--ignore, naftiko_lint.selection)
    is applied over the configuration's `rules:`."""
    loader = RulesetLoader()
    ruleset, functions = loader.load(ruleset_sources(config, cli_rulesets))
    base: dict[str, Severity | None] = {rule.id: rule.severity for rule in builtin.BUILTIN_RULES}
    base.update((rule.id, rule.severity) for rule in ruleset.rules.values())
    problems = []
    for rule_id, value in config.rules.items():
        if rule_id not in base:
            where = config.locate(f"/rules/{rule_id}")
            problems.append(
                ConfigProblem(
                    config.key(),
                    f"unknown rule {rule_id!r}{did_you_mean(rule_id, base)}",
                    *(() if where is None else (where,)),
                )
            )
            continue
        base[rule_id] = parse_severity(value)
    if problems:
        raise ConfigError(problems)
    if selection is not None and selection.given():
        defaults = {rule.id: rule.severity for rule in builtin.BUILTIN_RULES}
        defaults.update((rule.id, rule.default_severity) for rule in ruleset.rules.values())
        base = apply_selection(selection, base, defaults)
    return RulePlan(config, Engine(ruleset, functions), base, tuple(loader.files_read))
