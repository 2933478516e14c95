"""How soon the language server publishes diagnostics after a change.

Starts `python -m naftiko_lint lsp` over stdio with pygls's client, opens a seed, then
changes it N times (one comment line more each time), each time waiting for the diagnostics
of that version. The latency of a change is the time from sending `didChange` to receiving
its `publishDiagnostics`, minus the debounce (the pause the server waits for on purpose);
the median and 95th percentile are reported. The target (issue 18) is 100 ms.

    python benchmarks/lsp_latency.py [--seed FILE] [--changes N] [--debounce MS] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "fixtures" / "seeds" / "002_ebe19b2030c3657d.yaml"
TARGET_MS = 100.0
TIMEOUT = 30.0


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


async def measure(seed: Path, changes: int, debounce_ms: int) -> dict[str, Any]:
    client = LanguageClient("lsp-latency", "1")
    arrived: asyncio.Queue[tuple[float, types.PublishDiagnosticsParams]] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        arrived.put_nowait((time.perf_counter(), params))

    await client.start_io(
        sys.executable, "-m", "naftiko_lint", "lsp", "--debounce", str(debounce_ms), cwd=REPO
    )
    try:
        await client.initialize_async(
            types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=None)
        )
        client.initialized(types.InitializedParams())
        uri = from_fs_path(str(seed.resolve())) or ""
        text = seed.read_text(encoding="utf-8")
        started = time.perf_counter()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
            )
        )
        when, first = await asyncio.wait_for(arrived.get(), TIMEOUT)
        on_open = (when - started) * 1000
        latencies: list[float] = []
        count = len(first.diagnostics)
        for version in range(2, changes + 2):
            text += f"# edit {version}\n"
            sent = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
                )
            )
            while True:
                when, got = await asyncio.wait_for(arrived.get(), TIMEOUT)
                if got.version == version:
                    break
            latencies.append((when - sent) * 1000 - debounce_ms)
            count = len(got.diagnostics)
        await asyncio.wait_for(client.shutdown_async(None), TIMEOUT)
        client.exit(None)
        await asyncio.wait_for(client.stop(), TIMEOUT)
    finally:
        server = client._server
        if server is not None and server.returncode is None:
            server.kill()
            await server.wait()
    return {
        "seed": str(seed),
        "changes": changes,
        "debounce_ms": debounce_ms,
        "diagnostics": count,
        "first_lint_ms": round(on_open, 1),
        "median_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(_percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1),
        "target_ms": TARGET_MS,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=Path, default=SEED, help="the capability file to edit")
    parser.add_argument("--changes", type=int, default=30, help="how many changes (default 30)")
    parser.add_argument(
        "--debounce", type=int, default=200, metavar="MS", help="the server's (default 200)"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    result = asyncio.run(measure(args.seed, max(1, args.changes), args.debounce))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"{Path(result['seed']).name}: {result['diagnostics']} diagnostics; "
            f"first lint {result['first_lint_ms']} ms; after a change, beyond the "
            f"{result['debounce_ms']} ms debounce: median {result['median_ms']} ms, "
            f"p95 {result['p95_ms']} ms, max {result['max_ms']} ms "
            f"({result['changes']} changes; target {TARGET_MS:.0f} ms)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
