"""SARIF 2.1.0, for GitHub code scanning and the other readers of static-analysis logs.

One run. Decisions, each fixed here so that every upload of the same findings agrees:

* Paths: each result's `artifactLocation.uri` is the file's path relative to the working
  directory (`uriBaseId` "%SRCROOT%", which `run.originalUriBaseIds` resolves to the working
  directory's file URI, with its trailing slash), percent-encoded (spaces, non-ASCII, `#`,
  `%`, `:`). A file outside the working directory gets its absolute file URI and no
  `uriBaseId`. The JSON pointer is never a URI: it is in the result's `properties.pointer`.
* Columns: `run.columnKind` is "unicodeCodePoints", as naftiko-lint counts them (1-based,
  end exclusive), so no source text is needed to convert them to UTF-16.
* `partialFingerprints["naftikoLint/v1"]`: a SHA-256 of rule id, artifact URI, pointer and
  message. It holds across edits that only move the finding (lines above added or removed):
  the pointer names the node, not its line. It changes when the node or the message does.
* `ruleIndex`: see naftiko_lint.formatters.sarif_rules (shipped rules, then the run's own).
* The invocation records `exitCode` (as the CLI exits with the same --fail-on),
  `executionSuccessful` (false on a tool error or an internal error) and each tool error
  (a file that could not be read, a configuration problem) as an error-level
  `toolExecutionNotifications` entry; files skipped while walking folders are notes.

Each result is written on one line (compact JSON: GitHub refuses logs over 10 MB gzipped).
GitHub rejects a run of more than 25,000 results: a run past that limit gets a warning
notification saying so, since the findings themselves are never dropped by a format."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from naftiko_lint import REPOSITORY_URL, TOOL_NAME, __version__
from naftiko_lint.diagnostics import Diagnostic, Range
from naftiko_lint.exits import EXIT_ERROR, exit_code
from naftiko_lint.fix.replacement import text_replacement
from naftiko_lint.formatters.base import Chunk, FileContext, Formatter
from naftiko_lint.formatters.sarif_rules import descriptors, level, own_rules, rule_index
from naftiko_lint.results import LintResult, ToolError

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
FINGERPRINT = "naftikoLint/v1"
GITHUB_MAX_RESULTS = 25_000
_MARKER = '"results": []'  # cannot occur inside a string (its quotes would be escaped)
_INDENT = "\n        "  # a result's indentation in the log


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def artifact_location(path: str, root: str | None) -> dict[str, str]:
    """The SARIF artifactLocation of a reported path (`root`: the working directory)."""
    base = root or os.getcwd()
    absolute = os.path.normpath(os.path.join(base, path))
    relative = os.path.relpath(absolute, base)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return {"uri": Path(absolute).as_uri()}
    return {"uri": quote(relative.replace(os.sep, "/"), safe="/"), "uriBaseId": SRCROOT}


def _region(where: Range) -> dict[str, int]:
    start, end = where.start, where.end
    if end < start:  # never expected; a region must not end before it starts
        end = start
    return {
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    }


def fingerprint(d: Diagnostic, uri: str) -> str:
    text = "\0".join((d.rule, uri, d.pointer, d.message))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _fixes(d: Diagnostic, artifact: dict[str, str], lines: list[str]) -> list[dict[str, Any]]:
    """SARIF `fixes` for a fix that is one scalar's new text (fix/replacement.py), else []."""
    found = text_replacement(d, lines)
    if found is None:
        return []
    where, text = found
    assert d.fix is not None
    replacement = {"deletedRegion": _region(where), "insertedContent": {"text": text}}
    return [
        {
            "description": {"text": d.fix.title or f"replace with {text}"},
            "artifactChanges": [{"artifactLocation": artifact, "replacements": [replacement]}],
        }
    ]


def encode_result(
    d: Diagnostic,
    root: str | None,
    own: tuple[tuple[str, str], ...] = (),
    lines: list[str] | None = None,
) -> dict[str, Any]:
    """One result; `lines`: the file's text (a fix that is one scalar's new text then
    becomes SARIF `fixes`)."""
    artifact = artifact_location(d.path, root)
    out: dict[str, Any] = {"ruleId": d.rule}
    index = rule_index(d.rule, own)
    if index is not None:
        out["ruleIndex"] = index
    out["level"] = level(d.severity)
    out["message"] = {"text": d.message}
    out["locations"] = [
        {"physicalLocation": {"artifactLocation": artifact, "region": _region(d.range)}}
    ]
    if d.related:
        out["relatedLocations"] = [
            {"id": i, "physicalLocation": {"artifactLocation": artifact, "region": _region(r)}}
            for i, r in enumerate(d.related, 1)
        ]
    out["partialFingerprints"] = {FINGERPRINT: fingerprint(d, artifact["uri"])}
    properties: dict[str, Any] = {"severity": d.severity.label, "pointer": d.pointer}
    if d.suggestion is not None:
        properties["suggestion"] = d.suggestion
    if d.fix is not None:
        properties["fix"] = {"safe": d.fix.safe, "title": d.fix.title}
        fixes = _fixes(d, artifact, lines) if lines is not None else []
        if fixes:
            out["fixes"] = fixes
    out["properties"] = properties
    return out


def _notification(error: ToolError, root: str | None, kind: str = "error") -> dict[str, Any]:
    out: dict[str, Any] = {"level": kind, "message": {"text": str(error)}}
    if error.path is not None:
        physical: dict[str, Any] = {"artifactLocation": artifact_location(error.path, root)}
        if error.line is not None:
            physical["region"] = {"startLine": error.line, "startColumn": error.column or 1}
        out["locations"] = [{"physicalLocation": physical}]
    return out


def _notifications(result: LintResult, root: str | None) -> list[dict[str, Any]]:
    out = [_notification(error, root) for error in result.errors]
    out += [
        _notification(ToolError(s.display, f"skipped: {s.reason}"), root, "note")
        for s in result.skipped
    ]
    if result.total > GITHUB_MAX_RESULTS:
        text = (
            f"{result.total} results: GitHub code scanning refuses a run of more than "
            f"{GITHUB_MAX_RESULTS}; narrow the run (--select, --ignore, fewer paths)"
        )
        out.append({"level": "warning", "message": {"text": text}})
    return out


def _run(
    result: LintResult, root: str | None, code: int, own: tuple[tuple[str, str], ...]
) -> dict[str, Any]:
    base = root or os.getcwd()
    reported = {rule for rule, _ in result.by_rule}
    return {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": REPOSITORY_URL,
                "rules": descriptors(reported, own),
            }
        },
        "invocations": [
            {
                "executionSuccessful": code != EXIT_ERROR,
                "exitCode": code,
                "toolExecutionNotifications": _notifications(result, root),
            }
        ],
        "originalUriBaseIds": {SRCROOT: {"uri": Path(base).as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [],
    }


class SarifFormatter(Formatter):
    needs_head = True  # the rule table and the invocation come before the results
    needs_source = True  # a fix that is one scalar's new text becomes SARIF `fixes`

    def chunk(
        self,
        diagnostics: Sequence[Diagnostic],
        source: str | None = None,
        file: FileContext | None = None,
    ) -> str:
        root, own = self.options.root, own_rules(self.options.rules)
        lines = source.split("\n") if source is not None else None
        return ("," + _INDENT).join(
            _compact(encode_result(d, root, own, lines)) for d in diagnostics
        )

    def document(self, result: LintResult, chunks: Iterable[Chunk]) -> Iterator[str | Chunk]:
        code = exit_code(result, self.options.fail_on)
        log = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [_run(result, self.options.root, code, own_rules(self.options.rules))],
        }
        whole = json.dumps(log, indent=2, ensure_ascii=False) + "\n"
        cut = whole.index(_MARKER) + len(_MARKER) - 1
        yield whole[:cut]
        separator = _INDENT
        for chunk in chunks:
            if chunk:
                yield separator
                yield chunk
                separator = "," + _INDENT
        if separator != _INDENT:  # at least one result
            yield "\n      "
        yield whole[cut:]


FORMATTER = SarifFormatter
