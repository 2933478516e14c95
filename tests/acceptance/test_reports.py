"""Several reports from one run: `--format` and `--output` repeated, each --output going to
the --format before it; every report is byte for byte what a run of that format alone
writes, with worker processes, with the cache and without; the exit code is the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_cli import run


def alone(cli: list[str], folder: Path, name: str, *args: str) -> tuple[int, bytes]:
    proc = run(cli, "check", ".", "--no-cache", "--format", name, *args, cwd=folder)
    return proc.returncode, proc.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("cache", [False, True])
def test_each_report_is_what_its_format_alone_writes(
    cli: list[str], copied: Path, tmp_path: Path, jobs: str, cache: bool
) -> None:
    expected_json, expected_text = (alone(cli, copied, name) for name in ("json", "text"))
    assert expected_json[0] == expected_text[0] == 1  # the seeds have errors
    cache_args = ["--cache-dir", str(tmp_path / "cache")] if cache else ["--no-cache"]
    for attempt in range(2 if cache else 1):  # with a cache: the second run reads it
        out = tmp_path / f"report-{attempt}.json"
        proc = run(
            cli,
            "check",
            ".",
            "--jobs",
            jobs,
            *cache_args,
            "--format",
            "json",
            "--output",
            str(out),
            "--format",
            "text",
            cwd=copied,
        )
        assert (proc.returncode, proc.stdout) == expected_text
        assert out.read_bytes() == expected_json[1]


def test_an_output_before_any_format_goes_to_the_first_format(
    cli: list[str], copied: Path, tmp_path: Path
) -> None:
    code, expected = alone(cli, copied, "json")
    out = tmp_path / "r.json"
    proc = run(cli, "check", ".", "-o", str(out), "--format", "json", cwd=copied)
    assert proc.returncode == code and proc.stdout == b""
    assert out.read_bytes() == expected


def test_two_files_and_no_standard_output(cli: list[str], copied: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.json"
    proc = run(
        cli, "check", ".", "--format", "text", "-o", str(a), "--format", "json", "-o", str(b),
        cwd=copied,
    )  # fmt: skip
    assert (proc.returncode, proc.stdout) == (1, b"")
    assert a.read_bytes() == alone(cli, copied, "text")[1]
    assert b.read_bytes() == alone(cli, copied, "json")[1]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--format", "json", "--format", "text"], "only one report can go to standard output"),
        (["--format", "json", "-o", "x", "-o", "y"], "already goes to x"),
        (["--format", "json", "-o", "x", "--format", "text", "-o", "x"], "the same --output"),
    ],
    ids=["two-to-stdout", "two-outputs-one-format", "one-file-twice"],
)
def test_reports_that_cannot_all_be_written_are_a_usage_error(
    cli: list[str], copied: Path, args: list[str], words: str
) -> None:
    proc = run(cli, "check", ".", *args, cwd=copied)
    assert proc.returncode == 2 and proc.stdout == b""
    assert words in proc.stderr.decode()
    assert not (copied / "x").exists()  # nothing was checked or written
