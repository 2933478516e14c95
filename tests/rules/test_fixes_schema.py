"""The schema stage's fixes attached after the rules ran (functions/naftiko/fixes_schema.py):
stray scalar properties removed, a consumed input's `required: true` removed only with the
with entries that supply it, and pass-through object outputs dropped. Real YAML, and the
seeds: every fix applied removes its finding and reports nothing new."""

from __future__ import annotations

from pathlib import Path

import pytest

from naftiko_lint.diagnostics import Diagnostic, Edit

from .fix_helpers import applied, diagnostics, edits, fixed, of_rule

SEEDS = sorted(Path(__file__).parents[2].joinpath("fixtures", "seeds").glob("*.yaml"))

DOC = """\
naftiko: 1.0.0-alpha2
info: {label: Orders, description: Order lookups.}
capability:
  consumes:
    - type: http
      namespace: orders
      baseUri: https://orders.test
      resources:
        - name: orders
          path: /orders
          operations:
            - name: list-orders
              method: GET
              inputParameters:
                - {name: limit, in: query, type: integer, description: Page size., required: true}
                - {name: body, in: body, required: true}
  exposes:
    - type: rest
      namespace: order-api
      port: 8080
      description: The REST face.
      resources:
        - path: /orders
          name: orders
          description: Orders.
          operations:
            - method: GET
              name: list-orders
              description: List orders.
              inputParameters:
                - {name: Limit, in: query, type: integer, description: Page size.}
              call: orders.list-orders
              outputParameters:
                - {type: object, mapping: $.}
"""
LIMIT = "/capability/consumes/0/resources/0/operations/0/inputParameters/0"
OPERATION = "/capability/exposes/0/resources/0/operations/0"


def _at(text: str, rule: str) -> dict[str, Diagnostic]:
    return {d.pointer: d for d in of_rule(text, rule)}


def _placed(found: list[Diagnostic]) -> set[tuple[str, str, str]]:
    return {(d.rule, d.pointer, d.message) for d in found}


def _assert_repairs(text: str, d: Diagnostic) -> None:
    before, after = _placed(diagnostics(text)), _placed(applied(text, d))
    assert (d.rule, d.pointer, d.message) not in after
    assert after - before == set(), after - before


def test_stray_consumed_input_keys_are_removed() -> None:
    found = _at(DOC, "schema-unknown-property")
    for key in ("type", "description"):
        d = found[f"{LIMIT}/{key}"]
        assert d.fix is not None and not d.fix.safe and d.fix.replacement is None
        assert edits(d) == (Edit("remove", f"{LIMIT}/{key}"),)
        assert d.fix.title == f"remove {key!r}"
        _assert_repairs(DOC, d)


def test_stray_adapter_description_is_removed() -> None:
    d = _at(DOC, "schema-unknown-property")["/capability/exposes/0/description"]
    assert edits(d) == (Edit("remove", "/capability/exposes/0/description"),)
    _assert_repairs(DOC, d)


def test_required_goes_only_with_the_with_entry_it_asks_for() -> None:
    d = _at(DOC, "schema-unknown-property")[f"{LIMIT}/required"]
    assert edits(d) == (
        Edit("remove", f"{LIMIT}/required"),
        Edit("set", f"{OPERATION}/with", {"limit": "order-api.Limit"}),
    )
    assert d.fix is not None and not d.fix.safe
    assert d.fix.title == "remove 'required' and pass 'order-api.Limit' as 'limit'"
    after = applied(DOC, d)
    assert not [x for x in after if x.rule == "consumed-input-unsupplied"]
    _assert_repairs(DOC, d)


def test_required_stays_when_nothing_can_supply_it() -> None:
    text = DOC.replace("- {name: Limit, in: query,", "- {name: size, in: query,")
    d = _at(text, "schema-unknown-property")[f"{LIMIT}/required"]
    assert d.fix is None
    assert of_rule(text, "consumed-input-unsupplied")  # the finding it supports stays


def test_required_on_an_input_nothing_reads_it_for_is_removed_alone() -> None:
    at = "/capability/consumes/0/resources/0/operations/0/inputParameters/1/required"
    d = _at(DOC, "schema-unknown-property")[at]
    assert edits(d) == (Edit("remove", at),)
    _assert_repairs(DOC, d)


def test_a_misplaced_block_and_a_misspelling_keep_their_own_fixes() -> None:
    text = DOC.replace(
        "      description: The REST face.\n",
        "      adress: localhost\n      extra: {a: 1}\n",
    )
    found = _at(text, "schema-unknown-property")
    assert found["/capability/exposes/0/extra"].fix is None
    misspelt = found["/capability/exposes/0/adress"].fix
    assert misspelt is not None and misspelt.title == "rename to 'address'"


def test_a_pass_through_object_output_drops_the_outputs() -> None:
    [d] = [x for x in of_rule(DOC, "schema") if x.pointer.endswith("/outputParameters/0")]
    assert d.fix is not None and not d.fix.safe
    assert edits(d) == (Edit("remove", f"{OPERATION}/outputParameters"),)
    _assert_repairs(DOC, d)


@pytest.mark.parametrize(
    "output",
    [
        "- {type: object, mapping: $.data}",  # a sub-root: dropping returns more
        "- {type: object, mapping: $.}\n                - {type: string, mapping: $.id}",
    ],
)
def test_no_output_fix_unless_every_output_passes_the_whole_response(output: str) -> None:
    text = DOC.replace("- {type: object, mapping: $.}", output)
    found = [x for x in of_rule(text, "schema") if "drop outputParameters" in x.message]
    assert found and all(x.fix is None for x in found)


def test_a_consumed_inputs_type_waits_for_the_declaration_that_reads_it() -> None:
    declared = "- {name: Limit, in: query, type: integer, description: Page size.}"
    text = DOC.replace(f"              inputParameters:\n                {declared}\n", "")
    text = text.replace(
        "call: orders.list-orders\n",
        "call: orders.list-orders\n              with: {limit: rest.limit}\n",
    )
    found = _at(text, "schema-unknown-property")
    assert all(found[f"{LIMIT}/{key}"].fix is None for key in ("type", "description", "required"))
    result = fixed(text, None)  # the namespace fix declares 'limit' from them, then they go
    lines = ["- name: limit", "  in: query", "  type: integer", "  description: Page size."]
    assert "".join(" " * 16 + line + "\n" for line in lines) in result.fixed, result.diff()
    assert not [d for d in result.remaining if d.rule.startswith("schema")]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seeds_lose_every_schema_finding_and_gain_no_rule(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    before = diagnostics(text)
    result = fixed(text, None)
    assert result.refused is None and not result.notes
    assert not [d for d in result.remaining if d.rule in ("schema", "schema-unknown-property")]
    assert {d.rule for d in result.remaining} <= {d.rule for d in before}
