"""The formatter interface: a formatter only formats (it never lints, prints or exits)."""

from __future__ import annotations

from dataclasses import dataclass

from naftiko_lint.results import LintResult


@dataclass(frozen=True)
class FormatOptions:
    color: bool = False
    quiet: bool = False
    statistics: bool = False


class Formatter:
    def __init__(self, options: FormatOptions) -> None:
        self.options = options

    def format(self, result: LintResult) -> str:
        raise NotImplementedError
