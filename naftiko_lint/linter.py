"""The pipeline: load → input checks → (schema, rules) → sorted diagnostics."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from naftiko_lint import catalog, schema_check
from naftiko_lint.diagnostics import Diagnostic, Severity
from naftiko_lint.discovery import Candidate, discover
from naftiko_lint.document import MAX_FILE_BYTES, Document, parse_document


@dataclass(frozen=True)
class LintOptions:
    max_file_bytes: int = MAX_FILE_BYTES
    spec_version: str | None = None  # overrides the version a document declares
    schema_backend: str = "auto"


@dataclass(frozen=True)
class FileReport:
    path: str
    spec_version: str | None


@dataclass
class LintResult:
    files: list[FileReport] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # usage/IO/internal: exit code 2

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)


def _input_diagnostics(doc: Document) -> list[Diagnostic]:
    out = []
    for problem in doc.problems:
        rule = catalog.BY_ID[problem.rule]
        out.append(Diagnostic(rule=rule.id, severity=rule.severity, message=problem.message,
                              path=doc.path, pointer=problem.pointer, range=problem.range))
    return out


def _schema_diagnostics(doc: Document, options: LintOptions) -> list[Diagnostic]:
    version = options.spec_version or doc.spec_version
    if not doc.usable or version is None:
        return []
    out = []
    for finding in schema_check.check(doc.data, version, pure_json=doc.loaded_fast,
                                      prefer=options.schema_backend):
        rule = catalog.BY_ID[finding.rule]
        out.append(Diagnostic(
            rule=rule.id, severity=rule.severity, message=finding.message, path=doc.path,
            pointer=finding.pointer, range=doc.range_of(finding.pointer, on_key=finding.on_key),
            suggestion=finding.suggestion,
        ))
    return out


def lint_document(doc: Document, options: LintOptions) -> list[Diagnostic]:
    """All diagnostics for one parsed document."""
    return _input_diagnostics(doc) + _schema_diagnostics(doc, options)


def lint_source(display: str, raw: bytes, options: LintOptions) -> tuple[FileReport,
                                                                          list[Diagnostic]]:
    doc = parse_document(display, raw, max_bytes=options.max_file_bytes)
    diagnostics = sorted(lint_document(doc, options), key=Diagnostic.sort_key)
    return FileReport(display, options.spec_version or doc.spec_version), diagnostics


def _read(candidate: Candidate, read_stdin: Callable[[], bytes]) -> bytes:
    if candidate.path is None:
        return read_stdin()
    return candidate.path.read_bytes()


def lint_paths(
    paths: list[str],
    options: LintOptions,
    *,
    stdin_name: str = "-",
    read_stdin: Callable[[], bytes] = lambda: sys.stdin.buffer.read(),
) -> LintResult:
    """Check every file the paths name; bad files never stop the others."""
    result = LintResult()
    candidates, path_errors = discover(paths)
    result.errors.extend(f"{e.display}: {e.message}" for e in path_errors)
    for candidate in candidates:
        display = stdin_name if candidate.path is None else candidate.display
        try:
            raw = _read(candidate, read_stdin)
        except OSError as error:
            result.errors.append(f"{display}: cannot read: {error.strerror or error}")
            continue
        try:
            report, diagnostics = lint_source(display, raw, options)
        except Exception as error:  # an internal error must never become a traceback
            if os.environ.get("NAFTIKO_LINT_DEBUG"):
                traceback.print_exc()
            result.errors.append(
                f"{display}: internal error: {type(error).__name__}: {error} "
                "(set NAFTIKO_LINT_DEBUG=1 for details and please report it)"
            )
            continue
        result.files.append(report)
        result.diagnostics.extend(diagnostics)
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result
