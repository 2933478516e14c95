"""Command line: parse arguments, run the linter, pick a formatter, set the exit code."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from naftiko_lint import TOOL_NAME, __version__, versions
from naftiko_lint.diagnostics import Severity
from naftiko_lint.formatters import FORMATTERS
from naftiko_lint.formatters.base import FormatOptions
from naftiko_lint.linter import LintOptions, LintResult, lint_paths

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FAIL_LEVELS = ("error", "warning", "info", "hint", "never")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=TOOL_NAME, description="Lint Naftiko capability files.")
    parser.add_argument("--version", action="version", version=f"{TOOL_NAME} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    check = commands.add_parser("check", help="check capability files and folders")
    check.add_argument("paths", nargs="*", metavar="PATH", default=["."],
                       help="files or folders (default: .); '-' reads standard input")
    check.add_argument("--format", choices=sorted(FORMATTERS), default="text")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    check.add_argument("--fail-on", choices=FAIL_LEVELS, default="error",
                       help="lowest severity that makes the exit code 1 (default: error)")
    check.add_argument("--quiet", "-q", action="store_true",
                       help="print findings only, no summary")
    check.add_argument("--statistics", action="store_true",
                       help="after the findings, count them per rule (text format)")
    check.add_argument("--stdin-filename", metavar="NAME", default="-",
                       help="the path to report for input read from '-'")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    check.add_argument("--max-file-size", type=_positive_int, metavar="BYTES",
                       default=LintOptions().max_file_bytes,
                       help="refuse files larger than this (default: %(default)s)")

    check.add_argument("--spec-version", choices=versions.known_names(), metavar="VERSION",
                       help="validate against this spec version instead of the declared one")

    commands.add_parser("versions", help="list the supported Naftiko spec versions")
    schema = commands.add_parser("schema", help="print the bundled JSON Schema of a version")
    schema.add_argument("--spec-version", choices=versions.known_names(), metavar="VERSION",
                        default=versions.LATEST.name,
                        help="one of %(choices)s (default: %(default)s)")
    return parser


def _use_color(choice: str, to_file: bool) -> bool:
    if choice != "auto":
        return choice == "always"
    if to_file or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def exit_code(result: LintResult, fail_on: str) -> int:
    if result.errors:
        return EXIT_ERROR
    if fail_on == "never":
        return EXIT_OK
    threshold = Severity.parse(fail_on)
    failing = any(d.severity >= threshold for d in result.diagnostics)
    return EXIT_FINDINGS if failing else EXIT_OK


def _run_check(args: argparse.Namespace) -> int:
    options = LintOptions(max_file_bytes=args.max_file_size, spec_version=args.spec_version)
    result = lint_paths(args.paths, options, stdin_name=args.stdin_filename)
    formatter = FORMATTERS[args.format](
        FormatOptions(color=_use_color(args.color, bool(args.output)), quiet=args.quiet,
                      statistics=args.statistics)
    )
    report = formatter.format(result)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as handle:
                handle.write(report)
        except OSError as error:
            print(f"{TOOL_NAME}: cannot write {args.output}: {error.strerror}", file=sys.stderr)
            return EXIT_ERROR
    else:
        sys.stdout.write(report)
    for message in result.errors:
        print(f"{TOOL_NAME}: {message}", file=sys.stderr)
    return exit_code(result, args.fail_on)


def _run_versions(args: argparse.Namespace) -> int:
    for version in versions.KNOWN_VERSIONS:
        marker = " (latest)" if version is versions.LATEST else ""
        print(f"{version.name}{marker}  {version.summary}")
    return EXIT_OK


def _run_schema(args: argparse.Namespace) -> int:
    spec = versions.get(args.spec_version)
    assert spec is not None  # argparse restricts the choices
    sys.stdout.write(spec.schema_file.read_text(encoding="utf-8"))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handlers = {"check": _run_check, "versions": _run_versions, "schema": _run_schema}
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
