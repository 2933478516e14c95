"""fix_text: lint as check does, apply the fixes in rounds, check again; conflicts wait for
the next round, a fix that names no place is skipped, a broken file is never rewritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from naftiko_lint.diagnostics import Diagnostic, Edit, Fix, Range, Severity
from naftiko_lint.fix.api import fix_text, fix_with
from naftiko_lint.fix.rounds import MAX_ROUNDS, Lint
from naftiko_lint.linter import LintOptions

from .fixers import CAPABILITY, FIXED_SAFE, write_ruleset


@pytest.fixture
def options(tmp_path: Path) -> LintOptions:
    return LintOptions(rulesets=(write_ruleset(tmp_path),), discover_config=False)


def _rules(found: tuple[Diagnostic, ...]) -> list[str]:
    return [d.rule for d in found]


def test_safe_fixes_only_unless_unsafe_is_asked(options: LintOptions) -> None:
    result = fix_text(CAPABILITY, "cap.yaml", options=options)
    assert result.fixed == FIXED_SAFE and result.changed and result.rounds == 1
    assert _rules(result.applied) == ["label-upper"]
    assert "label-upper" not in _rules(result.remaining)
    assert "description-todo" in _rules(result.remaining)
    result = fix_text(CAPABILITY, "cap.yaml", options=options, unsafe=True)
    assert "  description: TODO\n" in result.fixed
    assert set(_rules(result.applied)) == {"label-upper", "description-todo"}
    assert "description-todo" not in _rules(result.remaining)


def test_rules_narrow_the_fixes_applied(options: LintOptions) -> None:
    result = fix_text(CAPABILITY, "cap.yaml", options=options, unsafe=True, rules={"x"})
    assert not result.changed and result.applied == ()


def test_a_second_run_changes_nothing(options: LintOptions) -> None:
    first = fix_text(CAPABILITY, "cap.yaml", options=options, unsafe=True)
    again = fix_text(first.fixed, "cap.yaml", options=options, unsafe=True)
    assert not again.changed and again.applied == () and again.rounds == 0


def test_suppressed_and_unselected_findings_are_not_fixed(tmp_path: Path) -> None:
    ruleset = write_ruleset(tmp_path)
    text = CAPABILITY.replace(
        "  label: orders", "  # naftiko-lint: disable-next-line label-upper\n  label: orders"
    )
    options = LintOptions(rulesets=(ruleset,), discover_config=False)
    assert not fix_text(text, "cap.yaml", options=options).changed
    from naftiko_lint.selection import RuleSelection

    ignored = LintOptions(
        rulesets=(ruleset,), discover_config=False, selection=RuleSelection(ignore=("label-",))
    )
    assert not fix_text(CAPABILITY, "cap.yaml", options=ignored).changed


def test_a_file_with_syntax_errors_is_never_rewritten(options: LintOptions) -> None:
    broken = CAPABILITY + "  bad: [unclosed\n"
    result = fix_text(broken, "cap.yaml", options=options, unsafe=True)
    assert result.fixed == broken and not result.changed
    assert result.refused is not None and "yaml-syntax" in result.refused
    duplicate = CAPABILITY.replace("info:\n", "info:\n  label: x\n", 1)
    result = fix_text(duplicate, "cap.yaml", options=options)
    assert not result.changed and "yaml-duplicate-key" in (result.refused or "")


def _diagnostic(pointer: str, fix: Fix, rule: str = "r") -> Diagnostic:
    """Reported on the value (column 4 of `a: 1`), not on its key."""
    return Diagnostic(rule, Severity.ERROR, "m", "t.yaml", pointer, Range.point(1, 4), fix=fix)


def _scripted(rounds: list[list[Diagnostic]]) -> tuple[Lint, list[str]]:
    """A lint that reports the given diagnostics, one list per call (then nothing)."""
    calls: list[str] = []

    def lint(text: str) -> list[Diagnostic]:
        calls.append(text)
        return rounds[len(calls) - 1] if len(calls) <= len(rounds) else []

    return lint, calls


def test_conflicting_fixes_wait_for_the_next_round() -> None:
    outer = _diagnostic("/a", Fix(edits=(Edit("set", "/a", {"b": 9}),)))
    inner = _diagnostic("/a/b", Fix("7"))
    shift = _diagnostic("/l/0", Fix(edits=(Edit("remove", "/l/0"),)))
    insert = _diagnostic("/l", Fix(edits=(Edit("add", "/l/0", "z"),)))
    lint, calls = _scripted([[outer, inner, shift, insert], [inner, insert]])
    result = fix_with("a:\n  b: 1\nl: [x, y]\n", "t.yaml", lint)
    assert calls[1] == "a:\n  b: 9\nl: [y]\n"  # round 1: the first of each conflicting pair
    assert result.fixed == "a:\n  b: '7'\nl: [z, y]\n"
    assert result.rounds == 2 and len(result.applied) == 4


def test_appends_to_one_list_go_together() -> None:
    one = _diagnostic("/l", Fix(edits=(Edit("add", "/l/-", 1),)))
    two = _diagnostic("/l", Fix(edits=(Edit("add", "/l/-", 2),)))
    lint, _ = _scripted([[one, two]])
    result = fix_with("l:\n- 0\n", "t.yaml", lint)
    assert result.fixed == "l:\n- 0\n- 1\n- 2\n" and result.rounds == 1


def test_a_fix_that_names_no_place_is_skipped_and_said() -> None:
    bad = _diagnostic("/nowhere/x", Fix("1"), rule="bad")
    good = _diagnostic("/a", Fix("2"), rule="good")
    lint, _ = _scripted([[bad, good]])
    result = fix_with("a: 1\n", "t.yaml", lint)
    assert result.fixed == "a: '2'\n" and _rules(result.applied) == ["good"]
    assert any(note.startswith("bad at /nowhere/x: fix skipped") for note in result.notes)


def test_rounds_stop_at_the_limit_and_when_fixes_undo_each_other() -> None:
    flip = [[_diagnostic("/a", Fix(str(n)))] for n in range(20)]
    lint, _ = _scripted(flip)
    assert fix_with("a: x\n", "t.yaml", lint).rounds == MAX_ROUNDS
    back = [[_diagnostic("/a", Fix("y"))], [_diagnostic("/a", Fix("x"))]] * 5
    lint, _ = _scripted(back)
    result = fix_with("a: x\n", "t.yaml", lint)
    assert result.rounds == 2 and result.fixed == "a: x\n"


def test_a_key_suggestion_is_not_written_as_a_value(tmp_path: Path) -> None:
    text = "naftiko: 1.0.0-alpha2\ninfo:\n  label: A\n  descrption: typo\ncapability: {}\n"
    result = fix_text(text, str(tmp_path / "c.yaml"), unsafe=True)
    assert "descrption: typo" in result.fixed  # the schema stage's "did you mean" key


def test_multi_document_edits_go_to_the_checked_document() -> None:
    lint, _ = _scripted([[_diagnostic("/a", Fix("2"))]])
    result = fix_with("a: 1\n---\na: 1\n", "t.yaml", lint)
    assert result.fixed == "a: '2'\n---\na: 1\n"


def test_an_edit_inside_a_list_another_fix_shifts_waits() -> None:
    drop = _diagnostic("/l/0", Fix(edits=(Edit("remove", "/l/0"),)))
    rename = _diagnostic("/l/1/n", Fix("z"))
    lint, calls = _scripted([[drop, rename], [_diagnostic("/l/0/n", Fix("z"))]])
    result = fix_with("l:\n- n: a\n- n: b\n", "t.yaml", lint)
    assert calls[1] == "l:\n- n: b\n"  # the rename of item 1 waited: it is item 0 now
    assert result.fixed == "l:\n- n: z\n" and result.rounds == 2


def test_a_fix_held_back_for_one_that_fails_gets_its_turn() -> None:
    bad = _diagnostic("/a/x/y", Fix("1"), rule="bad")  # /a/x does not exist
    held = _diagnostic("/a", Fix(edits=(Edit("set", "/a", {"b": 2}),)), rule="held")
    lint, _ = _scripted([[bad, held]])
    result = fix_with("a:\n  b: 1\n", "t.yaml", lint)
    assert result.fixed == "a:\n  b: 2\n" and _rules(result.applied) == ["held"]
