"""What a run found: the files checked, their diagnostics, and the tool errors (exit 2);
and the one serialiser of the JSON contract (the README's "JSON report"), so that the json
formatter, the public API and later faces (an MCP server) cannot drift apart."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from naftiko_lint import TOOL_NAME, __version__
from naftiko_lint.diagnostics import Diagnostic, Range, Severity
from naftiko_lint.discovery import Skipped


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


@dataclass(frozen=True)
class FileContext:
    """What a formatter that `needs_file` is told about the file a chunk is for, whether
    or not it has diagnostics: its path as reported and the ids of the rules checked on
    it (on somewhere in the file, by its configuration and rulesets), sorted."""

    path: str
    rules: tuple[str, ...] = ()


@dataclass
class LintResult:
    """What a run found. The counts are kept as diagnostics are added (`add`), so a run
    that streams its report (`keep=False`, the CLI) holds none of them to the end."""

    files: list[FileReport] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[ToolError] = field(default_factory=list)  # exit code 2
    skipped: list[Skipped] = field(default_factory=list)  # notices only
    not_checked: list[str] = field(default_factory=list)  # paths an error kept from a check
    tracebacks: list[str] = field(default_factory=list)  # of internal errors (for --debug)
    fail_on: str | None = None  # from the configuration, when it sets one
    keep: bool = True  # False: `add` counts diagnostics without keeping them
    by_rule: dict[tuple[str, Severity], int] = field(default_factory=dict, repr=False)
    # of those, the diagnostics that carry a fix, and of these the unsafe ones
    fixable_by_rule: dict[tuple[str, Severity], int] = field(default_factory=dict, repr=False)
    unsafe_by_rule: dict[tuple[str, Severity], int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        given, self.diagnostics = self.diagnostics, []
        self.add(given)

    def add(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Count these diagnostics (and keep them, unless `keep` is False)."""
        counts, fixable, unsafe = self.by_rule, self.fixable_by_rule, self.unsafe_by_rule
        for d in diagnostics:
            key = (d.rule, d.severity)
            counts[key] = counts.get(key, 0) + 1
            if d.fix is not None:
                fixable[key] = fixable.get(key, 0) + 1
                if not d.fix.safe:
                    unsafe[key] = unsafe.get(key, 0) + 1
            if self.keep:
                self.diagnostics.append(d)

    def counts(self) -> tuple[tuple[int | str, ...], ...]:
        """(rule, severity, number, number with a fix[, of those the unsafe ones]) of what
        was added, as `add_counts` takes them (what a worker process sends instead of its
        diagnostics); the fifth only when not 0."""
        fixable, unsafe = self.fixable_by_rule, self.unsafe_by_rule
        out: list[tuple[int | str, ...]] = []
        for (rule, severity), n in self.by_rule.items():
            row: tuple[int | str, ...] = (rule, int(severity), n, fixable.get((rule, severity), 0))
            risky = unsafe.get((rule, severity), 0)
            out.append((*row, risky) if risky else row)
        return tuple(out)

    def add_counts(self, counts: Iterable[tuple[Any, ...]]) -> None:
        """Count diagnostics a worker process has already formatted (see `counts`)."""
        if self.keep:
            raise ValueError("a result that keeps its diagnostics needs them, not counts")
        by_rule, fixable, unsafe = self.by_rule, self.fixable_by_rule, self.unsafe_by_rule
        for rule, severity, n, fixed, *rest in counts:
            key = (rule, Severity(severity))
            by_rule[key] = by_rule.get(key, 0) + n
            if fixed:
                fixable[key] = fixable.get(key, 0) + fixed
            if rest and rest[0]:
                unsafe[key] = unsafe.get(key, 0) + rest[0]

    def count(self, severity: Severity) -> int:
        return sum(n for (_, s), n in self.by_rule.items() if s == severity)

    @property
    def total(self) -> int:
        return sum(self.by_rule.values())

    @property
    def fixable(self) -> int:
        """How many diagnostics carry a fix."""
        return sum(self.fixable_by_rule.values())

    @property
    def unsafe_fixable(self) -> int:
        """How many of those carry an unsafe fix (applied only with --unsafe-fixes)."""
        return sum(self.unsafe_by_rule.values())

    def worst(self) -> Severity | None:
        """The most severe diagnostic's severity (None: no diagnostics)."""
        return max((s for _, s in self.by_rule), default=None)

    @property
    def internal_errors(self) -> int:
        # Imported here: the built-in rule table reads rules/builtin.yaml, which a formatter
        # (or any reader of results) must not pay for.
        from naftiko_lint.ruleset.builtin import INTERNAL_ERROR

        return sum(n for (rule, _), n in self.by_rule.items() if rule == INTERNAL_ERROR)


def _range_to_dict(where: Range) -> dict[str, Any]:
    return {
        "start": {"line": where.start.line, "column": where.start.column},
        "end": {"line": where.end.line, "column": where.end.column},
    }


def diagnostic_to_dict(d: Diagnostic) -> dict[str, Any]:
    """One entry of the report's `diagnostics`; `suggestion` only when there is one."""
    out: dict[str, Any] = {
        "path": d.path,
        "rule": d.rule,
        "severity": d.severity.label,
        "message": d.message,
        "pointer": d.pointer,
        "range": _range_to_dict(d.range),
    }
    if d.suggestion is not None:
        out["suggestion"] = d.suggestion
    if d.fix is not None:
        out["fix"] = {"safe": d.fix.safe, "title": d.fix.title}
    return out


def error_to_dict(error: ToolError) -> dict[str, Any]:
    """One entry of the report's `errors`; `line` and `column` only when known."""
    out: dict[str, Any] = {"path": error.path, "message": error.message}
    if error.line is not None:
        out["line"], out["column"] = error.line, error.column
    return out


def report_to_dict(result: LintResult, *, diagnostics: bool = True) -> dict[str, Any]:
    """The whole JSON report, in the documented key order (`diagnostics=False`: with an
    empty `diagnostics` list, for a writer that streams them)."""
    summary: dict[str, int] = {"files": len(result.files)}
    summary.update({s.label: result.count(s) for s in sorted(Severity, reverse=True)})
    return {
        "tool": {"name": TOOL_NAME, "version": __version__},
        "files": [{"path": f.path, "spec_version": f.spec_version} for f in result.files],
        "diagnostics": [diagnostic_to_dict(d) for d in result.diagnostics] if diagnostics else [],
        "summary": summary,
        "errors": [error_to_dict(e) for e in result.errors],
        "not_checked": list(result.not_checked),
        "skipped": [{"path": s.display, "reason": s.reason} for s in result.skipped],
    }
