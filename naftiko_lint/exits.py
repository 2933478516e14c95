"""The exit codes and how a run's result decides one (the CLI's, and recorded by the
formats that carry it, as SARIF's invocation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from naftiko_lint.diagnostics import Severity

if TYPE_CHECKING:
    from naftiko_lint.results import LintResult

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FAIL_LEVELS = ("error", "warning", "info", "hint", "never")


def exit_code(result: LintResult, fail_on: str | None) -> int:
    """2 for a tool error (a file that could not be read, a bad configuration) or an
    internal error; 1 when a finding is at least `fail_on` (given, else the configuration's,
    else error; "never": no finding fails); else 0."""
    if result.errors or result.internal_errors:
        return EXIT_ERROR
    fail_on = fail_on or result.fail_on or "error"
    if fail_on == "never":
        return EXIT_OK
    worst = result.worst()
    failing = worst is not None and worst >= Severity.parse(fail_on)
    return EXIT_FINDINGS if failing else EXIT_OK
