"""`naftiko-lint export openapi` as a user runs it: output, --check, and the errors."""

from __future__ import annotations

import json
from pathlib import Path

from .helpers import GOLDEN, SEEDS, export

SEED = SEEDS[3]
TWO = """\
naftiko: 1.0.0-alpha3
info: {label: Two, description: Two adapters}
capability:
  exposes:
    - type: rest
      namespace: first
      port: 8081
      resources:
        - path: /a
          operations:
            - method: GET
              outputParameters: [{name: ok, type: string, value: yes}]
    - type: rest
      namespace: second
      port: 8082
      resources:
        - path: /b
          operations:
            - method: GET
              outputParameters: [{name: ok, type: string, value: yes}]
"""


def test_writes_yaml_json_and_a_file(tmp_path: Path) -> None:
    out = export("openapi", str(SEED))
    assert out.returncode == 0
    assert out.stdout == (GOLDEN / f"{SEED.stem}.openapi.yaml").read_text(encoding="utf-8")
    assert out.stderr.count("note:") == 1 and "errors" in out.stderr
    as_json = export("openapi", str(SEED), "--format", "json", "--openapi-version", "3.0")
    assert json.loads(as_json.stdout)["openapi"] == "3.0.3"
    target = tmp_path / "api.yaml"
    assert export("openapi", str(SEED), "-o", str(target)).returncode == 0
    assert target.read_text(encoding="utf-8") == out.stdout


def test_check_fresh_and_stale(tmp_path: Path) -> None:
    golden = GOLDEN / f"{SEED.stem}.openapi.yaml"
    fresh = export("openapi", str(SEED), "--check", str(golden))
    assert fresh.returncode == 0 and fresh.stdout == ""
    stale = tmp_path / "stale.yaml"
    stale.write_text(golden.read_text(encoding="utf-8").replace("8080", "9999"), encoding="utf-8")
    result = export("openapi", str(SEED), "--check", str(stale))
    assert result.returncode == 1 and result.stdout == ""
    assert "-- url: http://localhost:9999" in result.stderr
    assert "+- url: http://localhost:8080" in result.stderr


def test_no_rest_adapter_fails_with_exit_1() -> None:
    mcp_only = Path(__file__).parents[2] / "fixtures" / "clean" / "mcp-tools.yaml"
    result = export("openapi", str(mcp_only))
    assert result.returncode == 1 and result.stdout == ""
    assert "exposes no rest adapter" in result.stderr


def test_two_adapters_need_expose(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text(TWO, encoding="utf-8")
    result = export("openapi", str(path))
    assert result.returncode == 2 and "first, second" in result.stderr
    unknown = export("openapi", str(path), "--expose", "third")
    assert unknown.returncode == 2 and "first, second" in unknown.stderr
    chosen = export("openapi", str(path), "--expose", "second", "--format", "json")
    assert chosen.returncode == 0
    assert list(json.loads(chosen.stdout)["paths"]) == ["/b"]


def test_broken_file_fails_with_its_diagnostics(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("naftiko: 1.0.0-alpha3\ncapability: [unclosed\n", encoding="utf-8")
    result = export("openapi", str(path))
    assert result.returncode == 1 and result.stdout == ""
    assert f"{path}:" in result.stderr and "error [" in result.stderr


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = export("openapi", str(tmp_path / "absent.yaml"))
    assert result.returncode == 2 and "no such file" in result.stderr
