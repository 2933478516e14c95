"""One file: load -> top level (version) -> schema -> capability -> rules -> locate ->
suppress -> sort. Every stage emits findings; the one locate pass places them and the
file's severity policy (plan.FilePolicy) gives each its severity."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from naftiko_lint import suppression
from naftiko_lint.capability.stage import Capability
from naftiko_lint.capability.stage import load as load_capability
from naftiko_lint.config import Config
from naftiko_lint.containment import Containment
from naftiko_lint.diagnostics import FILE_START, Diagnostic, Finding
from naftiko_lint.document.loading import (
    MAX_FILE_BYTES,
    Document,
    parse_document,
)
from naftiko_lint.functions.naftiko.fixes_schema import attach_schema_fixes
from naftiko_lint.locate import locate
from naftiko_lint.plan import FilePolicy, RulePlan, build_plan
from naftiko_lint.results import FileReport
from naftiko_lint.ruleset import builtin
from naftiko_lint.ruleset.failures import Failures
from naftiko_lint.selection import RuleSelection
from naftiko_lint.spec import schema as schema_check
from naftiko_lint.spec import toplevel
from naftiko_lint.spec.toplevel import TopLevel

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
    selection: RuleSelection = field(default_factory=RuleSelection)  # --select, --ignore
    respect_gitignore: bool = True  # walked folders skip what .gitignore files ignore


def _schema_findings(
    doc: Document,
    version: str | None,
    options: LintOptions,
    policy: FilePolicy,
    budget: _Budget,
) -> list[Finding]:
    if not doc.usable or version is None or not budget.left():
        return []
    if not any(policy.enabled(rule.id) for rule in builtin.SCHEMA_RULES):
        return []  # both schema rules are off: nothing to validate for
    found = schema_check.check(
        doc.data,
        version,
        pure_json=doc.loaded_fast,
        prefer=options.schema_backend,
        limit=budget.limit(),
    )
    return budget.take(found)


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

    def take(self, found: list[Finding]) -> list[Finding]:
        if self.total and self.used + len(found) > self.total:
            found = found[: self.total - self.used]
            self.exceeded = True
        self.used += len(found)
        return found


def _rule_findings(
    doc: Document,
    plan: RulePlan,
    policy: FilePolicy,
    file: Path | None,
    version: str | None,
    contained: Containment,
    budget: _Budget,
    inputs: list[str],
) -> tuple[list[Finding], Capability | None]:
    if not doc.usable or not budget.left():
        return [], None
    formats = frozenset({"naftiko", *([version] if version else [])})
    capability = load_capability(doc.data, file)
    inputs.extend(capability.files_read)
    failures = Failures()
    found = plan.engine.run(
        doc.data,
        policy=policy,
        formats=formats,
        capability=capability,
        failures=failures,
        limit=budget.limit(),
    )
    contained.functions(failures)
    return budget.take(found), capability


def _suppress(
    doc: Document, plan: RulePlan, policy: FilePolicy, located: list[Diagnostic]
) -> list[Diagnostic]:
    suppressions = suppression.parse(doc.text) if "naftiko-lint:" in doc.text else []
    if not suppressions:
        return located
    kept, unused = suppression.apply(located, suppressions, plan.known_rule_ids())
    return kept + locate(doc, doc.path, unused, policy.severity)


def _too_many(total: int) -> Finding:
    return Finding(
        "too-many-findings",
        f"More than {total:,} findings: the first {total:,} are reported and the rest of "
        "the file was not checked; fix these first, or raise the limit with --max-findings",
    )


def _locate_failures(doc: Document | None, contained: Containment) -> list[Diagnostic]:
    """Internal errors are placed at the node a function was given, or at the file's start
    when even that fails: locating must not fail the report of a failure."""
    out = []
    for finding in contained.findings:
        try:
            out.extend(locate(doc, contained.path, [finding], FilePolicy({}).severity))
        except Exception:
            out.extend(
                locate(
                    None,
                    contained.path,
                    [replace(finding, range=FILE_START)],
                    FilePolicy({}).severity,
                )
            )
    return out


def lint_document(
    doc: Document,
    options: LintOptions,
    plan: RulePlan,
    file: Path | None = None,
    contained: Containment | None = None,
    top: TopLevel | None = None,
    inputs: list[str] | None = None,
) -> list[Diagnostic]:
    """All diagnostics for one parsed document, after severities and suppression.

    A stage or rule function that raises becomes one `internal-error` (never turned off,
    never suppressed); the other stages and rules still report. `inputs` receives the
    other files the diagnostics depend on (its imports), for a cache."""
    inputs = inputs if inputs is not None else []
    contained = contained if contained is not None else Containment(doc.path)
    top = top if top is not None else toplevel.check(doc)
    version = options.spec_version or top.version
    policy = contained.stage("policy", lambda: plan.for_file(file), FilePolicy(plan.base))
    budget = _Budget(options.max_findings)
    found: list[Finding] = [*doc.problems, *top.findings]
    found += contained.stage(
        "schema", lambda: _schema_findings(doc, version, options, policy, budget), []
    )
    ruled, capability = contained.stage(
        "rules",
        lambda: _rule_findings(doc, plan, policy, file, version, contained, budget, inputs),
        ([], None),
    )
    found += ruled
    # the schema stage's fixes that need the model (built here when the rules did not run:
    # a flood of schema findings used the budget up; its findings get the same fixes)
    if capability is None and doc.usable:
        capability = contained.stage("fixes", lambda: load_capability(doc.data, file), None)
    if capability is not None:
        found = contained.stage("fixes", lambda: attach_schema_fixes(found, capability), found)
    if budget.exceeded:
        found.append(_too_many(budget.total))
    located = contained.stage("locate", lambda: locate(doc, doc.path, found, policy.severity), [])
    kept = contained.stage("suppression", lambda: _suppress(doc, plan, policy, located), located)
    return kept + _locate_failures(doc, contained)


def lint_loaded(
    display: str,
    load: Callable[[], Document],
    options: LintOptions,
    plan: RulePlan,
    file: Path | None,
    tracebacks: list[str] | None,
    inputs: list[str] | None = None,
) -> tuple[FileReport, list[Diagnostic]]:
    contained = Containment(display)
    doc = contained.stage("load", load, None)
    top = None if doc is None else contained.stage("top level", lambda: toplevel.check(doc), None)
    if doc is None or top is None:
        report = FileReport(display, options.spec_version)
        diagnostics = _locate_failures(None, contained)
    else:
        diagnostics = sorted(
            lint_document(doc, options, plan, file, contained, top, inputs),
            key=Diagnostic.sort_key,
        )
        report = FileReport(display, options.spec_version or top.version)
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
