"""The formatter interface: a formatter only formats (it never lints, prints or exits).

A report is written as it is found: `chunk` formats one file's diagnostics as soon as the
file is checked (then they are dropped), and `document` puts the chunks, in path order,
between what comes before and after them (the JSON report's header, the text summary), once
the run is over. `format` does both at once for a result that holds its diagnostics.

`document` yields its own text as str and each non-empty chunk exactly as it was given,
never joined, cut or looked into beyond being empty or not: the CLI hands it chunks already
encoded (bytes spooled from worker processes or the cache) and writes them out as they are."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from naftiko_lint.diagnostics import Diagnostic
from naftiko_lint.results import FileContext, LintResult

__all__ = ["Chunk", "FileContext", "FormatOptions", "Formatter"]


@dataclass(frozen=True)
class FormatOptions:
    color: bool = False
    quiet: bool = False
    statistics: bool = False
    # the absolute working directory the report's relative paths are relative to (SARIF's
    # %SRCROOT%); None: the formatter has no use for it
    root: str | None = None
    # --fail-on as given (None: the configuration's, else error): with the result it decides
    # the exit code, which some formats record (exits.exit_code)
    fail_on: str | None = None
    # (id, description) of every rule the run's rulesets define, sorted by id: a format that
    # describes its rules (SARIF) learns those of a ruleset of your own from it
    rules: tuple[tuple[str, str], ...] = ()


Chunk = TypeVar("Chunk", str, bytes)


class Formatter:
    # True: `document` must see the whole run before its first byte (the JSON report's
    # file list comes first); False: chunks may be written as they come.
    needs_head: bool = False
    # True: `chunk` is given the checked file's text (for code frames); False: never
    needs_source: bool = False
    # True: `chunk` is called for every checked file, findings or not, with its FileContext
    # (a report that lists what passed); False: `file` is None
    needs_file: bool = False

    def __init__(self, options: FormatOptions) -> None:
        self.options = options

    def chunk(
        self,
        diagnostics: Sequence[Diagnostic],
        source: str | None = None,
        file: FileContext | None = None,
    ) -> str:
        """One file's diagnostics, sorted; "" when there are none (unless the format also
        reports passing files). `source`: the file's text as its ranges count it (lines
        from 1, columns in code points from 1), when the formatter `needs_source` and the
        text could be read again; else None. `file`: when the formatter `needs_file`."""
        raise NotImplementedError

    def document(self, result: LintResult, chunks: Iterable[Chunk]) -> Iterator[str | Chunk]:
        """The whole report: the non-empty `chunks`, in order and as given, and the text
        that surrounds them."""
        raise NotImplementedError

    def format(self, result: LintResult) -> str:
        return "".join(self.document(result, [self.chunk(result.diagnostics)]))
