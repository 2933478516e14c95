"""`naftiko-lint conformance CAPABILITY`: drive the surfaces a capability declares and
report, as `conformance-*` diagnostics located in the capability file, what they do that
the capability does not say (conformance/runner.py runs the checks).

The report is check's: the same `--format` choices from the formatter registry (repeat it,
each `--output` going to the `--format` before it), written by `cli/report.ReportWriter`.
Exit 1 when a diagnostic is at least an error (`--fail-on` moves the bar), 0 otherwise, 2
when the run cannot start. A line per surface goes to standard error on a terminal."""

from __future__ import annotations

import argparse
import os
import sys

from naftiko_lint import TOOL_NAME, formatters
from naftiko_lint.cli import numbers
from naftiko_lint.cli.check import _ReportAction, plan_reports
from naftiko_lint.cli.output import OutputError, Sink, say
from naftiko_lint.cli.report import ReportWriter
from naftiko_lint.cli.serve import EXTRA, _url
from naftiko_lint.exits import EXIT_ERROR, FAIL_LEVELS, exit_code
from naftiko_lint.formatters.base import FormatOptions
from naftiko_lint.reading import reason
from naftiko_lint.results import FileContext, LintResult


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0: {text}")
    return value


def add_arguments(command: str, parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Drive the REST and MCP surfaces a capability declares — the built-in servers, or "
        "an implementation at --rest-url/--mcp-url — with mock upstreams for its consumed "
        "APIs, and report what they do that the capability does not declare."
    )
    parser.add_argument("capability", metavar="CAPABILITY", help="the capability file")
    parser.add_argument(
        "--rest-url", type=_url, metavar="URL", help="check the REST surface at URL"
    )
    parser.add_argument("--mcp-url", type=_url, metavar="URL", help="check the MCP server at URL")
    parser.add_argument(
        "--expose", metavar="NAMESPACE", help="check only the adapter with this namespace"
    )
    parser.add_argument(
        "--upstream-port",
        type=numbers.port,
        metavar="N",
        help="serve the mock upstream on port N, for an implementation to call (default: free)",
    )
    parser.add_argument(
        "--seed", type=numbers.non_negative, default=0, metavar="N", help="seed (default: 0)"
    )
    parser.add_argument(
        "--max-examples",
        type=numbers.non_negative,
        default=20,
        metavar="N",
        help="generated requests per REST operation (0: none; default: %(default)s)",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=10.0,
        metavar="SECONDS",
        help="per-request timeout (default: %(default)s)",
    )
    parser.add_argument(
        "--max-time",
        type=_seconds,
        default=120.0,
        metavar="SECONDS",
        help="run-time cap; surfaces left are not checked (default: %(default)s)",
    )
    parser.add_argument(
        "--format",
        action=_ReportAction,
        metavar="FORMAT",
        choices=formatters.names(),
        help="the report's format (default: text); repeat it for several reports",
    )
    parser.add_argument(
        "--output",
        "-o",
        action=_ReportAction,
        metavar="FILE",
        help="write the report of the --format before it to FILE instead of standard output",
    )
    parser.add_argument(
        "--fail-on",
        choices=FAIL_LEVELS,
        type=lambda text: "warning" if text == "warn" else text,  # warn: as in rulesets
        help="the lowest severity that makes the exit code 1 (default: the "
        "configuration's fail-on, else error)",
    )


def _write(located: object, wanted: list[tuple[str, str | None]], result: LintResult) -> None:
    from naftiko_lint.conformance.report import Located

    assert isinstance(located, Located)
    context = FileContext(located.display, located.rules)
    for name, output in wanted:
        options = FormatOptions(color=False, root=os.getcwd())
        writer = ReportWriter(formatters.load(name)(options), Sink(output), [located.display])
        writer.add(located.display, list(located.diagnostics), located.source, context)
        writer.finish(result)


def run(command: str, args: argparse.Namespace) -> int:
    try:
        wanted = plan_reports(getattr(args, "reports", None), sys.stdout.isatty())
    except ValueError as error:
        print(f"{TOOL_NAME}: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    try:  # what the checks and the servers they start need: the serve extra
        import httpx  # noqa: F401
        import uvicorn  # noqa: F401

        from naftiko_lint.conformance.report import locate_observations, result_of
        from naftiko_lint.conformance.runner import ConformanceError, Options, run_conformance
    except ImportError as error:
        print(f"{TOOL_NAME}: error: {error.name} is missing: {EXTRA}", file=sys.stderr)
        return EXIT_ERROR
    options = Options(
        rest_url=args.rest_url,
        mcp_url=args.mcp_url,
        expose=args.expose,
        upstream_port=args.upstream_port,
        seed=args.seed,
        max_examples=args.max_examples,
        timeout=args.timeout,
        max_time=args.max_time,
    )
    progress = say if sys.stderr.isatty() else None
    try:
        outcome = run_conformance(args.capability, options, progress)
    except ConformanceError as error:
        print(f"{TOOL_NAME}: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as error:
        print(
            f"{TOOL_NAME}: error: cannot read {args.capability}: {reason(error)}", file=sys.stderr
        )
        return EXIT_ERROR
    except ImportError as error:  # a part of the serve extra the run reached
        print(f"{TOOL_NAME}: error: {error.name} is missing: {EXTRA}", file=sys.stderr)
        return EXIT_ERROR
    for note in outcome.notes:
        say(f"note: {note}")
    located = locate_observations(args.capability, outcome.observations, outcome.spec_version)
    result = result_of(located)
    try:
        _write(located, wanted, result)
    except OutputError as error:
        if not error.closed:
            print(f"{TOOL_NAME}: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    return exit_code(result, args.fail_on)
