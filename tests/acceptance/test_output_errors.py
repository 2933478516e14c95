"""Output errors, every command: a full disk ends with one line on stderr and exit code 2;
a closed pipe ends quietly (no message, no traceback, none at interpreter shutdown), exit 2."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import FIXTURES

SEEDS = str(FIXTURES / "seeds")
COMMANDS = {
    "check": ["check", SEEDS],
    "schema": ["schema"],
    "rules": ["rules"],
    "explain": ["explain", "schema"],
    "versions": ["versions"],
}
QUICK = ("check", "schema")  # the others behind `slow`: the same code path
FULL = "naftiko-lint: cannot write to standard output: no space left on device\n"


def _commands() -> list:
    return [
        pytest.param(name, marks=() if name in QUICK else pytest.mark.slow) for name in COMMANDS
    ]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("command", _commands())
def test_full_disk_on_standard_output(cli: list[str], command: str) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [*cli, *COMMANDS[command]], stdout=full, stderr=subprocess.PIPE, timeout=60
        )
    assert proc.returncode == 2
    assert proc.stderr.decode() == FULL


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_full_disk_on_output_file(cli: list[str]) -> None:
    proc = subprocess.run(
        [*cli, "check", SEEDS, "--output", "/dev/full"], capture_output=True, timeout=60
    )
    assert proc.returncode == 2 and proc.stdout == b""
    assert proc.stderr.decode() == (
        "naftiko-lint: cannot write /dev/full: no space left on device\n"
    )


@pytest.mark.parametrize("command", _commands())
def test_closed_pipe_ends_quietly(cli: list[str], command: str) -> None:
    """The pipe's read end is closed before the command starts: its first write fails."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(
            [*cli, *COMMANDS[command]], stdout=write_end, stderr=subprocess.PIPE, timeout=60
        )
    finally:
        os.close(write_end)
    assert proc.returncode == 2
    assert proc.stderr == b""


def test_reader_that_stops_after_one_line(cli: list[str], tmp_path: Path) -> None:
    """As `naftiko-lint check . | head -c 2`, with a report far larger than a pipe holds,
    so the writer meets the closed pipe whatever the timing."""
    for i in range(20):  # about 130 kB of JSON; a pipe holds 64 kB
        shutil.copy(FIXTURES / "seeds" / "001_3b724ad6c0282b03.yaml", tmp_path / f"{i}.yaml")
    proc = subprocess.Popen(
        [*cli, "check", ".", "--format", "json"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = os.read(proc.stdout.fileno(), 2)  # exactly what `head -c 2` takes
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert proc.wait(timeout=60) == 2
    assert first == b"{\n" and stderr == b""
