"""`--jobs N` checks files in worker processes; what it prints is exactly what one process
prints (report, notices, exit code), in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import FIXTURES, REPO
from .test_cli import run


@pytest.mark.parametrize("format_", ["json", "text"])
def test_jobs_change_nothing_in_the_output(cli: list[str], format_: str) -> None:
    """Every fixture folder: clean and broken capabilities, hostile bytes, configuration
    errors and custom functions in the sandbox, imports, suppressions."""
    hostile = sorted(
        str(p.relative_to(REPO))
        for p in (FIXTURES / "hostile").iterdir()
        if p.suffix in (".yaml", ".json")
    )
    args = ["check", "--format", format_, str(FIXTURES.relative_to(REPO))]
    args += [*hostile, "fixtures/sandbox/configs/extends-url.yaml"]  # named: always checked
    one = run(cli, *args, "--no-cache", "--jobs", "1", cwd=REPO)
    two = run(cli, *args, "--no-cache", "--jobs", "2", cwd=REPO)
    assert one.returncode in (1, 2)
    assert two.returncode == one.returncode
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr
    assert one.stdout.count(b"\n") > 400


def test_jobs_zero_means_one_per_cpu_and_a_few_files_stay_in_process(cli: list[str]) -> None:
    seeds = str((FIXTURES / "seeds").relative_to(REPO))
    serial = run(cli, "check", "--no-cache", seeds, cwd=REPO)
    assert run(cli, "check", "--no-cache", seeds, "--jobs", "0", cwd=REPO).stdout == serial.stdout
    assert run(cli, "check", "--no-cache", seeds, "-j", "4", cwd=REPO).stdout == serial.stdout
    bad = run(cli, "check", seeds, "--jobs", "-1", cwd=REPO)
    assert bad.returncode == 2 and b"--jobs" in bad.stderr


def test_worker_outcomes_keep_internal_errors_and_their_tracebacks(
    cli: list[str], tmp_path: Path
) -> None:
    """An outcome with a traceback (a raising custom function) travels from a worker
    process whole: --debug prints the same tracebacks, in the same order, as one process."""
    from ..unit.test_containment import BOOM, CAPABILITY, RULESET

    (tmp_path / "functions").mkdir()
    (tmp_path / "functions" / "boom.py").write_text(BOOM)
    (tmp_path / "ruleset.yaml").write_text(RULESET)
    for i in range(12):
        label = "Boom" if i % 3 == 0 else "Fine"
        (tmp_path / f"cap-{i:02}.yaml").write_text(CAPABILITY.format(label=label))
    args = ["check", "--no-cache", "--debug", "--ruleset", "ruleset.yaml", "."]
    one = run(cli, *args, "--jobs", "1", cwd=tmp_path)
    two = run(cli, *args, "--jobs", "2", cwd=tmp_path)
    assert one.returncode == 2
    assert one.stderr.count(b"Traceback") == 4
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)
