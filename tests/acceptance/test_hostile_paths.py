"""Odd paths: symlink loops, dangling links, FIFOs, sockets, unreadable and vanishing files,
huge files and endless input. Never a traceback, never a hang: one line each, and the exit
code the README documents (2 for a named path, a notice only for a file found in a folder)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from naftiko_lint.discovery import discover
from naftiko_lint.reading import ReadError, read_file

from ..conftest import FIXTURES
from .test_cli import run

CLEAN = FIXTURES / "clean" / "steps.yaml"
SEED = FIXTURES / "seeds" / "001_3b724ad6c0282b03.yaml"
# A write-only sysctl: even root gets EACCES opening it for reading (proc_sys_permission).
_WRITE_ONLY_SYSCTLS = (
    "/proc/sys/vm/compact_memory",
    "/proc/sys/vm/drop_caches",
    "/proc/sys/net/ipv4/route/flush",
)


def _bind_socket(path: Path) -> socket.socket:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    return server


def _unreadable(folder: Path, name: str) -> Path:
    """A real file whose reading fails with EACCES, for root too (CI runs as root, where a
    chmod 000 file stays readable)."""
    path = folder / name
    if os.geteuid() != 0:
        path.write_text("naftiko: 1.0.0-alpha2\n")
        path.chmod(0)
        return path
    for target in _WRITE_ONLY_SYSCTLS:
        try:
            os.close(os.open(target, os.O_RDONLY | os.O_NONBLOCK))
        except OSError as error:
            if error.errno == errno.EACCES:
                path.symlink_to(target)
                return path
    pytest.fail(
        "found no file that root cannot read on this machine: add one to _WRITE_ONLY_SYSCTLS"
    )


@pytest.fixture
def odd(tmp_path: Path) -> Iterator[Path]:
    """A folder holding every odd kind of path beside one clean and one broken capability."""
    root = tmp_path / "odd"
    root.mkdir()
    shutil.copy(CLEAN, root / "good.yaml")
    (root / "loop-a.yaml").symlink_to("loop-b.yaml")
    (root / "loop-b.yaml").symlink_to("loop-a.yaml")
    (root / "dangling.yaml").symlink_to("nowhere.yaml")
    os.mkfifo(root / "fifo.yaml")
    server = _bind_socket(root / "socket.yaml")
    (root / "folder.yaml").mkdir()  # a folder named like a file: walked as a folder
    shutil.copy(SEED, root / "folder.yaml" / "seed.yaml")
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(SEED, outside / "elsewhere.yaml")
    (root / "linked").symlink_to(outside, target_is_directory=True)  # never followed
    yield root
    server.close()


def _lines(data: bytes) -> list[str]:
    return data.decode().splitlines()


def test_walked_folder_skips_odd_files_with_one_notice_each(cli: list[str], odd: Path) -> None:
    proc = run(cli, "check", ".", cwd=odd)
    stdout, stderr = proc.stdout.decode(), _lines(proc.stderr)
    assert "Traceback" not in proc.stderr.decode()
    assert sorted(stderr) == [
        "naftiko-lint: dangling.yaml: skipped: dangling symbolic link to 'nowhere.yaml'",
        "naftiko-lint: fifo.yaml: skipped: not a regular file (a FIFO)",
        "naftiko-lint: loop-a.yaml: skipped: symbolic link loop",
        "naftiko-lint: loop-b.yaml: skipped: symbolic link loop",
        "naftiko-lint: socket.yaml: skipped: not a regular file (a socket)",
    ]
    assert proc.returncode == 1  # the seed's findings; the notices change nothing
    assert "folder.yaml/seed.yaml:" in stdout
    assert "elsewhere.yaml" not in stdout and "linked" not in stdout
    assert stdout.splitlines()[-1].endswith(" in 2 files")


def test_walked_folder_json_lists_the_skipped_files(cli: list[str], odd: Path) -> None:
    (odd / "folder.yaml" / "seed.yaml").unlink()
    proc = run(cli, "check", ".", "--format", "json", cwd=odd)
    report = json.loads(proc.stdout)
    assert proc.returncode == 0
    assert [f["path"] for f in report["files"]] == ["good.yaml"]
    assert report["errors"] == [] and report["diagnostics"] == []
    assert {s["path"]: s["reason"] for s in report["skipped"]} == {
        "dangling.yaml": "dangling symbolic link to 'nowhere.yaml'",
        "fifo.yaml": "not a regular file (a FIFO)",
        "loop-a.yaml": "symbolic link loop",
        "loop-b.yaml": "symbolic link loop",
        "socket.yaml": "not a regular file (a socket)",
    }


EXPLICIT = {
    "missing.yaml": "no such file or directory",
    "dangling.yaml": "dangling symbolic link to 'nowhere.yaml'",
    "loop-a.yaml": "symbolic link loop",
    "fifo.yaml": "not a regular file (a FIFO); to check a stream, pipe it into '-'",
    "socket.yaml": "not a regular file (a socket)",
    "eacces.yaml": "cannot read: permission denied",
    "eio.yaml": "cannot read: input/output error",
}


def _explicit(odd: Path) -> list[str]:
    _unreadable(odd, "eacces.yaml")
    (odd / "eio.yaml").symlink_to("/proc/self/mem")  # a regular file whose read gives EIO
    return ["good.yaml", *EXPLICIT]


def test_named_odd_paths_give_one_line_each_and_exit_2(cli: list[str], odd: Path) -> None:
    proc = run(cli, "check", *_explicit(odd), cwd=odd)
    assert proc.returncode == 2
    assert sorted(_lines(proc.stderr)) == sorted(
        f"naftiko-lint: {name}: {message}" for name, message in EXPLICIT.items()
    )
    summary = _lines(proc.stdout)[-1]
    assert summary.startswith("0 errors, 0 warnings in 1 file; 7 paths not checked: ")
    assert summary.endswith(" and 4 more")


def test_named_odd_paths_in_the_json_errors_list(cli: list[str], odd: Path) -> None:
    proc = run(cli, "check", "--format", "json", *_explicit(odd), cwd=odd)
    report = json.loads(proc.stdout)
    assert proc.returncode == 2
    assert [f["path"] for f in report["files"]] == ["good.yaml"]
    assert {e["path"]: e["message"] for e in report["errors"]} == EXPLICIT
    assert sorted(report["not_checked"]) == sorted(EXPLICIT)
    assert report["summary"]["files"] == 1


def test_file_vanishing_between_listing_and_reading(cli: list[str], tmp_path: Path) -> None:
    """A custom function run on a.yaml removes b.yaml, which was already listed."""
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        shutil.copy(CLEAN, tmp_path / name)
    (tmp_path / "functions").mkdir()
    (tmp_path / "functions" / "remove.py").write_text(
        "import os\n\n\ndef remove(target, options, context):\n"
        "    if os.path.exists(options['path']):\n        os.remove(options['path'])\n"
        "    return []\n"
    )
    (tmp_path / "ruleset.yaml").write_text(
        "functions: [remove]\nrules:\n  remover:\n    given: $\n    severity: info\n"
        f"    then: {{function: remove, functionOptions: {{path: '{tmp_path / 'b.yaml'}'}}}}\n"
    )
    proc = run(
        cli,
        "check",
        "--format",
        "json",
        "--ruleset",
        "ruleset.yaml",
        "a.yaml",
        "b.yaml",
        "c.yaml",
        cwd=tmp_path,
    )
    report = json.loads(proc.stdout)
    assert proc.returncode == 2
    assert [f["path"] for f in report["files"]] == ["a.yaml", "c.yaml"]
    assert report["errors"] == [
        {"path": "b.yaml", "message": "cannot read: no such file or directory"}
    ]
    assert _lines(proc.stderr) == ["naftiko-lint: b.yaml: cannot read: no such file or directory"]


def test_huge_file_is_refused_from_its_size(cli: list[str], tmp_path: Path) -> None:
    """A 5 GB (sparse) file: refused from its size, never read."""
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(5 * 1024**3)
    proc = run(cli, "check", "huge.yaml", cwd=tmp_path)
    assert proc.returncode == 1 and proc.stderr == b""
    assert _lines(proc.stdout)[0].startswith(
        "huge.yaml:1:1: error [file-too-large] File is 5368709120 bytes, over the 33554432-byte"
    )


def test_endless_standard_input_is_read_only_up_to_the_limit(cli: list[str]) -> None:
    """`yes` never ends: reading it whole would never return."""
    endless = subprocess.Popen(["yes", "naftiko: 1.0.0-alpha2"], stdout=subprocess.PIPE)
    try:
        proc = subprocess.run(
            [*cli, "check", "-", "--max-file-size", "100000"],
            stdin=endless.stdout,
            capture_output=True,
            timeout=60,
        )
    finally:
        endless.kill()
        endless.wait()
        assert endless.stdout is not None
        endless.stdout.close()
    assert proc.returncode == 1 and proc.stderr == b""
    assert _lines(proc.stdout)[0] == (
        "-:1:1: error [file-too-large] Input is over the 100000-byte limit; capability files "
        "are far smaller (raise the limit with --max-file-size)"
    )


def test_a_fifo_is_refused_after_opening_without_blocking(tmp_path: Path) -> None:
    """The stat → open race: a file swapped for a FIFO is opened non-blocking and refused
    by fstat, so it cannot hang the run (no writer ever opens this FIFO)."""
    fifo = tmp_path / "swapped.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match=r"^cannot read: not a regular file \(a FIFO\)$"):
        read_file(fifo, 1000)


def test_discovery_checks_one_file_once_whatever_its_names(tmp_path: Path) -> None:
    shutil.copy(CLEAN, tmp_path / "a.yaml")
    (tmp_path / "alias.yaml").symlink_to("a.yaml")
    found = discover([str(tmp_path / "a.yaml"), str(tmp_path / "alias.yaml"), str(tmp_path)])
    assert [c.display for c in found.candidates] == [str(tmp_path / "a.yaml")]
    assert found.errors == [] and found.skipped == []


def test_a_named_folder_symlink_is_walked(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    shutil.copy(CLEAN, tmp_path / "real" / "a.yaml")
    (tmp_path / "link").symlink_to("real", target_is_directory=True)
    found = discover([str(tmp_path / "link")])
    assert [c.display for c in found.candidates] == [str(tmp_path / "link" / "a.yaml")]


@pytest.mark.parametrize("option", ["--config", "--ruleset"])
def test_a_fifo_as_configuration_or_ruleset_is_refused_without_hanging(
    cli: list[str], tmp_path: Path, option: str
) -> None:
    fifo = tmp_path / "settings.yaml"
    os.mkfifo(fifo)
    capability = FIXTURES / "clean" / "steps.yaml"
    proc = run(cli, "check", option, str(fifo), str(capability), cwd=tmp_path)
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
    assert b"not a regular file (a FIFO)" in proc.stderr
