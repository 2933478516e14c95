"""The gitlab format: a GitLab Code Quality report, validated against a schema written from
GitLab's documentation (data/gitlab-code-quality.schema.json) and compared with the JSON
report of the same run; fingerprints are unique and survive lines moving."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from naftiko_lint.formatters.base import FormatOptions
from naftiko_lint.formatters.gitlab import GitlabFormatter
from naftiko_lint.linter import LintOptions
from naftiko_lint.results import LintResult
from naftiko_lint.runner import lint_paths

from ..conftest import REPO
from .inputs import write

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "gitlab-code-quality.schema.json").read_text()
)
SEVERITIES = {"error": "critical", "warning": "major", "info": "minor", "hint": "info"}


def check(cli: list[str], *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*cli, "check", "--no-cache", *args], capture_output=True, cwd=cwd, timeout=120
    )


def valid(text: str) -> list[dict]:
    issues = json.loads(text)
    jsonschema.Draft202012Validator(SCHEMA).validate(issues)
    return issues


def test_the_schema_refuses_what_gitlab_would() -> None:
    good = {
        "description": "d",
        "check_name": "c",
        "fingerprint": "f",
        "severity": "minor",
        "location": {"path": "a.yaml", "lines": {"begin": 1}},
    }
    jsonschema.Draft202012Validator(SCHEMA).validate([good])
    for bad in (
        {**good, "severity": "error"},
        {**good, "location": {"path": "/abs/a.yaml", "lines": {"begin": 1}}},
        {**good, "location": {"path": "a.yaml"}},
        {k: v for k, v in good.items() if k != "fingerprint"},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.Draft202012Validator(SCHEMA).validate([bad])


def test_the_report_is_the_json_reports_diagnostics(cli: list[str]) -> None:
    paths = ("fixtures/seeds", "fixtures/clean")
    one = check(cli, "--format", "gitlab", "--jobs", "1", *paths)
    two = check(cli, "--format", "gitlab", "--jobs", "2", *paths)
    report = json.loads(check(cli, "--format", "json", *paths).stdout)
    assert one.stdout == two.stdout and one.returncode == two.returncode == 1
    issues = valid(one.stdout.decode())
    assert len(issues) == len(report["diagnostics"]) == 204
    for issue, d in zip(issues, report["diagnostics"], strict=True):
        assert issue["description"] == d["message"] and issue["check_name"] == d["rule"]
        assert issue["severity"] == SEVERITIES[d["severity"]]
        assert issue["location"] == {
            "path": d["path"],
            "lines": {"begin": d["range"]["start"]["line"], "end": d["range"]["end"]["line"]},
        }
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)


def test_no_findings_is_an_empty_array(cli: list[str]) -> None:
    proc = check(cli, "--format", "gitlab", "fixtures/clean")
    assert proc.returncode == 0 and proc.stdout == b"[]\n" and valid("[]") == []


def test_an_absolute_path_is_written_relative_to_the_working_directory(
    cli: list[str], tmp_path: Path
) -> None:
    (tmp_path / "caps").mkdir()
    write(tmp_path / "caps", "dup.yaml")
    proc = check(cli, "--format", "gitlab", str(tmp_path / "caps" / "dup.yaml"), cwd=tmp_path)
    assert [i["location"]["path"] for i in valid(proc.stdout.decode())] == ["caps/dup.yaml"]


def _issues(folder: Path) -> list[dict]:
    result = lint_paths(["dup.yaml", "spaced.yaml"], LintOptions())
    return valid(GitlabFormatter(FormatOptions(root=str(folder))).format(result))


def test_fingerprints_do_not_depend_on_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "dup.yaml", "spaced.yaml")
    before = _issues(tmp_path)
    dup = tmp_path / "dup.yaml"
    dup.write_text("# one\n# two\n" + dup.read_text())
    after = _issues(tmp_path)
    assert [i["location"]["lines"]["begin"] for i in after] != [
        i["location"]["lines"]["begin"] for i in before
    ]
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    spaced = tmp_path / "spaced.yaml"
    spaced.write_text(spaced.read_text().replace("order service", "order  service"))
    changed = _issues(tmp_path)  # the same node still breaks the same rule: the same issue
    assert changed[1]["description"] != before[1]["description"]
    assert [i["fingerprint"] for i in changed] == [i["fingerprint"] for i in before]


def test_a_repeated_finding_gets_its_own_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    found = lint_paths(write(tmp_path, "dup.yaml"), LintOptions()).diagnostics
    formatter = GitlabFormatter(FormatOptions())
    once = valid(formatter.format(LintResult(diagnostics=found)))
    twice = valid(formatter.format(LintResult(diagnostics=found * 2)))
    assert len(twice) == 2 and twice[0] == once[0]
    assert twice[1]["fingerprint"] != twice[0]["fingerprint"]
