"""Long fuzz run: lint many generated inputs in-process and check the fuzz invariant on each.

    python scripts/fuzz.py --examples 100000            # shares spread over every strategy
    python scripts/fuzz.py --examples 5000 --strategy yamlish --seed 7

Each strategy runs in chunks of `--chunk` examples, each chunk under its own seed, so a
failure is shrunk, printed and counted, and the run goes on. Prints one line per strategy
(examples tried, failures, seconds) and every distinct failure; exits 1 if any.
The strategies and the invariant are in tests/property/fuzz_strategies.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, seed, settings

from tests.property.fuzz_strategies import STRATEGIES, check_invariants

# Share of the examples per strategy, by cost: a mutated fixture takes ~35 ms, a schema-
# generated document ~80 ms, random text a few ms.
SHARES = {
    "fixture_mutants": 0.12,
    "schema_mutants": 0.02,
    "yamlish": 0.40,
    "random_json": 0.23,
    "random_bytes": 0.23,
}


def run_strategy(name: str, examples: int, chunk: int, first_seed: int) -> tuple[int, list]:
    tried = 0
    failures: list[str] = []
    done = 0
    while done < examples:
        size = min(chunk, examples - done)

        @seed(first_seed + done)
        @settings(
            max_examples=size,
            deadline=None,
            database=None,
            report_multiple_bugs=False,
            suppress_health_check=list(HealthCheck),
        )
        @given(STRATEGIES[name])
        def check(sample: tuple) -> None:
            nonlocal tried
            tried += 1
            check_invariants(*sample)

        try:
            check()
        except Exception as error:  # the shrunk failure: report it and go on
            failures.append(f"{type(error).__name__}: {error}")
            print(f"  [{name}] {failures[-1][:2000]}", file=sys.stderr, flush=True)
        done += size
    return tried, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--strategy", action="append", choices=sorted(STRATEGIES))
    parser.add_argument("--chunk", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    names = args.strategy or list(SHARES)
    total_share = sum(SHARES[n] for n in names)
    distinct: dict[str, str] = {}
    print(f"{'strategy':<16} {'examples':>9} {'tried':>9} {'failures':>8} {'seconds':>8}")
    grand = 0
    for name in names:
        examples = round(args.examples * SHARES[name] / total_share)
        start = time.perf_counter()
        tried, failures = run_strategy(name, examples, args.chunk, args.seed)
        grand += examples
        print(
            f"{name:<16} {examples:>9} {tried:>9} {len(failures):>8} "
            f"{time.perf_counter() - start:>8.1f}",
            flush=True,
        )
        for failure in failures:
            distinct.setdefault(failure.splitlines()[0][:160], f"[{name}] {failure}")
    print(f"{'total':<16} {grand:>9}")
    for failure in distinct.values():
        print("\n" + failure[:4000])
    return 1 if distinct else 0


if __name__ == "__main__":
    sys.exit(main())
