"""The `fix` tool: the capability's fixes applied by `naftiko_lint.fix.api.fix_text` (the
same rounds and re-check as `check --fix`), returned as the fixed text, a unified diff and
the diagnostics applied and remaining, in the JSON report's shape. The file is written only
when the call asks for it (`write: true` with a `path` and no `text`), and only if it still
holds the text that was fixed (an editor may have saved it meanwhile)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from naftiko_lint.mcp_server.subject import Outcome, Subject, ToolFailure, source_text, subject_of

if TYPE_CHECKING:
    from naftiko_lint.linter import LintOptions


def _write(subject: Subject, original: str, fixed: str) -> None:
    """`fixed` over the file, if it still holds `original` (ToolFailure otherwise)."""
    if source_text(subject) != original:
        raise ToolFailure(
            f"{subject.display} changed while it was being fixed; nothing was written (call "
            "fix again)"
        )
    temporary = f"{subject.display}.naftiko-lint-fix.tmp"
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            handle.write(fixed)
        os.replace(temporary, subject.display)
    except OSError as error:
        from naftiko_lint.reading import reason

        if os.path.exists(temporary):
            os.unlink(temporary)
        raise ToolFailure(f"cannot write {subject.display}: {reason(error)}") from None


def _known(rules: list[str], options: LintOptions) -> None:
    """ToolFailure for the first id in `rules` that names no rule."""
    import naftiko_lint
    from naftiko_lint.suggest import did_you_mean

    known = [entry.id for entry in naftiko_lint.list_rules(options, include_off=True)]
    for rule in rules:
        if rule not in known:
            raise ToolFailure(f"unknown rule {rule!r} in `rules`{did_you_mean(rule, known)}")


def _summary(result: Any, written: bool) -> str:
    if result.refused is not None:
        return f"{result.path}: nothing fixed: {result.refused}"
    applied, left = len(result.applied), len(result.remaining)
    head = f"{result.path}: {applied} fix{'es' if applied != 1 else ''} applied"
    head += f" in {result.rounds} round{'s' if result.rounds != 1 else ''}" if applied else ""
    head += f", {left} diagnostic{'s' if left != 1 else ''} remaining"
    if written:
        head += "; the file was written"
    elif result.changed:
        head += "; nothing was written (write: true with a path writes the file)"
    return head


def fix(arguments: dict[str, Any], options: LintOptions) -> Outcome:
    from naftiko_lint.fix.api import fix_text
    from naftiko_lint.results import diagnostic_to_dict

    write = bool(arguments.get("write", False))
    if write and arguments.get("text") is not None:
        raise ToolFailure(
            "write: true writes the file at `path`, which is read from disk: send `path` "
            "without `text` (or leave write out to get the fixed text back)"
        )
    if write and arguments.get("path") is None:
        raise ToolFailure("write: true needs the `path` of the file to write")
    subject = subject_of(arguments, folder_ok=False, max_bytes=options.max_file_bytes)
    original = source_text(subject, options.max_file_bytes)
    rules = arguments.get("rules")
    if rules is not None:
        _known(rules, options)
    result = fix_text(
        original,
        subject.display,
        unsafe=bool(arguments.get("unsafe", False)),
        options=options,
        rules=None if rules is None else frozenset(rules),
    )
    written = write and result.changed and result.refused is None
    if written:
        _write(subject, original, result.fixed)
    diff = result.diff()
    structured = {
        "path": result.path,
        "changed": result.changed,
        "written": written,
        "fixed": result.fixed,
        "diff": diff,
        "rounds": result.rounds,
        "refused": result.refused,
        "applied": [diagnostic_to_dict(d) for d in result.applied],
        "remaining": [diagnostic_to_dict(d) for d in result.remaining],
        "notes": list(result.notes),
    }
    text = "\n".join([_summary(result, written), *(f"note: {n}" for n in result.notes)])
    return Outcome(text + ("\n\n" + diff if diff else "\n"), structured)
