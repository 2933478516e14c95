"""`naftiko-lint serve`: the command line, in process for its refusals and as a real
subprocess for serving, stopping on SIGTERM/SIGINT and a port in use."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from naftiko_lint.cli import main

REPO = Path(__file__).resolve().parents[2]
CLEAN = REPO / "fixtures" / "clean"
FORWARD = CLEAN / "wiring-forward.yaml"  # one rest adapter, one consumed namespace
MCP_TOOLS = CLEAN / "mcp-tools.yaml"


def test_nothing_to_serve_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "shared.yaml"
    path.write_text(
        "naftiko: 1.0.0-alpha2\nconsumes:\n  - {type: http, namespace: a, baseUri: 'https://a.test'}\n",
        encoding="utf-8",
    )
    assert main(["serve", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["naftiko-lint: nothing to serve: the capability exposes no rest or mcp adapter"]


def test_an_unreadable_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", str(tmp_path / "missing.yaml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("naftiko-lint: cannot read ")


def test_a_document_that_is_no_capability_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("{ not: [yaml\n", encoding="utf-8")
    assert main(["serve", str(path)]) == 2
    assert "not a capability document" in capsys.readouterr().err


def test_without_the_serve_extra_it_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # `import uvicorn` raises ImportError
    assert main(["serve", str(FORWARD)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pip install 'naftiko-lint[serve]'" in err[0]


def test_an_mcp_adapter_without_the_sdk_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "naftiko_lint.serve.mcp", None)  # as if `mcp` were missing
    assert main(["serve", str(MCP_TOOLS), "--random-ports"]) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if "note:" not in line]
    assert len(err) == 1 and "pip install 'naftiko-lint[serve]'" in err[0]


def test_option_conflicts_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve", str(FORWARD), "--random-ports", "--port-offset", "1"])
    assert exited.value.code == 2
    with pytest.raises(SystemExit):
        main(["serve", str(FORWARD), "--upstream-port", "1", "--upstream-url", "http://x"])
    with pytest.raises(SystemExit):
        main(["serve", str(FORWARD), "--upstream-port", "70000"])


def serve(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "naftiko_lint", "serve", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


def lines_of(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line.rstrip("\n"))


def read_until(lines: queue.Queue, count: int, timeout: float = 30.0) -> list[str]:
    out: list[str] = []
    deadline = time.monotonic() + timeout
    while len(out) < count:
        out.append(lines.get(timeout=max(0.1, deadline - time.monotonic())))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_prints_its_urls_answers_and_stops_on_a_signal(sig: signal.Signals) -> None:
    process = serve(str(FORWARD), "--random-ports")
    out: queue.Queue = queue.Queue()
    threading.Thread(target=lines_of, args=(process.stdout, out), daemon=True).start()
    try:
        upstream, rest = (line.split() for line in read_until(out, 2))
        assert upstream[:2] == ["upstream", "documents"]
        assert upstream[2].startswith("http://127.0.0.1:") and upstream[2].endswith("/documents/v1")
        assert upstream[3:] == ["(stands", "for", "https://docs.store.test/v1)"]
        assert rest[:2] == ["rest", "document-gateway"]
        response = httpx.get(rest[2] + "/store/documents/1", trust_env=False, timeout=10)
        assert response.status_code == 200
        process.send_signal(sig)
        started = time.monotonic()
        assert process.wait(timeout=10) == 0
        assert time.monotonic() - started < 5
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.slow
def test_a_port_in_use_is_one_line_and_exit_2() -> None:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    taken = holder.getsockname()[1]
    try:
        process = serve(str(FORWARD), "--port-offset", str(taken - 8080))
        _, err = process.communicate(timeout=60)
        assert process.returncode == 2
        assert err.strip().splitlines() == [
            f"naftiko-lint: port {taken} (rest adapter 'document-gateway') is in use; "
            "choose --port-offset N or --random-ports"
        ]
    finally:
        holder.close()


@pytest.mark.slow
def test_stdio_keeps_standard_output_for_json_rpc() -> None:
    process = serve(str(MCP_TOOLS), "--stdio")
    request = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "test", "version": "0"},
        },
    }
    try:
        out, err = process.communicate(json.dumps(request) + "\n", timeout=60)
        assert process.returncode == 0, err
        (line,) = out.strip().splitlines()  # nothing but the protocol on stdout
        assert json.loads(line)["id"] == 1
        assert "stdio" in err
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.slow
def test_stdio_stops_on_sigterm_while_standard_input_stays_open() -> None:
    process = serve(str(MCP_TOOLS), "--stdio")
    err: queue.Queue = queue.Queue()
    threading.Thread(target=lines_of, args=(process.stderr, err), daemon=True).start()
    try:
        while "serving on stdio" not in err.get(timeout=30):
            pass
        process.send_signal(signal.SIGTERM)
        started = time.monotonic()
        assert process.wait(timeout=10) == 0
        assert time.monotonic() - started < 5
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


NAMELESS_INPUT = """\
naftiko: 1.0.0-alpha3
info: {label: Echo, description: A tool whose input has no name.}
capability:
  exposes:
    - type: mcp
      namespace: echo-tools
      transport: stdio
      tools:
        - name: echo
          description: Echo.
          inputParameters:
            - {type: string, description: No name.}
          outputParameters:
            - {name: said, type: string, value: hello}
"""


@pytest.mark.slow
def test_stdio_on_an_adapter_the_engine_cannot_list_is_one_line_and_exit_2(
    tmp_path: Path,
) -> None:
    path = tmp_path / "nameless.yaml"
    path.write_text(NAMELESS_INPUT, encoding="utf-8")
    process = serve(str(path), "--stdio")
    try:
        out, err = process.communicate("", timeout=60)
        assert process.returncode == 2
        assert out == ""
        assert err.strip().splitlines() == [
            "naftiko-lint: mcp adapter 'echo-tools' cannot be served: "
            "tool 'echo': input parameter 0 has no name"
        ]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
