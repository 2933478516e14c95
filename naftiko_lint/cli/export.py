"""`naftiko-lint export openapi|mcp-tools CAPABILITY`: a capability's exposed surface as the
document other teams consume, written deterministically so it can be committed, with
`--check FILE` for CI (exit 1 and a unified diff when the committed export is stale).

The exporters are imported only when this command runs (`check` never pays for them)."""

from __future__ import annotations

import argparse
import difflib
import sys
from typing import Any

from naftiko_lint.cli.output import Sink, say
from naftiko_lint.exits import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from naftiko_lint.reading import reason

KINDS = {
    "openapi": "an OpenAPI document of a REST adapter",
    "mcp-tools": "the tools, resources and prompts an MCP adapter lists",
}


def add_arguments(command: str, parser: argparse.ArgumentParser) -> None:
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, help_line in KINDS.items():
        sub = kinds.add_parser(kind, help=help_line, description=f"Export {help_line}.")
        sub.add_argument("capability", metavar="CAPABILITY", help="the capability file")
        sub.add_argument(
            "--expose", metavar="NAMESPACE", help="the adapter to export (when there are several)"
        )
        if kind == "openapi":
            sub.add_argument(
                "--openapi-version",
                choices=("3.1", "3.0"),
                default="3.1",
                help="the OpenAPI version (default: %(default)s)",
            )
        sub.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
        sub.add_argument(
            "--format",
            choices=("yaml", "json"),
            default=None,
            help="default: yaml (openapi), json (mcp-tools)",
        )
        sub.add_argument(
            "--check",
            metavar="FILE",
            help="compare with the committed export FILE: exit 1 and a diff when it differs",
        )
        sub.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )


def _diagnostic_lines(diagnostics: list) -> str:
    from naftiko_lint.formatters.base import FormatOptions
    from naftiko_lint.formatters.text import TextFormatter

    formatter = TextFormatter(FormatOptions())
    return "".join(f"{formatter.line(d)}\n" for d in diagnostics)


def _build(args: argparse.Namespace, source: Any) -> tuple[Any, list[str]]:
    if args.kind == "openapi":
        from naftiko_lint.export.openapi import export_openapi

        return export_openapi(source.capability, args.expose, source.version, args.openapi_version)
    from naftiko_lint.export.mcp_tools import export

    exported = export(source.capability, args.expose)  # tool_lists' document, with notes
    return exported.lists, exported.notes


def _note(notes: list[str], errors: int) -> None:
    """One note on standard error: what was exported despite errors and what was not mapped."""
    lines = []
    if errors:
        lines.append(
            f"the capability has {errors} error{'s' if errors != 1 else ''} "
            "(naftiko-lint check lists them); its surface is exported as declared"
        )
    lines += notes
    if lines:
        body = "".join(f"\n  - {line}" for line in lines)
        say(f"note: {len(lines)} thing{'s' if len(lines) != 1 else ''} to know:{body}")


def _compare(text: str, committed: str, display: str) -> int:
    try:
        with open(committed, encoding="utf-8", newline="") as handle:
            old = handle.read()
    except OSError as error:
        say(f"cannot read {committed}: {reason(error)}")
        return EXIT_ERROR
    if old == text:
        return EXIT_OK
    diff = difflib.unified_diff(
        old.splitlines(keepends=True),
        text.splitlines(keepends=True),
        f"{committed} (committed)",
        f"{committed} (exported from {display})",
    )
    sys.stderr.writelines(diff)
    say(f"{committed} is out of date: regenerate it with naftiko-lint export")
    return EXIT_FINDINGS


def run(command: str, args: argparse.Namespace) -> int:
    from naftiko_lint.export.render import render
    from naftiko_lint.export.source import read_source
    from naftiko_lint.export.surface import SurfaceError

    try:
        source = read_source(args.capability)
    except OSError as error:
        say(f"cannot read {args.capability}: {reason(error)}")
        return EXIT_ERROR
    if source.capability is None:
        sys.stderr.write(_diagnostic_lines(source.diagnostics))
        say(f"{args.capability}: not a capability document; nothing exported")
        return EXIT_FINDINGS
    try:
        document, notes = _build(args, source)
    except SurfaceError as error:
        if error.code == EXIT_FINDINGS:
            sys.stderr.write(_diagnostic_lines(source.diagnostics))
        say(f"{args.capability}: {error}")
        return error.code
    fmt = args.format or ("yaml" if args.kind == "openapi" else "json")
    text = render(document, fmt)
    _note(notes, len(source.errors))
    if args.check is not None:
        return _compare(text, args.check, args.capability)
    sink = Sink(args.output)
    sink.write(text)
    sink.close()
    return EXIT_OK
