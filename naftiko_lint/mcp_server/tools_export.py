"""`export_openapi` and `export_mcp_tools`: a capability's exposed surface as
`naftiko-lint export openapi|mcp-tools` gives it (the same exporters, the same choice of
adapter with `expose`, the same OpenAPI versions, the same rendering), with the notes the
CLI prints on standard error. What makes the CLI exit 1 or 2 (no usable document, no such
adapter, several without `expose`) is a tool error naming the same reason."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from naftiko_lint.mcp_server.subject import Outcome, ToolFailure, source_bytes, subject_of

if TYPE_CHECKING:
    from naftiko_lint.export.source import Source
    from naftiko_lint.linter import LintOptions


def _source(arguments: dict[str, Any], options: LintOptions) -> Source:
    """The capability read as `export` reads it (export/source.read_source), from the text
    sent or the file's bytes, with the server's options (so --isolated keeps a repository's
    configuration, and its custom functions, out of an export too)."""
    from naftiko_lint.export.source import read_source

    subject = subject_of(arguments, folder_ok=False, max_bytes=options.max_file_bytes)
    return read_source(subject.display, source_bytes(subject, options.max_file_bytes), options)


def _diagnostic_lines(source: Source) -> str:
    from naftiko_lint.formatters.base import FormatOptions
    from naftiko_lint.formatters.text import TextFormatter

    formatter = TextFormatter(FormatOptions())
    return "".join(f"\n{formatter.line(d)}" for d in source.errors)


def _notes(notes: list[str], errors: int) -> list[str]:
    """The notes `export` prints: the capability's errors (exported as declared) first."""
    lines = []
    if errors:
        lines.append(
            f"the capability has {errors} error{'s' if errors != 1 else ''} "
            "(the lint tool lists them); its surface is exported as declared"
        )
    return lines + list(notes)


def _export(arguments: dict[str, Any], options: LintOptions, kind: str) -> Outcome:
    from naftiko_lint.export.render import render
    from naftiko_lint.export.surface import SurfaceError

    source = _source(arguments, options)
    if source.capability is None:
        raise ToolFailure(
            f"{source.display}: not a capability document; nothing exported"
            + _diagnostic_lines(source)
        )
    expose = arguments.get("expose")
    try:
        if kind == "openapi":
            from naftiko_lint.export.openapi import export_openapi

            document, notes = export_openapi(
                source.capability,
                expose,
                source.version,
                arguments.get("openapi_version", "3.1"),
            )
        else:
            from naftiko_lint.export.mcp_tools import export

            exported = export(source.capability, expose)
            document, notes = exported.lists, exported.notes
    except SurfaceError as error:
        shown = _diagnostic_lines(source) if error.code == 1 else ""
        raise ToolFailure(f"{source.display}: {error}{shown}") from None
    text = render(document, arguments.get("format") or ("yaml" if kind == "openapi" else "json"))
    notes = _notes(notes, len(source.errors))
    return Outcome(text, {"document": document, "text": text, "notes": notes})


def export_openapi(arguments: dict[str, Any], options: LintOptions) -> Outcome:
    return _export(arguments, options, "openapi")


def export_mcp_tools(arguments: dict[str, Any], options: LintOptions) -> Outcome:
    return _export(arguments, options, "mcp-tools")
