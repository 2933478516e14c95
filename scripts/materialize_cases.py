"""Write the rule cases' patched and inline documents out as files, and take them away again.

    python scripts/materialize_cases.py [FOLDER]          # default fixtures/rules
    python scripts/materialize_cases.py --remove [FOLDER]

Cases in tests/cases/ that are patches or inline documents have no file of their own. Tools
that want files (scripts/compare_reports.py, which reports on fixtures/rules/ as it stood
before the cases became patches; an editor; `naftiko-lint check`) get them here: each named
case is written as FOLDER/<name>.fail.yaml (or .pass.yaml when it expects no finding),
byte for byte the text the case test lints. Files already there are left alone; the ones
written are listed in FOLDER/.materialized so that --remove deletes exactly those. Imports
resolve as in the tests only in fixtures/rules/ (beside shared/).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.rules.patches import load_cases  # noqa: E402

MANIFEST = ".materialized"


def materialize(folder: Path) -> list[Path]:
    """Write every named case not already in `folder`; return the files written."""
    written = []
    for case in load_cases():
        if "name" not in case.entry:
            continue
        kind = "fail" if case.entry["expect"] else "pass"
        path = folder / f"{case.entry['name']}.{kind}.yaml"
        if not path.exists():
            path.write_bytes(case.text())
            written.append(path)
    manifest = folder / MANIFEST
    names = [p.name for p in written]
    if manifest.exists():
        names = manifest.read_text().split() + names
    manifest.write_text("".join(f"{n}\n" for n in names))
    return written


def remove(folder: Path) -> int:
    """Delete the files a previous run wrote, and the manifest."""
    manifest = folder / MANIFEST
    if not manifest.exists():
        return 0
    names = manifest.read_text().split()
    for name in names:
        (folder / name).unlink(missing_ok=True)
    manifest.unlink()
    return len(names)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "fixtures" / "rules")
    parser.add_argument("--remove", action="store_true")
    args = parser.parse_args(argv)
    if args.remove:
        print(f"removed {remove(args.folder)} files from {args.folder}")
    else:
        args.folder.mkdir(parents=True, exist_ok=True)
        print(f"wrote {len(materialize(args.folder))} files into {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
