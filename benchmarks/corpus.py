"""Realistic capability files for the benchmark, generated deterministically.

    python benchmarks/corpus.py FOLDER [--count 100] [--kind clean|defective] [--seed 13]

Each file is written from templates modelled on fixtures/clean/ and fixtures/seeds/: 1-50
consumed operations over one to three HTTP namespaces (list, create, read, update, delete of
a few resources, some behind bound credentials), exposed as a REST adapter (resources,
operations, path/query/body inputs, `call` + `with`, object outputs with mappings) and an MCP
adapter (tools with hints, some MCP resources, one orchestrated tool with call and lookup
`steps`). "clean" files give no finding at all; "defective" files carry the defects real
generated capabilities have (see fixtures/seeds/ and rules/docs/): `with` values on the wrong
namespace, `{x}` single braces in consumed paths, undeclared path parameters, unknown schema
keys, object outputs without properties, wrong MCP hints, qualified bind references, bodies
that are never sent, misspelt calls, http:// base URIs. File i depends only on (kind, seed, i),
so a corpus of 10 is the first 10 files of a corpus of 1,000.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

if not __package__:  # run as a script: python benchmarks/corpus.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.templates import (
    FIELDS,
    NOUNS,
    QUERY,
    SERVICES,
    Draw,
    consumed,
    mcp_adapter,
    rest_adapter,
    steps_tool,
)


def _plan(draw: Draw, ops: int) -> list[dict[str, Any]]:
    """Namespaces -> resources -> operations, as plain records the writers share."""
    rng = draw.rng
    nouns = rng.sample(NOUNS, len(NOUNS))
    spaces = [{"ns": s, "resources": []} for s in rng.sample(SERVICES, rng.randint(1, min(3, ops)))]
    kinds = [
        ("list", "GET", 0),
        ("create", "POST", 0),
        ("get", "GET", 1),
        ("update", "PUT", 1),
        ("delete", "DELETE", 1),
    ]
    made = 0
    while made < ops:
        plural, one = nouns.pop()
        space = spaces[len(nouns) % len(spaces)]
        chosen = kinds[: ops - made]
        for item in (0, 1):
            group = [k for k in chosen if k[2] == item]
            if not group:
                continue
            var = f"{one}Id"
            res = {
                "name": plural if not item else one,
                "plural": plural,
                "one": one,
                "vars": [var] if item else [],
                "ops": [],
            }
            for verb, method, _ in group:
                noun = plural if verb == "list" else one
                query = rng.sample(QUERY[:6], rng.randint(1, 3)) if verb == "list" else []
                body = rng.sample(FIELDS, rng.randint(1, 4)) if method in ("POST", "PUT") else []
                res["ops"].append(
                    {
                        "name": f"{verb}-{noun}",
                        "method": method,
                        "query": query,
                        "body": body,
                        "ns": space["ns"],
                    }
                )
                made += 1
            space["resources"].append(res)
    return [s for s in spaces if s["resources"]]


def capability(kind: str, seed: int, index: int) -> dict[str, Any]:
    """The index-th capability of a corpus, as a YAML-ready mapping."""
    draw = Draw(kind, seed, index)
    rng = draw.rng
    ops = min(50, max(1, round(rng.triangular(1, 50, 6))))
    spaces = _plan(draw, ops)
    flat = [(r, o) for s in spaces for r in s["resources"] for o in r["ops"]]
    gets = [(r, o) for r, o in flat if o["name"].startswith("get-")]
    lists = [o for _, o in flat if o["name"].startswith("list-")]
    join = None
    if gets and lists and rng.random() < 0.6:
        res, get = gets[0]
        get["links"] = f"{lists[0]['name'][5:]}-ids"
        join = steps_tool(get, lists[0], res["vars"][0], draw)
    binds: list[dict[str, Any]] = []
    consumes = [consumed(s, draw, binds) for s in spaces]
    base = spaces[0]["ns"]
    mcp = mcp_adapter(spaces, f"{base}-tools", draw)
    if join:
        mcp["tools"].append(join)
    doc: dict[str, Any] = {
        "naftiko": "1.0.0-alpha2",
        "info": {
            "label": f"{base.split('-')[0].capitalize()} desk {index}",
            "description": f"{ops} operations of the {base} services, over REST and MCP.",
            "tags": sorted({s["ns"].split("-")[0] for s in spaces}),
        },
    }
    if binds:
        doc["binds"] = binds
    doc["capability"] = {
        "consumes": consumes,
        "exposes": [rest_adapter(spaces, f"{base}-api", draw), mcp],
    }
    return doc


def generate(folder: Path, count: int, kind: str = "clean", seed: int = 13) -> list[Path]:
    """Write `count` capabilities of `kind` ("clean" or "defective") into `folder`."""
    if kind not in ("clean", "defective"):
        raise ValueError(f"kind must be clean or defective, not {kind!r}")
    folder.mkdir(parents=True, exist_ok=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    paths = []
    for index in range(count):
        doc = capability(kind, seed, index)
        flow = None if index % 3 == 0 else False  # some files write small maps {in: flow}
        text = yaml.dump(doc, Dumper=dumper, sort_keys=False, width=100, default_flow_style=flow)
        path = folder / f"cap-{index:05}.yaml"
        path.write_text(f"# benchmarks/corpus.py: {kind}, seed {seed}, file {index}\n{text}")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--kind", choices=["clean", "defective"], default="clean")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    print(f"{len(generate(args.folder, args.count, args.kind, args.seed))} files in {args.folder}")


if __name__ == "__main__":
    main()
