"""`naftiko-lint check`: lint the named files and folders, format the result, choose the
exit code. The only command that imports the whole pipeline."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator

from naftiko_lint import TOOL_NAME, formatters
from naftiko_lint.baseline import BaselineError
from naftiko_lint.cli import EXIT_ERROR, EXIT_OK, baselining, debugging, files, fixing, numbers
from naftiko_lint.cli.options import (
    add_file_options,
    add_rule_options,
    add_selection_options,
    lint_options,
)
from naftiko_lint.cli.progress import Progress
from naftiko_lint.cli.report import ReportWriter
from naftiko_lint.exits import FAIL_LEVELS, exit_code
from naftiko_lint.formatters.base import FormatOptions
from naftiko_lint.linter import LintOptions
from naftiko_lint.results import LintResult
from naftiko_lint.runner import (
    FileOutcome,
    FileTask,
    file_context,
    merge,
    plan_run,
    run_rules,
    run_tasks,
    source_text,
)
from naftiko_lint.spec import versions
from naftiko_lint.workers import Report, Shipping

Outcome = tuple[FileTask, FileOutcome]


def add_arguments(command: str, check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        default=[],
        help="files or folders (default: ., or - with --stdin-filename); '-' reads standard input",
    )
    check.add_argument(
        "--format",
        action=_ReportAction,
        dest="reports",
        choices=formatters.names(),
        help="the report's format (default: text; repeat it for several reports of one run, "
        "each --output going to the --format before it)",
    )
    check.add_argument(
        "--output",
        "-o",
        action=_ReportAction,
        dest="reports",
        metavar="FILE",
        help="write the report of the --format before it (or of the only one) to FILE "
        "instead of standard output",
    )
    check.add_argument(
        "--fail-on",
        choices=FAIL_LEVELS,
        type=lambda text: "warning" if text == "warn" else text,  # warn: as in rulesets
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
    check.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the report: auto (default) on a terminal unless NO_COLOR is set",
    )
    check.add_argument(
        "--max-file-size",
        type=numbers.positive,
        metavar="BYTES",
        default=LintOptions().max_file_bytes,
        help="refuse files larger than this (default: %(default)s)",
    )
    check.add_argument(
        "--max-findings",
        type=numbers.non_negative,
        metavar="N",
        default=LintOptions().max_findings,
        help="report at most N findings per file, then one too-many-findings "
        "warning (default: %(default)s; 0: no limit)",
    )
    check.add_argument(
        "--jobs",
        "-j",
        type=numbers.non_negative,
        metavar="N",
        default=0,
        help="check files in N worker processes (default: 0, one per CPU, when there are "
        "enough files to pay for them); the output is the same",
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the result cache",
    )
    check.add_argument(
        "--cache-dir",
        metavar="DIR",
        default=None,
        help="the result cache's folder (default: $NAFTIKO_LINT_CACHE_DIR, else "
        ".naftiko-lint-cache in the current folder)",
    )
    check.add_argument(
        "--spec-version",
        choices=versions.known_names(),
        metavar="VERSION",
        help="validate against this spec version instead of the declared one",
    )
    fixing.add_arguments(check)
    baselining.add_arguments(check)
    add_rule_options(check)
    add_selection_options(check)
    add_file_options(check)


class _ReportAction(argparse.Action):
    """--format and --output, in the order given: [[format, output], ...] in `reports`."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        given = list(getattr(namespace, "reports", None) or [])
        given.append(("format" if option_string == "--format" else "output", str(values)))
        namespace.reports = given


def plan_reports(
    given: list[tuple[str, str]] | None, terminal: bool
) -> list[tuple[str, str | None]]:
    """(format, output file or None for standard output) for each report of the run, from
    the --format and --output options in their order: each --output goes to the last
    --format before it, or, when none is before it, to the first; no --format is the
    default format (stylish on a terminal where it exists, else text). ValueError, worded
    for the user, when an output is named twice or two reports would share one."""
    formats = [value for kind, value in given or () if kind == "format"]
    default = "stylish" if terminal and "stylish" in formatters.FORMATTERS else "text"
    reports: list[list[str | None]] = [[name, None] for name in formats] or [[default, None]]
    started = 0
    for kind, value in given or ():
        if kind == "format":
            started += 1
            continue
        report = reports[max(started, 1) - 1]
        if report[1] is not None:
            raise ValueError(
                f"--output {value}: the {report[0]} report already goes to {report[1]}; "
                "give a --format before each --output"
            )
        report[1] = value
    outputs = [output for _, output in reports]
    if outputs.count(None) > 1:
        raise ValueError(
            "only one report can go to standard output: give each --format but one an --output"
        )
    named = [output for output in outputs if output is not None]
    if len(set(named)) < len(named):
        raise ValueError("two reports name the same --output file")
    return [(str(name), output) for name, output in reports]


def _use_color(choice: str, to_file: bool) -> bool:
    if choice != "auto":
        return choice == "always"
    if to_file or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


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


def cpu_count() -> int:
    """The CPUs this process may run on (a container's or taskset's limit included)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def run(command: str, args: argparse.Namespace) -> int:
    paths = _check_paths(args)
    if paths is None:
        return EXIT_ERROR
    options = lint_options(
        args,
        max_file_bytes=args.max_file_size,
        max_findings=args.max_findings,
        spec_version=args.spec_version,
        capabilities_only=args.capabilities_only,
    )
    unknown = files.selection_errors(options)
    if unknown:
        print("\n".join(unknown), file=sys.stderr)
        return EXIT_ERROR
    try:
        wanted = plan_reports(getattr(args, "reports", None), sys.stdout.isatty())
    except ValueError as error:
        print(f"{TOOL_NAME}: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    try:
        baseline = baselining.Baselining(args)
    except BaselineError as error:
        print(f"{TOOL_NAME}: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    # The reports are written as the files are checked; each file's diagnostics are then
    # dropped (the result only counts them), so memory does not grow with the run.
    result = LintResult(keep=False)
    planner, planned = plan_run(paths, options, result, stdin_name=args.stdin_filename or "-")
    if args.force_exclude:
        planned = files.force_exclude(planned, planner)
    displays = [task.display for task, outcome in planned if outcome is None]
    if args.show_files:
        return files.show_files(displays, [str(error) for error in result.errors])
    hook = args.force_exclude or args.capabilities_only  # skipping every file is normal
    nothing = not planned and not result.errors and not hook
    fix_run = None
    if fixing.wanted(args):  # fixed first; then the report is of the files as they now are
        fix_run = fixing.FixRun(unsafe=args.unsafe_fixes, write=not args.diff)
        planned = fix_run.apply(planned, planner, args.jobs or cpu_count())
        if args.diff or args.fix_only:
            notices = [f"{TOOL_NAME}: {error}" for error in result.errors]
            if nothing:
                notices.append(files.NOTHING_CHECKED)
            return fixing.finish_alone(fix_run, args, notices, bool(result.errors) or nothing)
        fix_run.print_stdin()
    writers = []
    for name, output in wanted:
        format_options = FormatOptions(
            color=_use_color(args.color, output is not None),
            quiet=args.quiet,
            statistics=args.statistics,
            root=os.getcwd(),
            fail_on=args.fail_on,
            rules=run_rules(planned, planner) if formatters.describes_rules(name) else (),
        )
        sink = fixing.sink_for(output, fix_run)
        writers.append(ReportWriter(formatters.load(name)(format_options), sink, displays))
    jobs = args.jobs or cpu_count()
    # worker processes format their files' chunks themselves: the parent only writes them
    shipping = None  # (a baseline filters the diagnostics here first)
    if all(writer.takes_encoded for writer in writers) and not baseline.active:
        shipping = Shipping(
            tuple(Report(w.formatter, w.sink.encoding, w.sink.errors) for w in writers)
        )
    show_source = any(writer.formatter.needs_source for writer in writers)
    list_files = any(writer.formatter.needs_file for writer in writers)

    def run_some(items: list[tuple[FileTask, FileOutcome | None]]) -> Iterator[Outcome]:
        return run_tasks(items, planner, jobs, shipping)

    notes: list[str] = []
    cache = None
    if not args.no_cache:
        from naftiko_lint.cache import ResultCache, default_directory
        from naftiko_lint.cache.run import cached_run

        cache = ResultCache.open(default_directory(args.cache_dir), notes)
    stream = (
        run_some(planned)
        if cache is None
        else cached_run(planned, planner, cache, run_some, shipping)
    )
    progress = Progress(len(displays), report_on_stdout=any(output is None for _, output in wanted))
    for task, found in stream:
        outcome = baseline.apply(task, found) if baseline.active else found
        merge(result, task, outcome)
        if outcome.diagnostics or any(outcome.chunks or ()):
            progress.before_output()
        if outcome.chunks is not None:
            for writer, chunk in zip(writers, outcome.chunks, strict=True):
                writer.add_encoded(task.display, chunk)
        elif outcome.report is not None:
            source = source_text(task) if show_source and outcome.diagnostics else None
            file = file_context(task, planner) if list_files else None
            for writer in writers:
                writer.add(task.display, outcome.diagnostics, source, file)
        progress.advance()
    progress.finish()
    if cache is not None:
        cache.save()
    if baseline.active:
        try:
            notes += baseline.finish()
        except OSError as error:
            print(f"{TOOL_NAME}: error: --write-baseline: {error}", file=sys.stderr)
            return EXIT_ERROR
    notices = [f"{TOOL_NAME}: {note}" for note in notes]
    notices += [f"{TOOL_NAME}: {error}" for error in result.errors]
    notices += [f"{TOOL_NAME}: {s.display}: skipped: {s.reason}" for s in result.skipped]
    if debugging(args):
        notices += [text.rstrip("\n") for text in result.tracebacks]
    if notices:
        print("\n".join(notices), file=sys.stderr, flush=True)
    if fix_run is not None:
        fix_run.tell(args.quiet)
    for writer in writers:
        writer.finish(result)
    if nothing:
        print(files.NOTHING_CHECKED, file=sys.stderr, flush=True)
        return EXIT_ERROR
    if fix_run is not None and fix_run.errors:
        return EXIT_ERROR  # a fixed file could not be written
    if args.write_baseline is not None and not (result.errors or result.internal_errors):
        return EXIT_OK  # today's findings are now the accepted ones
    return exit_code(result, args.fail_on)
