"""Observations become diagnostics of the capability file, and the result a report shows.

Nothing here is conformance's own: an observation is made a `Finding` (its pointer joined
per RFC 6901) and located by the one locate pass (`naftiko_lint.locate`), with the severity
the file's configuration gives the rule (a `.naftiko-lint.yaml` can turn
`conformance-mcp-required-accepted` off or up, as any rule). `naftiko-lint conformance`
writes the result with the formatter registry and `cli/report.ReportWriter`, so
`--format sarif`, `junit` and the rest are the very formats of `check`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from naftiko_lint.conformance.findings import Observation, unique
from naftiko_lint.diagnostics import Diagnostic, Finding
from naftiko_lint.document.loading import parse_document
from naftiko_lint.linter import LintOptions
from naftiko_lint.locate import locate
from naftiko_lint.pointer import join
from naftiko_lint.results import FileReport, LintResult
from naftiko_lint.ruleset import builtin
from naftiko_lint.runner import Planner


@dataclass(frozen=True)
class Located:
    """The capability's diagnostics, and what the reports need besides them."""

    display: str
    diagnostics: tuple[Diagnostic, ...]
    source: str  # the file's text (code frames)
    rules: tuple[str, ...]  # the conformance rules on for the file (JUnit lists each)
    spec_version: str | None = None
    fail_on: str | None = None  # the configuration's `fail-on`


def locate_observations(
    display: str, observations: list[Observation], spec_version: str | None = None
) -> Located:
    """`observations` located in the file `display` (its configuration looked up from its
    folder, as `check` does), sorted; repeats dropped."""
    file = Path(display)
    raw = file.read_bytes()
    doc = parse_document(display, raw)
    planner = Planner(LintOptions())
    config = planner.config_for(file)
    policy = planner.plan_for(config).for_file(file)
    findings = [Finding(o.rule, o.message, pointer=join(o.pointer)) for o in unique(observations)]
    located = locate(doc if doc.parsed else None, display, findings, policy.severity)
    rules = tuple(sorted(r.id for r in builtin.CONFORMANCE_RULES if policy.enabled(r.id)))
    return Located(
        display,
        tuple(sorted(located, key=Diagnostic.sort_key)),
        raw.decode("utf-8", "replace"),
        rules,
        spec_version,
        config.fail_on,
    )


def result_of(located: Located) -> LintResult:
    result = LintResult(fail_on=located.fail_on)
    result.files.append(FileReport(located.display, located.spec_version))
    result.add(located.diagnostics)
    return result
