"""How the rule engine scales with the number of rules.

    python benchmarks/rules_scaling.py [--files 1000] [--extra 100]

Runs the default ruleset over a synthetic corpus (see load_corpus.py), then the default
ruleset plus N simple rules that share a handful of `given` paths (as real house rulesets
do), and prints the engine time of each (parsing excluded).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.load_corpus import synthetic_corpus  # noqa: E402
from naftiko_lint.document.loading import parse_document  # noqa: E402
from naftiko_lint.ruleset.engine import Engine  # noqa: E402
from naftiko_lint.ruleset.loader import (  # noqa: E402
    DEFAULT_RULESET,
    RulesetLoader,
    resolve_location,
)
from naftiko_lint.spec import toplevel  # noqa: E402

GIVENS = [
    "$.info",
    "$.capability.consumes[*]",
    "$.capability.exposes[*]",
    "$.capability.exposes[*].resources[*].operations[*]",
    "$.capability.exposes[?(@.type == 'mcp')].tools[*]",
    "$.capability.consumes[*].baseUri",
]
# Recursive descent is the expensive JSONPath form (python-jsonpath visits every node,
# strings included); --descendant adds one such path to the extra rules.
DESCENDANT = "$..baseUri"
# Checks that mostly pass, as a house ruleset's do on files that follow it.
THENS = [
    "{function: truthy}",
    "{function: length, functionOptions: {max: 100000}}",
    "{function: defined}",
    "{function: falsy, field: x-internal}",
]


def extra_ruleset(folder: Path, count: int, descendant: bool) -> Path:
    givens = [*GIVENS, DESCENDANT] if descendant else GIVENS
    lines = [f"extends: [[{DEFAULT_RULESET}, all]]", "rules:"]
    for i in range(count):
        lines += [
            f"  extra-{i}:",
            f'    given: "{givens[i % len(givens)]}"',
            f"    then: {THENS[i % len(THENS)]}",
        ]
    path = folder / "extra.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def measure(engine: Engine, documents: list) -> tuple[float, int]:
    """Engine time over (data, formats) pairs: formats as the linter gives them (the default
    ruleset's rules run only on the spec versions they know)."""
    start = time.perf_counter()
    found = sum(len(engine.run(data, formats=formats)) for data, formats in documents)
    return time.perf_counter() - start, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--extra", type=int, default=100)
    parser.add_argument(
        "--descendant",
        action="store_true",
        help="let the extra rules use a recursive-descent path too",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        synthetic_corpus(folder, args.files)
        parsed = [parse_document("x", p.read_bytes()) for p in sorted(folder.glob("*.yaml"))]
        documents = [
            (d.data, frozenset({"naftiko", toplevel.check(d).version or ""})) for d in parsed
        ]
        default_source = resolve_location(DEFAULT_RULESET, REPO)
        default = Engine(*RulesetLoader().load([(default_source, "all")]))
        more = Engine(
            *RulesetLoader().load([(extra_ruleset(folder, args.extra, args.descendant), "all")])
        )
        base_time, base_found = measure(default, documents)
        more_time, more_found = measure(more, documents)
        print(f"{len(documents)} documents")
        print(
            f"default ruleset ({len(default.ruleset.rules)} rules): {base_time:7.3f} s, "
            f"{base_found} findings"
        )
        print(
            f"+ {args.extra} rules ({len(more.ruleset.rules)} rules):   {more_time:7.3f} s, "
            f"{more_found} findings  (x{more_time / base_time:.2f})"
        )


if __name__ == "__main__":
    main()
