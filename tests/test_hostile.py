"""Hostile inputs, generated at test time: never a traceback, always a located diagnostic."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .test_cli import run


def _deep_block(levels: int) -> str:
    lines = ["naftiko: 1.0.0-alpha2", "x:"]
    lines += ["  " * i + f"k{i}:" for i in range(1, levels)]
    return "\n".join([*lines, "  " * levels + "v: 1"]) + "\n"


def test_deep_block_nesting(cli: list[str], tmp_path: Path) -> None:
    (tmp_path / "deep.yaml").write_text(_deep_block(700))
    proc = run(cli, "check", "deep.yaml", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stderr == b""
    assert b"[yaml-too-deep]" in proc.stdout


@pytest.mark.parametrize("payload", [os.urandom(4096), bytes(range(256)) * 8,
                                     b"\xef\xbb\xbfnaftiko: 1.0.0-alpha2\n\xc3\x28\n",
                                     b"\xff\xfen\x00a\x00"])
def test_binary_and_broken_encodings(cli: list[str], tmp_path: Path, payload: bytes) -> None:
    (tmp_path / "bin.yaml").write_bytes(payload)
    proc = run(cli, "check", "bin.yaml", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stderr == b""
    assert b"[yaml-encoding]" in proc.stdout or b"[yaml-syntax]" in proc.stdout


@pytest.mark.slow
def test_large_file_is_checked(cli: list[str], tmp_path: Path) -> None:
    lines = ["naftiko: 1.0.0-alpha2",
             "info: {label: Big, description: A big file., tags: [big]}", "capability:",
             "  consumes:"]
    lines += [f"    - {{type: http, namespace: ns-{i}, baseUri: 'https://s{i}.test', "
              f"description: Service {i}.}}" for i in range(20000)]
    (tmp_path / "big.yaml").write_text("\n".join(lines) + "\n")
    proc = run(cli, "check", "big.yaml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout[-500:]
    assert proc.stdout.decode().endswith("0 errors, 0 warnings in 1 file\n")
    small = run(cli, "check", "--max-file-size", "1000", "big.yaml", cwd=tmp_path)
    assert small.returncode == 1 and b"[file-too-large]" in small.stdout
