"""A linter Diagnostic as an LSP diagnostic: the same rule id (`code`), severity, range and
message; its related ranges as `relatedInformation` in the same file; its rule's page as
`codeDescription.href`; `source: naftiko-lint`."""

from __future__ import annotations

from collections.abc import Callable

from lsprotocol import types

from naftiko_lint import TOOL_NAME
from naftiko_lint.diagnostics import Diagnostic, Severity
from naftiko_lint.lsp.positions import TextLines

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}
RELATED_MESSAGE = "the place the message names"


def to_lsp(
    diagnostic: Diagnostic,
    index: int,
    lines: TextLines,
    uri: str,
    href: Callable[[str], str | None],
) -> types.Diagnostic:
    """`index` is the diagnostic's place in the file's last lint (`data`), by which a code
    action finds its fix again."""
    link = href(diagnostic.rule)
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=lines.range_to_lsp(where)),
            message=RELATED_MESSAGE,
        )
        for where in diagnostic.related
    ]
    return types.Diagnostic(
        range=lines.range_to_lsp(diagnostic.range),
        message=diagnostic.message,
        severity=SEVERITIES[diagnostic.severity],
        code=diagnostic.rule,
        code_description=types.CodeDescription(href=link) if link else None,
        source=TOOL_NAME,
        related_information=related or None,
        data={"index": index, "pointer": diagnostic.pointer, "fixable": diagnostic.fix is not None},
    )
