"""GitHub Actions workflow commands: one `::error file=…,line=…::message` line per finding,
which the runner turns into an annotation on the file (in the run summary and the pull
request's diff), then the text summary, which the log shows as a plain line.

The runner parses `::KIND key=value,key=value::data`, so a value may hold none of the
separators: data escapes `%`, CR and LF; property values also `:` and `,` (as the runner
decodes them, and as `@actions/core` encodes them). Columns are sent only for a range on
one line: the runner refuses `col`/`endColumn` when `line` and `endLine` differ. `endColumn`
is inclusive (the last character), where our ranges end after it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from naftiko_lint.diagnostics import Diagnostic, Severity
from naftiko_lint.formatters.base import Chunk, FileContext, Formatter
from naftiko_lint.formatters.text import trailer
from naftiko_lint.results import LintResult

_COMMANDS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
    Severity.HINT: "notice",
}
# `%` first, so that the escapes written for the others are not escaped again
_DATA = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})


def escape_data(text: str) -> str:
    """The message after `::`: `%`, CR and LF percent-encoded."""
    return text.translate(_DATA)


def escape_property(text: str) -> str:
    """A property value: as data, and `:` and `,` too (they end the value)."""
    return text.translate(_PROPERTY)


def command(d: Diagnostic) -> str:
    """One finding as a workflow command line (without its newline)."""
    start, end = d.range.start, d.range.end
    end_line = max(end.line, start.line)
    where = f"file={escape_property(d.path)},line={start.line}"
    if end_line == start.line:
        last = max(start.column, end.column - 1)
        where += f",col={start.column},endLine={end_line},endColumn={last}"
    else:
        where += f",endLine={end_line}"
    return f"::{_COMMANDS[d.severity]} {where},title={escape_property(d.rule)}::" + escape_data(
        d.message
    )


class GithubFormatter(Formatter):
    def chunk(
        self,
        diagnostics: Sequence[Diagnostic],
        source: str | None = None,
        file: FileContext | None = None,
    ) -> str:
        return "".join(f"{command(d)}\n" for d in diagnostics)

    def document(self, result: LintResult, chunks: Iterable[Chunk]) -> Iterator[str | Chunk]:
        yield from chunks
        yield trailer(result, self.options)  # as text: the table, the summary


FORMATTER = GithubFormatter
