"""Same rulesets, same files: naftiko-lint must report what @stoplight/spectral-cli reports.

Compares rule id, JSON path and severity of every finding (and the message, where the
ruleset is about messages). Spectral is found through $NAFTIKO_LINT_SPECTRAL (set by
.ci/run, which installs it from the npm registry) or on PATH; without it (no Node) the test
is skipped locally, and fails under CI.

The official Naftiko ruleset runs too, vendored with its four JavaScript functions in
differential/official/ (see its NOTICE.md): Spectral runs the JavaScript, naftiko-lint maps
the function names to its Python equivalents (functions/naftiko/official.py). The documents
in differential/official-docs/ reach every branch of those functions, open with `---`, and
hold duplicate results Spectral drops (same rule, path and message).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from naftiko_lint.diagnostics import Severity
from naftiko_lint.linter import LintOptions
from naftiko_lint.ruleset import builtin
from naftiko_lint.runner import lint_paths

from ..conftest import FIXTURES
from . import spectral

HERE = Path(__file__).resolve().parent / "data"
RULESETS = [
    "core",
    "aliases",
    "extends-recommended",
    "extends-all",
    "extends-off",
    "overrides",
    "base",
    "plain-extends",
    "nested-explicit",
    "toggles",
    "formats",
    "formats-child",
    "messages",
    "overrides-toggles",
    "filters",
    "official/naftiko-rules",
]
WITH_MESSAGES = {"messages", "official/naftiko-rules"}
DOCUMENTS = [
    HERE / "docs" / "orders.yaml",
    HERE / "docs" / "filters.yaml",
    HERE / "legacy" / "old.yaml",
    *sorted((FIXTURES / "seeds").glob("*.yaml")),
    FIXTURES / "schema" / "valid-1.0.0-alpha2.yaml",
]
OFFICIAL_DOCUMENTS = sorted((HERE / "official-docs").glob("*.yaml"))
# Spectral's own diagnostic for a document no ruleset format matches (naftiko-lint skips the
# rules alike, and says nothing)
SPECTRAL_ONLY = {"unrecognized-format"}
SPECTRAL_SEVERITY = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2, Severity.HINT: 3}


def _documents(ruleset: str) -> list[Path]:
    return [*OFFICIAL_DOCUMENTS, *DOCUMENTS] if ruleset.startswith("official/") else DOCUMENTS


def _ruleset_file(ruleset: str) -> Path:
    file = HERE / f"{ruleset}.yaml"
    return file if file.exists() else HERE / f"{ruleset}.yml"


def _spectral_findings(ruleset: str) -> Counter:
    results = spectral.lint(_documents(ruleset), _ruleset_file(ruleset), HERE)
    return Counter(
        (
            str(Path(r["source"]).resolve()),
            r["code"],
            tuple(str(p) for p in r["path"]),
            r["severity"],
            r["message"] if ruleset in WITH_MESSAGES else "",
        )
        for r in results
        if r["code"] not in SPECTRAL_ONLY
    )


def _our_findings(ruleset: str) -> Counter:
    options = LintOptions(rulesets=(_ruleset_file(ruleset),), discover_config=False)
    result = lint_paths([str(p) for p in _documents(ruleset)], options)
    assert result.errors == []
    return Counter(
        (
            str(Path(d.path).resolve()),
            d.rule,
            tuple(t.replace("~1", "/").replace("~0", "~") for t in d.pointer.split("/")[1:]),
            SPECTRAL_SEVERITY[d.severity],
            d.message if ruleset in WITH_MESSAGES else "",
        )
        for d in result.diagnostics
        if d.rule not in builtin.BY_ID
    )


@pytest.mark.slow
@pytest.mark.parametrize("ruleset", RULESETS)
def test_same_findings_as_spectral(ruleset: str) -> None:
    theirs = _spectral_findings(ruleset)
    ours = _our_findings(ruleset)
    assert theirs, "the ruleset should produce findings on the test documents"
    missing = theirs - ours
    extra = ours - theirs
    assert (sorted(missing), sorted(extra)) == ([], [])
