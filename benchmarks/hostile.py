"""Time and memory of `naftiko-lint check` on every hostile case, one child process each.

    python benchmarks/hostile.py [--format text|json] [--only NAME ...] [--keep FOLDER]

Generates the huge cases of `fixtures/hostile/generate.py` into a temporary folder (or
FOLDER), adds every file committed under `fixtures/hostile/`, runs the installed CLI on each
file alone and prints one row per file: bytes, wall seconds, the child's maximum resident
set size, its exit code and the number of findings. The budget is 5 s and 300 MB per file.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

REPO = Path(__file__).resolve().parent.parent
HOSTILE = REPO / "fixtures" / "hostile"
sys.path.insert(0, str(HOSTILE))

import generate  # noqa: E402

BUDGET_SECONDS = 5.0
BUDGET_MB = 300.0
_SUMMARY = re.compile(r"^(\d+) errors?, (\d+) warnings?(?:, (\d+) infos?)?(?:, (\d+) hints?)? in")


@dataclass(frozen=True)
class Row:
    case: str
    size: int
    seconds: float
    megabytes: float
    exit_code: int
    findings: int | None
    traceback: bool


def _cli() -> list[str]:
    beside = Path(sys.executable).with_name("naftiko-lint")
    found = str(beside) if beside.exists() else shutil.which("naftiko-lint")
    return [found] if found else [sys.executable, "-m", "naftiko_lint"]


def _findings(out: BinaryIO, fmt: str) -> int | None:
    """Count the findings without holding the report: a child spawned later would count
    this process's pages in its own maximum resident set size (fork and vfork share them
    until exec)."""
    out.seek(0)
    if fmt == "json":
        marker, count, tail = b'"rule": ', 0, b""
        while chunk := out.read(1 << 20):
            block = tail + chunk
            count += block.count(marker)
            tail = block[-(len(marker) - 1) :]  # too short to hold a counted marker whole
        return count
    out.seek(max(0, out.seek(0, os.SEEK_END) - 4096))
    for line in reversed(out.read().decode("utf-8", "replace").splitlines()):
        match = _SUMMARY.match(line)
        if match:
            return sum(int(group) for group in match.groups() if group)
    return None


def measure(path: Path, fmt: str) -> Row:
    """Run the CLI on `path` with its output in a file; read the child's rusage."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            [*_cli(), "check", "--format", fmt, path.name],
            cwd=path.parent,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        findings = _findings(out, fmt)
        err.seek(0)
        traceback = b"Traceback" in err.read(1 << 20)
    return Row(
        path.name,
        path.stat().st_size,
        seconds,
        usage.ru_maxrss / 1024,
        child.returncode,
        findings,
        traceback,
    )


def cases(folder: Path, only: list[str] | None) -> list[Path]:
    names = [n for n in (only or generate.CASES) if n in generate.CASES]
    # generated in a child: a child forked from a big parent would report the parent's
    # pages in its maximum resident set size
    subprocess.run(
        [sys.executable, str(HOSTILE / "generate.py"), str(folder), "--only", *names],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    generated = [folder / name for name in names]
    committed = sorted(
        p
        for p in HOSTILE.rglob("*")
        if p.is_file() and p.suffix in (".yaml", ".yml", ".json") and "generated" not in p.parts
    )
    if only:
        committed = [p for p in committed if p.name in only]
    return generated + committed


def table(rows: list[Row]) -> str:
    lines = [
        f"{'case':<34} {'bytes':>10} {'seconds':>8} {'MB':>7} {'exit':>4} "
        f"{'findings':>8}  over budget"
    ]
    for r in rows:
        over = [
            name
            for name, bad in (
                ("time", r.seconds > BUDGET_SECONDS),
                ("memory", r.megabytes > BUDGET_MB),
                ("TRACEBACK", r.traceback),
            )
            if bad
        ]
        findings = "?" if r.findings is None else str(r.findings)
        lines.append(
            f"{r.case:<34} {r.size:>10} {r.seconds:>8.2f} {r.megabytes:>7.1f} "
            f"{r.exit_code:>4} {findings:>8}  {', '.join(over)}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--only", nargs="+", metavar="NAME")
    parser.add_argument(
        "--keep", type=Path, metavar="FOLDER", help="generate into FOLDER and keep the files"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        rows = []
        for path in cases(folder, args.only):
            rows.append(measure(path, args.format))
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
