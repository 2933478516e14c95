"""The rewriting fixes: with references under the wrong namespace, single-brace consumed
paths, qualified bind references. Each fix is checked on real YAML twice: its edits, and
that applying them removes the finding and adds none."""

from __future__ import annotations

import collections
import json
from pathlib import Path

import pytest
import yaml

import naftiko_lint
from naftiko_lint.diagnostics import Diagnostic, Edit
from naftiko_lint.fix.api import fix_text
from naftiko_lint.fix.data import apply_to_data
from naftiko_lint.linter import LintOptions

from ..conftest import FIXTURES

OPTIONS = LintOptions(discover_config=False)
REWRITES = ("with-namespace-mismatch", "consumed-path-single-brace", "bind-qualified-reference")


def lint(text: str) -> list[Diagnostic]:
    return naftiko_lint.lint_text(text, "example.yaml", OPTIONS)


def found(text: str, rule: str) -> list[Diagnostic]:
    return [d for d in lint(text) if d.rule == rule]


def counts(diagnostics: list[Diagnostic]) -> collections.Counter[str]:
    return collections.Counter(d.rule for d in diagnostics)


def applied(text: str, diagnostic: Diagnostic) -> str:
    """`text` with the fix of `diagnostic` applied (as JSON, which is YAML)."""
    assert diagnostic.fix is not None
    data = apply_to_data(yaml.safe_load(text), diagnostic.fix.edits_at(diagnostic.pointer))
    return json.dumps(data)


def assert_repairs(text: str, diagnostic: Diagnostic) -> str:
    """Applying the fix removes that finding (same rule and pointer) and adds none."""
    before = lint(text)
    fixed = applied(text, diagnostic)
    after = lint(fixed)
    assert not [d for d in after if (d.rule, d.pointer) == (diagnostic.rule, diagnostic.pointer)]
    assert not counts(after) - counts(before), [d.message for d in after]
    return fixed


def rest(with_: str, inputs: str = "", method: str = "GET", path: str = "/orders") -> str:
    """A REST operation calling orders.op (query status, limit; header X-Trace)."""
    declared = f"\n              inputParameters: [{inputs}]" if inputs else ""
    return f"""\
naftiko: 1.0.0-alpha2
capability:
  consumes:
    - type: http
      namespace: orders
      description: Orders.
      baseUri: https://orders.test
      resources:
        - name: orders
          path: /orders/{{{{orderId}}}}
          operations:
            - name: op
              method: {method}
              inputParameters:
                - {{name: status, in: query}}
                - {{name: limit, in: query}}
                - {{name: X-Trace, in: header}}
  exposes:
    - type: rest
      namespace: order-api
      port: 8080
      resources:
        - path: {path}
          description: Orders.
          operations:
            - method: {method}
              description: Orders.{declared}
              call: orders.op
              with: {{{with_}}}
"""


STATUS = "{name: status, in: query, type: string, description: Status.}"
ORDER_ID = "{name: orderId, in: path, type: string, description: Order.}"
WITH = "/capability/exposes/0/resources/0/operations/0/with"
OPERATION = "/capability/exposes/0/resources/0/operations/0"


@pytest.mark.parametrize(
    "value",
    ["rest.status", "tools.status", "rest.query.status", "orders.status", "api.body.status"],
)
def test_declared_input_is_a_safe_rewrite(value: str) -> None:
    text = rest(f"status: {value}", STATUS)
    [d] = found(text, "with-namespace-mismatch")
    assert d.fix is not None and d.fix.safe
    assert d.fix.replacement == "order-api.status"
    assert d.fix.edits == (Edit("set", f"{WITH}/status", "order-api.status"),)
    assert d.fix.title == f"write 'order-api.status' for {value!r}"
    assert_repairs(text, d)


def test_case_slip_takes_the_declared_spelling() -> None:
    text = rest("orderId: rest.OrderId", ORDER_ID, path="/orders/{orderId}")
    [d] = found(text, "with-namespace-mismatch")
    assert d.fix is not None and d.fix.safe and d.fix.replacement == "order-api.orderId"
    assert_repairs(text, d)


def test_undeclared_path_variable_is_declared_on_its_resource() -> None:
    """in: path, on the resource: path-param-undeclared's own repair, the same edit."""
    text = rest("orderId: rest.order_id", path="/orders/{order-id}")
    [d] = found(text, "with-namespace-mismatch")
    [path_finding] = found(text, "path-param-undeclared")
    assert d.fix is not None and not d.fix.safe and path_finding.fix is not None
    rewrite, declare = d.fix.edits
    assert rewrite == Edit("set", f"{WITH}/orderId", "order-api.order-id")
    assert declare.pointer == "/capability/exposes/0/resources/0/inputParameters"
    assert declare.value[0] | {"description": ""} == {
        "name": "order-id",
        "in": "path",
        "type": "string",
        "description": "",
    }
    assert declare in path_finding.fix.edits
    assert "declare input 'order-id'" in d.fix.title
    fixed = assert_repairs(text, d)
    assert not found(fixed, "path-param-undeclared")


@pytest.mark.parametrize(
    ("method", "key", "where"),
    [
        ("GET", "status", "query"),  # the consumed parameter's query
        ("POST", "status", "query"),
        ("POST", "X-Trace", "header"),  # the consumed parameter's header
        ("GET", "note", "query"),  # no such consumed parameter: a bodyless method's query
        ("DELETE", "note", "query"),
        ("POST", "note", "body"),  # ... or the JSON body's field of that name
        ("PUT", "body", "body"),
    ],
)
def test_undeclared_input_location(method: str, key: str, where: str) -> None:
    text = rest(f"{key}: rest.{key}", STATUS if key != "status" else "", method=method)
    [d] = found(text, "with-namespace-mismatch")
    assert d.fix is not None and not d.fix.safe
    declare = d.fix.edits[1]
    entry = declare.value if declare.op == "add" else declare.value[0]
    assert (entry["name"], entry["in"]) == (key, where)
    if key != "status":  # appended to the inputs the operation declares
        assert declare == Edit("add", f"{OPERATION}/inputParameters/-", entry)
    assert_repairs(text, d)


def test_declared_input_copies_what_the_consumed_parameter_says() -> None:
    text = rest("limit: rest.limit", STATUS).replace(
        "{name: limit, in: query}",
        "{name: limit, in: query, type: integer, description: Page size.}",
    )
    [d] = found(text, "with-namespace-mismatch")
    assert d.fix is not None
    assert d.fix.edits[1].value == {
        "name": "limit",
        "in": "query",
        "type": "integer",
        "description": "Page size.",
    }


MCP = """\
naftiko: 1.0.0-alpha2
capability:
  consumes:
    - type: http
      namespace: orders
      description: Orders.
      baseUri: https://orders.test
      resources:
        - name: orders
          path: /orders/{{orderId}}
          operations:
            - name: get
              method: GET
              inputParameters: [{name: limit, in: query}]
  aggregates:
    - namespace: shop
      functions:
        - name: get-order
          description: Get an order.
          inputParameters: [{name: orderId, type: string, description: Order.}]
          call: orders.get
          with: {orderId: shop.orderId}
  exposes:
    - type: mcp
      namespace: order-tools
      port: 9090
      tools:
"""


def test_mcp_tool_input_is_declared_without_in_and_optional_for_a_query() -> None:
    text = MCP + (
        "        - {name: list, description: List., hints: {readOnly: true}, call: orders.get,"
        " with: {orderId: '1', limit: tools.limit}}\n"
    )
    [d] = found(text, "with-namespace-mismatch")
    assert d.fix is not None and not d.fix.safe and d.fix.replacement == "order-tools.limit"
    assert d.fix.edits[1] == Edit(
        "set",
        "/capability/exposes/0/tools/0/inputParameters",
        [
            {
                "name": "limit",
                "type": "string",
                "description": "Passed to orders.get as limit.",
                "required": False,
            }
        ],
    )
    assert_repairs(text, d)


def test_ref_tool_receives_its_functions_inputs() -> None:
    text = MCP + "        - {ref: shop.get-order, with: {orderId: tools.orderId}}\n"
    [d] = found(text, "with-namespace-mismatch")
    assert d.fix is not None and d.fix.safe and d.fix.replacement == "order-tools.orderId"
    assert_repairs(text, d)


def test_ref_tool_declaring_nothing_gets_no_fix_for_a_new_input() -> None:
    # one declared input would replace the function's advertised ones (McpServerAdapter)
    text = MCP + "        - {ref: shop.get-order, with: {note: tools.note}}\n"
    [d] = found(text, "with-namespace-mismatch")
    assert d.fix is None


def test_mcp_resource_gets_no_declaring_fix() -> None:
    text = MCP + (
        "        - {name: get, description: Get., hints: {readOnly: true}, call: orders.get,"
        " with: {orderId: '1'}}\n"
        "      resources:\n"
        "        - {name: order, label: Order, description: One order., uri: 'data://orders/{id}',"
        " call: orders.get, with: {orderId: tools.id, limit: tools.limit}}\n"
    )
    by_key = {d.pointer.rsplit("/", 1)[-1]: d for d in found(text, "with-namespace-mismatch")}
    assert set(by_key) == {"orderId", "limit"}
    assert by_key["orderId"].fix is not None and by_key["orderId"].fix.safe  # {id} is its input
    assert by_key["limit"].fix is None  # its inputs are its uri's variables


def test_single_braces_are_all_doubled_by_each_findings_fix() -> None:
    text = rest("status: '1'").replace("/orders/{{orderId}}", "/orgs/{org}/orders/{ orderId }")
    ds = found(text, "consumed-path-single-brace")
    assert len(ds) == 2
    fixes = {d.fix for d in ds}
    assert len(fixes) == 1  # identical: whichever applies first repairs both
    [fix] = fixes
    assert fix is not None and fix.safe
    assert fix.replacement == "/orgs/{{org}}/orders/{{orderId}}"
    assert fix.edits == (Edit("set", "/capability/consumes/0/resources/0/path", fix.replacement),)
    assert_repairs(text, ds[0])


def test_single_brace_title_names_the_placeholder() -> None:
    text = rest("status: '1'").replace("/orders/{{orderId}}", "/orders/{orderId}")
    [d] = found(text, "consumed-path-single-brace")
    assert d.fix is not None and d.fix.title == "write '{{orderId}}' for '{orderId}'"


BINDS = """\
naftiko: 1.0.0-alpha2
binds:
  - {namespace: env, keys: {TOKEN: TOKEN, TENANT: TENANT}}
capability:
  consumes:
    - type: http
      namespace: orders
      description: Orders.
      baseUri: https://orders.test
      authentication: {type: bearer, token: 'Bearer {{env.TOKEN}} for {{ env.TENANT }}/{{TENANT}}'}
"""


def test_qualified_binds_are_unqualified_keeping_the_text() -> None:
    ds = found(BINDS, "bind-qualified-reference")
    assert len(ds) == 2
    [fix] = {d.fix for d in ds}
    assert fix is not None and fix.safe
    assert fix.replacement == "Bearer {{TOKEN}} for {{TENANT}}/{{TENANT}}"
    assert fix.edits == (
        Edit("set", "/capability/consumes/0/authentication/token", fix.replacement),
    )
    assert fix.title == "write '{{TOKEN}}' for '{{env.TOKEN}}' (and 1 more)"
    assert_repairs(BINDS, ds[1])


SEEDS = sorted((FIXTURES / "seeds").glob("*.yaml"))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_rewrites_leave_nothing_new(seed: Path) -> None:
    """fix_text with these rules' fixes (unsafe too) on the real generated files: every one
    of their findings is gone, and no rule finds more than before."""
    text = seed.read_text(encoding="utf-8")
    result = fix_text(text, str(seed), unsafe=True, options=OPTIONS, rules=REWRITES)
    before, after = counts(lint(text)), counts(list(result.remaining))
    assert result.changed and result.refused is None
    assert not [d for d in result.remaining if d.rule in REWRITES]
    assert not after - before, after - before
    # the safe part alone leaves the unsafe declaring rewrites for --unsafe-fixes
    safe = fix_text(text, str(seed), options=OPTIONS, rules=REWRITES)
    assert all(not d.fix.safe for d in safe.remaining if d.rule in REWRITES and d.fix)


def test_aggregate_function_references_its_aggregates_namespace() -> None:
    tool = "        - {ref: shop.get-order}\n"
    text = MCP.replace("with: {orderId: shop.orderId}", "with: {orderId: fns.orderId}") + tool
    [d] = found(text, "with-namespace-mismatch")
    assert d.fix is not None and d.fix.safe and d.fix.replacement == "shop.orderId"
    assert_repairs(text, d)
    text = MCP.replace("{orderId: shop.orderId}", "{orderId: shop.orderId, limit: rest.limit}")
    [d] = found(text + tool, "with-namespace-mismatch")
    assert d.fix is not None and not d.fix.safe and d.fix.replacement == "shop.limit"
    assert d.fix.edits[1] == Edit(
        "add",
        "/capability/aggregates/0/functions/0/inputParameters/-",
        {
            "name": "limit",
            "type": "string",
            "description": "Passed to orders.get as limit.",
            "required": False,
        },
    )
    assert_repairs(text + tool, d)


def test_a_path_variable_two_operations_pass_is_declared_once() -> None:
    """Both operations' fixes declare `orderId` on their resource with the same edit: it is
    made once (the second waits a round, then finds it declared and only rewrites)."""
    text = rest("orderId: rest.orderId", path="/orders/{orderId}").replace(
        "          operations:\n            - method: GET",
        "          inputParameters: [{name: trace, in: header, type: string, description: T.}]\n"
        "          operations:\n"
        "            - method: DELETE\n"
        "              description: Delete.\n"
        "              call: orders.op\n"
        "              with: {orderId: rest.orderId}\n"
        "            - method: GET",
    )
    assert len(found(text, "with-namespace-mismatch")) == 2
    result = fix_text(text, "example.yaml", unsafe=True, options=OPTIONS, rules=REWRITES)
    resource = yaml.safe_load(result.fixed)["capability"]["exposes"][0]["resources"][0]
    assert [p["name"] for p in resource["inputParameters"]] == ["trace", "orderId"]
    assert [op["with"] for op in resource["operations"]] == [{"orderId": "order-api.orderId"}] * 2
    assert not counts(list(result.remaining)) - counts(lint(text))
