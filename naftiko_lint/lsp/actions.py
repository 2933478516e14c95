"""Code actions from the rules' fixes: one quick fix per fixable diagnostic under the
cursor (`fix.edits_at(pointer)` applied by the fix API, safe ones preferred, unsafe ones
titled "(unsafe)"), and "Fix all safe problems in this file" (`fix_text`), each a workspace
edit that replaces only the lines that change."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lsprotocol import types

from naftiko_lint import TOOL_NAME
from naftiko_lint.diagnostics import Diagnostic
from naftiko_lint.lsp.positions import TextLines

FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.{TOOL_NAME}"
FIX_ALL_TITLE = "Fix all safe problems in this file"
_PIECE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _pieces(text: str) -> list[str]:
    """The lines of `text` with their ends (CR LF, CR, LF), as the LSP counts lines."""
    return _PIECE.findall(text)


def line_edit(old: str, new: str, lines: TextLines) -> types.TextEdit:
    """One edit turning `old` into `new` by replacing the lines between their common first
    and last lines."""
    a, b = _pieces(old), _pieces(new)
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    start = types.Position(line=head, character=0)
    stop = len(a) - tail
    end = lines.end() if stop >= len(a) else types.Position(line=stop, character=0)
    return types.TextEdit(
        range=types.Range(start=start, end=end), new_text="".join(b[head : len(b) - tail])
    )


def workspace_edit(
    uri: str, version: int | None, edit: types.TextEdit, versioned: bool
) -> types.WorkspaceEdit:
    if versioned:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(
                        uri=uri, version=version
                    ),
                    edits=[edit],
                )
            ]
        )
    return types.WorkspaceEdit(changes={uri: [edit]})


def fix_title(diagnostic: Diagnostic) -> str:
    assert diagnostic.fix is not None
    what = diagnostic.fix.title or (
        f"write {diagnostic.fix.replacement!r}"
        if diagnostic.fix.replacement is not None
        else "apply the fix"
    )
    title = f"{TOOL_NAME}: {what} ({diagnostic.rule})"
    return title if diagnostic.fix.safe else f"{title} (unsafe)"


def fixed_text(text: str, diagnostic: Diagnostic) -> str | None:
    """The text with this diagnostic's fix applied; None when it names no place (or the
    fix API cannot apply it)."""
    from naftiko_lint.fix.api import apply_edits

    if diagnostic.fix is None:
        return None
    edits = diagnostic.fix.edits_at(diagnostic.pointer)
    if not edits:
        return None
    try:
        result = apply_edits(text, edits)
    except Exception:  # an EditError, or a text ruamel.yaml will not round-trip
        return None
    return result if result != text else None


def refused(text: str, path: str) -> bool:
    """A text the fixer must not rewrite (a YAML syntax error and the like)."""
    try:
        from naftiko_lint.fix.api import refusal

        return refusal(text, path) is not None
    except Exception:
        return True


def fix_all_text(text: str, path: str) -> str | None:
    """The text with every safe fix applied (as `check --fix`), None when nothing changes."""
    from naftiko_lint.fix.api import fix_text

    try:
        result = fix_text(text, path)
    except Exception:
        return None
    if result.refused is not None or not result.changed:
        return None
    return result.fixed


def wants(only: Sequence[str] | None, kind: str) -> bool:
    """Does the request's `only` list ask for actions of `kind`?"""
    if only is None:
        return True
    return any(kind == k or kind.startswith(k + ".") for k in only)


def safely_fixable(diagnostics: Sequence[Diagnostic]) -> bool:
    return any(d.fix is not None and d.fix.safe and d.fix.edits_at(d.pointer) for d in diagnostics)
