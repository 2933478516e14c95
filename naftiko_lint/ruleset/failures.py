"""Rule functions that raised: recorded per (rule, function) so that the run goes on and
each failure becomes one internal-error."""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from dataclasses import dataclass

from naftiko_lint.pointer import Tokens


class FunctionFailed(Exception):
    """A rule function raised (when the caller collects no failures)."""


@dataclass(frozen=True)
class FunctionFailure:
    """A rule function that raised on one target: the run goes on without its results.
    `details` is the formatted traceback (shown only when debugging)."""

    rule_id: str
    function: str
    path: Tokens  # the target the function was given
    error_type: str
    error: str
    details: str

    def describe(self) -> str:
        return (
            f"rule {self.rule_id!r}: function {self.function!r} raised "
            f"{self.error_type}: {self.error}"
        )


def exception_name(error: BaseException) -> str:
    """`ValueError`, `re.error`, `jsonschema.exceptions.SchemaError`: the type, with its
    module unless it is a built-in one (or a user function's module)."""
    kind = type(error)
    module = kind.__module__ or ""
    if module in ("builtins", "") or module.startswith("naftiko_lint_user_functions"):
        return kind.__qualname__
    return f"{module}.{kind.__qualname__}"


class Failures:
    """The failures of one run: the first of each (rule, function), and how many times
    each failed in all."""

    def __init__(self) -> None:
        self.first: dict[tuple[str, str], FunctionFailure] = {}
        self.count: dict[tuple[str, str], int] = {}

    def add(self, rule_id: str, function: str, path: Tokens, error: Exception) -> None:
        key = (rule_id, function)
        self.count[key] = self.count.get(key, 0) + 1
        if key not in self.first:
            self.first[key] = FunctionFailure(
                rule_id,
                function,
                path,
                exception_name(error),
                str(error),
                "".join(traceback.format_exception(error)),
            )

    def __iter__(self) -> Iterator[tuple[FunctionFailure, int]]:
        for key, failure in self.first.items():
            yield failure, self.count[key]
