"""Start the broken-implementation programs of fixtures/conformance/ as real processes on
free loopback ports, for the conformance tests (not a test module)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import FIXTURES

PROGRAMS = FIXTURES / "conformance"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_accepting(port: int, process: subprocess.Popen, limit: float = 20.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{process.args} did not accept on port {port} within {limit} s")


@contextmanager
def running(program: str, upstream_url: str, defect: str) -> Iterator[str]:
    """`http://127.0.0.1:PORT` of `program` serving with `defect`, stopped on exit."""
    port = free_port()
    command = [
        sys.executable,
        str(Path(PROGRAMS, program)),
        "--port",
        str(port),
        "--upstream-url",
        upstream_url,
        "--defect",
        defect,
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_accepting(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()
