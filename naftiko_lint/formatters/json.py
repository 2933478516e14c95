"""The JSON report: a stable contract documented in the README."""

from __future__ import annotations

import json

from naftiko_lint import TOOL_NAME, __version__
from naftiko_lint.diagnostics import Diagnostic, Range, Severity
from naftiko_lint.formatters.base import Formatter
from naftiko_lint.results import LintResult, ToolError


def _range(r: Range) -> dict:
    return {
        "start": {"line": r.start.line, "column": r.start.column},
        "end": {"line": r.end.line, "column": r.end.column},
    }


def diagnostic_to_dict(d: Diagnostic) -> dict:
    out = {
        "path": d.path,
        "rule": d.rule,
        "severity": d.severity.label,
        "message": d.message,
        "pointer": d.pointer,
        "range": _range(d.range),
    }
    if d.suggestion is not None:
        out["suggestion"] = d.suggestion
    return out


def error_to_dict(error: ToolError) -> dict:
    out: dict = {"path": error.path, "message": error.message}
    if error.line is not None:
        out["line"], out["column"] = error.line, error.column
    return out


def report_to_dict(result: LintResult) -> dict:
    summary = {"files": len(result.files)}
    summary.update({s.label: result.count(s) for s in sorted(Severity, reverse=True)})
    return {
        "tool": {"name": TOOL_NAME, "version": __version__},
        "files": [{"path": f.path, "spec_version": f.spec_version} for f in result.files],
        "diagnostics": [diagnostic_to_dict(d) for d in result.diagnostics],
        "summary": summary,
        "errors": [error_to_dict(e) for e in result.errors],
        "not_checked": list(result.not_checked),
        "skipped": [{"path": s.display, "reason": s.reason} for s in result.skipped],
    }


class JsonFormatter(Formatter):
    def format(self, result: LintResult) -> str:
        return json.dumps(report_to_dict(result), indent=2, ensure_ascii=False) + "\n"
