"""The text formatter on real LintResults: one line per diagnostic, then the summary."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from naftiko_lint.diagnostics import Severity
from naftiko_lint.formatters.base import FormatOptions
from naftiko_lint.formatters.text import TextFormatter
from naftiko_lint.linter import LintOptions
from naftiko_lint.results import LintResult, ToolError
from naftiko_lint.runner import lint_paths

from ..conftest import FIXTURES
from .inputs import DUP_LINE, write

ESCAPE = re.compile(r"\033\[[0-9;]*m")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # paths are reported as named: relative to here
    return tmp_path


def _text(result: LintResult, **options: bool) -> str:
    return TextFormatter(FormatOptions(**options)).format(result)


def test_one_line_per_diagnostic_then_the_summary(folder: Path) -> None:
    result = lint_paths(write(folder, "good.yaml", "dup.yaml"), LintOptions())
    assert _text(result) == f"{DUP_LINE}\n1 error, 0 warnings in 2 files\n"


def test_every_line_is_path_line_column_severity_rule_message() -> None:
    result = lint_paths([str(FIXTURES / "seeds")], LintOptions())
    lines = _text(result).splitlines()
    assert len(lines) == len(result.diagnostics) + 1
    for line, d in zip(lines, result.diagnostics, strict=False):
        where = f"{d.path}:{d.range.start.line}:{d.range.start.column}"
        assert line == f"{where}: {d.severity.label} [{d.rule}] {d.message}"
    assert lines[-1] == "116 errors, 87 warnings, 1 info in 4 files"


def test_clean_files_and_the_singular(folder: Path) -> None:
    assert _text(lint_paths(write(folder, "good.yaml"), LintOptions())) == (
        "0 errors, 0 warnings in 1 file\n"
    )


def test_hint_and_info_are_counted_only_when_present(folder: Path) -> None:
    (folder / ".naftiko-lint.yaml").write_text("rules:\n  yaml-duplicate-key: hint\n")
    text = _text(lint_paths(write(folder, "dup.yaml"), LintOptions()))
    assert text.endswith("\n0 errors, 0 warnings, 1 hint in 1 file\n")
    assert " hint [yaml-duplicate-key] " in text


def test_quiet_prints_findings_only(folder: Path) -> None:
    assert _text(lint_paths(write(folder, "dup.yaml"), LintOptions()), quiet=True) == (
        f"{DUP_LINE}\n"
    )
    assert _text(lint_paths(write(folder, "good.yaml"), LintOptions()), quiet=True) == ""


def test_statistics_count_per_rule_most_severe_then_most_frequent() -> None:
    result = lint_paths([str(FIXTURES / "seeds")], LintOptions())
    table = _text(result, statistics=True, quiet=True).splitlines()  # the table alone
    counts = Counter((d.rule, d.severity) for d in result.diagnostics)
    assert len(table) == len(counts)
    parsed = [(int(n), Severity.parse(s), rule) for n, s, rule in (x.split() for x in table)]
    assert {(rule, s): n for n, s, rule in parsed} == counts
    assert parsed == sorted(parsed, key=lambda row: (-row[1], -row[0], row[2]))
    assert table[0] == f"{parsed[0][0]:6d}  error    {parsed[0][2]}"


def test_color_marks_path_severity_and_rule_only(folder: Path) -> None:
    result = lint_paths(write(folder, "dup.yaml"), LintOptions())
    colored = _text(result, color=True)
    assert colored.splitlines()[0].startswith(
        "\033[1mdup.yaml:4:3\033[0m: \033[31merror\033[0m \033[2m[yaml-duplicate-key]\033[0m "
    )
    assert ESCAPE.sub("", colored) == _text(result)
    assert "\033" not in _text(result)


def test_paths_not_checked_are_named_up_to_three(folder: Path) -> None:
    names = ["a.yaml", "b.yaml", "c.yaml", "d.yaml"]
    result = lint_paths([*write(folder, "dup.yaml"), *names], LintOptions())
    assert _text(result).splitlines()[-1] == (
        "1 error, 0 warnings in 1 file; 4 paths not checked: a.yaml, b.yaml, c.yaml and 1 more"
    )
    one = lint_paths(["a.yaml"], LintOptions())
    assert _text(one) == "0 errors, 0 warnings in 0 files; 1 path not checked: a.yaml\n"


def test_tool_errors_that_kept_nothing_from_a_check(folder: Path) -> None:
    checked = lint_paths(write(folder, "good.yaml"), LintOptions())
    result = LintResult(files=checked.files, errors=[ToolError(None, "a ruleset warning")] * 2)
    assert _text(result) == "0 errors, 0 warnings in 1 file; 2 tool errors (on standard error)\n"
