"""The installed console script, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import FIXTURES, REPO

CAPABILITY = (
    "capability:\n  consumes:\n    - type: http\n      namespace: orders\n"
    "      baseUri: https://orders.test\n      description: The order service.\n"
)
GOOD = (
    "naftiko: 1.0.0-alpha2\ninfo:\n  label: Orders\n  description: Order lookups\n"
    "  tags: [orders]\n" + CAPABILITY
)
DUPLICATE = (
    "naftiko: 1.0.0-alpha2\ninfo:\n  label: A\n  label: B\n  description: d\n"
    "  tags: [orders]\n" + CAPABILITY
)


def run(
    cli: list[str],
    *args: str,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    env: dict | None = None,
) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update(env or {})
    return subprocess.run(
        [*cli, *args], cwd=cwd, input=stdin, capture_output=True, env=full_env, timeout=60
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "good.yaml").write_text(GOOD)
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "bad.yml").write_text(DUPLICATE)
    (tmp_path / "nested" / "other.yaml").write_text("name: not a capability\n")
    (tmp_path / "nested" / "broken.yaml").write_text("naftiko: 1.0.0-alpha2\ninfo: [1,\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "skip.yaml").write_text(DUPLICATE)
    return tmp_path


def test_version(cli: list[str]) -> None:
    proc = run(cli, "--version")
    assert proc.returncode == 0
    assert proc.stdout.decode().strip() == "naftiko-lint 0.1.0"


def test_module_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "naftiko_lint", "versions"], capture_output=True, timeout=60
    )
    assert proc.returncode == 0
    assert b"1.0.0-alpha2" in proc.stdout


def test_clean_file_exits_zero(cli: list[str], project: Path) -> None:
    proc = run(cli, "check", "good.yaml", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == "0 errors, 0 warnings in 1 file\n"
    assert proc.stderr == b""


def test_folder_finds_capabilities_and_reports_all(cli: list[str], project: Path) -> None:
    proc = run(cli, "check", ".", cwd=project)
    out = proc.stdout.decode().splitlines()
    assert proc.returncode == 1
    assert out[0].startswith("nested/bad.yml:4:3: error [yaml-duplicate-key]")
    assert out[1].startswith("nested/broken.yaml:3:1: error [yaml-syntax]")
    assert out[-1] == "2 errors, 0 warnings in 3 files"  # other.yaml and .hidden skipped


def test_explicit_non_capability_file_is_checked(cli: list[str], project: Path) -> None:
    proc = run(cli, "check", "nested/other.yaml", cwd=project)
    assert proc.returncode == 1
    assert b"nested/other.yaml:1:1: error [version-missing]" in proc.stdout


def test_missing_path_is_exit_2_but_others_are_checked(cli: list[str], project: Path) -> None:
    proc = run(cli, "check", "nope.yaml", "nested/bad.yml", cwd=project)
    assert proc.returncode == 2
    assert b"[yaml-duplicate-key]" in proc.stdout
    assert proc.stderr.decode().strip() == "naftiko-lint: nope.yaml: no such file or directory"


def test_usage_error_is_exit_2(cli: list[str]) -> None:
    proc = run(cli, "check", "--fail-on", "sometimes")
    assert proc.returncode == 2
    assert b"invalid choice" in proc.stderr
    assert b"Traceback" not in proc.stderr
    assert run(cli).returncode == 2


def test_json_contract(cli: list[str], project: Path) -> None:
    proc = run(cli, "check", "--format", "json", "good.yaml", "nested/bad.yml", cwd=project)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["tool"] == {"name": "naftiko-lint", "version": "0.1.0"}
    assert report["files"] == [
        {"path": "good.yaml", "spec_version": "1.0.0-alpha2"},
        {"path": "nested/bad.yml", "spec_version": "1.0.0-alpha2"},
    ]
    assert report["diagnostics"] == [
        {
            "path": "nested/bad.yml",
            "rule": "yaml-duplicate-key",
            "severity": "error",
            "message": "Duplicate key 'label' (first defined on line 3); YAML loaders keep only "
            "the last value",
            "pointer": "/info/label",
            "range": {"start": {"line": 4, "column": 3}, "end": {"line": 4, "column": 8}},
        }
    ]
    assert report["summary"] == {"files": 2, "error": 1, "warning": 0, "info": 0, "hint": 0}


def test_json_unknown_version_has_null_spec_version(cli: list[str]) -> None:
    proc = run(cli, "check", "--format", "json", str(FIXTURES / "input/unknown-version.fail.yaml"))
    report = json.loads(proc.stdout)
    assert report["files"][0]["spec_version"] is None
    assert report["diagnostics"][0]["rule"] == "unknown-version"


def test_stdin_with_filename(cli: list[str]) -> None:
    proc = run(cli, "check", "-", "--stdin-filename", "caps/orders.yaml", stdin=DUPLICATE.encode())
    assert proc.returncode == 1
    assert proc.stdout.decode().startswith("caps/orders.yaml:4:3: error [yaml-duplicate-key]")


def test_stdin_filename_alone_reads_standard_input(cli: list[str], tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text(DUPLICATE)  # must not be linted instead
    proc = run(
        cli, "check", "--stdin-filename", "caps/orders.yaml", stdin=GOOD.encode(), cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stdout
    assert "0 errors, 0 warnings in 1 file" in proc.stdout.decode()


def test_stdin_filename_without_dash_among_paths_is_a_usage_error(
    cli: list[str], project: Path
) -> None:
    proc = run(
        cli,
        "check",
        "good.yaml",
        "--stdin-filename",
        "caps/orders.yaml",
        stdin=DUPLICATE.encode(),
        cwd=project,
    )
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert b"add '-' to read standard input" in proc.stderr


def test_folder_skips_json_schemas_that_describe_the_naftiko_key(
    cli: list[str], tmp_path: Path
) -> None:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "properties": {"naftiko": {"const": "1.0.0-alpha2"}},
    }
    (tmp_path / "naftiko-schema.json").write_text(json.dumps(schema, indent=2))
    (tmp_path / "cap.json").write_text(
        json.dumps(
            {"naftiko": "1.0.0-alpha2", "info": {"label": "x", "description": '{"naftiko": 1}'}}
        )
    )
    proc = run(cli, "check", "--format", "json", ".", cwd=tmp_path)
    assert [f["path"] for f in json.loads(proc.stdout)["files"]] == ["cap.json"]


def test_output_file_and_quiet(cli: list[str], project: Path) -> None:
    proc = run(cli, "check", "-q", "-o", "report.txt", "nested/bad.yml", cwd=project)
    assert proc.returncode == 1
    assert proc.stdout == b""
    lines = (project / "report.txt").read_text().splitlines()
    assert len(lines) == 1 and "[yaml-duplicate-key]" in lines[0]


@pytest.mark.parametrize(("level", "code"), [("error", 0), ("warning", 0), ("never", 0)])
def test_fail_on_levels_clean(cli: list[str], project: Path, level: str, code: int) -> None:
    assert run(cli, "check", "--fail-on", level, "good.yaml", cwd=project).returncode == code


@pytest.mark.parametrize(("level", "code"), [("error", 1), ("hint", 1), ("never", 0)])
def test_fail_on_levels_with_error(cli: list[str], project: Path, level: str, code: int) -> None:
    proc = run(cli, "check", "--fail-on", level, "nested/bad.yml", cwd=project)
    assert proc.returncode == code


def test_color_only_when_forced_and_no_color_respected(cli: list[str], project: Path) -> None:
    plain = run(cli, "check", "nested/bad.yml", cwd=project)
    assert b"\033[" not in plain.stdout  # not a TTY
    forced = run(cli, "check", "--color", "always", "nested/bad.yml", cwd=project)
    assert b"\033[31merror" in forced.stdout


def test_no_color_env_on_a_tty(cli: list[str], project: Path) -> None:
    pty = pytest.importorskip("pty")
    for env, colored in (({}, True), ({"NO_COLOR": "1"}, False)):
        primary, secondary = pty.openpty()
        full_env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | env
        proc = subprocess.run(
            [*cli, "check", "nested/bad.yml"],
            cwd=project,
            stdout=secondary,
            stderr=subprocess.PIPE,
            env=full_env,
            timeout=60,
        )
        os.close(secondary)
        out = os.read(primary, 65536)
        os.close(primary)
        assert proc.returncode == 1
        assert (b"\033[" in out) is colored


def test_works_from_any_directory(cli: list[str], tmp_path: Path) -> None:
    proc = run(cli, "check", str(REPO / "fixtures" / "seeds"), cwd=tmp_path)
    assert proc.returncode in (0, 1)
    assert b"in 4 files" in proc.stdout
    assert b"Traceback" not in proc.stderr


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "input").iterdir()))
def test_hostile_inputs_never_traceback(cli: list[str], name: str) -> None:
    proc = run(cli, "check", str(FIXTURES / "input" / name))
    assert proc.returncode in (0, 1), proc.stderr
    assert proc.stderr == b""


def test_statistics_counts_per_rule(cli: list[str]) -> None:
    proc = run(cli, "check", "--statistics", "-q", str(FIXTURES / "seeds"))
    lines = [line for line in proc.stdout.decode().splitlines() if line[:6].strip().isdigit()]
    assert proc.returncode == 1
    assert "    34  error    schema" in lines
    assert "    56  error    with-namespace-mismatch" in lines
    assert "    80  warning  schema-unknown-property" in lines
    counts = [int(line.split()[0]) for line in lines]
    severities = [line.split()[1] for line in lines]
    assert severities == sorted(severities, key=["error", "warning", "info", "hint"].index)
    assert all(
        counts[i] >= counts[i + 1]
        for i in range(len(counts) - 1)
        if severities[i] == severities[i + 1]
    )


def test_spec_version_override_and_schema_command(cli: list[str]) -> None:
    valid = str(FIXTURES / "schema" / "valid-1.0.0-alpha2.yaml")
    assert run(cli, "check", valid).returncode == 0
    proc = run(cli, "check", "--format", "json", "--spec-version", "1.0.0-alpha1", valid)
    report = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert report["files"][0]["spec_version"] == "1.0.0-alpha1"
    schema = json.loads(run(cli, "schema", "--spec-version", "1.0.0-alpha1").stdout)
    assert schema["properties"]["naftiko"]["const"] == "1.0.0-alpha1"
    assert run(cli, "schema", "--spec-version", "9").returncode == 2


def test_versions_command(cli: list[str]) -> None:
    out = run(cli, "versions").stdout.decode().splitlines()
    assert [line.split()[0] for line in out] == ["1.0.0-alpha1", "1.0.0-alpha2", "1.0.0-alpha3"]


def test_capabilities_only_skips_other_yaml(cli: list[str], project: Path) -> None:
    proc = run(cli, "check", "--capabilities-only", "good.yaml", "nested/other.yaml", cwd=project)
    assert proc.returncode == 0
    assert proc.stdout.decode().endswith("in 1 file\n")
