"""`naftiko-lint conformance`: usage errors in process; real runs as subprocesses — against
the servers it starts itself, and end to end against `naftiko-lint serve` running in
another process (`--rest-url`/`--mcp-url`, the mock upstream on `--upstream-port`)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from naftiko_lint.cli import main
from naftiko_lint.conformance.findings import UPSTREAM_BODY, UPSTREAM_LITERAL, UPSTREAM_PATH
from tests.conftest import FIXTURES

SEED0 = FIXTURES / "seeds" / "000_6f3d6f5dce8cee89.yaml"
BODIES = FIXTURES / "clean" / "wiring-bodies.yaml"  # a rest and an mcp adapter
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def _conformance(*args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "naftiko_lint", "conformance", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=ENV,
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["conformance"],
        ["conformance", str(SEED0), "--rest-url", "ftp://host"],
        ["conformance", str(SEED0), "--upstream-port", "70000"],
        ["conformance", str(SEED0), "--max-time", "0"],
        ["conformance", str(SEED0), "--format", "nope"],
    ):
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 2
    assert main(["conformance", str(tmp_path / "missing.yaml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("naftiko-lint: error: cannot read ")


def test_two_reports_cannot_share_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["conformance", str(SEED0), "--format", "json", "--format", "sarif"]) == 2
    assert "only one report can go to standard output" in capsys.readouterr().err


def test_a_capability_that_exposes_nothing_checkable_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "shared.yaml"
    path.write_text(
        "naftiko: 1.0.0-alpha2\nconsumes:\n  - {type: http, namespace: a, baseUri: 'https://a.test'}\n"
    )
    assert main(["conformance", str(path), "--rest-url", "http://127.0.0.1:9"]) == 2


@pytest.mark.slow
def test_a_seed_fails_with_exit_1_in_every_report(tmp_path: Path) -> None:
    sarif = tmp_path / "out.sarif"
    done = _conformance(
        str(SEED0),
        "--max-examples",
        "3",
        "--format",
        "json",
        "--format",
        "sarif",
        "-o",  # as check spells --output
        str(sarif),
    )
    assert done.returncode == 1, done.stderr
    rules = {d["rule"] for d in json.loads(done.stdout)["diagnostics"]}
    assert {UPSTREAM_LITERAL, UPSTREAM_PATH, UPSTREAM_BODY} <= rules
    results = json.loads(sarif.read_text())["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == rules


@pytest.mark.slow
def test_a_clean_capability_passes_with_exit_0() -> None:
    done = _conformance(str(BODIES), "--max-examples", "3", "--format", "json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert all(d["severity"] != "error" for d in json.loads(done.stdout)["diagnostics"])


def _serve(capability: Path, upstream: int) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """`serve` in its own process, its consumed calls sent to a mock upstream on
    `upstream` (started later, by conformance); its surfaces' URLs by kind."""
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "naftiko_lint", "serve", str(capability), "--random-ports"),
            *("--upstream-url", f"http://127.0.0.1:{upstream}"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    urls: dict[str, str] = {}
    deadline = time.monotonic() + 30
    assert process.stdout is not None
    while time.monotonic() < deadline and not {"rest", "mcp"} <= set(urls):
        line = process.stdout.readline()
        if not line:
            break
        kind, _, url = line.split()[:3] if len(line.split()) >= 3 else ("", "", "")
        if kind in ("rest", "mcp"):
            urls[kind] = url
    return process, urls


@pytest.mark.slow
@pytest.mark.parametrize(
    ("capability", "code", "wanted"),
    [(BODIES, 0, set()), (SEED0, 1, {UPSTREAM_LITERAL, UPSTREAM_PATH, UPSTREAM_BODY})],
)
def test_serve_in_one_process_and_conformance_in_another(
    capability: Path, code: int, wanted: set[str]
) -> None:
    upstream = _free_port()
    process, urls = _serve(capability, upstream)
    try:
        assert set(urls) == {"rest", "mcp"}, process.stderr.read() if process.stderr else ""
        done = _conformance(
            str(capability),
            *("--rest-url", urls["rest"], "--mcp-url", urls["mcp"]),
            *("--upstream-port", str(upstream), "--max-examples", "3", "--format", "json"),
        )
    finally:
        process.terminate()
        process.wait(10)
    assert done.returncode == code, done.stdout + done.stderr
    rules = {d["rule"] for d in json.loads(done.stdout)["diagnostics"] if d["severity"] == "error"}
    assert rules == wanted


def test_an_upstream_port_in_use_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        argv = [
            "conformance",
            str(SEED0),
            "--rest-url",
            "http://127.0.0.1:9",
            "--upstream-port",
            port,
        ]
        assert main(argv) == 2
    assert "the mock upstream cannot start" in capsys.readouterr().err


@pytest.mark.slow
def test_the_run_time_cap_leaves_surfaces_unchecked_with_a_note() -> None:
    from naftiko_lint.conformance.runner import Options, run_conformance

    outcome = run_conformance(str(BODIES), Options(max_examples=0, max_time=1e-6))
    assert outcome.observations == []
    assert any("run-time cap" in note for note in outcome.notes)
