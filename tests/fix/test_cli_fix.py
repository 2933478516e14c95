"""`check --fix`, `--diff`, `--fix-only`, `--unsafe-fixes` through the real CLI (`main`),
with a throw-away ruleset whose functions return fixes (tests/fix/fixers.py)."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from naftiko_lint.cli import main

from .fixers import CAPABILITY, FIXED_SAFE, write_ruleset


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    write_ruleset(tmp_path / "rs")
    (tmp_path / "cap.yaml").write_text(CAPABILITY)
    return tmp_path


def _check(*args: str) -> int:
    return main(["check", "--ruleset", "rs/fixers.yaml", "--isolated", "--no-cache", *args])


def test_fix_writes_the_safe_fixes_and_reports_what_remains(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _check("--fix", "--format", "json", "cap.yaml")
    out, err = capsys.readouterr()
    assert (work / "cap.yaml").read_text() == FIXED_SAFE
    report = json.loads(out)
    rules = [d["rule"] for d in report["diagnostics"]]
    assert "label-upper" not in rules and "description-todo" in rules
    todo = next(d for d in report["diagnostics"] if d["rule"] == "description-todo")
    assert todo["fix"] == {"safe": False, "title": "add a description"}
    assert "Fixed 1 problem in 1 file (1 more with --unsafe-fixes)" in err
    assert code == 1  # the schema errors remain
    # the same report as a plain check of the fixed file
    _check("--format", "json", "cap.yaml")
    assert capsys.readouterr().out == out


def test_a_second_fix_changes_nothing(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _check("--fix", "--unsafe-fixes", "cap.yaml")
    once = (work / "cap.yaml").read_text()
    assert "description: TODO" in once
    capsys.readouterr()
    _check("--fix", "--unsafe-fixes", "cap.yaml")
    assert (work / "cap.yaml").read_text() == once
    assert "Fixed 0 problems in 0 files" in capsys.readouterr().err


def test_a_fixed_file_keeps_its_mode(work: Path) -> None:
    target = work / "cap.yaml"
    os.chmod(target, 0o640)
    _check("--fix", "-q", "cap.yaml")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text() == FIXED_SAFE
    assert [p.name for p in work.iterdir() if p.name.endswith(".tmp")] == []


def test_diff_prints_what_fix_would_write_and_writes_nothing(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _check("--diff", "cap.yaml") == 1
    out, err = capsys.readouterr()
    assert out.startswith("--- cap.yaml\n+++ cap.yaml\n@@ -1,7 +1,7 @@\n")
    assert "-  label: orders   # shown to people\n+  label: ORDERS   # shown to people\n" in out
    assert (work / "cap.yaml").read_text() == CAPABILITY
    assert "Would fix 1 problem in 1 file" in err
    (work / "cap.yaml").write_text(FIXED_SAFE)
    assert _check("--diff", "cap.yaml") == 0
    assert capsys.readouterr().out == ""


def test_fix_only_applies_and_reports_nothing(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _check("--fix-only", "--unsafe-fixes", "cap.yaml") == 0
    out, err = capsys.readouterr()
    assert out == "" and "Fixed 2 problems in 1 file" in err
    assert "description: TODO" in (work / "cap.yaml").read_text()
    assert _check("--fix-only", "missing.yaml") == 2


def test_a_syntax_error_file_is_never_rewritten(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = CAPABILITY + "  bad: [unclosed\n"
    (work / "cap.yaml").write_text(broken)
    assert _check("--fix", "--unsafe-fixes", "cap.yaml") == 1
    assert (work / "cap.yaml").read_text() == broken
    assert "yaml-syntax" in capsys.readouterr().out


def test_fix_of_standard_input_writes_the_fixed_text_to_stdout(work: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    command = [sys.executable, "-m", "naftiko_lint", "check", "--ruleset", "rs/fixers.yaml"]
    proc = subprocess.run(
        [*command, "--isolated", "--no-cache", "--fix", "--format", "text", "-"],
        input=CAPABILITY,
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
        timeout=60,
    )
    assert proc.stdout == FIXED_SAFE
    assert "[description-todo]" in proc.stderr and "Fixed 1 problem in 1 file" in proc.stderr


def test_fix_only_of_standard_input(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(CAPABILITY.encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    assert _check("--fix-only", "-q", "-") == 0
    assert out.getvalue() == FIXED_SAFE


def test_the_cache_never_answers_for_a_rewritten_file(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["check", "--ruleset", "rs/fixers.yaml", "--isolated", "--cache-dir", "cache"]
    main([*base, "--format", "text", "cap.yaml"])
    assert "[label-upper]" in capsys.readouterr().out
    main([*base, "--fix", "--format", "text", "cap.yaml"])
    assert "[label-upper]" not in capsys.readouterr().out
    main([*base, "--format", "text", "cap.yaml"])
    assert "[label-upper]" not in capsys.readouterr().out


def test_stylish_marks_what_fix_repairs(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _check("--format", "stylish", "cap.yaml")
    out = capsys.readouterr().out
    assert "  4:10  warning  label-upper [*]  Labels are written in capitals.\n" in out
    assert "       = fix: replace with 'ORDERS'\n" in out
    assert "= fix (unsafe): add a description" in out
    assert "1 fixable with `--fix` (1 more with `--unsafe-fixes`)\n" in out


def test_help_names_the_fix_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = capsys.readouterr().out
    for flag in ("--fix ", "--diff ", "--unsafe-fixes ", "--fix-only "):
        assert flag in out


def test_a_cached_rerun_keeps_the_unsafe_count(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The text report is cached as formatted chunks with their counts (five fields when
    unsafe fixes are among them): a rerun answers from the cache, says the same, and
    reports no corrupt entry."""
    base = ["check", "--ruleset", "rs/fixers.yaml", "--isolated", "--cache-dir", "cache"]
    main([*base, "--format", "stylish", "cap.yaml"])
    first = capsys.readouterr()
    main([*base, "--format", "stylish", "cap.yaml"])
    again = capsys.readouterr()
    assert again.out == first.out and "(1 more with `--unsafe-fixes`)" in again.out
    assert "corrupt" not in again.err
