"""GitLab Code Quality: the JSON array of issues a `codequality` report artifact holds, which
GitLab shows in the merge request widget and diff (a subset of the Code Climate format).

Each issue has GitLab's documented keys: `description`, `check_name` (the rule id),
`fingerprint`, `severity` (info/minor/major/critical/blocker) and `location` (`path`
relative to the repository, `lines.begin`/`lines.end`). GitLab compares a merge request's
issues with the target branch's by fingerprint, so the fingerprint leaves out line numbers:
a hash of rule, path and pointer (the offending node, as the baseline keys findings), and
the count of that triple so far in the file, so an edit above a finding does not make it
"new" and every issue is distinct. The message is left out too: some name a line ("first
defined on line 3").

The array is streamed: each chunk holds one file's issues, one per line; `document` writes
the brackets and the commas between chunks (`[]` when nothing was found)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from naftiko_lint.diagnostics import Diagnostic, Severity
from naftiko_lint.formatters.base import Chunk, FileContext, Formatter
from naftiko_lint.results import LintResult

SEVERITIES = {
    Severity.ERROR: "critical",
    Severity.WARNING: "major",
    Severity.INFO: "minor",
    Severity.HINT: "info",
}
_SEPARATOR = ",\n"


def fingerprint(d: Diagnostic, path: str, occurrence: int) -> str:
    """Stable across runs while the finding is unchanged, whatever lines moved above it."""
    key = "\0".join((d.rule, path, d.pointer, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class GitlabFormatter(Formatter):
    needs_head = True  # the opening bracket comes before the first chunk

    def path(self, display: str) -> str:
        """The path relative to the working directory (the repository's root in a job),
        with forward slashes, as GitLab links it; a path outside it stays as it is."""
        root = self.options.root
        if root and os.path.isabs(display):
            relative = os.path.relpath(display, root)
            if not relative.startswith(os.pardir):
                display = relative
        display = display.replace(os.sep, "/")
        while display.startswith("./"):
            display = display[2:]
        return display

    def issue(self, d: Diagnostic, path: str, occurrence: int) -> dict[str, Any]:
        start, end = d.range.start.line, max(d.range.end.line, d.range.start.line)
        return {
            "description": d.message,
            "check_name": d.rule,
            "fingerprint": fingerprint(d, path, occurrence),
            "severity": SEVERITIES[d.severity],
            "location": {"path": path, "lines": {"begin": start, "end": end}},
        }

    def chunk(
        self,
        diagnostics: Sequence[Diagnostic],
        source: str | None = None,
        file: FileContext | None = None,
    ) -> str:
        seen: dict[tuple[str, str, str], int] = {}
        lines = []
        for d in diagnostics:
            path = self.path(d.path)
            key = (d.rule, path, d.pointer)
            occurrence = seen[key] = seen.get(key, 0) + 1
            lines.append("  " + json.dumps(self.issue(d, path, occurrence), ensure_ascii=False))
        return _SEPARATOR.join(lines)

    def document(self, result: LintResult, chunks: Iterable[Chunk]) -> Iterator[str | Chunk]:
        separator = "[\n"
        for chunk in chunks:
            if chunk:
                yield separator
                yield chunk
                separator = _SEPARATOR
        yield "[]\n" if separator == "[\n" else "\n]\n"


FORMATTER = GitlabFormatter
