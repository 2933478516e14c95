"""The baseline's fingerprint: the text a range covers, white space folded; nothing about
where the node is."""

from __future__ import annotations

from naftiko_lint.baseline import covered_text, fingerprint, split_lines
from naftiko_lint.diagnostics import Diagnostic, Position, Range, Severity

LINES = split_lines("a: 1\nkey:  'é value'\r\nlist:\n  - x\n  - y\n")


def at(line: int, column: int, end_line: int, end_column: int) -> Range:
    return Range(Position(line, column), Position(end_line, end_column))


def test_the_covered_text_counts_code_points_and_spans_lines() -> None:
    assert covered_text(LINES, at(2, 7, 2, 16)) == "'é value'"
    assert covered_text(LINES, at(3, 1, 5, 6)) == "list:\n  - x\n  - y"
    assert covered_text(LINES, at(9, 1, 9, 4)) == ""  # past the end
    assert covered_text(LINES, at(5, 3, 12, 1)) == "- y\n"  # an end past the text


def test_a_fingerprint_ignores_the_position_and_the_indentation() -> None:
    def diagnostic(where: Range, rule: str = "r") -> Diagnostic:
        return Diagnostic(rule, Severity.ERROR, "m", "a.yaml", "/x", where)

    moved = split_lines("\n\n  list:\n      - x\n      - y\n")
    same = fingerprint(diagnostic(at(3, 1, 5, 6)), LINES)
    assert same == fingerprint(diagnostic(at(3, 3, 5, 10)), moved)
    assert same != fingerprint(diagnostic(at(3, 1, 5, 6), "other-rule"), LINES)
    assert same != fingerprint(diagnostic(at(2, 7, 2, 16)), LINES)
    # without the text, the rule alone: still stable
    assert fingerprint(diagnostic(at(1, 1, 1, 2)), None) == fingerprint(
        diagnostic(at(7, 1, 8, 2)), None
    )
