"""The pipeline: load → input checks → schema → rules → severities → suppression → sort."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from naftiko_lint import pointer as jp
from naftiko_lint import suppression
from naftiko_lint.capability import IMPORT_OUTCOMES_KEY, IMPORTS_KEY
from naftiko_lint.capability.stage import load as load_capability
from naftiko_lint.config import Config
from naftiko_lint.containment import Containment
from naftiko_lint.diagnostics import Diagnostic, Severity
from naftiko_lint.document.loading import (
    MAX_FILE_BYTES,
    Document,
    parse_document,
)
from naftiko_lint.plan import RulePlan, build_plan
from naftiko_lint.results import FileReport
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
    capability = load_capability(doc.data, file)
    context = {IMPORTS_KEY: capability.imported, IMPORT_OUTCOMES_KEY: capability.imports}
    failures = Failures()
    out = []
    found = plan.engine.run(
        doc.data,
        file=file,
        formats=formats,
        context=context,
        capability=capability,
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


def lint_loaded(
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
        plan = build_plan(Config(), list(options.rulesets) or None)
    return lint_loaded(
        display,
        lambda: parse_document(display, raw, max_bytes=options.max_file_bytes),
        options,
        plan,
        file,
        tracebacks,
    )
