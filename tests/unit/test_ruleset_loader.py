"""Loading rulesets: Python functions, official function names, and located load errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from naftiko_lint.errors import ConfigError
from naftiko_lint.functions.api import RuleFunction
from naftiko_lint.ruleset.definitions import Ruleset
from naftiko_lint.ruleset.engine import Engine
from naftiko_lint.ruleset.loader import PLAIN, RulesetLoader

from ..conftest import FIXTURES


def load(
    tmp_path: Path, text: str, name: str = "ruleset.yaml"
) -> tuple[Ruleset, dict[str, RuleFunction]]:
    path = tmp_path / name
    path.write_text(text)
    return RulesetLoader().load([(path, "all")])


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text)
    return [str(p).split("ruleset.yaml:", 1)[1] for p in caught.value.problems]


def test_unknown_function_is_a_located_error_with_suggestion(tmp_path: Path) -> None:
    found = problems(tmp_path, "rules:\n  r:\n    given: $\n    then:\n      function: truthyy\n")
    assert found == ["5:7: rule 'r': unknown function 'truthyy'; did you mean 'truthy'?"]


def test_bad_options_name_rule_and_key(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        "rules:\n  r:\n    given: $\n    then:\n      function: casing\n"
        "      functionOptions: {type: upper}\n",
    )
    assert len(found) == 1 and found[0].startswith(
        "6:7: rule 'r': invalid options for 'casing': type:"
    )


def test_bad_jsonpath_and_alias(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        "rules:\n  r:\n    given: ['$.a[?(@.b ==', '#Nope']\n    then: {function: truthy}\n",
    )
    assert found[0].startswith("3:13: rule 'r': invalid JSONPath")
    assert (
        found[1].startswith("3:13: rule 'r': unknown alias #Nope")
        or "unknown alias #Nope" in found[1]
    )


def test_shape_errors(tmp_path: Path) -> None:
    found = problems(tmp_path, "rulez: {}\n")
    assert found == ["1:1: unknown key 'rulez' in the ruleset; did you mean 'rules'?"]
    found = problems(tmp_path, "rules:\n  r:\n    given: $\n")
    assert found == ["2:3: rule 'r' needs 'then'"]
    found = problems(tmp_path, "rules:\n  r: sometimes\n")
    assert "a rule is a mapping with 'given' and 'then', or a severity" in found[0]


def test_extends_errors(tmp_path: Path) -> None:
    found = problems(tmp_path, "extends: [./missing.yaml]\n")
    assert found[0].startswith("1:11: extended ruleset './missing.yaml' not found")
    (tmp_path / "a.yaml").write_text("extends: [./ruleset.yaml]\n")
    found = problems(tmp_path, "extends: [./a.yaml]\n")
    assert any("extends loop" in p for p in found)
    found = problems(tmp_path, "extends: [spectral:oas]\n")
    assert "JavaScript ruleset" in found[0]
    found = problems(tmp_path, "rules:\n  not-inherited: error\n")
    assert found == ["2:3: rule 'not-inherited' is not defined by any extended ruleset"]


def test_python_function_from_functions_dir(tmp_path: Path) -> None:
    (tmp_path / "functions").mkdir()
    (tmp_path / "functions" / "port-below.py").write_text(
        "from naftiko_lint.functions import FunctionResult\n"
        "INPUT = {'type': 'integer'}\n"
        "OPTIONS = {'type': 'object', 'required': ['limit']}\n"
        "def port_below(target, options, context):\n"
        "    if target >= options['limit']:\n"
        "        yield FunctionResult(f'port {target} is not below {options[\"limit\"]}')\n"
    )
    ruleset, functions = load(
        tmp_path,
        "functions: [port-below]\nrules:\n  ports:\n"
        "    given: $.capability.exposes[*].port\n"
        "    then: {function: port-below, "
        "functionOptions: {limit: 9000}}\n",
    )
    findings = Engine(ruleset, functions).run(
        yaml.safe_load((FIXTURES / "seeds" / "000_6f3d6f5dce8cee89.yaml").read_text())
    )
    assert [(f.pointer, f.message) for f in findings] == [
        ("/capability/exposes/1/port", "port 9090 is not below 9000")
    ]
    found = problems(
        tmp_path,
        "functions: [port-below]\nrules:\n  ports:\n    given: $\n"
        "    then: {function: port-below}\n",
    )
    assert "invalid options for 'port-below'" in found[0]


def test_broken_python_function_is_a_load_error(tmp_path: Path) -> None:
    (tmp_path / "functions").mkdir()
    (tmp_path / "functions" / "boom.py").write_text("raise RuntimeError('nope')\n")
    found = problems(tmp_path, "functions: [boom]\nrules: {}\n")
    assert "RuntimeError: nope" in found[0] and found[0].startswith("1:13:")


def test_official_javascript_function_names_run_in_python(tmp_path: Path) -> None:
    ruleset, functions = load(
        tmp_path,
        "functionsDir: ./functions\n"
        "functions: [unique-namespaces]\nrules:\n"
        "  naftiko-namespaces-unique:\n    severity: error\n"
        "    given: $\n    then: {function: unique-namespaces}\n",
    )
    document = {"capability": {"consumes": [{"namespace": "a"}], "exposes": [{"namespace": "a"}]}}
    findings = Engine(ruleset, functions).run(document)
    assert [f.pointer for f in findings] == ["/capability/exposes/0/namespace"]
    assert "already used at capability/consumes/0/namespace" in findings[0].message


def test_unknown_function_in_functions_list(tmp_path: Path) -> None:
    found = problems(tmp_path, "functions: [nowhere]\nrules: {}\n")
    assert "function 'nowhere' has no file" in found[0]


def test_formats_restrict_a_rule_to_spec_versions(tmp_path: Path) -> None:
    ruleset, functions = load(
        tmp_path,
        "rules:\n  old-only:\n    formats: ['1.0.0-alpha1']\n"
        "    given: $.info\n    then: {function: falsy}\n",
    )
    engine = Engine(ruleset, functions)
    document = {"info": {"label": "x"}}
    assert len(engine.run(document, formats=frozenset({"naftiko", "1.0.0-alpha1"}))) == 1
    assert engine.run(document, formats=frozenset({"naftiko", "1.0.0-alpha2"})) == []


def test_json_rulesets_load(tmp_path: Path) -> None:
    ruleset, functions = load(
        tmp_path,
        '{"rules": {"tags": {"given": "$.info", "then": {"field": "tags", "function": "truthy"}}}}',
        name="ruleset.json",
    )
    findings = Engine(ruleset, functions).run({"info": {"label": "x"}})
    assert [(f.rule, f.pointer) for f in findings] == [("tags", "/info")]


# -- Spectral's enabled rules (spectral-core Ruleset#getRules, mergeRule, Rule.isEnabled) --

BASE = (
    "rules:\n"
    "  on-rule: {given: $.info, then: {field: a, function: truthy}}\n"
    "  off-rule: {recommended: false, severity: error, given: $.info,\n"
    "             then: {field: b, function: truthy}}\n"
)


def _running(tmp_path: Path, text: str, mode: str = PLAIN) -> dict[str, str | None]:
    (tmp_path / "base.yaml").write_text(BASE)
    path = tmp_path / "top.yaml"
    path.write_text(text)
    ruleset, _ = RulesetLoader().load([(path, mode)])
    return {r.id: r.severity.name.lower() if r.severity else None for r in ruleset.rules.values()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a ruleset given directly (--ruleset): its own not-recommended rules stay off
        (BASE, {"on-rule": "warning", "off-rule": None}),
        ("extends: base.yaml\n", {"on-rule": "warning", "off-rule": None}),
        ("extends: [[base.yaml, recommended]]\n", {"on-rule": "warning", "off-rule": None}),
        ("extends: [[base.yaml, all]]\n", {"on-rule": "warning", "off-rule": "error"}),
        ("extends: [[base.yaml, 'off']]\n", {"on-rule": None, "off-rule": None}),
        # a severity switches a rule on; true/false enable it keeping its severity
        (
            "extends: base.yaml\nrules: {off-rule: info}\n",
            {"on-rule": "warning", "off-rule": "info"},
        ),
        (
            "extends: base.yaml\nrules: {off-rule: true, on-rule: false}\n",
            {"on-rule": None, "off-rule": "error"},
        ),
        (
            "extends: [[base.yaml, 'off']]\nrules: {on-rule: true}\n",
            {"on-rule": "warning", "off-rule": None},
        ),
    ],
)
def test_recommended_false_runs_only_as_spectral_runs_it(
    tmp_path: Path, text: str, expected: dict
) -> None:
    assert _running(tmp_path, text) == expected


def test_an_explicit_mode_decides_inherited_rules_too(tmp_path: Path) -> None:
    (tmp_path / "mid.yaml").write_text("extends: base.yaml\n")
    assert _running(tmp_path, "extends: [[mid.yaml, all]]\n") == {
        "on-rule": "warning",
        "off-rule": "error",
    }
    (tmp_path / "mid.yaml").write_text("extends: [[base.yaml, all]]\nrules: {on-rule: 'off'}\n")
    # 'off' then true: enabled, but its severity is off, so it reports nothing
    assert _running(tmp_path, "extends: mid.yaml\nrules: {on-rule: true}\n") == {
        "on-rule": None,
        "off-rule": "error",
    }


def test_a_redefinition_keeps_what_it_does_not_say(tmp_path: Path) -> None:
    found = _running(
        tmp_path,
        "extends: [[base.yaml, all]]\nrules:\n  off-rule:\n"
        "    given: $.info\n    then: {field: c, function: falsy}\n",
    )
    assert found["off-rule"] == "error"


def test_ruleset_formats_apply_to_the_rules_it_defines(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(
        "formats: [oas3]\n" + BASE.replace("recommended: false, ", "")
    )
    (tmp_path / "top.yaml").write_text(
        "extends: base.yaml\nformats: [naftiko]\nrules:\n  on-rule: error\n"
        "  mine: {given: $.info, then: {field: c, function: truthy}}\n"
        "  own: {formats: ['1.0.0-alpha1'], given: $.info, then: {field: c, function: truthy}}\n"
    )
    ruleset, _ = RulesetLoader().load([(tmp_path / "top.yaml", PLAIN)])
    assert {r.id: r.formats for r in ruleset.rules.values()} == {
        "on-rule": ("oas3",),
        "off-rule": ("oas3",),
        "mine": ("naftiko",),
        "own": ("1.0.0-alpha1",),
    }


def test_cli_rulesets_load_as_spectral_ruleset_does(tmp_path: Path) -> None:
    from naftiko_lint.config import Config
    from naftiko_lint.plan import ruleset_sources

    assert ruleset_sources(Config(), [tmp_path / "r.yaml"]) == [((tmp_path / "r.yaml"), PLAIN)]


def test_results_with_one_rule_path_and_message_are_reported_once(tmp_path: Path) -> None:
    # Spectral's prepareResults (computeResultFingerprint: rule, path, source, message)
    ruleset, functions = load(
        tmp_path,
        "rules:\n  once:\n    message: Same.\n"
        "    given: [$.info, $.info]\n    then:\n"
        "      - {field: a, function: truthy}\n"
        "      - {field: b, function: truthy}\n"
        "  twice:\n    given: $.info\n    then:\n"
        "      - {field: a, function: truthy}\n"
        "      - {field: b, function: truthy}\n",
    )
    findings = Engine(ruleset, functions).run({"info": {"label": "x"}})
    assert sorted((f.rule, f.pointer) for f in findings) == [
        ("once", "/info"),
        ("twice", "/info"),
        ("twice", "/info"),
    ]


def test_unquoted_off_extends_mode_means_off_as_in_spectral(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(
        "rules:\n  b:\n    given: $\n    then: {function: truthy, field: nothing}\n"
    )
    for mode in ("off", "'off'"):  # unquoted, YAML 1.1 reads false
        (tmp_path / "ruleset.yaml").write_text(f"extends: [[./base.yaml, {mode}]]\nrules: {{}}\n")
        ruleset, _ = RulesetLoader().load([(tmp_path / "ruleset.yaml", PLAIN)])
        assert [r.id for r in ruleset.rules.values() if r.severity is not None] == []
