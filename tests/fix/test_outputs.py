"""How fixes show in the reports: JSON's `fix`, SARIF's `fixes` (a scalar's new text, when
certain) and rule descriptors' `properties.fix`, `rules`' fix column, `explain`'s Fix."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from naftiko_lint.cli import main
from naftiko_lint.diagnostics import Diagnostic, Edit, Fix, Position, Range, Severity
from naftiko_lint.fix.replacement import text_replacement
from naftiko_lint.fix.write import write_atomic

SARIF_SCHEMA = Path(__file__).parent.parent / "data" / "sarif" / "sarif-schema-2.1.0.json"


def _at(line: int, start: int, end: int, fix: Fix, pointer: str = "/a") -> Diagnostic:
    where = Range(Position(line, start), Position(line, end))
    return Diagnostic("r", Severity.ERROR, "m", "t.yaml", pointer, where, fix)


@pytest.mark.parametrize(
    ("line", "start", "end", "value", "expected"),
    [
        ("a: old", 4, 7, "new", "new"),
        ("a: 'old'", 4, 9, "it's", "'it''s'"),
        ('a: "old"', 4, 9, 'say "x"', '"say \\"x\\""'),
        ("a: old  # note", 4, 7, "true", '"true"'),
        ("- old", 3, 6, "{{x}}", '"{{x}}"'),
        ("a: '{{env.X}}'", 5, 14, "{{X}}", "{{X}}"),  # the inside of the quotes
        ("a: {k: old, j: 1}", 8, 11, "new", "new"),
    ],
)
def test_a_whole_scalar_set_is_a_text_replacement(
    line: str, start: int, end: int, value: str, expected: str
) -> None:
    d = _at(1, start, end, Fix(value))
    assert text_replacement(d, [line]) == (d.range, expected)


@pytest.mark.parametrize(
    ("line", "start", "end", "fix"),
    [
        ("a: Bearer {{env.X}}", 11, 20, Fix("Bearer {{X}}")),  # part of a longer scalar
        ("old: 1", 1, 4, Fix("new")),  # a key
        ("a: old", 4, 7, Fix(edits=(Edit("set", "/a", "x"), Edit("set", "/b", "y")))),
        ("a: old", 4, 7, Fix(edits=(Edit("set", "/other", "x"),))),
        ("a: old", 4, 7, Fix(edits=(Edit("set", "/a", 3),))),  # not a string
        ("a: |", 4, 5, Fix("x")),  # a block scalar
    ],
)
def test_anything_else_is_left_to_fix(line: str, start: int, end: int, fix: Fix) -> None:
    assert text_replacement(_at(1, start, end, fix), [line]) is None


def test_sarif_carries_fixes_and_fix_properties(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from .fixers import CAPABILITY, write_ruleset

    monkeypatch.chdir(tmp_path)
    write_ruleset(tmp_path / "rs")
    (tmp_path / "cap.yaml").write_text(CAPABILITY)
    base = ["check", "--ruleset", "rs/fixers.yaml", "--isolated", "--no-cache"]
    main([*base, "--format", "sarif", "cap.yaml"])
    log = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(log)
    run = log["runs"][0]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    upper = by_rule["label-upper"]
    assert upper["properties"]["fix"] == {"safe": True, "title": "write the label in capitals"}
    change = upper["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"]["uri"] == "cap.yaml"
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 4, "startColumn": 10, "endLine": 4, "endColumn": 16},
            "insertedContent": {"text": "ORDERS"},
        }
    ]
    todo = by_rule["description-todo"]
    assert "fixes" not in todo and todo["properties"]["fix"]["safe"] is False
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert rules["bind-qualified-reference"]["properties"]["fix"] == "safe"
    assert rules["with-namespace-mismatch"]["properties"]["fix"] == "mixed"
    assert "fix" not in rules["yaml-syntax"]["properties"]


def test_rules_and_explain_show_the_fix(capsys: pytest.CaptureFixture[str]) -> None:
    main(["rules", "--isolated"])
    rows = {line.split()[0]: line.split()[2] for line in capsys.readouterr().out.splitlines()}
    assert rows["bind-qualified-reference"] == "safe" and rows["yaml-syntax"] == "-"
    main(["rules", "--isolated", "--format", "json"])
    listed = {r["id"]: r["fix"] for r in json.loads(capsys.readouterr().out)}
    assert listed["with-namespace-mismatch"] == "mixed" and listed["yaml-syntax"] is None
    main(["explain", "--isolated", "bind-qualified-reference"])
    page = capsys.readouterr().out
    assert "\nFix\n    safe: applied by --fix. " in page
    assert page.index("\nFix\n") < page.index("\nOptions\n")


def test_an_atomic_write_keeps_mode_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "c.yaml"
    target.write_bytes(b"a: 1\n")
    target.chmod(0o640)
    write_atomic(target, b"a: 2\n")
    assert target.read_bytes() == b"a: 2\n" and (target.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["c.yaml"]
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    write_atomic(link, b"a: 3\n")
    assert link.is_symlink() and target.read_bytes() == b"a: 3\n"


def test_counts_carry_the_unsafe_fixes_across_processes() -> None:
    from naftiko_lint.results import LintResult

    safe = Fix("x")
    unsafe = Fix("y", safe=False)
    found = LintResult(diagnostics=[_at(1, 1, 2, safe), _at(2, 1, 2, unsafe), _at(3, 1, 2, unsafe)])
    assert (found.fixable, found.unsafe_fixable) == (3, 2)
    shipped = LintResult(keep=False)
    shipped.add_counts(found.counts())
    shipped.add_counts([("r", int(Severity.ERROR), 1, 1)])  # an older, four-field row
    assert (shipped.total, shipped.fixable, shipped.unsafe_fixable) == (4, 4, 2)
