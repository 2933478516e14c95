"""Huge hostile inputs (fixtures/hostile/generate.py), generated at test time: each ends
with its located diagnostics and exit code, never a traceback. Timings are measured by
benchmarks/hostile.py, not here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from naftiko_lint.document.loading import EXACT_MAX_NODES, MAX_NODES

from ..conftest import REPO
from .test_cli import run

sys.path.insert(0, str(REPO / "fixtures" / "hostile"))
import generate

TOO_MANY = "yaml-too-many-nodes"


def _check(
    cli: list[str], tmp_path: Path, name: str, content: bytes | None = None, *extra: str
) -> tuple[int, list[dict]]:
    """Write case `name` (or `content`), run `check --format json` on it, return the exit
    code and the diagnostics; the run must not print anything on stderr."""
    (tmp_path / name).write_bytes(generate.CASES[name]() if content is None else content)
    proc = run(cli, "check", "--format", "json", *extra, name, cwd=tmp_path)
    assert proc.stderr == b"", proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    for d in report["diagnostics"]:
        assert d["path"] == name and d["range"]["start"]["line"] >= 1, d
    return proc.returncode, report["diagnostics"]


def _rules(diagnostics: list[dict]) -> set[str]:
    return {d["rule"] for d in diagnostics}


def _start(d: dict) -> tuple[int, int]:
    return d["range"]["start"]["line"], d["range"]["start"]["column"]


def test_generator_writes_every_case(tmp_path: Path) -> None:
    names = ["billion-laughs.yaml", "deep-flow-10000.yaml"]
    written = generate.write(tmp_path, names)
    assert [p.name for p in written] == names
    assert all(p.read_bytes() == generate.CASES[p.name]() for p in written)


@pytest.mark.parametrize("name, line", [("deep-flow-10000.yaml", 2), ("deep-block-10000.yaml", 3)])
def test_deep_nesting_stops_at_the_depth_limit(
    cli: list[str], tmp_path: Path, name: str, line: int
) -> None:
    code, found = _check(cli, tmp_path, name)
    assert code == 1
    assert [(d["rule"], _start(d)[0]) for d in found] == [("yaml-too-deep", line)]
    assert "512 levels" in found[0]["message"]


def test_billion_laughs_is_refused_at_the_bomb(cli: list[str], tmp_path: Path) -> None:
    code, found = _check(cli, tmp_path, "billion-laughs.yaml")
    assert code == 1
    assert [d["rule"] for d in found] == ["yaml-alias-limit"]
    text = generate.billion_laughs().decode().splitlines()
    line = _start(found[0])[0]
    assert text[line - 1].startswith(found[0]["pointer"].lstrip("/") + ":")


def test_many_documents_report_the_second_one(cli: list[str], tmp_path: Path) -> None:
    code, found = _check(cli, tmp_path, "many-documents-100k.yaml")
    assert code == 1
    extra = [d for d in found if d["rule"] == "yaml-multiple-documents"]
    assert [_start(d) for d in extra] == [(3, 1)]
    assert TOO_MANY not in _rules(found)


def test_a_100kb_key_is_checked(cli: list[str], tmp_path: Path) -> None:
    code, found = _check(cli, tmp_path, "key-100kb.yaml")
    assert code == 1
    unknown = [d for d in found if d["rule"] == "schema-unknown-property"]
    assert len(unknown) == 1 and _start(unknown[0]) == (4, 3)
    assert len(unknown[0]["message"]) < 200_500  # the key is named, nothing is blown up


def test_a_1mb_scalar_line_is_checked(cli: list[str], tmp_path: Path) -> None:
    code, found = _check(cli, tmp_path, "line-1mb-scalar.yaml")
    assert code == 1  # a document without capability or consumes
    assert "schema" in _rules(found) and not _rules(found) & {TOO_MANY, "yaml-syntax"}


@pytest.mark.slow
def test_a_1mb_flow_mapping_line_reports_every_key(cli: list[str], tmp_path: Path) -> None:
    code, found = _check(cli, tmp_path, "line-1mb-flow-mapping.yaml", None, "--max-findings", "0")
    assert code == 1
    unknown = [d for d in found if d["rule"] == "schema-unknown-property"]
    text = generate.line_1mb_flow_mapping().decode()
    keys = text.count(": v")
    assert len(unknown) == keys > 50_000
    # every one on line 1, at its key, in order
    columns = [_start(d) for d in unknown]
    assert columns == sorted(columns) and {line for line, _ in columns} == {1}
    first = unknown[0]
    assert text[_start(first)[1] - 1 :].startswith("k0: v0")


@pytest.mark.slow
@pytest.mark.parametrize("tab", [False, True], ids=["fast-path", "exact-path"])
def test_a_million_element_sequence_is_refused(cli: list[str], tmp_path: Path, tab: bool) -> None:
    content = generate.flow_sequence_1m()
    if tab:  # a tab after `tags:` sends the file down the exact (PyYAML) path
        content = content.replace(b"tags: [", b"tags:\t[")
    code, found = _check(cli, tmp_path, "flow-sequence-1m.yaml", content)
    assert code == 1
    assert [d["rule"] for d in found] == [TOO_MANY]
    assert f"{MAX_NODES:,}" in found[0]["message"] and "not checked" in found[0]["message"]
    # at the first item past the limit, on both paths: the root, naftiko, info, label and
    # tags come first, so MAX_NODES - 5 items stand before it
    line, column = _start(found[0])
    row = content.decode().splitlines()[line - 1]
    assert line == 4 and row[column - 1] == "a"
    assert row[: column - 1].count(", ") == MAX_NODES - 5


@pytest.mark.slow
@pytest.mark.parametrize("size, refused", [(3_000_000, False), (4_000_000, True)])
def test_the_exact_reader_has_its_own_node_limit(
    cli: list[str], tmp_path: Path, size: int, refused: bool
) -> None:
    """An anchor and CRLF line ends send a realistic capability down the exact path: one of
    3 MB (the engine's own limit is 3 MiB) is checked in full, one of 4 MB refused."""
    text = generate._capability(size, generate._good_resource, generate._good_tool)
    text = text.replace("description: A big capability.", "description: &d A big one.", 1)
    code, found = _check(cli, tmp_path, "exact.yaml", text.replace("\n", "\r\n").encode())
    assert code == (1 if refused else 0)
    if refused:
        assert sorted(d["rule"] for d in found) == ["engine-code-point-limit", TOO_MANY]
        over = next(d for d in found if d["rule"] == TOO_MANY)
        assert f"more than {EXACT_MAX_NODES:,} YAML nodes" in over["message"]
        assert "exact YAML reader" in over["message"]
    else:
        assert found == []


@pytest.mark.slow
def test_a_realistic_10mb_capability_is_checked_in_full(cli: list[str], tmp_path: Path) -> None:
    code, found = _check(cli, tmp_path, "realistic-10mb.yaml")
    # its only finding: the engine itself would refuse a file this long
    assert _rules(found) == {"engine-code-point-limit"}, _rules(found)
    assert code == 1


@pytest.mark.slow
def test_a_realistic_capability_past_the_node_limit_is_refused(
    cli: list[str], tmp_path: Path
) -> None:
    code, found = _check(cli, tmp_path, "realistic-32mib.yaml")
    assert code == 1
    assert _rules(found) == {"engine-code-point-limit", TOO_MANY}
    over = next(d for d in found if d["rule"] == TOO_MANY)
    line = _start(over)[0]
    assert 100_000 < line < 400_000


@pytest.mark.slow
@pytest.mark.parametrize("fmt, size", [("text", 10_000_000), ("json", 2_000_000)])
def test_a_capability_broken_everywhere(
    cli: list[str], tmp_path: Path, fmt: str, size: int
) -> None:
    """Every unit broken: with no limit, tens of thousands of findings, all located, sorted,
    reported; by default, the first 5,000 and one too-many-findings warning."""
    content = (
        generate.broken_10mb().decode()
        if size > 2_000_000
        else generate._capability(size, generate._bad_resource, generate._bad_tool)
    )
    (tmp_path / "broken.yaml").write_text(content)
    units = content.count("        - name: ")  # resources and tools
    capped = subprocess.run(
        [*cli, "check", "--format", fmt, "broken.yaml"],
        cwd=tmp_path,
        capture_output=True,
        timeout=600,
    )
    assert capped.returncode == 1 and capped.stderr == b""
    report = capped.stdout.decode()
    assert report.count("[too-many-findings]" if fmt == "text" else '"too-many-findings"') == 1
    if size > 5_000_000:  # the unlimited run, below, only on the 2 MB file (10 MB: 30 s)
        lines = report.splitlines()
        # 5,000 findings, the notice, engine-code-point-limit (input checks are not
        # counted against the limit) and the summary
        assert len(lines) == 5_000 + 3 and lines[-1].endswith("in 1 file")
        assert sum("[engine-code-point-limit]" in line for line in lines) == 1
        return
    proc = subprocess.run(
        [*cli, "check", "--format", fmt, "--max-findings", "0", "broken.yaml"],
        cwd=tmp_path,
        capture_output=True,
        timeout=600,
    )
    assert proc.returncode == 1 and proc.stderr == b""
    if fmt == "json":
        found = json.loads(proc.stdout)["diagnostics"]
        assert len(found) > 2 * units
        assert {"call-unresolved", "schema", "duplicate-name"} <= _rules(found)
        starts = [_start(d) for d in found]
        assert starts == sorted(starts) and starts[-1][0] <= content.count("\n")
    else:
        lines = proc.stdout.decode().splitlines()
        assert len(lines) > 2 * units > 100_000
        assert lines[-1].endswith("in 1 file")
        assert all(line.startswith("broken.yaml:") for line in lines[:-1])
