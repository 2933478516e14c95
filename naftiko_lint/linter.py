"""The pipeline: load → input checks → schema → rules → severities → suppression → sort."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from naftiko_lint import pointer as jp
from naftiko_lint import suppression
from naftiko_lint.capability import IMPORT_OUTCOMES_KEY, IMPORTS_KEY
from naftiko_lint.capability.imports import loaded_documents, resolve_imports
from naftiko_lint.config import Config, find_config, load_config
from naftiko_lint.containment import Containment
from naftiko_lint.diagnostics import Diagnostic, Severity
from naftiko_lint.discovery import Candidate, Skipped, discover
from naftiko_lint.document.loading import (
    MAX_FILE_BYTES,
    Document,
    parse_document,
    too_large_problem,
)
from naftiko_lint.errors import ConfigError
from naftiko_lint.plan import RulePlan, build_plan
from naftiko_lint.reading import Content, ReadError, read_file, read_stream
from naftiko_lint.ruleset import builtin as catalog
from naftiko_lint.ruleset.engine import Failures
from naftiko_lint.spec import schema as schema_check

# Findings one file may report: a flood past this (a generated or hostile file) is cut
# short with one too-many-findings warning, so time and memory stay bounded.
MAX_FINDINGS = 5_000


@dataclass(frozen=True)
class LintOptions:
    max_file_bytes: int = MAX_FILE_BYTES
    max_findings: int = MAX_FINDINGS  # per file; 0: no limit
    spec_version: str | None = None  # overrides the version a document declares
    schema_backend: str = "auto"
    config_file: Path | None = None  # --config: one configuration for every file
    rulesets: tuple[Path, ...] = ()  # --ruleset: replace the configured rulesets
    discover_config: bool = True  # look for .naftiko-lint.yaml upward from each file
    capabilities_only: bool = False  # skip named files without a top-level `naftiko` key


@dataclass(frozen=True)
class FileReport:
    path: str
    spec_version: str | None


@dataclass(frozen=True)
class ToolError:
    """A problem that kept something from being checked (a path, a read, a configuration
    or ruleset): exit code 2. `path` is None when no file is concerned."""

    path: str | None
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path or ""
        if self.path is not None and self.line is not None:
            where += f":{self.line}:{self.column}"
        return f"{where}: {self.message}" if where else self.message


@dataclass
class LintResult:
    files: list[FileReport] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[ToolError] = field(default_factory=list)  # exit code 2
    skipped: list[Skipped] = field(default_factory=list)  # notices only
    not_checked: list[str] = field(default_factory=list)  # paths an error kept from a check
    tracebacks: list[str] = field(default_factory=list)  # of internal errors (for --debug)
    fail_on: str | None = None  # from the configuration, when it sets one

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    @property
    def internal_errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.rule == catalog.INTERNAL_ERROR)


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


def _builtin(
    doc: Document,
    rule_id: str,
    message: str,
    pointer: str,
    on_key: bool,
    suggestion: str | None = None,
    range_=None,
) -> Diagnostic:
    rule = catalog.BY_ID[rule_id]
    return Diagnostic(
        rule=rule.id,
        severity=rule.severity,
        message=message,
        path=doc.path,
        pointer=pointer,
        range=range_ or doc.range_of(pointer, on_key=on_key),
        suggestion=suggestion,
    )


def _input_diagnostics(doc: Document) -> list[Diagnostic]:
    return [
        _builtin(doc, p.rule, p.message, p.pointer, False, range_=p.range) for p in doc.problems
    ]


def _schema_diagnostics(
    doc: Document, options: LintOptions, plan: RulePlan, budget: _Budget
) -> list[Diagnostic]:
    version = options.spec_version or doc.spec_version
    if not doc.usable or version is None or not budget.left():
        return []
    if all(plan.severity(r.id, r.severity) is None for r in catalog.SCHEMA_RULES):
        return []  # both schema rules are off: nothing to validate for
    found = schema_check.check(
        doc.data,
        version,
        pure_json=doc.loaded_fast,
        prefer=options.schema_backend,
        limit=budget.limit(),
    )
    return [
        _builtin(doc, f.rule, f.message, f.pointer, f.on_key, f.suggestion)
        for f in budget.take(found)
    ]


class _Budget:
    """The findings one file may still report (MAX_FINDINGS by default): a flood of
    findings is cut short instead of costing time and memory without bound."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.used = 0
        self.exceeded = False

    def left(self) -> bool:
        return not self.exceeded

    def limit(self) -> int | None:
        return self.total - self.used if self.total else None

    def take(self, found: list) -> list:
        if self.total and self.used + len(found) > self.total:
            found = found[: self.total - self.used]
            self.exceeded = True
        self.used += len(found)
        return found


def _rule_diagnostics(
    doc: Document,
    plan: RulePlan,
    file: Path | None,
    version: str | None,
    contained: Containment,
    budget: _Budget,
) -> list[Diagnostic]:
    if not doc.usable or not budget.left():
        return []
    formats = frozenset({"naftiko", *([version] if version else [])})
    outcomes = resolve_imports(doc.data, file)
    context = {IMPORTS_KEY: loaded_documents(outcomes), IMPORT_OUTCOMES_KEY: outcomes}
    failures = Failures()
    out = []
    found = plan.engine.run(
        doc.data,
        file=file,
        formats=formats,
        context=context,
        failures=failures,
        limit=budget.limit(),
    )
    for finding in budget.take(found):
        pointer = jp.join(finding.path)
        if finding.span is not None:
            where = doc.substring_range(pointer, *finding.span)
        else:
            where = doc.range_of(pointer, on_key=finding.on_key)
        message = finding.message
        if finding.related is not None and "{{related-line}}" in message:
            line = doc.range_of(jp.join(finding.related), on_key=True).start.line
            message = message.replace("{{related-line}}", f"line {line}")
        out.append(
            Diagnostic(
                rule=finding.rule.id,
                severity=finding.severity,
                message=message,
                path=doc.path,
                pointer=pointer,
                range=where,
            )
        )
    contained.functions(failures, doc.range_of)
    return out


def _suppress(doc: Document, plan: RulePlan, adjusted: list[Diagnostic]) -> list[Diagnostic]:
    suppressions = suppression.parse(doc.text) if "naftiko-lint:" in doc.text else []
    if not suppressions:
        return adjusted
    unused_severity = plan.severity(suppression.UNUSED, catalog.BY_ID[suppression.UNUSED].severity)
    kept, unused = suppression.apply(
        adjusted, suppressions, doc.path, plan.known_rule_ids(), unused_severity or Severity.INFO
    )
    return kept + (unused if unused_severity is not None else [])


def lint_document(
    doc: Document,
    options: LintOptions,
    plan: RulePlan,
    file: Path | None = None,
    contained: Containment | None = None,
) -> list[Diagnostic]:
    """All diagnostics for one parsed document, after severities and suppression.

    A stage or rule function that raises becomes one `internal-error` (never turned off,
    never suppressed); the other stages and rules still report."""
    contained = contained if contained is not None else Containment(doc.path)
    version = options.spec_version or doc.spec_version
    budget = _Budget(options.max_findings)
    found = (
        contained.stage("input checks", lambda: _input_diagnostics(doc), [])
        + contained.stage("schema", lambda: _schema_diagnostics(doc, options, plan, budget), [])
        + contained.stage(
            "rules", lambda: _rule_diagnostics(doc, plan, file, version, contained, budget), []
        )
    )
    if budget.exceeded:
        found.append(
            _builtin(
                doc,
                "too-many-findings",
                f"More than {budget.total:,} "
                f"findings: the first {budget.total:,} are reported and the "
                "rest of the file was not checked; fix these first, or raise "
                "the limit with --max-findings",
                "",
                False,
            )
        )
    adjusted = []
    for diagnostic in found:
        severity = plan.severity(diagnostic.rule, diagnostic.severity)
        if severity is not None:
            adjusted.append(
                diagnostic
                if severity == diagnostic.severity
                else replace(diagnostic, severity=severity)
            )
    kept = contained.stage("suppression", lambda: _suppress(doc, plan, adjusted), adjusted)
    return kept + contained.diagnostics


def _lint_loaded(
    display: str,
    load: Callable[[], Document],
    options: LintOptions,
    plan: RulePlan,
    file: Path | None,
    tracebacks: list[str] | None,
) -> tuple[FileReport, list[Diagnostic]]:
    contained = Containment(display)
    doc = contained.stage("load", load, None)
    if doc is None:
        report, diagnostics = FileReport(display, options.spec_version), contained.diagnostics
    else:
        diagnostics = sorted(
            lint_document(doc, options, plan, file, contained), key=Diagnostic.sort_key
        )
        report = FileReport(display, options.spec_version or doc.spec_version)
    if tracebacks is not None:
        tracebacks.extend(contained.tracebacks)
    return report, diagnostics


def lint_source(
    display: str,
    raw: bytes,
    options: LintOptions,
    plan: RulePlan | None = None,
    file: Path | None = None,
    *,
    tracebacks: list[str] | None = None,
) -> tuple[FileReport, list[Diagnostic]]:
    """One file's report and sorted diagnostics; never raises for what the file holds
    (failures become `internal-error`, their tracebacks go to `tracebacks`)."""
    if plan is None:
        plan = Planner(options).plan_for(Config())
    return _lint_loaded(
        display,
        lambda: parse_document(display, raw, max_bytes=options.max_file_bytes),
        options,
        plan,
        file,
        tracebacks,
    )


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
        report, diagnostics = _lint_loaded(
            display, _loader(display, content, options), options, plan, anchor, result.tracebacks
        )
        result.files.append(report)
        result.diagnostics.extend(diagnostics)
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result
