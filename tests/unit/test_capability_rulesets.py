"""`naftiko-lint:default` is the official parity set (rules/naftiko.yaml) and naftiko-lint's
consistency rules (rules/naftiko-consistency.yaml), extended by rules/default.yaml: the same
rules, in the same order, decided by the extends mode as if it were one file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from naftiko_lint.bundled import rules_dir
from naftiko_lint.ruleset.loader import DEFAULT_RULESET, RulesetLoader, resolve_location

from ..conftest import REPO

OFFICIAL = REPO / "tests" / "differential" / "data" / "official" / "naftiko-rules.yml"


def _ids(name: str) -> list[str]:
    return list(yaml.safe_load((rules_dir() / name).read_text())["rules"])


def test_the_official_file_holds_the_official_rules_only() -> None:
    assert _ids("naftiko.yaml") == list(yaml.safe_load(OFFICIAL.read_text())["rules"])
    assert not any(rule_id.startswith("naftiko-") for rule_id in _ids("naftiko-consistency.yaml"))


@pytest.mark.parametrize("mode", ["off", "recommended", "all"])
def test_default_is_both_files_in_order_under_one_mode(mode: str) -> None:
    default = resolve_location(DEFAULT_RULESET, Path.cwd())
    assert default == rules_dir() / "default.yaml"
    ruleset, _ = RulesetLoader().load([(default, mode)])
    parts, _ = RulesetLoader().load(
        [(rules_dir() / "naftiko.yaml", mode), (rules_dir() / "naftiko-consistency.yaml", mode)]
    )
    assert list(ruleset.rules) == _ids("naftiko.yaml") + _ids("naftiko-consistency.yaml")
    assert ruleset.rules == parts.rules
    enabled = [r.id for r in ruleset.rules.values() if r.severity is not None]
    assert (mode == "off") == (enabled == [])


def test_each_rule_names_the_file_it_comes_from() -> None:
    ruleset, _ = RulesetLoader().load([(resolve_location(DEFAULT_RULESET, Path.cwd()), "all")])
    sources = {Path(r.source).name for r in ruleset.rules.values()}
    assert sources == {"naftiko.yaml", "naftiko-consistency.yaml"}
    assert Path(ruleset.rules["call-unresolved"].source).name == "naftiko-consistency.yaml"
    assert ruleset.rules["call-unresolved"].formats == ruleset.rules["naftiko-info-tags"].formats
