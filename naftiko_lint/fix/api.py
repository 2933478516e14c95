"""The fix API: `apply_edits` (edits by pointer on a file's text) and `fix_text` (lint,
apply the fixes, repeat, check again), with `FixResult` to say what happened."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from naftiko_lint.diagnostics import Diagnostic
from naftiko_lint.fix.data import EditError
from naftiko_lint.fix.diff import unified_diff
from naftiko_lint.fix.rounds import Lint, fix_source, refusal
from naftiko_lint.fix.text_edit import apply_edits

if TYPE_CHECKING:
    from naftiko_lint.linter import LintOptions

__all__ = ["EditError", "FixResult", "apply_edits", "fix_text", "refusal"]


@dataclass(frozen=True)
class FixResult:
    """What fixing one text did. `applied`: the diagnostics whose fixes were applied, in
    every round; `remaining`: the check of `fixed`; `refused`: why nothing was written (a
    file the reader could not read faithfully), else None; `notes`: fixes skipped, rounds
    undone."""

    path: str
    original: str
    fixed: str
    applied: tuple[Diagnostic, ...]
    remaining: tuple[Diagnostic, ...]
    rounds: int
    refused: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def diff(self, label: str | None = None) -> str:
        """The unified diff original -> fixed ("" when unchanged)."""
        return unified_diff(self.original, self.fixed, label or self.path)


def fix_with(
    text: str,
    path: str,
    lint: Lint,
    *,
    unsafe: bool = False,
    rules: Collection[str] | None = None,
) -> FixResult:
    """`fix_text` with the linting given (the CLI's per-file plan)."""
    out = fix_source(text, path, lint, unsafe=unsafe, rules=rules)
    return FixResult(
        path, text, out.fixed, out.applied, out.remaining, out.rounds, out.refused, out.notes
    )


def fix_text(
    text: str,
    path: str = "<text>",
    *,
    unsafe: bool = False,
    options: LintOptions | None = None,
    rules: Collection[str] | None = None,
) -> FixResult:
    """Lint `text` as `check` would lint the file at `path` (its configuration looked up
    from path's folder unless `options` say otherwise; its selection, suppression comments
    and severities), apply the fixes of the reported diagnostics (safe ones; unsafe too when
    `unsafe`; only those of `rules` when given), in rounds until nothing changes (at most
    10), then check the result again. A file with YAML syntax errors is never rewritten."""
    from naftiko_lint.linter import LintOptions, lint_source
    from naftiko_lint.runner import Planner

    chosen = options if options is not None else LintOptions()
    planner = Planner(chosen)
    file = Path(path)
    plan = planner.plan_for(planner.config_for(file))

    def lint(source: str) -> list[Diagnostic]:
        raw = source.encode("utf-8", "surrogatepass")
        return lint_source(path, raw, chosen, plan, file)[1]

    return fix_with(text, path, lint, unsafe=unsafe, rules=rules)
