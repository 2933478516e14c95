"""The one locate pass: findings (pointers) become diagnostics (lines and columns) with the
severity the file's policy gives them. Nothing else turns a pointer into a position."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from naftiko_lint.diagnostics import FILE_START, Diagnostic, Finding, Range, Severity
from naftiko_lint.document.loading import Document

RELATED_LINE = "{{related-line}}"
Severities = Callable[[str, str], "Severity | None"]


def _where(doc: Document | None, finding: Finding) -> Range:
    if finding.range is not None:
        return finding.range
    if doc is None:
        return FILE_START
    if finding.span is not None:
        return doc.substring_range(finding.pointer, *finding.span)
    return doc.range_of(finding.pointer, on_key=finding.on_key)


def _related(doc: Document | None, finding: Finding) -> tuple[Range, ...]:
    if doc is None:
        return ()
    return tuple(doc.range_of(pointer, on_key=True) for pointer in finding.related)


def locate(
    doc: Document | None, path: str, findings: Iterable[Finding], severity: Severities
) -> list[Diagnostic]:
    """`severity(rule, pointer)` is the file's policy; a finding it turns off is dropped, a
    finding's `cap` lowers what it gives. `{{related-line}}` in a message becomes the line
    of the first related node."""
    out = []
    for finding in findings:
        level = severity(finding.rule, finding.pointer)
        if level is None:
            continue
        if finding.cap is not None:
            level = min(level, finding.cap)
        related = _related(doc, finding)
        message = finding.message
        if related and RELATED_LINE in message:
            message = message.replace(RELATED_LINE, f"line {related[0].start.line}")
        out.append(
            Diagnostic(
                rule=finding.rule,
                severity=level,
                message=message,
                path=path,
                pointer=finding.pointer,
                range=_where(doc, finding),
                fix=finding.fix,
                related=related,
            )
        )
    return out
