"""The junit format, read back with junitparser: a suite per checked file with a case per
rule checked on it, failing for the rules that reported, tool and internal errors as
errors; its counts are those of the JSON report of the same run."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from junitparser import Error, Failure, JUnitXml

from ..conftest import REPO
from .inputs import CAPABILITY, write

XML_SAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
SEVERITIES = ["hint", "info", "warning", "error"]
BOOM = "def boom(target, options, context):\n    raise ValueError('cannot judge')\n"
RULESET = (
    "functions: [boom]\nrules:\n  label-boom:\n    description: Labels judged badly.\n"
    "    severity: warning\n    given: $.info.label\n    then: {function: boom}\n"
)


def check(cli: list[str], *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*cli, "check", "--no-cache", *args], capture_output=True, cwd=cwd, timeout=120
    )


def active_rules(cli: list[str], cwd: Path = REPO) -> set[str]:
    listed = subprocess.run(
        [*cli, "rules", "--format", "json"], capture_output=True, cwd=cwd, timeout=120
    )
    # `check` never runs the conformance rules (`naftiko-lint conformance` does), so no
    # check report lists them as passed
    return {
        rule["id"]
        for rule in json.loads(listed.stdout)
        if not rule["id"].startswith("conformance-")
    }


def parse(data: bytes, tmp_path: Path) -> JUnitXml:
    report = tmp_path / "report.xml"
    report.write_bytes(data)
    return JUnitXml.fromfile(str(report))


def compare(xml: JUnitXml, report: dict, rules: set[str] | None = None) -> None:
    """Every count of the XML is what the JSON report of the same run says; each file's
    cases are `rules` (the rules checked), when given, and the rules that reported."""
    pairs = Counter((d["path"], d["rule"]) for d in report["diagnostics"])
    internal = {pair for pair in pairs if pair[1] == "internal-error"}
    firsts: dict[tuple[str, str], dict] = {}
    bodies: dict[tuple[str, str], str] = {}
    worst: dict[tuple[str, str], str] = {}
    for d in report["diagnostics"]:
        key = (d["path"], d["rule"])
        firsts.setdefault(key, d)
        worst[key] = max(worst.get(key, "hint"), d["severity"], key=SEVERITIES.index)
        start = d["range"]["start"]
        line = f"{d['path']}:{start['line']}:{start['column']}: {d['severity']} "
        bodies[key] = bodies.get(key, "") + f"{line}[{d['rule']}] {d['message']}\n"
    suites = list(xml)
    if report["errors"]:
        tool = suites.pop()
        assert tool.name == "naftiko-lint"
        assert tool.errors == tool.tests == len(report["errors"])
    names = [suite.name for suite in suites]  # in path order, as every report lists files
    assert names == sorted(names) == sorted(f["path"] for f in report["files"])
    cases = {}
    for suite in suites:
        written = (suite.tests, suite.failures, suite.errors)
        suite.update_statistics()  # what the cases say
        assert written == (suite.tests, suite.failures, suite.errors)
        if rules is not None:
            assert {case.name for case in suite} == rules | {r for p, r in pairs if p == suite.name}
        for case in suite:
            assert case.classname == suite.name
            if not case.result:  # a rule that passed on this file
                assert (case.classname, case.name) not in pairs
                continue
            [outcome] = case.result
            cases[(case.classname, case.name)] = outcome
            key = (case.classname, case.name)
            assert outcome.text == XML_SAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", bodies[key])
            first = firsts[key]
            start = first["range"]["start"]
            assert f"{start['line']}:{start['column']}: {first['message']}" in outcome.message
            assert outcome.type == worst[key]
    assert set(cases) == set(pairs)
    assert {p for p, o in cases.items() if isinstance(o, Error)} == internal
    assert all(isinstance(o, Failure) for p, o in cases.items() if p not in internal)
    assert sum(s.failures for s in suites) == len(pairs) - len(internal)


@pytest.mark.parametrize(
    "paths", [("fixtures/seeds",), ("fixtures/clean",)], ids=["seeds", "clean"]
)
def test_counts_are_the_json_reports(
    cli: list[str], tmp_path: Path, paths: tuple[str, ...]
) -> None:
    junit = check(cli, "--format", "junit", *paths)
    report = json.loads(check(cli, "--format", "json", *paths).stdout)
    compare(parse(junit.stdout, tmp_path), report, active_rules(cli))
    assert junit.returncode == (1 if report["diagnostics"] else 0)


def test_a_clean_file_passes_every_rule(cli: list[str], tmp_path: Path) -> None:
    xml = parse(check(cli, "--format", "junit", "fixtures/clean").stdout, tmp_path)
    suites = list(xml)
    rules = active_rules(cli)
    assert len(suites) == 13 and len(rules) > 80
    for suite in suites:
        assert suite.tests == len(list(suite)) == len(rules)
        assert suite.failures == suite.errors == 0
        assert all(case.is_passed for case in suite)
        assert {case.name for case in suite} == rules


def test_jobs_do_not_change_the_report(cli: list[str]) -> None:
    paths = ("fixtures/seeds", "fixtures/clean")
    one = check(cli, "--format", "junit", "--jobs", "1", *paths)
    two = check(cli, "--format", "junit", "--jobs", "2", *paths)
    assert one.stdout == two.stdout and one.returncode == two.returncode == 1


def test_tool_and_internal_errors_are_errors(cli: list[str], tmp_path: Path) -> None:
    (tmp_path / "functions").mkdir()
    (tmp_path / "functions" / "boom.py").write_text(BOOM)
    (tmp_path / "ruleset.yaml").write_text(RULESET)
    write(tmp_path, "dup.yaml", "good.yaml")
    args = ("--ruleset", "ruleset.yaml", "dup.yaml", "good.yaml", "missing.yaml")
    junit = check(cli, "--format", "junit", *args, cwd=tmp_path)
    report = json.loads(check(cli, "--format", "json", *args, cwd=tmp_path).stdout)
    assert junit.returncode == 2
    xml = parse(junit.stdout, tmp_path)
    compare(xml, report)
    errors = [
        (c.classname, c.name) for s in xml for c in s if any(isinstance(r, Error) for r in c.result)
    ]
    assert errors == [
        ("dup.yaml", "internal-error"),
        ("good.yaml", "internal-error"),
        ("missing.yaml", "error"),
    ]


def test_characters_xml_cannot_carry_are_escaped(cli: list[str], tmp_path: Path) -> None:
    key = '"bad\\x01\\x1bkey"'  # a key with control characters: named in a message
    (tmp_path / "a.yaml").write_text(
        CAPABILITY.replace("  label: Orders\n", f"  {key}: 1\n  label: O\n")
    )
    xml = parse(check(cli, "--format", "junit", "a.yaml", cwd=tmp_path).stdout, tmp_path)
    [case] = [case for case in next(iter(xml)) if case.result]
    assert "bad\\u0001\\u001bkey" in case.result[0].message
