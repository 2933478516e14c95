"""A problem found while reading a file, before it is a diagnostic (no path, no severity)."""

from __future__ import annotations

from dataclasses import dataclass

from naftiko_lint.diagnostics import Range


@dataclass(frozen=True)
class Problem:
    """`rule` is a built-in rule id; the linter adds the path and the rule's severity."""

    rule: str
    message: str
    range: Range
    pointer: str = ""
