"""Hand-written text that mirrors generated or declared data stays in step with it: the
README's rule tables with the rules `naftiko-lint rules` lists, and the bundled JSON Schemas
with scripts/generate_schemas.py. Either drifts silently otherwise."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from naftiko_lint.config import Config
from naftiko_lint.plan import build_plan
from naftiko_lint.ruleset.docs import active_rules

from ..conftest import REPO

README = REPO / "README.md"
SEVERITIES = ("error", "warning", "info", "hint")
# Prose that documents a rule outside a table: "`schema` (error)", "one `too-many-findings`
# warning", i.e. the id in backticks followed by its severity.
IN_PROSE = re.compile(r"`([a-z][a-z0-9-]*)` \(?(" + "|".join(SEVERITIES) + r")\b")
# A section without a severity column states it once: "each has a stable id and is an error".
SECTION_SEVERITY = re.compile(r"\bis an? (" + "|".join(SEVERITIES) + r")\b")


def _rules() -> dict[str, str]:
    """id -> severity of every rule, as `naftiko-lint rules --format json` lists them (the
    default configuration, rules it turns off included)."""
    return {e.id: e.severity_label for e in active_rules(build_plan(Config()), include_off=True)}


def _cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def _tables(text: str) -> dict[str, str]:
    """id -> severity of every row of every README table whose first column is `rule`; a
    table without a severity column takes the one its section's opening prose states."""
    found: dict[str, str] = {}
    lines = text.splitlines()
    section_start = 0
    for i, line in enumerate(lines):
        if line.startswith("#"):
            section_start = i
        if not line.startswith("|") or _cells(line)[:1] != ["rule"]:
            continue
        if i > 0 and lines[i - 1].startswith("|"):
            continue  # not a header row
        header = _cells(line)
        stated = SECTION_SEVERITY.search("\n".join(lines[section_start:i]))
        for row in lines[i + 2 :]:
            if not row.startswith("|"):
                break
            cells = dict(zip(header, _cells(row), strict=True))
            rule_id = cells["rule"].strip("`")
            assert rule_id not in found, f"{rule_id} is in two README tables"
            if "severity" in cells:
                found[rule_id] = cells["severity"]
            else:
                assert stated, f"the table listing {rule_id} states no severity"
                found[rule_id] = stated.group(1)
    return found


def test_readme_tables_list_existing_rules_at_their_severity() -> None:
    rules, tables = _rules(), _tables(README.read_text(encoding="utf-8"))
    assert len(tables) > 40  # the tables were found at all
    unknown = sorted(set(tables) - set(rules))
    assert unknown == [], "README tables name rules that do not exist"
    wrong = {r: (tables[r], rules[r]) for r in tables if tables[r] != rules[r]}
    assert wrong == {}, "README severity != the rule's (README, rule)"


def test_every_rule_is_in_the_readme_at_its_severity() -> None:
    """Official `naftiko-*` rules are counted ("the 23 official Naftiko rules"); every other
    rule is in a table, or named in prose with its severity."""
    text = README.read_text(encoding="utf-8")
    rules = _rules()
    documented = {m.group(1): m.group(2) for m in IN_PROSE.finditer(text)}
    documented.update(_tables(text))
    own = {r: s for r, s in rules.items() if not r.startswith("naftiko-")}
    missing = sorted(set(own) - set(documented))
    assert missing == [], "rules the README does not document"
    wrong = {r: (documented[r], s) for r, s in own.items() if documented[r] != s}
    assert wrong == {}, "README severity != the rule's (README, rule)"
    official = [r for r in rules if r.startswith("naftiko-")]
    stated = re.search(r"the (\d+) official Naftiko rules", text)
    assert stated and int(stated.group(1)) == len(official)


def _generator() -> ModuleType:
    path = REPO / "scripts" / "generate_schemas.py"
    spec = importlib.util.spec_from_file_location("generate_schemas", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bundled_schemas_are_what_the_generator_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Run the generator into a temporary folder (its `OUT`) and compare file by file."""
    generator = _generator()
    monkeypatch.setattr(generator, "OUT", tmp_path)
    generator.main()
    capsys.readouterr()  # the generator prints the paths it wrote
    written = sorted(p.name for p in tmp_path.iterdir())
    bundled = sorted(p.name for p in (REPO / "schemas").iterdir())
    assert written == bundled and written
    stale = [
        n for n in written if (tmp_path / n).read_bytes() != (REPO / "schemas" / n).read_bytes()
    ]
    assert stale == [], "run python scripts/generate_schemas.py"
