"""Prove a change keeps the output: snapshot the JSON reports of every fixture, then diff.

    python scripts/compare_reports.py snapshot BEFORE_DIR [EXTRA_FOLDER ...]
    python scripts/compare_reports.py compare BEFORE_DIR AFTER_DIR

`snapshot` runs the installed `naftiko-lint check --format json` once per fixture file (so
every file is checked with the configuration found upward from it, as a user would) on the
seeds, the clean and failing fixtures, the hostile corpus (and its generated huge cases
when present), and on any extra folders named (public capability repositories), and writes
one JSON report per group. `compare` prints every difference and exits 1 when there is one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
GROUPS = ("seeds", "clean", "rules", "input", "schema", "suppression", "hostile", "sandbox")
SUFFIXES = {".yaml", ".yml", ".json"}


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in SUFFIXES)


def _report(files: list[Path], cwd: Path) -> dict:
    out: dict[str, object] = {}
    for file in files:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "naftiko_lint",
                "check",
                "--format",
                "json",
                str(file.relative_to(cwd)),
            ],
            cwd=cwd,
            capture_output=True,
            timeout=600,
            check=False,
        )
        try:
            report = json.loads(done.stdout)
        except ValueError:
            report = {"stdout": done.stdout.decode("utf-8", "replace")}
        out[str(file.relative_to(cwd))] = {
            "exit": done.returncode,
            "report": report,
            "stderr": done.stderr.decode("utf-8", "replace"),
        }
    return out


def snapshot(target: Path, extra: list[Path]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for group in GROUPS:
        folder = FIXTURES / group
        if folder.is_dir():
            data = _report(_files(folder), ROOT)
            (target / f"{group}.json").write_text(json.dumps(data, indent=1, sort_keys=True))
            print(f"{group}: {len(data)} files")
    for folder in extra:
        data = _report(_files(folder), folder)
        name = folder.resolve().name
        (target / f"extra-{name}.json").write_text(json.dumps(data, indent=1, sort_keys=True))
        print(f"{name}: {len(data)} files")


def compare(before: Path, after: Path) -> int:
    differences = 0
    for old in sorted(before.glob("*.json")):
        new = after / old.name
        if not new.exists():
            print(f"{old.name}: missing after")
            differences += 1
            continue
        a, b = json.loads(old.read_text()), json.loads(new.read_text())
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                differences += 1
                print(f"{old.name}: {key} differs")
                print("  before:", json.dumps(a.get(key))[:2000])
                print("  after: ", json.dumps(b.get(key))[:2000])
        print(f"{old.name}: {len(a)} files compared")
    print(f"{differences} differences")
    return 1 if differences else 0


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "snapshot":
        snapshot(Path(argv[1]), [Path(p) for p in argv[2:]])
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        return compare(Path(argv[1]), Path(argv[2]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
