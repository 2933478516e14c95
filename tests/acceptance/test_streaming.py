"""The report is written while files are checked and each file's diagnostics are dropped:
what `check` prints is exactly the report the whole result gives (the API's LintResult,
formatted at once), in every order the paths can be named in, and memory does not grow
with the number of files."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from naftiko_lint.formatters import load
from naftiko_lint.formatters.base import FormatOptions
from naftiko_lint.linter import LintOptions
from naftiko_lint.results import report_to_dict
from naftiko_lint.runner import lint_paths

from ..conftest import FIXTURES, REPO
from .test_cli import run

# Named out of path order, a file among folders, and folders whose walk order differs from
# the sorted order of their display paths: the writer must spool and sort.
PATHS = [
    "fixtures/suppression",
    "fixtures/seeds",
    "fixtures/clean/imports.yaml",
    "fixtures/clean",
    "fixtures/rules",
    "fixtures/schema",
]


def _whole(format_: str, statistics: bool = False) -> bytes:
    result = lint_paths(PATHS, LintOptions())
    if format_ == "json":
        text = json.dumps(report_to_dict(result), indent=2, ensure_ascii=False) + "\n"
    else:
        text = load(format_)(FormatOptions(statistics=statistics)).format(result)
    return text.encode()


@pytest.mark.parametrize("format_", ["json", "text"])
def test_the_streamed_report_is_the_whole_report(
    cli: list[str], format_: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    done = run(
        cli,
        "check",
        "--no-cache",
        "--format",
        format_,
        "--jobs",
        "1",
        *PATHS,
        cwd=REPO,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout == _whole(format_)
    assert done.stdout.count(b"\n") > 300


def test_a_report_to_a_file_is_the_report_on_standard_output(
    cli: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "report.json"
    to_file = run(cli, "check", "--format", "json", "-o", str(out), *PATHS, cwd=REPO)
    to_stdout = run(cli, "check", "--format", "json", *PATHS, cwd=REPO)
    assert to_file.returncode == to_stdout.returncode == 1
    assert to_file.stdout == b""
    assert out.read_bytes() == to_stdout.stdout


def _peak_rss_kb(files: int, folder: Path, jobs: str = "1") -> int:
    """Peak RSS of one `check --jobs 1` over the first `files` generated files, measured
    in a fresh child (RUSAGE_CHILDREN of a grandchild that runs only that check)."""
    program = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    names = sorted(folder.iterdir())[:files]
    argv = [sys.executable, "-m", "naftiko_lint", "check", "--no-cache", "--format", "json"]
    argv += ["--jobs", jobs]
    done = subprocess.run(
        [sys.executable, "-c", program, *argv, *map(str, names)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return int(done.stdout.strip())


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_memory_does_not_grow_with_the_number_of_files(tmp_path: Path, jobs: str) -> None:
    """1,200 broken files draw about 60,000 findings: held to the end (as before
    streaming) they cost over 300 MB more than 40 files, and each file's JSON that
    rapidyaml's emit_json never freed 20 MB more; streamed, the peak of any one process
    (the largest child's, workers included) stays within a few MB of where it was."""
    seeds = sorted((FIXTURES / "seeds").glob("*.yaml"))
    for i in range(1200):
        source = seeds[i % len(seeds)]
        (tmp_path / f"cap-{i:04}.yaml").write_bytes(source.read_bytes())
    assert resource.RUSAGE_CHILDREN  # the measure exists on this platform
    small = _peak_rss_kb(40, tmp_path, jobs)
    large = _peak_rss_kb(1200, tmp_path, jobs)
    assert large - small < 10 * 1024, (small, large)
