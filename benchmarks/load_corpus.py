"""Measure loading and checking speed on a corpus of capability files.

    python benchmarks/load_corpus.py [FOLDER] [--files N]

Without FOLDER a synthetic corpus is generated from fixtures/seeds (each seed's resources
and tools repeated 1-8 times, 585 files by default, about 4-5 MB). Prints seconds per stage:
PyYAML's C composer and C safe loader (the baselines), rapidyaml's bare parse, our
document loading (fast path + fallback), schema validation with each backend, and the whole
`check` pipeline.
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from naftiko_lint.document.loading import parse_document  # noqa: E402
from naftiko_lint.linter import LintOptions, lint_source  # noqa: E402
from naftiko_lint.spec import schema as schema_check  # noqa: E402
from naftiko_lint.spec import toplevel  # noqa: E402


def synthetic_corpus(folder: Path, count: int) -> None:
    seed_files = sorted((REPO / "fixtures/seeds").glob("*.yaml"))
    seeds = [yaml.safe_load(p.read_text()) for p in seed_files]
    rng = random.Random(1)
    for i in range(count):
        doc = copy.deepcopy(seeds[i % len(seeds)])
        k = rng.randint(1, 8)
        for consumed in doc["capability"]["consumes"]:
            consumed["resources"] = [
                dict(copy.deepcopy(r), name=f"{r['name']}-{j}")
                for j in range(k)
                for r in consumed["resources"]
            ]
        for exposed in doc["capability"]["exposes"]:
            for key in ("resources", "tools"):
                if key in exposed:
                    exposed[key] = [copy.deepcopy(item) for _ in range(k) for item in exposed[key]]
        text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)
        (folder / f"cap-{i:04}.yaml").write_text(text)


def timed(name: str, files: list[bytes], fn: Callable[[bytes], object]) -> float:
    start = time.perf_counter()
    for raw in files:
        fn(raw)
    elapsed = time.perf_counter() - start
    print(f"{name:<34} {elapsed:8.3f} s")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?")
    parser.add_argument("--files", type=int, default=585)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.folder) if args.folder else Path(tmp)
        if not args.folder:
            synthetic_corpus(folder, args.files)
        files = [p.read_bytes() for p in sorted(folder.rglob("*.y*ml"))]
        size = sum(map(len, files))
        print(f"{len(files)} files, {size / 1e6:.1f} MB")
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        timed("PyYAML compose (C)", files, lambda b: yaml.compose(b, Loader=loader))
        timed("PyYAML safe_load (C)", files, lambda b: yaml.load(b, Loader=loader))
        try:
            import ryml

            timed("rapidyaml parse only", files, lambda b: ryml.parse_in_arena(b))
        except ImportError:
            pass
        fast = 0

        def load(raw: bytes) -> None:
            nonlocal fast
            fast += parse_document("x.yaml", raw).loaded_fast

        timed("naftiko-lint load (data)", files, load)
        print(f"{'  fast path taken':<34} {fast}/{len(files)} files")
        parsed = [parse_document("x.yaml", raw) for raw in files]
        documents = [(d, toplevel.check(d).version) for d in parsed]
        for backend in ("jsonschema-rs", "jsonschema"):
            try:
                schema_check.backend_for("1.0.0-alpha2", backend)  # compile outside the timing
            except RuntimeError:
                continue
            start = time.perf_counter()
            found = sum(
                len(schema_check.check(d.data, version, pure_json=d.loaded_fast, prefer=backend))
                for d, version in documents
                if version
            )
            print(
                f"{'schema diagnostics (' + backend + ')':<34} "
                f"{time.perf_counter() - start:8.3f} s  ({found} findings)"
            )
        options = LintOptions()
        timed("naftiko-lint check (all stages)", files, lambda b: lint_source("x.yaml", b, options))


if __name__ == "__main__":
    main()
