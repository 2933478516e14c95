"""naftiko_lint.globs against the real Spectral CLI: which files does an override select?

One ruleset holds one rule per pattern, each rule a warning that fires on every file, and
one override per pattern that makes its rule an error. Spectral lints a tree of files
(nested, dot names, a file outside the ruleset's folder); a file where rule i is an error
is a file pattern i selects. naftiko_lint.globs must select exactly the same files.

Spectral is found through $NAFTIKO_LINT_SPECTRAL (set by .ci/run); without it the test is
skipped locally, and fails under CI.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from naftiko_lint.globs import matches, split_pointer

from . import spectral as spectral_cli

FILES = [
    "base/a.yaml",
    "base/a2.yaml",
    "base/x.yml",
    "base/a*.yaml",
    "base/.dot.yaml",
    "base/.hidden/d.yaml",
    "base/a/f.yaml",
    "base/b/g.yaml",
    "base/sub/a.yaml",
    "base/sub/b.yaml",
    "base/sub/deep/c.yaml",
    "outside/e.yaml",
]
PATTERNS = [
    "*.yaml",
    "**/*.yaml",
    "**",
    "*",
    "a.yaml",
    "sub/*.yaml",
    "*/a.yaml",
    "sub/**",
    "sub/**/*.yaml",
    "sub/**/deep/**",
    "a/**/f.yaml",
    "**/d.yaml",
    ".hidden/*.yaml",
    ".*.yaml",
    "sub",
    "sub/",
    "sub//a.yaml",
    "./sub/a.yaml",
    "./a.yaml",
    "SUB/a.yaml",
    " a.yaml ",
    "{a,x}.y*ml",
    "sub/{a,deep/c}.yaml",
    "*.{yaml,yml}",
    "a{1..3}.yaml",
    "{a}.yaml",
    "[ab]/*.yaml",
    "[!a]/*.yaml",
    "[^a]/*.yaml",
    "?.yaml",
    "+(a|x).y*ml",
    "@(a).yaml",
    "sub/!(a).yaml",
    "!sub/**",
    "!(a).yaml",
    "a\\*.yaml",
    "../outside/*.yaml",
    "../**/e.yaml",
    "sub/a.yaml#/info",
    "**/a.yaml#/info",
    "#/info",
]


def _tree(root: Path) -> list[Path]:
    files = []
    for name in FILES:
        file = root / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text("info:\n  title: t\n")
        files.append(file)
    return files


def _ruleset(base: Path) -> Path:
    rule = {"given": "$.info", "severity": "warn", "then": {"field": "x", "function": "truthy"}}
    ruleset = {
        "rules": {f"r{i}": rule for i in range(len(PATTERNS))},
        "overrides": [
            {"files": [pattern], "rules": {f"r{i}": "error"}} for i, pattern in enumerate(PATTERNS)
        ],
    }
    path = base / ".spectral.json"
    path.write_text(json.dumps(ruleset))
    return path


@pytest.mark.slow
def test_overrides_files_select_what_spectral_selects(tmp_path: Path) -> None:
    files = _tree(tmp_path)
    ruleset = _ruleset(tmp_path / "base")
    results = spectral_cli.lint(files, ruleset, tmp_path)
    linted = {(r["code"], Path(r["source"]).resolve()) for r in results}
    assert len(linted) == len(PATTERNS) * len(FILES)  # every rule ran on every file
    spectral = {
        (r["code"], Path(r["source"]).resolve().relative_to(tmp_path).as_posix())
        for r in results
        if r["severity"] == 0
    }
    ours = set()
    for i, pattern in enumerate(PATTERNS):
        glob, _ = split_pointer(pattern)
        for file in files:
            if matches(glob, file, tmp_path / "base"):
                ours.add((f"r{i}", file.relative_to(tmp_path).as_posix()))
    differences = sorted(
        (PATTERNS[int(code[1:])], path, (code, path) in spectral) for code, path in spectral ^ ours
    )
    assert differences == []  # (pattern, file, what Spectral says)
    assert len(spectral) > 50  # the patterns select something
