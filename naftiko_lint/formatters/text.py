"""`path:line:col: severity [rule-id] message`, then a summary line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from naftiko_lint.diagnostics import Diagnostic, Severity
from naftiko_lint.formatters.base import Chunk, FileContext, FormatOptions, Formatter
from naftiko_lint.results import LintResult

_COLORS = {
    Severity.ERROR: "\033[31m",
    Severity.WARNING: "\033[33m",
    Severity.INFO: "\033[36m",
    Severity.HINT: "\033[2m",
}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_NAMED = 3  # paths named in the summary when some could not be checked


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(result: LintResult) -> str:
    parts = [
        _plural(result.count(Severity.ERROR), "error"),
        _plural(result.count(Severity.WARNING), "warning"),
    ]
    for severity in (Severity.INFO, Severity.HINT):
        if result.count(severity):
            parts.append(_plural(result.count(severity), severity.label))
    line = f"{', '.join(parts)} in {_plural(len(result.files), 'file')}"
    if result.not_checked:
        names = ", ".join(result.not_checked[:_NAMED])
        rest = len(result.not_checked) - _NAMED
        line += f"; {_plural(len(result.not_checked), 'path')} not checked: {names}" + (
            f" and {rest} more" if rest > 0 else ""
        )
    elif result.errors:
        line += f"; {_plural(len(result.errors), 'tool error')} (on standard error)"
    return line


def statistics_lines(result: LintResult) -> list[str]:
    """Count per rule, most frequent first: structural errors and extra fields at a glance."""
    ordered = sorted(result.by_rule.items(), key=lambda item: (-item[0][1], -item[1], item[0][0]))
    return [f"{count:6d}  {severity.label:<7}  {rule}" for (rule, severity), count in ordered]


def trailer(result: LintResult, options: FormatOptions) -> str:
    """What follows the findings: the per-rule table (--statistics), then the summary line
    (unless --quiet)."""
    lines = statistics_lines(result) if options.statistics else []
    if not options.quiet:
        lines.append(summary_line(result))
    return "".join(f"{line}\n" for line in lines)


class TextFormatter(Formatter):
    def line(self, d: Diagnostic) -> str:
        where = f"{d.path}:{d.range.start.line}:{d.range.start.column}"
        severity = d.severity.label
        rule = f"[{d.rule}]"
        if self.options.color:
            where = f"{_BOLD}{where}{_RESET}"
            severity = f"{_COLORS[d.severity]}{severity}{_RESET}"
            rule = f"{_DIM}{rule}{_RESET}"
        return f"{where}: {severity} {rule} {d.message}"

    def chunk(
        self,
        diagnostics: Sequence[Diagnostic],
        source: str | None = None,
        file: FileContext | None = None,
    ) -> str:
        if self.options.statistics:
            return ""  # --statistics: the per-rule table instead of the findings
        return "".join(f"{self.line(d)}\n" for d in diagnostics)

    def document(self, result: LintResult, chunks: Iterable[Chunk]) -> Iterator[str | Chunk]:
        yield from chunks
        yield trailer(result, self.options)


FORMATTER = TextFormatter
