"""Command line: parse arguments, run the linter, pick a formatter, set the exit code."""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from naftiko_lint import TOOL_NAME, __version__
from naftiko_lint.diagnostics import Severity
from naftiko_lint.errors import ConfigError
from naftiko_lint.formatters import FORMATTERS
from naftiko_lint.formatters.base import FormatOptions
from naftiko_lint.linter import LintOptions
from naftiko_lint.plan import RulePlan
from naftiko_lint.reading import reason
from naftiko_lint.results import LintResult
from naftiko_lint.ruleset import docs as registry
from naftiko_lint.runner import Planner, lint_paths
from naftiko_lint.spec import versions
from naftiko_lint.suggest import did_you_mean

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FAIL_LEVELS = ("error", "warning", "info", "hint", "never")


class OutputError(Exception):
    """Standard output or --output cannot be written; `closed` for a closed pipe."""

    def __init__(self, message: str, closed: bool = False) -> None:
        super().__init__(message)
        self.closed = closed


def _write_all(text: str) -> None:
    """Every byte, on the descriptor itself: a buffered stream may drop the rest of a
    partial write to a pipe whose reader has gone, and report success."""
    stream = sys.stdout
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError):  # not a real file (a test's capture): its own write
        stream.write(text)
        stream.flush()
        return
    stream.flush()
    pending = memoryview(text.encode(stream.encoding or "utf-8", stream.errors or "strict"))
    while pending:
        pending = pending[os.write(descriptor, pending) :]


def _write(text: str) -> None:
    """Write to standard output now, so that a write error is known here."""
    try:
        _write_all(text)
    except BrokenPipeError as error:
        raise OutputError("standard output is closed", closed=True) from error
    except OSError as error:
        raise OutputError(f"cannot write to standard output: {reason(error)}") from error


def _say(message: str) -> None:
    """One line on standard error (which may itself be closed)."""
    with contextlib.suppress(OSError):
        print(f"{TOOL_NAME}: {message}", file=sys.stderr, flush=True)


def _write_lines(lines: list[str]) -> None:
    _write("".join(f"{line}\n" for line in lines))


def _silence_stdout() -> None:
    """After a write error nothing more may reach standard output, not even the flush at
    interpreter shutdown (it would print 'Exception ignored ...')."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _debugging(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "debug", False)) or os.environ.get("NAFTIKO_LINT_DEBUG", "") not in (
        "",
        "0",
    )


def _add_debug(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--debug",
        action="store_true",
        help="print the traceback of internal errors on standard error (also NAFTIKO_LINT_DEBUG=1)",
    )


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


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=TOOL_NAME, description="Lint Naftiko capability files.")
    parser.add_argument("--version", action="version", version=f"{TOOL_NAME} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    check = commands.add_parser("check", help="check capability files and folders")
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        default=[],
        help="files or folders (default: ., or - with --stdin-filename); '-' reads standard input",
    )
    check.add_argument("--format", choices=sorted(FORMATTERS), default="text")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    check.add_argument(
        "--fail-on",
        choices=FAIL_LEVELS,
        default=None,
        help="lowest severity that makes the exit code 1 (default: the "
        "configuration's fail-on, else error)",
    )
    check.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary")
    check.add_argument(
        "--statistics",
        action="store_true",
        help="after the findings, count them per rule (text format)",
    )
    check.add_argument(
        "--capabilities-only",
        action="store_true",
        help="skip named files that have no top-level 'naftiko' key (for hooks "
        "that pass every YAML file)",
    )
    check.add_argument(
        "--stdin-filename",
        metavar="NAME",
        default=None,
        help="the path to report for input read from '-' (alone, it reads standard input)",
    )
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    check.add_argument(
        "--max-file-size",
        type=_positive_int,
        metavar="BYTES",
        default=LintOptions().max_file_bytes,
        help="refuse files larger than this (default: %(default)s)",
    )

    check.add_argument(
        "--max-findings",
        type=_count,
        metavar="N",
        default=LintOptions().max_findings,
        help="report at most N findings per file, then one too-many-findings "
        "warning (default: %(default)s; 0: no limit)",
    )
    check.add_argument(
        "--spec-version",
        choices=versions.known_names(),
        metavar="VERSION",
        help="validate against this spec version instead of the declared one",
    )
    _add_rule_options(check)

    rules = commands.add_parser("rules", help="list every active rule")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    _add_rule_options(rules)
    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("rule_id", metavar="RULE-ID")
    _add_rule_options(explain)

    versions_command = commands.add_parser(
        "versions", help="list the supported Naftiko spec versions"
    )
    schema = commands.add_parser("schema", help="print the bundled JSON Schema of a version")
    schema.add_argument(
        "--spec-version",
        choices=versions.known_names(),
        metavar="VERSION",
        default=versions.LATEST.name,
        help="one of %(choices)s (default: %(default)s)",
    )
    for command in (check, rules, explain, versions_command, schema):
        _add_debug(command)
    return parser


def _add_rule_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="use this configuration file instead of looking for "
        ".naftiko-lint.yaml / pyproject.toml",
    )
    where.add_argument(
        "--isolated",
        action="store_true",
        help="ignore every configuration file: the default rules (or the "
        "--ruleset files) run, and no ruleset or custom function from "
        "the checked folders is loaded",
    )
    parser.add_argument(
        "--ruleset",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="run this Spectral-format ruleset instead of the configured ones (repeatable)",
    )


def _options(args: argparse.Namespace, **extra: object) -> LintOptions:
    return LintOptions(
        config_file=args.config,
        rulesets=tuple(args.ruleset),
        discover_config=not args.isolated,
        **extra,
    )


def _use_color(choice: str, to_file: bool) -> bool:
    if choice != "auto":
        return choice == "always"
    if to_file or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def exit_code(result: LintResult, fail_on: str | None) -> int:
    if result.errors or result.internal_errors:
        return EXIT_ERROR
    fail_on = fail_on or result.fail_on or "error"
    if fail_on == "never":
        return EXIT_OK
    threshold = Severity.parse(fail_on)
    failing = any(d.severity >= threshold for d in result.diagnostics)
    return EXIT_FINDINGS if failing else EXIT_OK


def _check_paths(args: argparse.Namespace) -> list[str] | None:
    """The paths to check; None (after a message) when they contradict --stdin-filename."""
    if args.stdin_filename is None:
        return args.paths or ["."]
    if not args.paths:
        return ["-"]  # as ruff does: a stdin name alone means "read standard input"
    if "-" not in args.paths:
        print(
            f"{TOOL_NAME}: error: --stdin-filename names the input read from '-', but no "
            "'-' is among the paths; add '-' to read standard input",
            file=sys.stderr,
        )
        return None
    return args.paths


def _run_check(args: argparse.Namespace) -> int:
    paths = _check_paths(args)
    if paths is None:
        return EXIT_ERROR
    options = _options(
        args,
        max_file_bytes=args.max_file_size,
        max_findings=args.max_findings,
        spec_version=args.spec_version,
        capabilities_only=args.capabilities_only,
    )
    result = lint_paths(paths, options, stdin_name=args.stdin_filename or "-")
    formatter = FORMATTERS[args.format](
        FormatOptions(
            color=_use_color(args.color, bool(args.output)),
            quiet=args.quiet,
            statistics=args.statistics,
        )
    )
    report = formatter.format(result)
    notices = [f"{TOOL_NAME}: {error}" for error in result.errors]
    notices += [f"{TOOL_NAME}: {s.display}: skipped: {s.reason}" for s in result.skipped]
    if _debugging(args):
        notices += [text.rstrip("\n") for text in result.tracebacks]
    if notices:
        print("\n".join(notices), file=sys.stderr, flush=True)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as handle:
                handle.write(report)
        except OSError as error:
            raise OutputError(f"cannot write {args.output}: {reason(error)}") from error
    else:
        _write(report)
    return exit_code(result, args.fail_on)


def _run_versions(args: argparse.Namespace) -> int:
    lines = []
    for version in versions.KNOWN_VERSIONS:
        marker = " (latest)" if version is versions.LATEST else ""
        lines.append(f"{version.name}{marker}  {version.summary}")
    _write_lines(lines)
    return EXIT_OK


def _run_schema(args: argparse.Namespace) -> int:
    spec = versions.get(args.spec_version)
    assert spec is not None  # argparse restricts the choices
    _write(spec.schema_file.read_text(encoding="utf-8"))
    return EXIT_OK


def _plan(args: argparse.Namespace) -> RulePlan | None:
    planner = Planner(_options(args))
    try:
        return planner.plan_for(planner.config_for(None))
    except ConfigError as error:
        for problem in error.problems:
            print(f"{TOOL_NAME}: {problem}", file=sys.stderr)
        return None


def _run_rules(args: argparse.Namespace) -> int:
    plan = _plan(args)
    if plan is None:
        return EXIT_ERROR
    entries = registry.active_rules(plan)
    if args.format == "json":
        _write(json.dumps([e.as_dict() for e in entries], indent=2) + "\n")
    else:
        width = max(len(e.id) for e in entries)
        _write_lines(
            [
                f"{entry.id:<{width}}  {entry.severity_label:<7}  {entry.source:<10}  "
                f"{entry.description}"
                for entry in entries
            ]
        )
    return EXIT_OK


def _run_explain(args: argparse.Namespace) -> int:
    plan = _plan(args)
    if plan is None:
        return EXIT_ERROR
    text = registry.explain(args.rule_id, plan)
    if text is None:
        known = [e.id for e in registry.active_rules(plan, include_off=True)]
        print(
            f"{TOOL_NAME}: unknown rule {args.rule_id!r}{did_you_mean(args.rule_id, known)}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    _write(text)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handlers = {
        "check": _run_check,
        "versions": _run_versions,
        "schema": _run_schema,
        "rules": _run_rules,
        "explain": _run_explain,
    }
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130
    except (OutputError, BrokenPipeError) as error:  # a closed pipe (`| head`): quietly
        _silence_stdout()
        if isinstance(error, OutputError) and not error.closed:
            _say(str(error))
        return EXIT_ERROR
    except Exception as error:  # never a bare traceback
        if _debugging(args):
            traceback.print_exc()
        _say(
            f"internal error: {type(error).__name__}: {error} (--debug prints the "
            "traceback; naftiko-lint explain internal-error says how to report it)"
        )
        return EXIT_ERROR


def console() -> None:
    """The `naftiko-lint` command: `main`, then a hard exit. Tearing down a heap of hundreds
    of thousands of objects after a huge file costs a second that no one waits for, so the
    process ends as soon as its output is flushed (nothing of ours runs at exit).

    The cyclic garbage collector runs a thirtieth as often: linting allocates millions of
    short-lived, acyclic objects that reference counting frees, and collecting after every
    700 of them cost a third of the rule time on a large file."""
    gc.set_threshold(20_000, 20, 100)
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or EXIT_ERROR
    os._exit(code)
