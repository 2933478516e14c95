"""Adopting naftiko-lint on a repository with a baseline: `--write-baseline` records
today's findings, `--baseline` reports only new ones; lines moving above a known finding
keep it known, the same mistake made again elsewhere is new, fixed ones are counted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ..conftest import FIXTURES
from .test_cli import run

SEED = "000_6f3d6f5dce8cee89.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "seeds", tmp_path / "caps")
    return tmp_path


def findings(cli: list[str], repo: Path, *args: str) -> tuple[int, list[dict], str]:
    proc = run(cli, "check", "caps", "--format", "json", *args, cwd=repo)
    return proc.returncode, json.loads(proc.stdout)["diagnostics"], proc.stderr.decode()


def test_a_baseline_hides_known_findings_and_reports_new_ones(cli: list[str], repo: Path) -> None:
    code, everything, _ = findings(cli, repo)
    assert code == 1 and len(everything) == 204
    code, written, notes = findings(cli, repo, "--write-baseline", "base.json")
    assert code == 0 and written == everything  # the report is as usual; the exit is 0
    assert "204 finding(s) written to base.json" in notes
    entries = json.loads((repo / "base.json").read_text())["findings"]
    assert len(entries) == 204 and {e["path"] for e in entries} == {
        f"caps/{p.name}" for p in (FIXTURES / "seeds").iterdir()
    }
    code, left, notes = findings(cli, repo, "--baseline", "base.json")
    assert (code, left) == (0, [])
    assert "204 known finding(s) not reported" in notes and "no longer occur" not in notes

    # lines added above every finding: still known (no line number is in the baseline)
    seed = repo / "caps" / SEED
    text = seed.read_text()
    seed.write_text(text.replace("naftiko:", "# a comment\n# another one\n\nnaftiko:", 1))
    code, left, _ = findings(cli, repo, "--baseline", "base.json")
    assert (code, left) == (0, [])

    # the same mistake made again, word for word, on another node: new (its twin is
    # still there and uses the one entry); and a known finding fixed in another file
    assert text.count("'{{env.PRISMA_API_KEY}}'") == 1
    header = (
        "        - name: X-Key\n          in: header\n          value: '{{env.PRISMA_API_KEY}}'\n"
    )
    seed.write_text(
        seed.read_text().replace(
            "        inputParameters:\n", "        inputParameters:\n" + header, 1
        )
    )
    other = repo / "caps" / "001_3b724ad6c0282b03.yaml"
    assert other.read_text().count("{{env.TRATTA_API_KEY}}") == 1
    other.write_text(other.read_text().replace("{{env.TRATTA_API_KEY}}", "{{TRATTA_API_KEY}}"))
    code, left, notes = findings(cli, repo, "--baseline", "base.json")
    assert [(d["rule"], d["path"], d["pointer"]) for d in left] == [
        (
            "bind-qualified-reference",
            f"caps/{SEED}",
            "/capability/consumes/0/resources/0/operations/0/inputParameters/0/value",
        )
    ]
    assert code == 0  # a warning: below the default --fail-on error
    assert "1 baseline entry no longer occur" in notes


def test_a_moved_node_stays_known(cli: list[str], repo: Path) -> None:
    """A list item inserted before a finding shifts its pointer; the node's fingerprint
    still matches its entry."""
    seed = repo / "caps" / SEED
    assert findings(cli, repo, "--write-baseline", "base.json")[0] == 0
    text = seed.read_text()
    marker = "  consumes:\n"
    assert marker in text
    inserted = (
        "  consumes:\n  - type: http\n    namespace: extra-api\n"
        "    baseUri: https://extra.example.com\n    description: Another API.\n"
        "    resources: []\n"
    )
    seed.write_text(text.replace(marker, inserted, 1))
    _, left, notes = findings(cli, repo, "--baseline", "base.json")
    # nothing about the old nodes is new; what the new item itself draws may be
    assert left and all(d["pointer"].startswith("/capability/consumes/0/") for d in left)
    assert "204 known finding(s) not reported" in notes and "no longer occur" not in notes


def test_the_baseline_works_from_another_folder(cli: list[str], repo: Path) -> None:
    assert findings(cli, repo, "--write-baseline", "base.json")[0] == 0
    proc = run(cli, "check", ".", "--baseline", "../base.json", cwd=repo / "caps")
    assert proc.returncode == 0, proc.stdout.decode()
    assert b"204 known finding(s) not reported" in proc.stderr


def test_worker_processes_and_the_cache_give_the_same_answer(cli: list[str], repo: Path) -> None:
    assert findings(cli, repo, "--write-baseline", "base.json")[0] == 0
    seed = repo / "caps" / SEED
    seed.write_text(seed.read_text().replace("name: ", "name: Bad_Name_", 1))
    runs = [findings(cli, repo, "--baseline", "base.json", "--jobs", j) for j in ("1", "2", "2")]
    assert runs[0] == runs[1] == runs[2]
    assert runs[0][0] == 1 and len(runs[0][1]) == 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "no such baseline file"),
        ("not json", "not JSON"),
        ('{"findings": []}', "not a baseline file of this version"),
        ('{"naftiko-lint-baseline": 1, "findings": [{"path": "a"}]}', "finding 1 lacks"),
    ],
    ids=["missing", "not-json", "no-version", "short-entry"],
)
def test_a_bad_baseline_is_a_usage_error(
    cli: list[str], repo: Path, content: str | None, words: str
) -> None:
    if content is not None:
        (repo / "base.json").write_text(content)
    proc = run(cli, "check", "caps", "--baseline", "base.json", cwd=repo)
    assert proc.returncode == 2 and proc.stdout == b""
    assert words in proc.stderr.decode()
