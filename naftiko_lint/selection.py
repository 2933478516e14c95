"""`--select`, `--extend-select` and `--ignore`: the command line's choice of rules, by id or
id prefix, as ruff's. It is applied last, over the configuration's `rules:` (the person at
the terminal decides), before the rulesets' per-file `overrides`.

A pattern is a whole rule id (`schema-unknown-property`), a prefix ending at a `-`
boundary (`schema` selects `schema` and `schema-unknown-property`; `yaml-` every `yaml-*`
rule; `sch` selects nothing), or `ALL`. For each rule the most specific matching pattern
decides (`--select schema --ignore schema-unknown-property` keeps `schema` only; `--ignore
schema --select schema-unknown-property` keeps the latter); on a tie, `--ignore` wins.
`--select` replaces the set of rules that run; `--extend-select` adds to it (or to the
configured set when there is no `--select`). A selected rule that was off runs at its
declared default severity (warning when it declares none). A pattern that selects no rule is
an error naming the closest id, so a typo never silently checks nothing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from naftiko_lint.diagnostics import Severity
from naftiko_lint.suggest import did_you_mean

ALL = "ALL"


@dataclass(frozen=True)
class RuleSelection:
    select: tuple[str, ...] | None = None  # None: the configured rules
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def given(self) -> bool:
        return self.select is not None or bool(self.extend_select or self.ignore)


def matches(pattern: str, rule_id: str) -> bool:
    if pattern == ALL:
        return True
    stem = pattern.rstrip("-")
    return rule_id == stem or rule_id.startswith(stem + "-")


def _specificity(pattern: str) -> int:
    return -1 if pattern == ALL else len(pattern.rstrip("-"))


def problems(selection: RuleSelection, rule_ids: Iterable[str]) -> list[str]:
    """One message per pattern that selects no rule (with the closest id)."""
    ids = sorted(rule_ids)
    out = []
    for option, patterns in (
        ("--select", selection.select or ()),
        ("--extend-select", selection.extend_select),
        ("--ignore", selection.ignore),
    ):
        for pattern in patterns:
            if not any(matches(pattern, rule_id) for rule_id in ids):
                out.append(
                    f"{option} {pattern}: no rule has this id or prefix{did_you_mean(pattern, ids)}"
                )
    return out


def _best(patterns: Iterable[str], rule_id: str) -> int | None:
    found = [_specificity(p) for p in patterns if matches(p, rule_id)]
    return max(found) if found else None


def apply(
    selection: RuleSelection,
    base: Mapping[str, Severity | None],
    defaults: Mapping[str, Severity | None],
) -> dict[str, Severity | None]:
    """The severities after the selection: `base` is what the configuration made of each
    rule, `defaults` each rule's declared severity (for a rule the selection turns on)."""
    out = dict(base)
    chosen = (*(selection.select or ()), *selection.extend_select)
    for rule_id, severity in base.items():
        picked = _best(chosen, rule_id)
        dropped = _best(selection.ignore, rule_id)
        if dropped is not None and (picked is None or dropped >= picked):
            out[rule_id] = None
        elif picked is not None:
            out[rule_id] = severity or defaults.get(rule_id) or Severity.WARNING
        elif selection.select is not None:
            out[rule_id] = None
    return out
