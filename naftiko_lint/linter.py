"""The pipeline: load → input checks → schema → rules → severities → suppression → sort."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from naftiko_lint import catalog, schema_check, suppression
from naftiko_lint import pointer as jp
from naftiko_lint.config import Config, find_config, load_config
from naftiko_lint.diagnostics import Diagnostic, Severity
from naftiko_lint.discovery import Candidate, discover
from naftiko_lint.document import MAX_FILE_BYTES, Document, parse_document
from naftiko_lint.imports import loaded_documents, resolve_imports
from naftiko_lint.model import IMPORT_OUTCOMES_KEY, IMPORTS_KEY
from naftiko_lint.plan import RulePlan, build_plan
from naftiko_lint.ruleset.engine import FunctionFailed
from naftiko_lint.ruleset.errors import ConfigError


@dataclass(frozen=True)
class LintOptions:
    max_file_bytes: int = MAX_FILE_BYTES
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


@dataclass
class LintResult:
    files: list[FileReport] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # usage/IO/config/internal: exit code 2
    fail_on: str | None = None  # from the configuration, when it sets one

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)


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


def _builtin(doc: Document, rule_id: str, message: str, pointer: str, on_key: bool,
             suggestion: str | None = None, range_=None) -> Diagnostic:
    rule = catalog.BY_ID[rule_id]
    return Diagnostic(rule=rule.id, severity=rule.severity, message=message, path=doc.path,
                      pointer=pointer, range=range_ or doc.range_of(pointer, on_key=on_key),
                      suggestion=suggestion)


def _input_diagnostics(doc: Document) -> list[Diagnostic]:
    return [_builtin(doc, p.rule, p.message, p.pointer, False, range_=p.range)
            for p in doc.problems]


def _schema_diagnostics(doc: Document, options: LintOptions) -> list[Diagnostic]:
    version = options.spec_version or doc.spec_version
    if not doc.usable or version is None:
        return []
    return [_builtin(doc, f.rule, f.message, f.pointer, f.on_key, f.suggestion)
            for f in schema_check.check(doc.data, version, pure_json=doc.loaded_fast,
                                        prefer=options.schema_backend)]


def _rule_diagnostics(doc: Document, plan: RulePlan, file: Path | None,
                      version: str | None) -> list[Diagnostic]:
    if not doc.usable:
        return []
    formats = frozenset({"naftiko", *([version] if version else [])})
    outcomes = resolve_imports(doc.data, file)
    context = {IMPORTS_KEY: loaded_documents(outcomes), IMPORT_OUTCOMES_KEY: outcomes}
    out = []
    for finding in plan.engine.run(doc.data, file=file, formats=formats, context=context):
        pointer = jp.join(finding.path)
        if finding.span is not None:
            where = doc.substring_range(pointer, *finding.span)
        else:
            where = doc.range_of(pointer, on_key=finding.on_key)
        message = finding.message
        if finding.related is not None and "{{related-line}}" in message:
            line = doc.range_of(jp.join(finding.related), on_key=True).start.line
            message = message.replace("{{related-line}}", f"line {line}")
        out.append(Diagnostic(rule=finding.rule.id, severity=finding.severity,
                              message=message, path=doc.path, pointer=pointer, range=where))
    return out


def lint_document(doc: Document, options: LintOptions, plan: RulePlan,
                  file: Path | None = None) -> list[Diagnostic]:
    """All diagnostics for one parsed document, after severities and suppression."""
    version = options.spec_version or doc.spec_version
    found = (_input_diagnostics(doc) + _schema_diagnostics(doc, options)
             + _rule_diagnostics(doc, plan, file, version))
    adjusted = []
    for diagnostic in found:
        severity = plan.severity(diagnostic.rule, diagnostic.severity)
        if severity is not None:
            adjusted.append(replace(diagnostic, severity=severity))
    suppressions = suppression.parse(doc.text) if "naftiko-lint:" in doc.text else []
    if not suppressions:
        return adjusted
    unused_severity = plan.severity(suppression.UNUSED, catalog.BY_ID[suppression.UNUSED]
                                    .severity)
    kept, unused = suppression.apply(adjusted, suppressions, doc.path,
                                     plan.known_rule_ids(), unused_severity or Severity.INFO)
    return kept + (unused if unused_severity is not None else [])


def lint_source(display: str, raw: bytes, options: LintOptions,
                plan: RulePlan | None = None, file: Path | None = None,
                ) -> tuple[FileReport, list[Diagnostic]]:
    if plan is None:
        plan = Planner(options).plan_for(Config())
    doc = parse_document(display, raw, max_bytes=options.max_file_bytes)
    diagnostics = sorted(lint_document(doc, options, plan, file), key=Diagnostic.sort_key)
    return FileReport(display, options.spec_version or doc.spec_version), diagnostics


def _read(candidate: Candidate, read_stdin: Callable[[], bytes]) -> bytes:
    if candidate.path is None:
        return read_stdin()
    return candidate.path.read_bytes()


def lint_paths(
    paths: list[str],
    options: LintOptions,
    *,
    stdin_name: str = "-",
    read_stdin: Callable[[], bytes] = lambda: sys.stdin.buffer.read(),
) -> LintResult:
    """Check every file the paths name; bad files never stop the others."""
    result = LintResult()
    planner = Planner(options)
    candidates, path_errors = discover(paths, capabilities_only=options.capabilities_only)
    result.errors.extend(f"{e.display}: {e.message}" for e in path_errors)
    for candidate in candidates:
        display = stdin_name if candidate.path is None else candidate.display
        anchor = candidate.path if candidate.path is not None else (
            Path(stdin_name) if stdin_name != "-" else None)
        try:
            config = planner.config_for(anchor)
            if candidate.discovered and candidate.path is not None \
                    and not config.selects(candidate.path):
                continue
            plan = planner.plan_for(config)
        except ConfigError as error:
            for problem in error.problems:
                message = str(problem)
                if message not in result.errors:
                    result.errors.append(message)
            continue
        result.fail_on = result.fail_on or config.fail_on
        try:
            raw = _read(candidate, read_stdin)
        except OSError as error:
            result.errors.append(f"{display}: cannot read: {error.strerror or error}")
            continue
        try:
            report, diagnostics = lint_source(display, raw, options, plan, anchor)
        except FunctionFailed as error:
            result.errors.append(f"{display}: {error}")
            continue
        except Exception as error:  # an internal error must never become a traceback
            if os.environ.get("NAFTIKO_LINT_DEBUG"):
                traceback.print_exc()
            result.errors.append(
                f"{display}: internal error: {type(error).__name__}: {error} "
                "(set NAFTIKO_LINT_DEBUG=1 for details and please report it)"
            )
            continue
        result.files.append(report)
        result.diagnostics.extend(diagnostics)
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result
