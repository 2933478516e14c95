"""`--fix` on generated capabilities with injected defects: fixing removes the injected
findings, adds none, and the fixed text loads to exactly the data the applied edits describe
(so nothing the fixes did not name changed); a defect whose fix restores what the generator
writes when it injects nothing gives back the clean capability's data."""

from __future__ import annotations

import random

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import corpus, templates
from naftiko_lint.fix.api import fix_text
from naftiko_lint.fix.data import apply_to_data
from naftiko_lint.linter import LintOptions

# defects whose fix writes back what the generator writes without them
RESTORING = ("with-namespace", "single-brace", "qualified-bind", "input-keys")
# defects with a fix that changes the file some other way (declares, drops)
CHANGING = ("path-undeclared", "object-output")
OPTIONS = LintOptions(discover_config=False)


class _Injected(templates.Draw):
    """A Draw that consumes the same random numbers whatever it injects, so the file with
    defects and the one without differ only where a defect landed."""

    def __init__(self, seed: int, index: int, defects: frozenset[str]) -> None:
        self.rng = random.Random(f"fix:{seed}:{index}")
        self.defective = bool(defects)
        self.defects = defects

    def defect(self, name: str) -> bool:
        landed = self.rng.random() < templates.RATES[name]
        return name in self.defects and landed


def _capability(seed: int, index: int, defects: frozenset[str]) -> dict:
    original = corpus.Draw
    corpus.Draw = lambda kind, s, i: _Injected(seed, index, defects)  # type: ignore[misc]
    try:
        return corpus.capability("defective", seed, index)
    finally:
        corpus.Draw = original  # type: ignore[misc]


def _text(doc: dict, flow: bool) -> str:
    dumped = yaml.safe_dump(
        doc, sort_keys=False, width=100, default_flow_style=None if flow else False
    )
    return "# generated for the fix property test\n" + dumped


def _diagnostics(text: str) -> list:
    from naftiko_lint import lint_text

    return lint_text(text, "capability.yaml", OPTIONS)


CASES = given(
    seed=st.integers(0, 10_000),
    index=st.integers(0, 50),
    defects=st.sets(st.sampled_from(RESTORING + CHANGING), min_size=1),
    flow=st.booleans(),
)
QUICK = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@QUICK
@CASES
def test_fixing_removes_the_injected_findings_and_changes_nothing_else(
    seed: int, index: int, defects: set[str], flow: bool
) -> None:
    _check(seed, index, defects, flow)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@CASES
def test_fixing_many_generated_capabilities(
    seed: int, index: int, defects: set[str], flow: bool
) -> None:
    _check(seed, index, defects, flow)


def _check(seed: int, index: int, defects: set[str], flow: bool) -> None:
    clean = _capability(seed, index, frozenset())
    broken = _capability(seed, index, frozenset(defects))
    assert _diagnostics(_text(clean, flow)) == []  # the generator's clean files are clean
    text = _text(broken, flow)
    before = _diagnostics(text)

    result = fix_text(text, "capability.yaml", unsafe=True, options=OPTIONS)

    assert result.refused is None
    after = _diagnostics(result.fixed)
    assert [d for d in after if d.fix is not None] == []
    assert {(d.rule, d.message) for d in after} <= {(d.rule, d.message) for d in before}
    edits = [e for d in result.applied for e in d.fix.edits_at(d.pointer)]
    assert yaml.safe_load(result.fixed) == apply_to_data(broken, edits)
    if defects <= set(RESTORING):
        assert after == []
        assert yaml.safe_load(result.fixed) == clean
    again = fix_text(result.fixed, "capability.yaml", unsafe=True, options=OPTIONS)
    assert again.fixed == result.fixed  # a second --fix changes nothing
