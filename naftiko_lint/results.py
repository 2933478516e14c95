"""What a run found: the files checked, their diagnostics, and the tool errors (exit 2)."""

from __future__ import annotations

from dataclasses import dataclass, field

from naftiko_lint.diagnostics import Diagnostic, Severity
from naftiko_lint.discovery import Skipped
from naftiko_lint.ruleset.builtin import INTERNAL_ERROR


@dataclass(frozen=True)
class FileReport:
    path: str
    spec_version: str | None


@dataclass(frozen=True)
class ToolError:
    """A problem that kept something from being checked (a path, a read, a configuration
    or ruleset): exit code 2. `path` is None when no file is concerned."""

    path: str | None
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path or ""
        if self.path is not None and self.line is not None:
            where += f":{self.line}:{self.column}"
        return f"{where}: {self.message}" if where else self.message


@dataclass
class LintResult:
    files: list[FileReport] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[ToolError] = field(default_factory=list)  # exit code 2
    skipped: list[Skipped] = field(default_factory=list)  # notices only
    not_checked: list[str] = field(default_factory=list)  # paths an error kept from a check
    tracebacks: list[str] = field(default_factory=list)  # of internal errors (for --debug)
    fail_on: str | None = None  # from the configuration, when it sets one

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    @property
    def internal_errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.rule == INTERNAL_ERROR)
