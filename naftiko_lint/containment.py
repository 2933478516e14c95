"""Contained failures: an exception in one rule function or one stage of a file's pipeline
becomes one `internal-error` finding; everything else on the file still reports."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from naftiko_lint import pointer as jp
from naftiko_lint.diagnostics import FILE_START, Finding
from naftiko_lint.ruleset.builtin import INTERNAL_ERROR
from naftiko_lint.ruleset.failures import Failures, exception_name

T = TypeVar("T")
_HINT = "naftiko-lint explain internal-error says how to report it; --debug prints the traceback"


@dataclass
class Containment:
    """The internal errors of one file, with their tracebacks (printed only with --debug)."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    tracebacks: list[str] = field(default_factory=list)

    def _record(self, message: str, pointer: str, details: str, at_start: bool = False) -> None:
        self.findings.append(
            Finding(
                INTERNAL_ERROR,
                f"{message} ({_HINT})",
                pointer,
                range=FILE_START if at_start else None,
            )
        )
        self.tracebacks.append(f"{self.path}: {message}\n{details}")

    def stage(self, name: str, run: Callable[[], T], fallback: T) -> T:
        """`run()`, or `fallback` after recording an internal error at the file's start."""
        try:
            return run()
        except Exception as error:  # never a traceback: one diagnostic naming the stage
            self._record(
                f"the {name} stage raised {exception_name(error)}: {error}",
                "",
                "".join(traceback.format_exception(error)),
                at_start=True,
            )
            return fallback

    def functions(self, failures: Failures) -> None:
        """One internal error per (rule, function) that raised, at the first node it was
        given."""
        for failure, count in failures:
            pointer = jp.join(failure.path)
            more = f" (and on {count - 1} more node{'s' if count > 2 else ''})" if count > 1 else ""
            self._record(failure.describe() + more, pointer, failure.details)
