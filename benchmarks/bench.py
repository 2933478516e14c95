"""The naftiko-lint benchmark: whole-command timings beside the parse floor and Spectral.

    python benchmarks/bench.py [--sizes 1,10,100,1000,10000] [--kinds clean,defective]
                               [--runs 5] [--corpus DIR ...] [--spectral PATH | --no-spectral]
                               [--cold-runs 10] [--seed 13] [--markdown FILE]

For every size x kind it generates a corpus (benchmarks/corpus.py: "clean" files give no
finding, "defective" ones tens to hundreds) in a temporary folder; each --corpus DIR is
measured as it is. Per corpus, in one run of this script:

* `naftiko-lint check --format json -o /dev/null DIR` (findings formatted, as users get them;
  `--no-cache` when the CLI has a cache) as a child process: median and minimum of --runs
  runs after a warm-up, files/s, ms/file, the peak RSS of the whole process tree (worker
  processes included), the findings (counted from one JSON report) and µs per finding;
* the same with `--jobs 1`, and a cached rerun (`--cache-dir` filled once, then timed), when
  the CLI has those options ("n/a" otherwise);
* the floors on the same bytes, in this process: rapidyaml's parse and PyYAML's C loader;
* `spectral lint` with the official Naftiko ruleset (tests/differential/data/official/),
  timed the same way, and Spectral's time over naftiko-lint's;

then the cold start: `naftiko-lint check FILE` on one small file against
`python -c 'import yaml, json'` (medians of --cold-runs). It prints Markdown tables and the machine;
--markdown FILE writes them into FILE between the benchmark markers (docs/performance.md
keeps the latest run), or writes a new file. Run it with the interpreter naftiko-lint is
installed in: the executables beside sys.executable are the ones timed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import ryml
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks import measure, report  # noqa: E402
from benchmarks.corpus import generate  # noqa: E402

RULESET = REPO / "tests/differential/data/official/naftiko-rules.yml"
SPECTRAL = Path("/tmp/spectral/node_modules/.bin/spectral")
COLD_FILE = REPO / "fixtures/clean/mcp-tools.yaml"


def _options(tool: str) -> set[str]:
    """The `check` options this naftiko-lint has (the benchmark runs on older ones too)."""
    help_text = measure._output([tool, "check", "--help"])
    return {opt for opt in ("--jobs", "--no-cache", "--cache-dir") if opt in help_text}


def _spectral(args: argparse.Namespace) -> str | None:
    if args.no_spectral:
        return None
    found = args.spectral or shutil.which("spectral") or (SPECTRAL if SPECTRAL.exists() else None)
    if args.spectral and not Path(args.spectral).exists():
        sys.exit(f"bench.py: no Spectral CLI at {args.spectral}")
    return str(found) if found else None


def _files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix in (".yaml", ".yml", ".json")
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def _findings(report_file: Path) -> int:
    """Diagnostics in a JSON report, counted without loading it (it can be hundreds of MB);
    inside a message a quote is escaped, so the bytes '"rule":' open a diagnostic's key."""
    count, tail = 0, b""
    with report_file.open("rb") as stream:
        while chunk := stream.read(1 << 24):
            data = tail + chunk
            count += data.count(b'"rule":')
            tail = data[-6:]
    return count


def _measure(
    name: str, folder: Path, ctx: dict, runs: int, tmp: Path, log: Callable[[str], None]
) -> dict:
    tool, options = ctx["tool"], ctx["options"]
    paths = _files(folder)
    raw = [p.read_bytes() for p in paths]
    row: dict = {"corpus": name, "files": len(paths), "mb": sum(map(len, raw)) / 1e6}
    no_cache = ["--no-cache"] if "--no-cache" in options else []

    def check(output: str, *extra: str) -> list[str]:
        return [tool, "check", "--format", "json", "-o", output, *extra, str(folder)]

    report_file = tmp / "report.json"
    measure.run_once(check(str(report_file), *no_cache), cwd=tmp)  # also the warm-up run
    row["findings"] = _findings(report_file)
    report_file.unlink(missing_ok=True)
    log(f"{name}: {row['files']} files, {row['findings']} findings")
    row["lint"] = measure.timed(check("/dev/null", *no_cache), runs, tmp, warmup=False)
    if "--jobs" in options:
        jobs1 = check("/dev/null", *no_cache, "--jobs", "1")
        row["jobs1"] = measure.timed(jobs1, runs, tmp, warmup=False)
    if {"--no-cache", "--cache-dir"} <= options:
        cache = str(tmp / f"cache-{len(ctx['done'])}")
        # the warm-up run fills the cache; the timed runs reuse it
        row["cached"] = measure.timed(check("/dev/null", "--cache-dir", cache), runs, tmp)
    row["ryml"] = measure.in_process(raw, ryml.parse_in_arena, runs)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    row["pyyaml"] = measure.in_process(raw, lambda b: yaml.load(b, Loader=loader), runs)
    if ctx["spectral"]:
        glob = str(folder / "**" / "*.y*ml")
        cmd = [ctx["spectral"], "lint", glob, "-r", str(RULESET), "-f", "json", "--quiet"]
        row["spectral"] = measure.timed([*cmd, "-o", "/dev/null"], runs, tmp)
    log(f"{name}: {row['lint'].median:.3f} s")
    ctx["done"].append(name)
    return row


def _cold(ctx: dict, tmp: Path, runs: int) -> dict:
    """One small file in a folder of its own (so no configuration or cache is shared)."""
    folder = tmp / "cold"
    folder.mkdir()
    file = folder / COLD_FILE.name
    shutil.copy(COLD_FILE, file)
    cmd = [ctx["tool"], "check", str(file)]
    if "--no-cache" in ctx["options"]:
        cmd.append("--no-cache")
    python = [sys.executable, "-c", "import yaml, json"]
    return {
        "file": f"{COLD_FILE.relative_to(REPO)} ({file.stat().st_size / 1000:.1f} kB)",
        "lint": measure.timed(cmd, runs, cwd=folder),
        "python": measure.timed(python, runs, cwd=folder),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100,1000,10000")
    parser.add_argument("--kinds", default="clean,defective")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=10, metavar="N")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--corpus", type=Path, action="append", default=[], metavar="DIR")
    spectral = parser.add_mutually_exclusive_group()
    spectral.add_argument("--spectral", metavar="PATH")
    spectral.add_argument("--no-spectral", action="store_true")
    parser.add_argument("--markdown", type=Path, metavar="FILE")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    tool = measure.executable("naftiko-lint")
    ctx = {"tool": tool, "options": _options(tool), "spectral": _spectral(args), "done": []}
    machine = measure.machine(tool, ctx["spectral"])  # the code as it was when timing began
    rows = []

    def log(message: str) -> None:
        print(f"bench.py: {message}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="naftiko-bench-") as name:
        tmp = Path(name)
        for size in sizes:
            for kind in kinds:
                folder = tmp / f"{kind}-{size}"
                generate(folder, size, kind, args.seed)
                rows.append(_measure(f"{kind} {size}", folder, ctx, args.runs, tmp, log))
                shutil.rmtree(folder)
        for folder in args.corpus:
            rows.append(_measure(str(folder), folder.resolve(), ctx, args.runs, tmp, log))
        cold = _cold(ctx, tmp, args.cold_runs)
    text = report.render(rows, cold, machine, args.runs, args.cold_runs)
    print(text)
    if args.markdown:
        report.write_into(args.markdown, text)


if __name__ == "__main__":
    main()
