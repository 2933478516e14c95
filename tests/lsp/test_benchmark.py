"""The latency benchmark (benchmarks/lsp_latency.py) runs at a tiny size so it cannot rot."""

from __future__ import annotations

import asyncio

import pytest

from benchmarks import lsp_latency


@pytest.mark.slow  # a server start and a few lints: the quick suite has enough of those
def test_the_latency_benchmark_measures_each_change() -> None:
    result = asyncio.run(lsp_latency.measure(lsp_latency.SEED, 2, 10))
    assert result["changes"] == 2
    assert result["diagnostics"] > 0  # the seed is broken on purpose
    assert 0 <= result["median_ms"] <= result["max_ms"] < 10_000
