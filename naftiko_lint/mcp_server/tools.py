"""The read-only tools over the public API, as the CLI runs them: `lint` (`check`),
`explain_rule` (`explain`) and `list_rules` (`rules`). Each takes the call's arguments
(already checked against its input schema) and the server's LintOptions, and returns an
Outcome; none imports the SDK, so each is tested as a plain function."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from naftiko_lint.mcp_server.subject import Outcome, Subject, ToolFailure, subject_of

if TYPE_CHECKING:
    from naftiko_lint.linter import LintOptions
    from naftiko_lint.results import LintResult


def run_lint(subject: Subject, options: LintOptions) -> LintResult:
    """The run `check PATH` makes, or for sent text the one `check - --stdin-filename PATH`
    makes: the same discovery, configuration lookup, reading limits and result."""
    from naftiko_lint.runner import lint_paths

    if subject.raw is None:
        return lint_paths([subject.display], options)
    return lint_paths(
        ["-"], options, stdin_name=subject.display, read_stdin=io.BytesIO(subject.raw).read
    )


def render(result: LintResult, fmt: str, source: str | None = None) -> str:
    """The report in the `check --format fmt` format: one chunk a checked file, in order
    (`source`: the text of a single file, for a format that shows code)."""
    import os

    from naftiko_lint import formatters
    from naftiko_lint.formatters.base import FormatOptions
    from naftiko_lint.results import FileContext

    formatter = formatters.load(fmt)(FormatOptions(root=os.getcwd()))
    by_path: dict[str, list[Any]] = {}
    for diagnostic in result.diagnostics:
        by_path.setdefault(diagnostic.path, []).append(diagnostic)
    shown = source if formatter.needs_source and len(result.files) == 1 else None
    chunks = [
        formatter.chunk(
            by_path.get(report.path, []),
            shown,
            FileContext(report.path) if formatter.needs_file else None,
        )
        for report in result.files
    ]
    return "".join(formatter.document(result, [c for c in chunks if c]))


def lint(arguments: dict[str, Any], options: LintOptions) -> Outcome:
    from naftiko_lint.results import report_to_dict

    subject = subject_of(arguments, folder_ok=True, max_bytes=options.max_file_bytes)
    result = run_lint(subject, options)
    if not result.files and result.errors:
        raise ToolFailure("; ".join(str(error) for error in result.errors))
    sent = None if subject.raw is None else subject.raw.decode("utf-8", "replace")
    text = render(result, arguments.get("format", "text"), sent)
    # what `check` says on standard error, which the text format leaves out
    said = [f"error: {error}" for error in result.errors]
    if not result.files and not result.errors:
        said.append(
            f"no file was checked: {subject.display} holds no capability file (one with a "
            "top-level 'naftiko' key), or the configuration's include/exclude or .gitignore "
            "left none"
        )
    if said:
        text = "".join(f"{line}\n" for line in said) + text
    return Outcome(text, report_to_dict(result))


def _entries(options: LintOptions, include_off: bool) -> list[Any]:
    import naftiko_lint

    return naftiko_lint.list_rules(options, include_off=include_off)


def _fix_safety(rule_id: str) -> str | None:
    from naftiko_lint.ruleset import docs

    return docs.fix_safety(rule_id)


def explain_rule(arguments: dict[str, Any], options: LintOptions) -> Outcome:
    import naftiko_lint
    from naftiko_lint.suggest import did_you_mean

    rule = arguments["rule"]
    page = naftiko_lint.explain(rule, options)
    known = _entries(options, include_off=True)
    if page is None:
        hint = did_you_mean(rule, [entry.id for entry in known])
        raise ToolFailure(
            f"unknown rule {rule!r}{hint} (list_rules lists the rules; include_off shows "
            "the ones turned off)"
        )
    structured: dict[str, Any] = {"rule": rule, "page": page}
    entry = next((e for e in known if e.id == rule), None)
    if entry is not None:
        structured.update(
            severity=entry.severity_label,
            source=entry.source,
            description=entry.description,
            fix=_fix_safety(rule),
        )
    return Outcome(page, structured)


def list_rules(arguments: dict[str, Any], options: LintOptions) -> Outcome:
    entries = _entries(options, bool(arguments.get("include_off", False)))
    rows = [e.as_dict() for e in entries]  # with its "fix" (docs.fix_safety)
    width = max((len(e.id) for e in entries), default=0)
    lines = [
        f"{row['id']:<{width}}  {row['severity']:<7}  {row['fix'] or '-':<6}  {row['description']}"
        for row in rows
    ]
    lines.append(f"{len(entries)} rules")
    return Outcome("\n".join(lines) + "\n", {"rules": rows})
