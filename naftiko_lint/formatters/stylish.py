"""For a person at a terminal: findings grouped by file, each with a code frame.

    capability.yaml
      4:3  error  yaml-duplicate-key  Duplicate key 'label' (first defined on line 3); ...
           3 |   label: A
         > 4 |   label: B
             |   ^^^^^
           5 |   description: Order lookups

Each finding's location, severity and rule id lead its line (the message is the long part),
the frame shows the line with carets under the range and one line of context on either
side, and a finding that carries a fix says what the fix writes (`[*]` after the rule id:
`--fix` applies it; an unsafe one needs `--unsafe-fixes`). After the files: the text
format's per-rule table (--statistics), how many findings `--fix` repairs, and the summary
line. The layout borrows from ESLint's and Spectral's "stylish" and ruff's code frames.
`text` stays the stable one-line form."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence

from naftiko_lint.diagnostics import Diagnostic, Severity
from naftiko_lint.formatters.base import Chunk, FileContext, Formatter
from naftiko_lint.formatters.frames import CUT, WIDTH, Frames, Row, visible
from naftiko_lint.formatters.text import statistics_lines, summary_line
from naftiko_lint.results import LintResult

_COLORS = {
    Severity.ERROR: "\033[31m",
    Severity.WARNING: "\033[33m",
    Severity.INFO: "\033[36m",
    Severity.HINT: "\033[2m",
}
_BOLD, _DIM, _UNDERLINE, _GREEN, _RESET = "\033[1m", "\033[2m", "\033[4m", "\033[32m", "\033[0m"
_LABEL = max(len(severity.label) for severity in Severity)


class StylishFormatter(Formatter):
    needs_source = True

    def _paint(self, text: str, *styles: str) -> str:
        return f"{''.join(styles)}{text}{_RESET}" if self.options.color and text else text

    def chunk(
        self,
        diagnostics: Sequence[Diagnostic],
        source: str | None = None,
        file: FileContext | None = None,
    ) -> str:
        if self.options.statistics:
            return ""  # --statistics: the per-rule table instead of the findings
        groups = [list(g) for _, g in itertools.groupby(diagnostics, key=lambda d: d.path)]
        if len(groups) > 1:
            source = None  # several files (a result formatted at once): no one text fits
        frames = None if source is None else Frames(source)
        return "".join(self._file(group, frames) for group in groups)

    def _file(self, diagnostics: list[Diagnostic], source: Frames | None) -> str:
        """One file's block: its path, then each finding and its frame; a blank line ends it."""
        frames = [[] if source is None else source.rows(d.range) for d in diagnostics]
        numbers = [row.number for rows in frames for row in rows if row.number is not None]
        gutter = len(str(max(numbers, default=0)))
        where = [f"{d.range.start.line}:{d.range.start.column}" for d in diagnostics]
        place = max(map(len, where))
        out = [self._paint(visible(diagnostics[0].path), _BOLD, _UNDERLINE), "\n"]
        framed = False  # the finding before had a frame: a blank line sets it apart
        for d, at, rows in zip(diagnostics, where, frames, strict=True):
            if framed:
                out.append("\n")
            severity = self._paint(f"{d.severity.label:<{_LABEL}}", _COLORS[d.severity])
            rule = self._paint(d.rule, _DIM)
            if d.fix is not None and d.fix.safe:
                rule += " [*]"
            out.append(f"  {at:<{place}}  {severity}  {rule}  {visible(d.message)}\n")
            out += [self._row(row, gutter, d.severity) for row in rows]
            if d.fix is not None:
                out.append(self._hint(d, gutter))
            framed = bool(rows) or d.fix is not None
        out.append("\n")
        return "".join(out)

    def _row(self, row: Row, gutter: int, severity: Severity) -> str:
        if row.number is None:
            bar = self._paint(f"{'':>{gutter}} |", _DIM)
            if row.through:  # a long range: the rest of it is not drawn
                return f"    {bar} {self._paint(f'... through line {row.through}', _DIM)}\n"
            carets = row.code.lstrip(" ")
            lead = " " * (len(row.code) - len(carets))
            return f"    {bar} {lead}{self._paint(carets, _COLORS[severity], _BOLD)}\n"
        mark = self._paint(">", _COLORS[severity], _BOLD) if row.focus else " "
        number = self._paint(f"{row.number:>{gutter}} |", _DIM)
        return f"  {mark} {number} {row.code}".rstrip() + "\n"

    def _hint(self, d: Diagnostic, gutter: int) -> str:
        """What the fix would write, on one line (cut when long)."""
        assert d.fix is not None
        if d.fix.replacement is not None:
            value = "replace with " + visible(repr(d.fix.replacement))
        else:
            value = visible(d.fix.title or "edit the file")
        if len(value) > WIDTH:
            value = value[: WIDTH - len(CUT)] + CUT
        kind = "fix" if d.fix.safe else "fix (unsafe)"
        note = self._paint(f"{kind}: {value}", _GREEN)
        return f"    {'':>{gutter}} = {note}\n"

    def document(self, result: LintResult, chunks: Iterable[Chunk]) -> Iterator[str | Chunk]:
        yield from chunks
        lines = statistics_lines(result) if self.options.statistics else []
        if not self.options.quiet:
            line = fixable_line(result)
            if line:
                lines.append(line)
            summary = summary_line(result)
            worst = result.worst()
            if worst is not None and worst >= Severity.WARNING:
                summary = self._paint(summary, _COLORS[worst], _BOLD)
            lines.append(summary)
        yield "".join(f"{line}\n" for line in lines)


def fixable_line(result: LintResult) -> str | None:
    """How many findings `--fix` repairs, and how many more `--unsafe-fixes` would."""
    unsafe = result.unsafe_fixable
    safe = result.fixable - unsafe
    if safe:
        more = f" ({unsafe} more with `--unsafe-fixes`)" if unsafe else ""
        return f"{safe} fixable with `--fix`{more}"
    if unsafe:
        return f"{unsafe} fixable with `--fix --unsafe-fixes`"
    return None


FORMATTER = StylishFormatter
