"""Configuration problems: a file, a place in it, and what is wrong. Exit code 2."""

from __future__ import annotations

from dataclasses import dataclass

from naftiko_lint.diagnostics import FILE_START, Range


@dataclass(frozen=True)
class ConfigProblem:
    file: str
    message: str
    range: Range = FILE_START

    def __str__(self) -> str:
        return f"{self.file}:{self.range.start.line}:{self.range.start.column}: {self.message}"


class ConfigError(Exception):
    """One or more problems in a ruleset or configuration file."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems
