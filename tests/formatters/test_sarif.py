"""`--format sarif` on real files, through the real CLI: valid against the official SARIF
2.1.0 schema (vendored in tests/data/sarif), consistent with the JSON report, GitHub code
scanning's upload constraints, and Microsoft's SARIF Multitool when
NAFTIKO_LINT_SARIF_MULTITOOL names its executable."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import jsonschema
import pytest

from naftiko_lint import REPOSITORY_URL, __version__
from naftiko_lint.formatters.sarif_rules import shipped_rules

from ..conftest import FIXTURES, REPO

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text()
)
VALIDATOR = jsonschema.Draft4Validator(SCHEMA)
MULTITOOL = os.environ.get("NAFTIKO_LINT_SARIF_MULTITOOL")
LEVEL = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}


def _check(cli: list[str], *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*cli, "check", "--no-cache", *args], cwd=cwd, capture_output=True, text=True
    )


def _sarif(cli: list[str], *args: str, cwd: Path = REPO) -> tuple[dict[str, Any], int]:
    proc = _check(cli, "--format", "sarif", *args, cwd=cwd)
    log = json.loads(proc.stdout)
    errors = sorted(VALIDATOR.iter_errors(log), key=str)
    assert not errors, errors[0]
    return log, proc.returncode


def _assert_github_constraints(log: dict[str, Any], text: bytes) -> None:
    """What GitHub documents for an upload: at most 20 runs, 25,000 results and rules per
    run, 10 MB gzipped, a ruleId and a location on every result, 20 tags per rule."""
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) <= 25_000 and len(rules) <= 25_000
    assert len(gzip.compress(text)) <= 10 * 1024 * 1024
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids))
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and len(rule["properties"]["tags"]) <= 20
    for result in run["results"]:
        assert result["ruleId"] in ids
        if "ruleIndex" in result:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        physical = result["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert uri and not uri.startswith(("/", "#")) and "#" not in uri
        assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1


@pytest.fixture(scope="module")
def fixture_logs(cli: list[str]) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every fixture folder (seeds, clean, input, schema, hostile, ...) in one run of each
    kind: SARIF in one process and in two worker processes, and the JSON report."""
    return {
        "sarif": _check(cli, "--format", "sarif", "--jobs", "1", "fixtures"),
        "sarif-2": _check(cli, "--format", "sarif", "--jobs", "2", "fixtures"),
        "json": _check(cli, "--format", "json", "--jobs", "1", "fixtures"),
    }


def test_every_fixture_gives_a_valid_log_within_githubs_limits(
    fixture_logs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    proc = fixture_logs["sarif"]
    log = json.loads(proc.stdout)
    assert not list(VALIDATOR.iter_errors(log))
    _assert_github_constraints(log, proc.stdout.encode())
    folders = {
        unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]).split("/")[1]
        for r in log["runs"][0]["results"]
    }
    assert folders >= {"seeds", "input", "schema", "hostile", "suppression"}  # clean: none


def test_the_log_holds_what_the_json_report_holds(
    fixture_logs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    proc = fixture_logs["sarif"]
    run = json.loads(proc.stdout)["runs"][0]
    report = json.loads(fixture_logs["json"].stdout)
    found = [
        (
            unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]),
            r["ruleId"],
            r["level"],
            r["message"]["text"],
            r["properties"]["pointer"],
            r["properties"].get("suggestion"),
            r["locations"][0]["physicalLocation"]["region"],
        )
        for r in run["results"]
    ]
    expected = [
        (
            d["path"],
            d["rule"],
            LEVEL[d["severity"]],
            d["message"],
            d["pointer"],
            d.get("suggestion"),
            {
                "startLine": d["range"]["start"]["line"],
                "startColumn": d["range"]["start"]["column"],
                "endLine": d["range"]["end"]["line"],
                "endColumn": d["range"]["end"]["column"],
            },
        )
        for d in report["diagnostics"]
    ]
    assert len(found) > 300 and found == expected
    invocation = run["invocations"][0]
    assert invocation["exitCode"] == proc.returncode == fixture_logs["json"].returncode
    assert invocation["executionSuccessful"] == (proc.returncode != 2)
    notes = invocation["toolExecutionNotifications"]
    assert len(notes) == len(report["errors"]) + len(report["skipped"])


def test_two_jobs_write_the_same_log_as_one(
    fixture_logs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    one, two = fixture_logs["sarif"], fixture_logs["sarif-2"]
    assert two.stdout == one.stdout and two.returncode == one.returncode


def test_only_the_fixable_rules_carry_suggestions(
    fixture_logs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    log = json.loads(fixture_logs["sarif"].stdout)["runs"][0]
    fixable = {
        rule["id"] for rule in log["tool"]["driver"]["rules"] if rule["properties"]["fixable"]
    }
    results = log["results"]
    suggested = {r["ruleId"] for r in results if "fix" in r["properties"]}
    assert suggested and suggested <= fixable


def test_the_driver_lists_every_shipped_rule_with_its_published_page(
    fixture_logs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    log = json.loads(fixture_logs["sarif"].stdout)
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("naftiko-lint", __version__)
    assert driver["informationUri"] == REPOSITORY_URL
    shipped = shipped_rules()
    assert [rule["id"] for rule in driver["rules"]] == [e.id for e in shipped]
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    schema = by_id["schema"]
    assert schema["helpUri"] == f"{REPOSITORY_URL}/blob/main/docs/rules/schema.md"
    assert all(
        (REPO / urlsplit(rule["helpUri"]).path.split("/blob/main/", 1)[1]).is_file()
        for rule in driver["rules"]
    )
    assert schema["defaultConfiguration"]["level"] == "error"
    assert schema["properties"]["fixable"] is True
    assert by_id["yaml-syntax"]["properties"]["fixable"] is False
    assert by_id["bind-unused"]["defaultConfiguration"]["level"] == "note"  # info
    assert schema["help"]["markdown"].startswith("# schema\n")
    assert "## What it does" in schema["help"]["markdown"]
    # the one info finding of the seeds is a note, its severity kept in properties
    notes = [
        r
        for r in log["runs"][0]["results"]
        if r["level"] == "note"
        and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith(
            "fixtures/seeds/"
        )
    ]
    assert [(r["ruleId"], r["properties"]["severity"]) for r in notes] == [
        ("mcp-idempotent-mismatch", "info")
    ]
    assert log["runs"][0]["columnKind"] == "unicodeCodePoints"


@pytest.mark.slow
def test_the_rule_cases_give_a_valid_log(cli: list[str], tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "materialize_cases", REPO / "scripts" / "materialize_cases.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "cases").mkdir()
    assert len(module.materialize(tmp_path / "cases")) > 50
    proc = _check(cli, "--format", "sarif", "cases", cwd=tmp_path)
    log = json.loads(proc.stdout)
    assert not list(VALIDATOR.iter_errors(log))
    _assert_github_constraints(log, proc.stdout.encode())
    assert len({r["ruleId"] for r in log["runs"][0]["results"]}) >= 40


def test_uris_are_relative_to_srcroot_and_percent_encoded(cli: list[str], tmp_path: Path) -> None:
    folder = tmp_path / "dir with space"
    folder.mkdir()
    name = "café #1%.yaml"
    shutil.copy(FIXTURES / "seeds" / "001_3b724ad6c0282b03.yaml", folder / name)
    log, code = _sarif(cli, ".", cwd=tmp_path)
    assert code == 1
    run = log["runs"][0]
    root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root == tmp_path.resolve().as_uri() + "/"
    artifacts = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert artifacts == {"dir%20with%20space/caf%C3%A9%20%231%25.yaml"}
    (uri,) = artifacts
    resolved = urlsplit(urljoin(root, uri))
    assert Path(unquote(resolved.path)) == (folder / name).resolve()
    assert all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        for r in run["results"]
    )


def test_a_file_outside_the_working_directory_gets_an_absolute_file_uri(
    cli: list[str], tmp_path: Path
) -> None:
    (tmp_path / "work").mkdir()
    shutil.copy(FIXTURES / "seeds" / "001_3b724ad6c0282b03.yaml", tmp_path / "outside.yaml")
    log, _ = _sarif(cli, "../outside.yaml", cwd=tmp_path / "work")
    artifacts = [
        r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]
    ]
    assert artifacts and all(
        a == {"uri": (tmp_path / "outside.yaml").resolve().as_uri()} for a in artifacts
    )


def test_a_replayed_cache_writes_the_same_log(cli: list[str], tmp_path: Path) -> None:
    args = ["--format", "sarif", "--cache-dir", str(tmp_path / "cache"), "fixtures/seeds"]
    run = [*cli, "check", *args]
    first = subprocess.run(run, cwd=REPO, capture_output=True, text=True)
    second = subprocess.run(run, cwd=REPO, capture_output=True, text=True)
    assert json.loads(first.stdout)["runs"][0]["results"]
    assert second.stdout == first.stdout and second.returncode == first.returncode == 1


def test_an_unreadable_file_is_a_tool_execution_notification(
    cli: list[str], tmp_path: Path
) -> None:
    shutil.copy(FIXTURES / "seeds" / "001_3b724ad6c0282b03.yaml", tmp_path / "good.yaml")
    (tmp_path / "eio.yaml").symlink_to("/proc/self/mem")  # a regular file whose read fails
    log, code = _sarif(cli, ".", cwd=tmp_path)
    assert code == 2
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["exitCode"] == 2 and invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "cannot read" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "eio.yaml",
        "uriBaseId": "%SRCROOT%",
    }
    assert log["runs"][0]["results"]  # the readable file is still reported


def test_a_configuration_error_is_a_notification_with_its_position(
    cli: list[str], tmp_path: Path
) -> None:
    shutil.copy(FIXTURES / "seeds" / "001_3b724ad6c0282b03.yaml", tmp_path / "a.yaml")
    (tmp_path / ".naftiko-lint.yaml").write_text("rules:\n  no-such-rule: off\n")
    log, code = _sarif(cli, "a.yaml", cwd=tmp_path)
    assert code == 2
    (note,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert "no-such-rule" in note["message"]["text"]
    physical = note["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == ".naftiko-lint.yaml"
    assert physical["region"]["startLine"] == 2


RULESET = """\
extends: [[naftiko-lint:default, recommended]]
rules:
  house-label-short:
    description: Labels are short.
    message: "label too long"
    severity: warn
    given: "$.info.label"
    then: {function: length, functionOptions: {max: 3}}
"""


def test_a_custom_rule_is_described_by_its_ruleset_and_indexed(
    cli: list[str], tmp_path: Path
) -> None:
    shutil.copy(FIXTURES / "seeds" / "001_3b724ad6c0282b03.yaml", tmp_path / "a.yaml")
    (tmp_path / "house.yaml").write_text(RULESET)
    log, _ = _sarif(cli, "a.yaml", "--ruleset", "house.yaml", cwd=tmp_path)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    shipped = [e.id for e in shipped_rules()]
    assert rules[-1]["id"] == "house-label-short"
    assert rules[-1]["shortDescription"]["text"] == "Labels are short."
    assert [r["id"] for r in rules[:-1]] == shipped
    house = [r for r in run["results"] if r["ruleId"] == "house-label-short"]
    assert len(house) == 1 and house[0]["ruleIndex"] == len(shipped)
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    # the same again (a chunk knows the index without the rest of the run)
    for jobs in ("1", "2"):
        again, _ = _sarif(cli, "a.yaml", "--ruleset", "house.yaml", "--jobs", jobs, cwd=tmp_path)
        assert again == log


def test_fingerprints_hold_when_lines_move(cli: list[str], tmp_path: Path) -> None:
    text = (FIXTURES / "seeds" / "001_3b724ad6c0282b03.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    before, _ = _sarif(cli, "a.yaml", cwd=tmp_path)
    (tmp_path / "a.yaml").write_text("# one\n# two\n" + text, encoding="utf-8")
    after, _ = _sarif(cli, "a.yaml", cwd=tmp_path)

    def prints(log: dict[str, Any]) -> list[tuple[str, int]]:
        return [
            (
                r["partialFingerprints"]["naftikoLint/v1"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in log["runs"][0]["results"]
        ]

    assert [(f, line + 2) for f, line in prints(before)] == prints(after)
    assert len({f for f, _ in prints(before)}) == len(prints(before))


@pytest.mark.slow
@pytest.mark.skipif(not MULTITOOL, reason="NAFTIKO_LINT_SARIF_MULTITOOL is not set")
@pytest.mark.parametrize("case", ["seeds", "odd-paths"])
def test_the_sarif_multitool_finds_no_error(cli: list[str], tmp_path: Path, case: str) -> None:
    """Microsoft's validator with the spec's rules and GitHub's ingestion rules."""
    assert MULTITOOL
    if case == "seeds":
        proc = _check(cli, "--format", "sarif", "fixtures/seeds")
    else:
        project = tmp_path / "project"
        (project / "dir with space").mkdir(parents=True)
        seed = FIXTURES / "seeds" / "001_3b724ad6c0282b03.yaml"
        shutil.copy(seed, project / "dir with space" / "café #1%.yaml")
        shutil.copy(seed, tmp_path / "outside.yaml")
        (project / "eio.yaml").symlink_to("/proc/self/mem")
        (project / "house.yaml").write_text(RULESET)
        proc = _check(
            cli, "--format", "sarif", ".", "../outside.yaml", "--ruleset", "house.yaml", cwd=project
        )
    log_file, out = tmp_path / "log.sarif", tmp_path / "validation.sarif"
    log_file.write_text(proc.stdout, encoding="utf-8")
    validated = subprocess.run(
        [
            MULTITOOL,
            "validate",
            "--rule-kind",
            "Gh;Sarif",
            str(log_file),
            "-o",
            str(out),
            "--log",
            "ForceOverwrite",
        ],
        capture_output=True,
        text=True,
    )
    assert out.is_file(), validated.stdout + validated.stderr
    results = json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]
    errors = [r for r in results if r.get("level", "warning") == "error"]
    assert not errors, errors
