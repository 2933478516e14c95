"""The benchmark (benchmarks/bench.py) runs at a small size in the quick suite so it cannot
rot: its generated corpora are what they claim (clean files give no finding from the real
CLI, defective ones give the common real defects), and its one command prints the table
docs/performance.md keeps. No timing is asserted, only that every cell is measured."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks import report
from benchmarks.corpus import generate

from ..conftest import REPO
from .test_cli import run

CORPORA = ["clean 1", "defective 1", "clean 10", "defective 10"]


def _check(cli: list[str], folder: Path) -> dict:
    # from the corpus's parent folder, so a result cache (if any) stays in tmp_path
    proc = run(cli, "check", "--format", "json", "--isolated", str(folder), cwd=folder.parent)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def test_clean_files_give_no_findings_and_defective_files_the_real_defects(
    cli: list[str], tmp_path: Path
) -> None:
    clean = generate(tmp_path / "clean", 10, "clean")
    defective = generate(tmp_path / "defective", 10, "defective")
    one = generate(tmp_path / "one", 1, "clean")
    assert one[0].read_bytes() == clean[0].read_bytes()  # a corpus of 1 starts one of 10
    assert (
        generate(tmp_path / "again", 10, "defective")[9].read_bytes() == defective[9].read_bytes()
    )
    assert generate(tmp_path / "other", 1, "clean", seed=7)[0].read_bytes() != one[0].read_bytes()

    checked = _check(cli, tmp_path / "clean")
    assert len(checked["files"]) == 10
    assert checked["diagnostics"] == [] and checked["errors"] == []

    broken = _check(cli, tmp_path / "defective")
    assert len(broken["files"]) == 10 and broken["errors"] == []
    by_file: dict[str, int] = {}
    for d in broken["diagnostics"]:
        by_file[d["path"]] = by_file.get(d["path"], 0) + 1
    assert len(by_file) == 10  # every defective file has findings
    assert 10 * 10 <= len(broken["diagnostics"]) <= 10 * 400
    rules = {d["rule"] for d in broken["diagnostics"]}
    common = {"with-namespace-mismatch", "consumed-path-single-brace", "schema-unknown-property"}
    assert common <= rules
    assert "internal-error" not in rules


def _tables(text: str) -> list[list[list[str]]]:
    """Each Markdown table of `text` as rows of cells (the separator row left out)."""
    tables: list[list[list[str]]] = []
    previous = ""
    for line in text.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not previous.startswith("|"):
                tables.append([])
            tables[-1].append(cells)
        previous = line
    return tables


def _number(cell: str) -> float:
    value = float(cell)
    assert value >= 0
    return value


def test_the_benchmark_command_writes_its_table(tmp_path: Path) -> None:
    out = tmp_path / "performance.md"
    out.write_text(
        f"# Performance\n\nHow to read it.\n\n{report.START}\nold\n{report.END}\n\nEnd.\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    args = ["--sizes", "1,10", "--runs", "1", "--cold-runs", "1", "--no-spectral"]
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks/bench.py"), *args, "--markdown", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Performance\n\nHow to read it.\n\n" + report.START)
    assert text.endswith(report.END + "\n\nEnd.\n") and "\nold\n" not in text
    assert text.split(report.START)[1].split(report.END)[0].strip() == proc.stdout.strip()

    corpora, cold = _tables(text)
    assert corpora[0] == report.COLUMNS
    rows = [dict(zip(report.COLUMNS, cells, strict=True)) for cells in corpora[1:]]
    assert [r["corpus"] for r in rows] == CORPORA
    help_text = subprocess.run(
        [str(Path(sys.executable).with_name("naftiko-lint")), "check", "--help"],
        capture_output=True,
        text=True,
    ).stdout
    for row in rows:
        clean = row["corpus"].startswith("clean")
        assert _number(row["files"]) == int(row["corpus"].split()[1])
        assert _number(row["MB"]) > 0
        assert (_number(row["findings"]) == 0) == clean
        assert (row["µs/finding"] == "n/a") if clean else (_number(row["µs/finding"]) > 0)
        for column in ("naftiko-lint s", "min s", "files/s", "ms/file", "rapidyaml floor s"):
            assert _number(row[column]) > 0, column
        for column in ("peak RSS MB", "peak PSS MB", "PyYAML C s", "ratio to floor"):
            assert _number(row[column]) > 0, column
        # proportional memory never exceeds resident memory (rounding aside)
        assert _number(row["peak PSS MB"]) <= _number(row["peak RSS MB"]) + 1
        has = {"jobs-1 s": "--jobs" in help_text, "cached s": "--cache-dir" in help_text}
        for column, present in has.items():
            assert (row[column] != "n/a") == present, column
            if present:
                assert _number(row[column]) > 0
        assert row["Spectral s"] == row["Spectral / naftiko-lint"] == "n/a"
    (header, cells) = cold
    assert len(header) == len(cells) == 6
    assert all(_number(c) > 0 for c in cells[1:])
    assert "- cores: " in text and "- naftiko-lint: naftiko-lint " in text
