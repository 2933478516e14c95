"""The benchmark's Markdown: one table row per corpus, the cold start, the machine.

Kept apart from the measuring so the table's shape (which docs/performance.md explains
column by column, and tests/acceptance/test_benchmark.py reads back) lives in one place.
"""

from __future__ import annotations

from pathlib import Path

START = "<!-- benchmark:start -->"
END = "<!-- benchmark:end -->"
COLUMNS = [
    "corpus",
    "files",
    "MB",
    "findings",
    "naftiko-lint s",
    "min s",
    "files/s",
    "ms/file",
    "µs/finding",
    "peak RSS MB",
    "peak PSS MB",
    "jobs-1 s",
    "cached s",
    "rapidyaml floor s",
    "PyYAML C s",
    "ratio to floor",
    "Spectral s",
    "Spectral / naftiko-lint",
]
NA = "n/a"


def number(value: float) -> str:
    """Three significant digits or so (seconds, rates), never scientific notation."""
    for limit, digits in ((100, 0), (10, 1), (1, 2), (0.01, 3)):
        if value >= limit:
            return f"{value:.{digits}f}"
    return f"{value:.4f}"


def _ratio(value: float) -> str:
    return f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def _row(row: dict) -> list[str]:
    lint = row["lint"].median
    files, findings = row["files"], row["findings"]
    jobs1, cached, spectral = row.get("jobs1"), row.get("cached"), row.get("spectral")
    return [
        row["corpus"],
        str(files),
        f"{row['mb']:.2f}",
        str(findings),
        number(lint),
        number(row["lint"].minimum),
        number(files / lint),
        f"{lint * 1000 / max(files, 1):.2f}",
        f"{lint * 1e6 / findings:.1f}" if findings else NA,
        f"{row['lint'].peak_rss / 2**20:.0f}",
        f"{row['lint'].peak_pss / 2**20:.0f}",
        number(jobs1.median) if jobs1 else NA,
        number(cached.median) if cached else NA,
        number(row["ryml"]),
        number(row["pyyaml"]),
        _ratio(lint / row["ryml"]) if row["ryml"] else NA,
        number(spectral.median) if spectral else NA,
        _ratio(spectral.median / lint) if spectral else NA,
    ]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(cells) + " |" for cells in rows]


def render(
    rows: list[dict], cold: dict, machine: list[tuple[str, str]], runs: int, cold_runs: int
) -> str:
    """The whole block: corpora table, cold-start table, machine list."""
    lines = [f"Medians of {runs} runs after a warm-up run (cold start: of {cold_runs}).", ""]
    lines += _table(COLUMNS, [_row(r) for r in rows])
    lint, python = cold["lint"], cold["python"]
    lines += ["", "Cold start, one small file:", ""]
    lines += _table(
        [
            "file",
            "naftiko-lint check s",
            "min s",
            "python -c 'import yaml, json' s",
            "ratio",
            "peak RSS MB",
        ],
        [
            [
                cold["file"],
                number(lint.median),
                number(lint.minimum),
                number(python.median),
                _ratio(lint.median / python.median),
                f"{lint.peak_rss / 2**20:.0f}",
            ]
        ],
    )
    lines += ["", "Machine:", ""] + [f"- {key}: {value}" for key, value in machine]
    return "\n".join(lines) + "\n"


def write_into(path: Path, text: str) -> None:
    """Replace the block between the markers of an existing file, or write a new file."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    before, after = "", "\n"
    if START in old and END in old:
        before, rest = old.split(START, 1)
        after = rest.split(END, 1)[1]
    path.write_text(f"{before}{START}\n{text}{END}{after}", encoding="utf-8")
