"""The one severity policy (plan.FilePolicy): default -> extends mode -> configuration
`rules:` -> ruleset overrides by glob and #/pointer, for built-in and ruleset rules alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from naftiko_lint.diagnostics import Severity
from naftiko_lint.linter import LintOptions
from naftiko_lint.runner import lint_paths

CAPABILITY = (
    "naftiko: 1.0.0-alpha2\n"
    "info:\n  label: A\n  description: d\n  tags: [a]\n  extra: 1\n"
    "capability:\n  consumes:\n    - type: http\n      namespace: o\n"
    "      baseUri: https://o.test\n      description: d\n      extra2: 2\n"
)


def _project(tmp_path: Path, ruleset: str, config: str = "extends: [./house.yaml]\n") -> Path:
    (tmp_path / "house.yaml").write_text(ruleset)
    (tmp_path / ".naftiko-lint.yaml").write_text(config)
    (tmp_path / "legacy").mkdir()
    (tmp_path / "x.yaml").write_text(CAPABILITY)
    (tmp_path / "legacy" / "x.yaml").write_text(CAPABILITY)
    return tmp_path


def _found(root: Path, rule: str) -> list[tuple[str, str, str]]:
    result = lint_paths([str(root / "x.yaml"), str(root / "legacy" / "x.yaml")], LintOptions())
    assert result.errors == []
    return sorted(
        (Path(d.path).relative_to(root).as_posix(), d.pointer, d.severity.label)
        for d in result.diagnostics
        if d.rule == rule
    )


def test_overrides_address_built_in_rules(tmp_path: Path) -> None:
    """The bug this policy fixes: a ruleset override naming a built-in rule (here the
    schema stage's schema-unknown-property) was a load error, 'not defined by any
    extended ruleset'."""
    root = _project(
        tmp_path,
        "extends: [[naftiko-lint:default, all]]\n"
        "overrides:\n"
        "  - files: ['legacy/**']\n"
        "    rules: {schema-unknown-property: off}\n"
        "  - files: ['legacy/x.yaml#/info']\n"
        "    rules: {schema-unknown-property: error}\n",
    )
    assert _found(root, "schema-unknown-property") == [
        ("legacy/x.yaml", "/info/extra", "error"),
        ("x.yaml", "/capability/consumes/0/extra2", "warning"),
        ("x.yaml", "/info/extra", "warning"),
    ]


def test_an_override_with_true_keeps_the_built_in_default(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        "extends: [[naftiko-lint:default, all]]\n"
        "overrides:\n  - files: ['legacy/**']\n    rules: {schema-unknown-property: true}\n",
        "extends: [./house.yaml]\nrules: {schema-unknown-property: off}\n",
    )
    assert _found(root, "schema-unknown-property") == [
        ("legacy/x.yaml", "/capability/consumes/0/extra2", "warning"),
        ("legacy/x.yaml", "/info/extra", "warning"),
    ]


def test_overrides_come_after_the_configuration(tmp_path: Path) -> None:
    """The configuration's `rules:` sets a rule for every file; an override, more
    specific, wins where its glob (and pointer) match."""
    root = _project(
        tmp_path,
        "extends: [[naftiko-lint:default, all]]\n"
        "overrides:\n  - files: ['legacy/**']\n    rules: {naftiko-info-tags: error}\n",
        "extends: [./house.yaml]\nrules: {naftiko-info-tags: hint}\n",
    )
    (root / "x.yaml").write_text(CAPABILITY.replace("  tags: [a]\n", ""))
    (root / "legacy" / "x.yaml").write_text(CAPABILITY.replace("  tags: [a]\n", ""))
    assert _found(root, "naftiko-info-tags") == [
        ("legacy/x.yaml", "/info", "error"),
        ("x.yaml", "/info", "hint"),
    ]


def test_the_configuration_turns_on_a_rule_its_extends_mode_left_off(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        "rules: {}\n",
        "extends: [[naftiko-lint:default, off]]\nrules: {naftiko-info-tags: warning}\n",
    )
    (root / "x.yaml").write_text(CAPABILITY.replace("  tags: [a]\n", ""))
    result = lint_paths([str(root / "x.yaml")], LintOptions())
    assert {(d.rule, d.severity) for d in result.diagnostics} >= {
        ("naftiko-info-tags", Severity.WARNING)
    }
    assert all(
        d.rule == "naftiko-info-tags" or not d.rule.startswith("naftiko-")
        for d in result.diagnostics
    )


@pytest.mark.parametrize("setting", ["off", "hint"])
def test_internal_error_is_never_changed(tmp_path: Path, setting: str) -> None:
    from naftiko_lint.plan import FIXED, FilePolicy

    policy = FilePolicy({"internal-error": None if setting == "off" else Severity.HINT})
    assert policy.severity("internal-error") == FIXED["internal-error"] == Severity.ERROR


def test_a_pointer_override_covers_its_node_and_below_and_the_closest_wins() -> None:
    """As Spectral's getSeverityForSource: `#/info` covers `/info` and `/info/tags`, never
    `/infox`; of two matching pointers the longer decides; whole-file overrides apply in
    order beneath them."""
    from naftiko_lint.plan import FilePolicy

    policy = FilePolicy(
        {"r": Severity.WARNING},
        (
            (("/info/tags",), {"r": Severity.HINT}),
            (("/info",), {"r": Severity.ERROR}),
            (("",), {"r": Severity.INFO}),
        ),
    )
    assert policy.severity("r", "/info") == Severity.ERROR
    assert policy.severity("r", "/info/label") == Severity.ERROR
    assert policy.severity("r", "/info/tags/0") == Severity.HINT
    assert policy.severity("r", "/infox") == Severity.INFO
    assert policy.severity("r", "") == Severity.INFO
    assert FilePolicy({"r": None}, ((("/info",), {"r": Severity.ERROR}),)).enabled("r")


@pytest.mark.parametrize("pattern", ["b.yaml", "caps/*", "caps/**", "**/b.yaml", "*.yaml"])
def test_include_and_overrides_read_a_glob_the_same_way(tmp_path: Path, pattern: str) -> None:
    """The second bug this issue fixes: `include:` (fnmatch, `*` crossing `/`) and
    `overrides.files` (fnmatch, `**/` dropped, plus a name match) read one glob two ways;
    `b.yaml` selected nested files for an override but not for `include`. Now the files a
    pattern includes are exactly the files its override applies to."""
    (tmp_path / "caps" / "sub").mkdir(parents=True)
    for name in ("a.yaml", "b.yaml", "caps/a.yaml", "caps/b.yaml", "caps/sub/b.yaml"):
        (tmp_path / name).write_text(CAPABILITY)
    (tmp_path / "house.yaml").write_text(
        "extends: [[naftiko-lint:default, all]]\n"
        f"overrides:\n  - files: ['{pattern}']\n    rules: {{schema-unknown-property: error}}\n"
    )
    (tmp_path / ".naftiko-lint.yaml").write_text(
        f"extends: [./house.yaml]\ninclude: ['{pattern}']\n"
    )
    result = lint_paths([str(tmp_path)], LintOptions())
    assert result.errors == []
    included = {Path(f.path).relative_to(tmp_path).as_posix() for f in result.files}
    overridden = {
        Path(d.path).relative_to(tmp_path).as_posix()
        for d in result.diagnostics
        if d.rule == "schema-unknown-property" and d.severity == Severity.ERROR
    }
    assert included and included == overridden
