"""The json formatter on real LintResults: it dumps the one serialiser's dict, unchanged."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from naftiko_lint.formatters.base import FormatOptions
from naftiko_lint.formatters.json import JsonFormatter
from naftiko_lint.linter import LintOptions
from naftiko_lint.results import LintResult, ToolError, report_to_dict
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
    assert report["summary"] == {"files": 4, "error": 116, "warning": 86, "info": 1, "hint": 0}
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
