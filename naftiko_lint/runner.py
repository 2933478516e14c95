"""Many files: discover -> configuration and plan per folder -> read -> lint each file."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from naftiko_lint.config import Config, find_config, load_config
from naftiko_lint.diagnostics import Diagnostic
from naftiko_lint.discovery import Candidate, discover
from naftiko_lint.document.loading import Document, parse_document, too_large_problem
from naftiko_lint.errors import ConfigError
from naftiko_lint.linter import LintOptions, lint_loaded
from naftiko_lint.plan import RulePlan, build_plan
from naftiko_lint.reading import Content, ReadError, read_file, read_stream
from naftiko_lint.results import LintResult, ToolError


class Planner:
    """Finds the configuration for each file and builds each plan once."""

    def __init__(self, options: LintOptions) -> None:
        self.options = options
        self._plans: dict[str, RulePlan] = {}
        self._configs: dict[Path, Config] = {}

    def config_for(self, file: Path | None) -> Config:
        if self.options.config_file is not None:
            return self._load(self.options.config_file)
        if not self.options.discover_config:
            return Config()
        start = (file.parent if file is not None else Path.cwd()).resolve()
        found = find_config(start)
        return self._load(found) if found is not None else Config()

    def _load(self, path: Path) -> Config:
        key = path.resolve()
        if key not in self._configs:
            self._configs[key] = load_config(path)
        return self._configs[key]

    def plan_for(self, config: Config) -> RulePlan:
        plan = self._plans.get(config.key())
        if plan is None:
            plan = build_plan(config, list(self.options.rulesets) or None)
            self._plans[config.key()] = plan
        return plan


def _read(candidate: Candidate, read_stdin: Callable[[int], bytes], limit: int) -> Content:
    if candidate.path is None:
        return read_stream(read_stdin, limit)
    return read_file(candidate.path, limit)


def _loader(display: str, content: Content, options: LintOptions) -> Callable[[], Document]:
    limit = options.max_file_bytes
    if content.truncated:  # refused from its size: never parsed
        return lambda: Document(
            path=display, raw=b"", problems=[too_large_problem(content.size, limit)]
        )
    return lambda: parse_document(display, content.data, max_bytes=limit)


def _stdin_reader(size: int) -> bytes:
    return sys.stdin.buffer.read(size)


def lint_paths(
    paths: list[str],
    options: LintOptions,
    *,
    stdin_name: str = "-",
    read_stdin: Callable[[int], bytes] = _stdin_reader,
) -> LintResult:
    """Check every file the paths name; bad files never stop the others.

    Nothing but a regular file is opened, and never more than `max_file_bytes + 1` bytes of
    it are read (a larger file is refused from its size)."""
    result = LintResult()
    planner = Planner(options)
    found = discover(paths, capabilities_only=options.capabilities_only)
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
            if (
                candidate.discovered
                and candidate.path is not None
                and not config.selects(candidate.path)
            ):
                continue
            plan = planner.plan_for(config)
        except ConfigError as error:
            for problem in error.problems:
                tool_error = ToolError(
                    problem.file,
                    problem.message,
                    problem.range.start.line,
                    problem.range.start.column,
                )
                if tool_error not in result.errors:
                    result.errors.append(tool_error)
            result.not_checked.append(display)
            continue
        except Exception as error:  # an internal error must never become a traceback
            result.errors.append(
                ToolError(
                    display, f"internal error while configuring: {type(error).__name__}: {error}"
                )
            )
            result.not_checked.append(display)
            continue
        result.fail_on = result.fail_on or config.fail_on
        try:
            content = _read(candidate, read_stdin, options.max_file_bytes)
        except ReadError as error:
            result.errors.append(ToolError(display, str(error)))
            result.not_checked.append(display)
            continue
        report, diagnostics = lint_loaded(
            display, _loader(display, content, options), options, plan, anchor, result.tracebacks
        )
        result.files.append(report)
        result.diagnostics.extend(diagnostics)
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result
