"""The JSON report: the stable contract documented in the README, serialised in
`naftiko_lint.results` (one serialiser). This module writes it as `json.dumps(report,
indent=2, ensure_ascii=False)` would, byte for byte, without building the report: each
diagnostic is encoded on its own with the C string encoder (a test holds the two equal)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from json.encoder import encode_basestring  # the C encoder json.dumps uses for str
from typing import Any

from naftiko_lint.diagnostics import Diagnostic
from naftiko_lint.formatters.base import Chunk, FileContext, Formatter
from naftiko_lint.results import LintResult, report_to_dict

_MARKER = '\n  "diagnostics": []'  # cannot occur inside a string (its quotes would be escaped)
_ITEM = "\n    "  # a diagnostic's indentation in the report
_FIELD = "\n      "


def _value(value: Any) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", _FIELD)


def encode_diagnostic(d: Diagnostic) -> str:
    """One entry of `diagnostics`, indented as in the report (`results.diagnostic_to_dict`)."""
    start, end = d.range.start, d.range.end
    suggestion = d.suggestion
    extra = "" if suggestion is None else f',{_FIELD}"suggestion": {_value(suggestion)}'
    if d.fix is not None:
        safe = "true" if d.fix.safe else "false"
        extra += (
            f',{_FIELD}"fix": {{{_FIELD}  "safe": {safe},'
            f'{_FIELD}  "title": {_value(d.fix.title)}{_FIELD}}}'
        )
    return (
        f'    {{{_FIELD}"path": {_value(d.path)},{_FIELD}"rule": {_value(d.rule)},'
        f'{_FIELD}"severity": "{d.severity.label}",{_FIELD}"message": {_value(d.message)},'
        f'{_FIELD}"pointer": {_value(d.pointer)},{_FIELD}"range": {{'
        f'{_FIELD}  "start": {{{_FIELD}    "line": {start.line},'
        f'{_FIELD}    "column": {start.column}{_FIELD}  }},'
        f'{_FIELD}  "end": {{{_FIELD}    "line": {end.line},'
        f'{_FIELD}    "column": {end.column}{_FIELD}  }}{_FIELD}}}{extra}{_ITEM}}}'
    )


class JsonFormatter(Formatter):
    needs_head = True

    def chunk(
        self,
        diagnostics: Sequence[Diagnostic],
        source: str | None = None,
        file: FileContext | None = None,
    ) -> str:
        return ",\n".join(map(encode_diagnostic, diagnostics))

    def document(self, result: LintResult, chunks: Iterable[Chunk]) -> Iterator[str | Chunk]:
        report = report_to_dict(result, diagnostics=False)
        whole = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
        cut = whole.index(_MARKER) + len(_MARKER) - 1
        yield whole[:cut]
        separator = "\n"
        for chunk in chunks:
            if chunk:
                yield separator
                yield chunk
                separator = ",\n"
        if separator != "\n":  # at least one diagnostic
            yield "\n  "
        yield whole[cut:]


FORMATTER = JsonFormatter
