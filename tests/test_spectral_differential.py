"""Same rulesets, same files: naftiko-lint must report what @stoplight/spectral-cli reports.

Compares rule id, JSON path and severity of every finding. Spectral is found through
$NAFTIKO_LINT_SPECTRAL (set by .ci/run, which installs it from the npm registry) or on
PATH; without it (no Node) the test is skipped locally, and fails under CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from naftiko_lint import catalog
from naftiko_lint.diagnostics import Severity
from naftiko_lint.linter import LintOptions, lint_paths

from .conftest import FIXTURES

HERE = Path(__file__).resolve().parent / "differential"
RULESETS = ["core", "aliases", "extends-recommended", "extends-all", "extends-off",
            "overrides"]
DOCUMENTS = [HERE / "docs" / "orders.yaml", HERE / "legacy" / "old.yaml",
             *sorted((FIXTURES / "seeds").glob("*.yaml")),
             FIXTURES / "schema" / "valid-1.0.0-alpha2.yaml"]
SPECTRAL_SEVERITY = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2,
                     Severity.HINT: 3}


def _spectral() -> str:
    found = os.environ.get("NAFTIKO_LINT_SPECTRAL") or shutil.which("spectral")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("CI must provide @stoplight/spectral-cli (see .ci/run)")
    reason = "node is not installed" if shutil.which("node") is None else \
        "@stoplight/spectral-cli is not installed (npm install @stoplight/spectral-cli)"
    pytest.skip(reason)


def _spectral_findings(ruleset: str) -> Counter:
    proc = subprocess.run(
        [_spectral(), "lint", *map(str, DOCUMENTS), "-r", f"{ruleset}.yaml", "-f", "json",
         "--quiet"],
        cwd=HERE, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stderr
    results = json.loads(proc.stdout or "[]")
    return Counter(
        (str(Path(r["source"]).resolve()), r["code"], tuple(str(p) for p in r["path"]),
         r["severity"])
        for r in results
    )


def _our_findings(ruleset: str) -> Counter:
    options = LintOptions(rulesets=(HERE / f"{ruleset}.yaml",), discover_config=False)
    result = lint_paths([str(p) for p in DOCUMENTS], options)
    assert result.errors == []
    return Counter(
        (str(Path(d.path).resolve()), d.rule,
         tuple(t.replace("~1", "/").replace("~0", "~") for t in d.pointer.split("/")[1:]),
         SPECTRAL_SEVERITY[d.severity])
        for d in result.diagnostics if d.rule not in catalog.BY_ID
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
