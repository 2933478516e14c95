"""Many files: discover -> configuration per folder -> one task per file -> merge.

The seam for parallel runs and a cache is `lint_file`: a function of one `FileTask`
(plain, picklable data: paths, the configuration by path, options) that returns one
`FileOutcome`. A worker process runs it with a `Planner` of its own; nothing else is
shared."""

from __future__ import annotations

import contextlib
import functools
import gc
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from naftiko_lint.config import Config, find_config, load_config
from naftiko_lint.diagnostics import Diagnostic
from naftiko_lint.discovery import discover
from naftiko_lint.document.loading import Document, parse_document, too_large_problem
from naftiko_lint.errors import ConfigError
from naftiko_lint.linter import LintOptions, lint_loaded
from naftiko_lint.plan import RulePlan, build_plan
from naftiko_lint.reading import Content, ReadError, read_file, read_stream
from naftiko_lint.results import FileContext, FileReport, LintResult, ToolError

if TYPE_CHECKING:
    from naftiko_lint.workers import Shipping


class Planner:
    """Finds the configuration for each file and builds each plan once."""

    def __init__(self, options: LintOptions) -> None:
        self.options = options
        self._plans: dict[str, RulePlan] = {}
        self._configs: dict[Path, Config] = {}
        self._found: dict[Path, Path | None] = {}  # folder -> its configuration file

    def config_at(self, source: str | None) -> Config:
        """The configuration a task names by path (None: the defaults)."""
        return Config() if source is None else self._load(Path(source))

    def config_for(self, file: Path | None) -> Config:
        if self.options.config_file is not None:
            return self._load(self.options.config_file)
        if not self.options.discover_config:
            return Config()
        start = file.parent if file is not None else Path.cwd()
        if start not in self._found:  # once per folder: the files of a folder share it
            self._found[start] = find_config(start.resolve())
        found = self._found[start]
        return self._load(found) if found is not None else Config()

    def _load(self, path: Path) -> Config:
        key = path.resolve()
        if key not in self._configs:
            self._configs[key] = load_config(path)
        return self._configs[key]

    def plan_for(self, config: Config) -> RulePlan:
        plan = self._plans.get(config.key())
        if plan is None:
            plan = build_plan(config, list(self.options.rulesets) or None, self.options.selection)
            self._plans[config.key()] = plan
        return plan


@dataclass(frozen=True)
class FileTask:
    """One file to check, as data a worker process can take."""

    display: str  # the path as reported
    path: str | None  # the file to read; None: `content` holds it (standard input)
    anchor: str | None  # where its imports are resolved from (None: nowhere)
    config: str | None  # its configuration file; None: the defaults
    options: LintOptions
    content: bytes | None = None  # standard input, read before the task is made
    truncated: bool = False  # standard input went past the size limit


@dataclass(frozen=True)
class FileOutcome:
    report: FileReport | None  # None: the file could not be checked
    diagnostics: tuple[Diagnostic, ...] = ()
    errors: tuple[ToolError, ...] = ()
    tracebacks: tuple[str, ...] = ()
    fail_on: str | None = None
    inputs: tuple[str, ...] = ()  # other files the diagnostics depend on (its imports)
    # A worker process that formats for the CLI (workers.Shipping) sends the diagnostics
    # already formatted (`chunks`: one per report, encoded for its output), counted
    # (`counts`: LintResult.counts()) and in the cache's encoding (`encoded`);
    # `diagnostics` is then ().
    chunks: tuple[bytes, ...] | None = None
    counts: tuple[tuple[str, int, int, int], ...] | None = None
    encoded: bytes | None = None


def _config_errors(error: ConfigError) -> tuple[ToolError, ...]:
    return tuple(
        ToolError(p.file, p.message, p.range.start.line, p.range.start.column)
        for p in error.problems
    )


def _internal(display: str, what: str, error: Exception) -> ToolError:
    return ToolError(display, f"internal error while {what}: {type(error).__name__}: {error}")


def _content(task: FileTask) -> Content:
    limit = task.options.max_file_bytes
    if task.path is None:
        return Content(task.content or b"", None, task.truncated)
    return read_file(Path(task.path), limit)


def lint_file(task: FileTask, planner: Planner | None = None) -> FileOutcome:
    """Check one file: its plan (from the configuration it names), its bytes, its
    diagnostics. Never raises for what the file or its configuration holds."""
    with _collector_off():
        return _lint_file(task, planner if planner is not None else Planner(task.options))


def _lint_file(task: FileTask, planner: Planner) -> FileOutcome:
    try:
        config = planner.config_at(task.config)
        plan = planner.plan_for(config)
    except ConfigError as error:
        return FileOutcome(None, errors=_config_errors(error))
    except Exception as error:  # an internal error must never become a traceback
        return FileOutcome(None, errors=(_internal(task.display, "configuring", error),))
    try:
        content = _content(task)
    except ReadError as error:
        return FileOutcome(None, errors=(ToolError(task.display, str(error)),))
    tracebacks: list[str] = []
    inputs: list[str] = []
    anchor = Path(task.anchor) if task.anchor is not None else None
    report, diagnostics = lint_loaded(
        task.display,
        _loader(task.display, content, task.options),
        task.options,
        plan,
        anchor,
        tracebacks,
        inputs,
    )
    return FileOutcome(
        report, tuple(diagnostics), (), tuple(tracebacks), config.fail_on, tuple(inputs)
    )


def run_rules(
    planned: Iterable[tuple[FileTask, FileOutcome | None]], planner: Planner
) -> tuple[tuple[str, str], ...]:
    """(id, description) of every ruleset rule the planned files' plans run, sorted by id
    (a configuration that fails to load adds none: its files are reported as errors)."""
    rules: dict[str, str] = {}
    for config in dict.fromkeys(task.config for task, outcome in planned if outcome is None):
        try:
            plan = planner.plan_for(planner.config_at(config))
        except ConfigError:
            continue
        for rule in plan.engine.ruleset.rules.values():
            rules.setdefault(rule.id, rule.description)
    return tuple(sorted(rules.items()))


def file_context(task: FileTask, planner: Planner) -> FileContext:
    """The task's path as reported and the rules checked on it (by its configuration and
    rulesets, overrides included), for the formats that list what passed."""
    try:
        plan = planner.plan_for(planner.config_at(task.config))
    except ConfigError:
        return FileContext(task.display)
    policy = plan.for_file(Path(task.anchor) if task.anchor is not None else None)
    checked = (r for r in policy.base if policy.enabled(r) and r not in _conformance_ids())
    return FileContext(task.display, tuple(sorted(checked)))


@functools.cache
def _conformance_ids() -> frozenset[str]:
    """The conformance rules: in the plan (a configuration sets their severity) but never
    checked by `check`, so no report lists them as passed."""
    from naftiko_lint.ruleset import builtin

    return frozenset(rule.id for rule in builtin.CONFORMANCE_RULES)


def source_text(task: FileTask) -> str | None:
    """The task's text as its diagnostics' ranges count it (read again, for the formats
    that show it), or None when it cannot be read or decoded as the loader did."""
    try:
        content = _content(task)
    except ReadError:
        return None
    if content.truncated:
        return None
    try:
        text = content.data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text[1:] if text.startswith("\ufeff") else text


def _loader(display: str, content: Content, options: LintOptions) -> Callable[[], Document]:
    limit = options.max_file_bytes
    if content.truncated:  # refused from its size: never parsed
        return lambda: Document(
            path=display, raw=b"", problems=[too_large_problem(content.size, limit)]
        )
    return lambda: parse_document(display, content.data, max_bytes=limit)


def _stdin_reader(size: int) -> bytes:
    return sys.stdin.buffer.read(size)


def merge(result: LintResult, task: FileTask, outcome: FileOutcome) -> None:
    """Add one file's outcome to the run's result (tool errors once each; diagnostics a
    worker has already formatted, by their counts)."""
    for error in outcome.errors:
        if error not in result.errors:
            result.errors.append(error)
    if outcome.report is None:
        result.not_checked.append(task.display)
        return
    result.fail_on = result.fail_on or outcome.fail_on
    result.files.append(outcome.report)
    if outcome.counts is not None:
        result.add_counts(outcome.counts)
    else:
        result.add(outcome.diagnostics)
    result.tracebacks.extend(outcome.tracebacks)


def plan_tasks(
    paths: list[str],
    options: LintOptions,
    result: LintResult,
    planner: Planner,
    *,
    stdin_name: str = "-",
    read_stdin: Callable[[int], bytes] = _stdin_reader,
) -> Iterable[tuple[FileTask, FileOutcome | None]]:
    """Discover the files, find each one's configuration and keep the ones it selects, in
    order: a task to run (outcome None), or one whose configuration already failed (with
    that outcome). What discovery found wrong is recorded in `result` at once."""
    found = discover(
        paths,
        capabilities_only=options.capabilities_only,
        respect_gitignore=options.respect_gitignore,
    )
    result.errors.extend(ToolError(e.display, e.message) for e in found.errors)
    result.not_checked.extend(e.display for e in found.errors)
    result.skipped.extend(found.skipped)
    for candidate in found.candidates:
        display = stdin_name if candidate.path is None else candidate.display
        anchor = (
            candidate.path
            if candidate.path is not None
            else (Path(stdin_name) if stdin_name != "-" else None)
        )
        try:
            config = planner.config_for(anchor)
        except ConfigError as error:
            yield _stub(display, options), FileOutcome(None, errors=_config_errors(error))
            continue
        except Exception as error:  # an internal error must never become a traceback
            errors = (_internal(display, "configuring", error),)
            yield _stub(display, options), FileOutcome(None, errors=errors)
            continue
        if (
            candidate.discovered
            and candidate.path is not None
            and not config.selects(candidate.path)
        ):
            continue
        content, truncated = None, False
        if candidate.path is None:
            try:
                plan_ok = planner.plan_for(config)  # a bad plan never reads the stream
            except Exception:
                plan_ok = None
            if plan_ok is not None:
                stream = read_stream(read_stdin, options.max_file_bytes)
                content = stream.data
                truncated = stream.truncated
        task = FileTask(
            display,
            None if candidate.path is None else str(candidate.path),
            None if anchor is None else str(anchor),
            config.source,
            options,
            content,
            truncated,
        )
        yield task, None


def _stub(display: str, options: LintOptions) -> FileTask:
    return FileTask(display, None, None, None, options)


# Below this many files, starting worker processes costs more than it saves.
MIN_PARALLEL_FILES = 8


@contextlib.contextmanager
def _collector_off() -> Iterator[None]:
    """The cyclic garbage collector stays off while one file is checked: checking allocates
    hundreds of thousands of short-lived, acyclic objects that reference counting frees, and
    each collection would walk them all (it cost a fifth of the time, growing with the run).
    It runs again between files, for whatever cycles a file left."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def plan_run(
    paths: list[str],
    options: LintOptions,
    result: LintResult,
    *,
    stdin_name: str = "-",
    read_stdin: Callable[[int], bytes] = _stdin_reader,
) -> tuple[Planner, list[tuple[FileTask, FileOutcome | None]]]:
    """The run's planner and its tasks (see `plan_tasks`), every plan built."""
    planner = Planner(options)
    planned = list(
        plan_tasks(paths, options, result, planner, stdin_name=stdin_name, read_stdin=read_stdin)
    )
    return planner, planned


def run_tasks(
    planned: list[tuple[FileTask, FileOutcome | None]],
    planner: Planner,
    jobs: int = 1,
    shipping: Shipping | None = None,
) -> Iterator[tuple[FileTask, FileOutcome]]:
    """Each planned task with its outcome, in the planned order, as they are found: in
    `jobs` worker processes when there are enough files to pay for them (which format
    their outcomes with `shipping`, when given)."""
    tasks = [task for task, outcome in planned if outcome is None]
    gc.collect()
    gc.freeze()  # the plans and modules built so far: no later collection walks them
    if jobs > 1 and len(tasks) >= MIN_PARALLEL_FILES:
        from naftiko_lint.workers import InWorkers

        workers = InWorkers(tasks, planner, min(jobs, len(tasks)), shipping)
        done: Iterator[FileOutcome] = iter(workers)
    else:
        done = (lint_file(task, planner) for task in tasks)
    for task, outcome in planned:
        yield task, outcome if outcome is not None else next(done)


def lint_paths(
    paths: list[str],
    options: LintOptions,
    *,
    stdin_name: str = "-",
    read_stdin: Callable[[int], bytes] = _stdin_reader,
    jobs: int = 1,
) -> LintResult:
    """Check every file the paths name; bad files never stop the others.

    Nothing but a regular file is opened, and never more than `max_file_bytes + 1` bytes of
    it are read (a larger file is refused from its size). With `jobs` > 1 and enough files,
    the files are checked in that many worker processes; the result is the same."""
    result = LintResult()
    planner, planned = plan_run(
        paths, options, result, stdin_name=stdin_name, read_stdin=read_stdin
    )
    for task, outcome in run_tasks(planned, planner, jobs):  # in discovery order
        merge(result, task, outcome)
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result
