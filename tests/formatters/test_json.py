"""The json formatter on real LintResults: it dumps the one serialiser's dict, unchanged."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naftiko_lint.diagnostics import Diagnostic, Fix, Position, Range, Severity
from naftiko_lint.formatters.base import FormatOptions
from naftiko_lint.formatters.json import JsonFormatter, encode_diagnostic
from naftiko_lint.linter import LintOptions
from naftiko_lint.results import LintResult, ToolError, diagnostic_to_dict, report_to_dict
from naftiko_lint.runner import lint_paths

from ..conftest import FIXTURES
from .inputs import write

KEYS = ["tool", "files", "diagnostics", "summary", "errors", "not_checked", "skipped"]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _json(result: LintResult) -> str:
    return JsonFormatter(FormatOptions()).format(result)


def test_dumps_the_serialised_report_indented_with_a_final_newline() -> None:
    result = lint_paths([str(FIXTURES / "seeds")], LintOptions())
    text = _json(result)
    assert text == json.dumps(report_to_dict(result), indent=2, ensure_ascii=False) + "\n"
    report = json.loads(text)
    assert list(report) == KEYS
    assert report["summary"] == {"files": 4, "error": 116, "warning": 87, "info": 1, "hint": 0}
    assert len(report["diagnostics"]) == len(result.diagnostics)


def test_a_diagnostic_entry(folder: Path) -> None:
    report = json.loads(_json(lint_paths(write(folder, "good.yaml", "dup.yaml"), LintOptions())))
    assert report["files"] == [
        {"path": "good.yaml", "spec_version": "1.0.0-alpha2"},
        {"path": "dup.yaml", "spec_version": "1.0.0-alpha2"},
    ]
    assert report["diagnostics"] == [
        {
            "path": "dup.yaml",
            "rule": "yaml-duplicate-key",
            "severity": "error",
            "message": "Duplicate key 'label' (first defined on line 3); YAML loaders keep only "
            "the last value",
            "pointer": "/info/label",
            "range": {"start": {"line": 4, "column": 3}, "end": {"line": 4, "column": 8}},
        }
    ]


def test_suggestion_only_when_the_diagnostic_has_one(folder: Path) -> None:
    report = json.loads(_json(lint_paths(write(folder, "spaced.yaml", "dup.yaml"), LintOptions())))
    by_path = {d["path"]: d for d in report["diagnostics"]}
    assert by_path["spaced.yaml"]["suggestion"] == "order-service"
    assert by_path["spaced.yaml"]["pointer"] == "/capability/consumes/0/namespace"
    assert "suggestion" not in by_path["dup.yaml"]


def test_non_ascii_is_written_as_is(folder: Path) -> None:
    text = _json(lint_paths(write(folder, "umlaut.yaml"), LintOptions()))
    assert "Duplicate key 'größe'" in text and "\\u00f6" not in text


def test_errors_not_checked_and_skipped(folder: Path) -> None:
    (folder / "caps").mkdir()
    write(folder / "caps", "good.yaml")
    os.symlink("gone.yaml", folder / "caps" / "dangling.yaml")
    (folder / "bad").mkdir()
    write(folder / "bad", "dup.yaml")
    (folder / "bad" / ".naftiko-lint.yaml").write_text("rules:\n  nope-rule: warning\n")
    report = json.loads(_json(lint_paths(["caps", "missing.yaml", "bad/dup.yaml"], LintOptions())))
    assert report["errors"] == [
        {"path": "missing.yaml", "message": "no such file or directory"},
        {
            "path": str(folder / "bad" / ".naftiko-lint.yaml"),
            "message": "unknown rule 'nope-rule'",
            "line": 2,
            "column": 3,
        },
    ]
    assert report["not_checked"] == ["missing.yaml", "bad/dup.yaml"]
    assert [s["path"] for s in report["skipped"]] == ["caps/dangling.yaml"]
    assert report["files"] == [{"path": "caps/good.yaml", "spec_version": "1.0.0-alpha2"}]


def test_an_error_about_no_file_has_a_null_path(folder: Path) -> None:
    checked = lint_paths(write(folder, "good.yaml"), LintOptions())
    result = LintResult(files=checked.files, errors=[ToolError(None, "no file concerned")])
    assert json.loads(_json(result))["errors"] == [{"path": None, "message": "no file concerned"}]


_TEXT = st.text(st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ['"', "\\", "\n\r\t\b\f", "\x00\x1f\x7f", "\u2028\u2029", "é ü 日本", "</script>"]
)
_POSITION = st.builds(Position, st.integers(1, 10**9), st.integers(1, 10**6))


@given(
    rule=_TEXT,
    message=_TEXT,
    path=_TEXT,
    pointer=_TEXT,
    start=_POSITION,
    end=_POSITION,
    suggestion=st.none() | _TEXT,
    severity=st.sampled_from(list(Severity)),
)
def test_each_diagnostic_is_encoded_as_json_dumps_would(
    rule: str,
    message: str,
    path: str,
    pointer: str,
    start: Position,
    end: Position,
    suggestion: str | None,
    severity: Severity,
) -> None:
    """The streaming writer encodes each diagnostic on its own; in the report it must read
    exactly as `json.dumps(report, indent=2, ensure_ascii=False)` writes it."""
    fix = None if suggestion is None else Fix(suggestion)
    d = Diagnostic(rule, severity, message, path, pointer, Range(start, end), fix)
    whole = json.dumps({"diagnostics": [diagnostic_to_dict(d)]}, indent=2, ensure_ascii=False)
    assert whole == '{\n  "diagnostics": [\n' + encode_diagnostic(d) + "\n  ]\n}"


def test_a_report_without_diagnostics_keeps_its_empty_list(folder: Path) -> None:
    (folder / "ok.yaml").write_bytes((FIXTURES / "clean" / "steps.yaml").read_bytes())
    result = lint_paths(["ok.yaml"], LintOptions())
    assert result.diagnostics == []
    assert '"diagnostics": [],' in _json(result)
    assert _json(result) == json.dumps(report_to_dict(result), indent=2, ensure_ascii=False) + "\n"
