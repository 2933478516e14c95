"""The declaring fixes: path-param-undeclared and with-input-undeclared declare the missing
input, consumed-input-unsupplied adds the with entry from the unit's own spelling,
consumed-body-unsent adds `body: '{{x}}'` only where what arrives is JSON. Each on real YAML:
the fix's edits, and applying them removes the finding and reports nothing new."""

from __future__ import annotations

from pathlib import Path

from naftiko_lint.diagnostics import Edit

from .fix_helpers import assert_fixes_all, assert_repairs, edits, of_rule
from .patches import case_named

HEAD = """\
naftiko: 1.0.0-alpha2
info: {label: Orders, description: Order lookups.}
capability:
"""

ORDERS = (
    HEAD
    + """\
  consumes:
    - type: http
      namespace: orders
      baseUri: https://orders.test
      resources:
        - name: order
          path: /orders/{{orderId}}
          operations:
            - name: get-order
              method: GET
              inputParameters:
                - {name: status, in: query}
  exposes:
    - type: rest
      namespace: order-api
      port: 8080
      resources:
        - path: /orders/{orderId}
          name: order
          description: One order.
          operations:
            - method: GET
              name: get-order
              description: Read an order.
              call: orders.get-order
              with: {orderId: order-api.orderId, status: order-api.status}
    - type: mcp
      namespace: order-tools
      port: 9090
      tools:
        - name: get-order
          description: Read an order.
          inputParameters:
            - {name: orderid, type: string, description: Order number.}
          call: orders.get-order
"""
)

RESOURCE = "/capability/exposes/0/resources/0"
DECLARED_ORDER_ID = Edit(
    "set",
    f"{RESOURCE}/inputParameters",
    [
        {
            "name": "orderId",
            "in": "path",
            "type": "string",
            "description": "The 'orderId' variable of the path /orders/{orderId}.",
        }
    ],
)


# -- path-param-undeclared -----------------------------------------------------------------


def test_path_variable_is_declared_on_its_resource() -> None:
    [d] = of_rule(ORDERS, "path-param-undeclared")
    assert d.fix is not None and not d.fix.safe and d.fix.replacement is None
    assert d.fix.title == "declare 'orderId' (in: path) on the resource"
    assert edits(d) == (DECLARED_ORDER_ID,)
    after = assert_repairs(ORDERS, d)
    # the with value naming the variable is answered by the same declaration
    assert "'order-api.orderId'" not in " ".join(x.message for x in after)


def test_path_variable_is_appended_to_existing_inputs_and_typed_from_the_consumed_input() -> None:
    text = ORDERS.replace(
        "          description: One order.\n",
        "          description: One order.\n"
        "          inputParameters:\n"
        "            - {name: trace, in: header, type: string, description: Trace id.}\n",
    ).replace(
        "                - {name: status, in: query}\n",
        "                - {name: status, in: query}\n"
        "                - {name: orderId, in: path, type: integer}\n",
    )
    [d] = of_rule(text, "path-param-undeclared")
    [edit] = edits(d)
    assert edit.op == "add" and edit.pointer == f"{RESOURCE}/inputParameters/1"
    assert edit.value["type"] == "integer" and edit.value["in"] == "path"
    assert_repairs(text, d)


def test_path_param_fix_through_fix_text_on_the_text() -> None:
    result = assert_fixes_all(ORDERS, "path-param-undeclared")
    assert "          inputParameters:\n            - name: orderId\n              in: path\n" in (
        result.fixed
    )


def test_no_fix_on_a_forward_resource() -> None:
    text = ORDERS.replace(
        "          description: One order.\n",
        "          description: One order.\n          forward: {targetNamespace: orders}\n",
    )
    [d] = of_rule(text, "path-param-undeclared")
    assert d.fix is None


def test_no_fix_when_the_router_renames_the_variable() -> None:
    text = ORDERS.replace("- path: /orders/{orderId}", "- path: '/orders/{{order:id}}'")
    [d] = of_rule(text, "path-param-undeclared")
    assert "the router names" in d.message and d.fix is None


def test_no_fix_when_a_declared_path_input_is_a_slip_of_the_variable() -> None:
    text = ORDERS.replace(
        "              description: Read an order.\n              call: orders.get-order\n",
        "              description: Read an order.\n"
        "              inputParameters:\n"
        "                - {name: orderid, in: path, type: string, description: Order.}\n"
        "              call: orders.get-order\n",
        1,
    )
    [d] = of_rule(text, "path-param-undeclared")
    assert d.fix is None


# -- with-input-undeclared -----------------------------------------------------------------


def test_with_input_on_a_path_variable_declares_it_like_path_param_undeclared() -> None:
    found = {d.pointer: d for d in of_rule(ORDERS, "with-input-undeclared")}
    d = found[f"{RESOURCE}/operations/0/with/orderId"]
    assert edits(d) == (DECLARED_ORDER_ID,)
    assert d.fix is not None and not d.fix.safe
    assert_repairs(ORDERS, d)


def test_with_input_of_a_get_is_declared_in_its_query_on_the_operation() -> None:
    found = {d.pointer: d for d in of_rule(ORDERS, "with-input-undeclared")}
    d = found[f"{RESOURCE}/operations/0/with/status"]
    assert edits(d) == (
        Edit(
            "set",
            f"{RESOURCE}/operations/0/inputParameters",
            [
                {
                    "name": "status",
                    "in": "query",
                    "type": "string",
                    "description": "Passed to orders.get-order as status.",
                }
            ],
        ),
    )
    assert_repairs(ORDERS, d)


TOOLS = (
    HEAD
    + """\
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
                - {name: status, in: query, type: integer, description: Order status code.}
  exposes:
    - type: mcp
      namespace: order-tools
      port: 9090
      tools:
        - name: list
          description: List orders.
          call: orders.list-orders
          with: {status: WITH}
"""
)


def _tool(value: str, inputs: str = "") -> str:
    text = TOOLS.replace("WITH", value)
    if inputs:
        text = text.replace(
            "          call: orders.list-orders\n",
            f"          inputParameters:\n            - {inputs}\n"
            "          call: orders.list-orders\n",
        )
    return text


def test_mcp_tool_input_is_declared_as_the_consumed_input_describes_it() -> None:
    text = _tool("order-tools.status")
    [d] = of_rule(text, "with-input-undeclared")
    assert edits(d) == (
        Edit(
            "set",
            "/capability/exposes/0/tools/0/inputParameters",
            [
                {
                    "name": "status",
                    "type": "integer",
                    "description": "Order status code.",
                    "required": False,  # an optional query input
                }
            ],
        ),
    )
    assert d.fix is not None and d.fix.title == "declare input 'status'"
    assert_repairs(text, d)
    assert_fixes_all(text, "with-input-undeclared")


def test_three_segment_reference_to_a_declared_input_is_a_safe_rewrite() -> None:
    text = _tool("order-tools.query.status", "{name: status, type: string, description: S.}")
    [d] = of_rule(text, "with-input-undeclared")
    assert d.fix is not None and d.fix.safe
    assert d.fix.replacement == "order-tools.status" and d.suggestion == "order-tools.status"
    assert edits(d) == (Edit("set", d.pointer, "order-tools.status"),)
    assert_repairs(text, d)


def test_three_segment_reference_to_a_missing_input_rewrites_and_declares() -> None:
    text = _tool("order-tools.query.status")
    [d] = of_rule(text, "with-input-undeclared")
    assert d.fix is not None and not d.fix.safe and d.fix.replacement is None
    rewrite, declare = edits(d)
    assert rewrite == Edit("set", d.pointer, "order-tools.status")
    assert declare.pointer == "/capability/exposes/0/tools/0/inputParameters"
    assert_repairs(text, d)


def test_a_case_slip_is_rewritten_to_the_declared_spelling() -> None:
    text = _tool("order-tools.Status", "{name: status, type: string, description: S.}")
    [d] = of_rule(text, "with-input-undeclared")
    assert d.fix is not None and not d.fix.safe
    assert edits(d) == (Edit("set", d.pointer, "order-tools.status"),)
    assert_repairs(text, d)


def test_a_prefixed_template_is_rewritten_and_its_input_declared() -> None:
    text = _tool("'{{tools.status}}'")
    [d] = of_rule(text, "with-input-undeclared")
    rewrite, declare = edits(d)
    assert rewrite == Edit("set", d.pointer, "{{status}}")
    assert declare.value[0]["name"] == "status"
    assert_repairs(text, d)


def test_a_bare_template_naming_no_input_declares_it() -> None:
    text = _tool("'{{status}}'")
    [d] = of_rule(text, "with-input-undeclared")
    [declare] = edits(d)
    assert declare.value[0]["name"] == "status"
    assert_repairs(text, d)


def test_no_fix_when_the_message_proposes_another_input() -> None:
    text = _tool("order-tools.statu", "{name: status, type: string, description: S.}")
    [d] = of_rule(text, "with-input-undeclared")
    assert "did you mean 'status'" in d.message and d.fix is None


def test_no_fix_on_an_mcp_resource() -> None:
    text = TOOLS + (
        "      resources:\n"
        "        - name: orders\n"
        "          label: Orders\n"
        "          uri: orders://all\n"
        "          description: All orders.\n"
        "          call: orders.list-orders\n"
        "          with: {status: order-tools.state}\n"
    )
    found = [d for d in of_rule(text, "with-input-undeclared") if "MCP resource" in d.message]
    assert found and all(d.fix is None for d in found)


# -- consumed-input-unsupplied -------------------------------------------------------------


def test_unsupplied_path_parameter_is_passed_from_the_units_own_spelling() -> None:
    found = {d.pointer: d for d in of_rule(ORDERS, "consumed-input-unsupplied")}
    d = found["/capability/exposes/1/tools/0/call"]
    assert d.fix is not None and not d.fix.safe
    assert d.fix.title == "pass 'order-tools.orderid' as 'orderId'"
    assert edits(d) == (
        Edit("set", "/capability/exposes/1/tools/0/with", {"orderId": "order-tools.orderid"}),
    )
    assert_repairs(ORDERS, d)


def test_unsupplied_entry_joins_an_existing_with() -> None:
    text = ORDERS.replace(
        "Order number.}\n          call: orders.get-order\n",
        "Order number.}\n          call: orders.get-order\n          with: {status: open}\n",
    )
    found = {d.pointer: d for d in of_rule(text, "consumed-input-unsupplied")}
    d = found["/capability/exposes/1/tools/0/call"]
    assert edits(d) == (
        Edit("set", "/capability/exposes/1/tools/0/with/orderId", "order-tools.orderid"),
    )
    assert_repairs(text, d)


def test_unsupplied_without_an_input_to_pass_declares_it_and_passes_it() -> None:
    text = ORDERS.replace(
        "            - {name: orderid, type: string, description: Order number.}\n",
        "            - {name: ref, type: string, description: Order number.}\n",
    )
    found = {d.pointer: d for d in of_rule(text, "consumed-input-unsupplied")}
    d = found["/capability/exposes/1/tools/0/call"]
    assert d.fix is not None and not d.fix.safe
    assert d.fix.title == "declare input 'orderId' and pass 'order-tools.orderId' as 'orderId'"
    declared, passed = edits(d)
    assert declared.op == "add" and declared.pointer.endswith("/tools/0/inputParameters/-")
    assert declared.value["name"] == "orderId"
    assert passed == Edit(
        "set", "/capability/exposes/1/tools/0/with", {"orderId": "order-tools.orderId"}
    )
    assert_repairs(text, d)


def test_required_query_input_is_supplied_from_the_slip() -> None:
    status = "{name: status, in: query, type: integer, description: Order status code.}"
    text = _tool("open", "{name: Limit, type: integer, description: Page size.}").replace(
        status, "{name: limit, in: query, required: true}"
    )
    [d] = of_rule(text, "consumed-input-unsupplied")
    at = "/capability/exposes/0/tools/0/with/limit"
    assert edits(d) == (Edit("set", at, "order-tools.Limit"),)
    assert_repairs(text, d)


# -- consumed-body-unsent ------------------------------------------------------------------

BODY = (
    HEAD
    + """\
  consumes:
    - type: http
      namespace: orders
      baseUri: https://orders.test
      resources:
        - name: orders
          path: /orders
          operations:
            - name: create-order
              method: POST
              inputParameters:
                - {name: body, in: body}
  exposes:
    - type: rest
      namespace: order-api
      port: 8080
      resources:
        - path: /orders
          name: orders
          description: Orders.
          operations:
            - method: POST
              name: create-order
              description: Create an order.
              inputParameters:
                - {name: body, in: body, type: REST_TYPE, description: The order.}
              call: orders.create-order
              with: {body: order-api.body}
"""
)
MCP_CALLER = """\
    - type: mcp
      namespace: order-tools
      port: 9090
      tools:
        - name: create-order
          description: Create an order.
          inputParameters:
            - {name: body, type: MCP_TYPE, description: The order.}
          call: orders.create-order
          with: {body: order-tools.body}
"""
BODY_AT = "/capability/consumes/0/resources/0/operations/0/body"


def test_a_rest_body_passed_through_whole_becomes_the_body() -> None:
    text = BODY.replace("REST_TYPE", "object")
    [d] = of_rule(text, "consumed-body-unsent")
    assert d.fix is not None and not d.fix.safe
    assert edits(d) == (Edit("set", BODY_AT, "{{body}}"),)
    assert_repairs(text, d)
    assert_fixes_all(text, "consumed-body-unsent")


def test_a_list_argument_becomes_the_body() -> None:
    text = BODY.replace("REST_TYPE", "array") + MCP_CALLER.replace("MCP_TYPE", "array")
    [d] = of_rule(text, "consumed-body-unsent")
    assert edits(d) == (Edit("set", BODY_AT, "{{body}}"),)
    assert_repairs(text, d)


def test_no_body_fix_when_one_caller_passes_a_map() -> None:
    text = BODY.replace("REST_TYPE", "object") + MCP_CALLER.replace("MCP_TYPE", "object")
    [d] = of_rule(text, "consumed-body-unsent")
    assert d.fix is None


def test_no_body_fix_for_a_string_or_no_caller() -> None:
    [d] = of_rule(BODY.replace("REST_TYPE", "string"), "consumed-body-unsent")
    assert d.fix is None
    uncalled = BODY.replace("REST_TYPE", "object").replace("call: orders.create-order", "")
    assert all(d.fix is None for d in of_rule(uncalled, "consumed-body-unsent"))


# -- on the rule cases and clean fixtures --------------------------------------------------

AGGREGATES = Path(__file__).parents[2].joinpath("fixtures", "clean", "aggregates.yaml")


def test_no_declaration_on_a_ref_tool_that_advertises_its_functions_inputs() -> None:
    text = AGGREGATES.read_text(encoding="utf-8").replace(
        "          hints: {readOnly: true}\n",
        "          hints: {readOnly: true}\n          with: {flag: ship-tools.flag}\n",
    )
    [d] = of_rule(text, "with-input-undeclared")
    assert d.fix is None


def test_an_aggregate_function_input_is_declared_on_the_function() -> None:
    text = AGGREGATES.read_text(encoding="utf-8").replace(
        "            imo: '{{imo}}'\n", "            imo: '{{imo}}'\n            flag: '{{flag}}'\n"
    )
    [d] = of_rule(text, "with-input-undeclared")
    [edit] = edits(d)
    assert edit == Edit(
        "add",
        "/capability/aggregates/0/functions/0/inputParameters/-",
        {"name": "flag", "type": "string", "description": "Passed to registry.get-ship as flag."},
    )
    assert_repairs(text, d)


def test_ref_operation_path_variable_is_declared_on_the_rest_side() -> None:
    _, raw, _ = case_named("path-param-undeclared-ref").source()
    text = raw.decode("utf-8")
    [d] = of_rule(text, "path-param-undeclared")
    assert "the function 'ship-functions.find-ship' declares 'imo'" in d.message
    [edit] = edits(d)
    assert edit.pointer == "/capability/exposes/0/resources/0/inputParameters"
    assert edit.value[0]["name"] == "imo" and edit.value[0]["in"] == "path"
    assert_repairs(text, d)


def test_segment_cases_rewrite_safely_and_leave_the_mcp_resource() -> None:
    _, raw, _ = case_named("with-input-undeclared-segments").source()
    text = raw.decode("utf-8")
    found = of_rule(text, "with-input-undeclared")
    rewrites = [d for d in found if "looks up an argument named" in d.message]
    assert rewrites and all(d.fix is not None and d.fix.safe for d in rewrites)
    for d in rewrites:
        assert_repairs(text, d)
    resource = [d for d in found if "MCP resource" in d.message]
    assert resource and all(d.fix is None for d in resource)


def test_a_path_variable_slip_of_a_declared_input_is_not_declared_again() -> None:
    text = ORDERS.replace(
        "              description: Read an order.\n              call: orders.get-order\n",
        "              description: Read an order.\n"
        "              inputParameters:\n"
        "                - {name: orderid, in: path, type: string, description: Order.}\n"
        "              call: orders.get-order\n",
        1,
    )
    found = {d.pointer: d for d in of_rule(text, "with-input-undeclared")}
    assert found[f"{RESOURCE}/operations/0/with/orderId"].fix is None


def test_a_slip_of_an_undeclared_path_variable_takes_the_routers_spelling() -> None:
    text = ORDERS.replace("{orderId: order-api.orderId", "{orderId: order-api.orderid")
    found = {d.pointer: d for d in of_rule(text, "with-input-undeclared")}
    d = found[f"{RESOURCE}/operations/0/with/orderId"]
    # declaring 'orderid' would receive nothing: the route variable is 'orderId'
    assert "use 'order-api.orderId' and declare 'orderId' (in: path)" in d.message
    assert edits(d) == (Edit("set", d.pointer, "order-api.orderId"), DECLARED_ORDER_ID)
    assert_repairs(text, d)
