"""The github format: workflow commands the Actions runner turns into annotations, checked
by decoding each line as the runner does and comparing it with the JSON report of the same
run, on a file whose path and messages hold `%`, `:`, `,`, CR and LF."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from naftiko_lint.formatters.github import escape_data, escape_property

from ..conftest import REPO
from .inputs import CAPABILITY

# the runner's grammar: ::command key=value,key=value::data
COMMAND = re.compile(r"::(error|warning|notice) ([^:]*)::(.*)")
KINDS = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}
ODD_KEY = '"50%: a,b\\r\\nc"'  # a YAML key holding % : , CR LF
ODD_NAME = "100%: a,b.yaml"


def unescape(value: str, prop: bool) -> str:
    """The runner's decoding (`%25` last, so `%250A` stays `%0A`)."""
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if prop else [])
    for escaped, char in [*pairs, ("%25", "%")]:
        value = value.replace(escaped, char)
    return value


def check(cli: list[str], *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*cli, "check", "--no-cache", *args], capture_output=True, cwd=cwd, timeout=120
    )


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ("x\r\ny\nz", "x%0D%0Ay%0Az", "x%0D%0Ay%0Az"),
        ("%0A", "%250A", "%250A"),
        ("::error ::", "::error ::", "%3A%3Aerror %3A%3A"),
    ],
)
def test_escaping_as_the_runner_decodes(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data and escape_property(text) == prop
    assert unescape(data, prop=False) == text and unescape(prop, prop=True) == text


def test_each_command_decodes_to_the_json_report(cli: list[str], tmp_path: Path) -> None:
    odd = CAPABILITY.replace("  label: Orders\n", f"  {ODD_KEY}: 1\n  {ODD_KEY}: 2\n  label: O\n")
    (tmp_path / ODD_NAME).write_text(odd, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(odd.replace("naftiko: 1.0.0-alpha2", "naftiko: 9"))
    github = check(cli, "--format", "github", ".", cwd=tmp_path)
    report = json.loads(check(cli, "--format", "json", ".", cwd=tmp_path).stdout)
    lines = github.stdout.decode().splitlines()
    assert lines[-1] == check(cli, ".", cwd=tmp_path).stdout.decode().splitlines()[-1]
    commands = [COMMAND.fullmatch(line) for line in lines[:-1]]
    assert all(commands) and len(commands) == len(report["diagnostics"]) >= 4
    messages = set()
    for match, d in zip(commands, report["diagnostics"], strict=True):
        kind, props, data = match.groups()
        assert "\n" not in data and "\r" not in data
        fields = dict(item.split("=", 1) for item in props.split(","))
        start, end = d["range"]["start"], d["range"]["end"]
        assert kind == KINDS[d["severity"]]
        assert unescape(fields.pop("file"), prop=True) == d["path"]
        assert unescape(fields.pop("title"), prop=True) == d["rule"]
        assert unescape(data, prop=False) == d["message"]
        assert fields == {  # one-line ranges only; endColumn is the last character
            "line": str(start["line"]),
            "col": str(start["column"]),
            "endLine": str(end["line"]),
            "endColumn": str(max(start["column"], end["column"] - 1)),
        }
        messages.add(d["message"])
    assert {d["path"] for d in report["diagnostics"]} == {ODD_NAME, "b.yaml"}
    assert any("%" in m and ":" in m and "," in m and "\r\n" in m for m in messages)
    assert github.returncode == 1


def test_a_range_over_lines_has_no_columns(cli: list[str]) -> None:
    lines = check(cli, "--format", "github", "fixtures/seeds").stdout.decode().splitlines()
    spanning = [line for line in lines if ",endLine=" in line and ",col=" not in line]
    assert spanning, "the seeds have a finding over several lines"
    for line in spanning:
        fields = dict(i.split("=", 1) for i in COMMAND.fullmatch(line).group(2).split(","))
        assert int(fields["endLine"]) > int(fields["line"])
    assert lines[-1] == "116 errors, 87 warnings, 1 info in 4 files"


@pytest.mark.parametrize("extra", [(), ("--quiet",)], ids=["summary", "quiet"])
def test_jobs_and_exit_code_do_not_change(cli: list[str], extra: tuple[str, ...]) -> None:
    paths = ("fixtures/seeds", "fixtures/clean")
    one = check(cli, "--format", "github", "--jobs", "1", *extra, *paths)
    two = check(cli, "--format", "github", "--jobs", "2", *extra, *paths)
    text = check(cli, *extra, *paths)
    assert one.stdout == two.stdout and one.stdout.startswith(b"::")
    assert one.returncode == two.returncode == text.returncode == 1
    assert one.stdout.count(b"\n") == text.stdout.count(b"\n")
