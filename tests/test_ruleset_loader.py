"""Loading rulesets: Python functions, official function names, and located load errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from naftiko_lint.ruleset.engine import Engine
from naftiko_lint.ruleset.errors import ConfigError
from naftiko_lint.ruleset.loader import RulesetLoader

from .conftest import FIXTURES


def load(tmp_path: Path, text: str, name: str = "ruleset.yaml"):
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
    found = problems(tmp_path, "rules:\n  r:\n    given: $\n    then:\n      function: casing\n"
                               "      functionOptions: {type: upper}\n")
    assert len(found) == 1 and found[0].startswith("6:7: rule 'r': invalid options for "
                                                   "'casing': type:")


def test_bad_jsonpath_and_alias(tmp_path: Path) -> None:
    found = problems(tmp_path, "rules:\n  r:\n    given: ['$.a[?(@.b ==', '#Nope']\n"
                               "    then: {function: truthy}\n")
    assert found[0].startswith("3:13: rule 'r': invalid JSONPath")
    assert found[1].startswith("3:13: rule 'r': unknown alias #Nope") or \
        "unknown alias #Nope" in found[1]


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
    ruleset, functions = load(tmp_path, "functions: [port-below]\nrules:\n  ports:\n"
                                        "    given: $.capability.exposes[*].port\n"
                                        "    then: {function: port-below, "
                                        "functionOptions: {limit: 9000}}\n")
    findings = Engine(ruleset, functions).run(yaml.safe_load(
        (FIXTURES / "seeds" / "000_6f3d6f5dce8cee89.yaml").read_text()))
    assert [(f.path, f.message) for f in findings] == [
        (("capability", "exposes", 1, "port"), "port 9090 is not below 9000")]
    found = problems(tmp_path, "functions: [port-below]\nrules:\n  ports:\n    given: $\n"
                               "    then: {function: port-below}\n")
    assert "invalid options for 'port-below'" in found[0]


def test_broken_python_function_is_a_load_error(tmp_path: Path) -> None:
    (tmp_path / "functions").mkdir()
    (tmp_path / "functions" / "boom.py").write_text("raise RuntimeError('nope')\n")
    found = problems(tmp_path, "functions: [boom]\nrules: {}\n")
    assert "RuntimeError: nope" in found[0] and found[0].startswith("1:13:")


def test_official_javascript_function_names_run_in_python(tmp_path: Path) -> None:
    ruleset, functions = load(tmp_path, "functionsDir: ./functions\n"
                                        "functions: [unique-namespaces]\nrules:\n"
                                        "  naftiko-namespaces-unique:\n    severity: error\n"
                                        "    given: $\n    then: {function: unique-namespaces}\n")
    document = {"capability": {"consumes": [{"namespace": "a"}],
                               "exposes": [{"namespace": "a"}]}}
    findings = Engine(ruleset, functions).run(document)
    assert [f.path for f in findings] == [("capability", "exposes", 0, "namespace")]
    assert "capability.consumes.0.namespace" in findings[0].message


def test_unknown_function_in_functions_list(tmp_path: Path) -> None:
    found = problems(tmp_path, "functions: [nowhere]\nrules: {}\n")
    assert "function 'nowhere' has no file" in found[0]


def test_formats_restrict_a_rule_to_spec_versions(tmp_path: Path) -> None:
    ruleset, functions = load(tmp_path, "rules:\n  old-only:\n    formats: ['1.0.0-alpha1']\n"
                                        "    given: $.info\n    then: {function: falsy}\n")
    engine = Engine(ruleset, functions)
    document = {"info": {"label": "x"}}
    assert len(engine.run(document, formats=frozenset({"naftiko", "1.0.0-alpha1"}))) == 1
    assert engine.run(document, formats=frozenset({"naftiko", "1.0.0-alpha2"})) == []


def test_json_rulesets_load(tmp_path: Path) -> None:
    ruleset, functions = load(tmp_path, '{"rules": {"tags": {"given": "$.info", "then": '
                                        '{"field": "tags", "function": "truthy"}}}}',
                              name="ruleset.json")
    findings = Engine(ruleset, functions).run({"info": {"label": "x"}})
    assert [(f.rule.id, f.path) for f in findings] == [("tags", ("info",))]
