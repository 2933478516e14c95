"""Completion read from the text as it is being typed (it often does not parse), with the
names of the newest version that did."""

from __future__ import annotations

from naftiko_lint.capability import build_model
from naftiko_lint.diagnostics import Position
from naftiko_lint.document.loading import parse_document
from naftiko_lint.lsp.completion import complete
from naftiko_lint.lsp.nodes import node_at

CAPABILITY = """\
naftiko: 1.0.0-alpha2
capability:
  consumes:
    - type: http
      namespace: orders
      baseUri: https://orders.test
      inputParameters:
        - {name: tenant, in: header, value: acme}
      resources:
        - path: /orders/{{orderId}}
          operations:
            - name: get-order
              method: GET
              inputParameters:
                - {name: expand, in: query}
            - name: cancel-order
              method: DELETE
  exposes:
    - type: mcp
      namespace: tools
      tools:
        - name: order
          with:
            expand: tools.expand
<BLANK>
          call: orders.get-order
        - {name: flow, call: orders.c}
""".replace("<BLANK>", " " * 12)
LINES = CAPABILITY.split("\n")
MODEL = build_model(parse_document("c.yaml", CAPABILITY.encode()).data)


def labels(row: int, column: int, lines: list[str] = LINES) -> list[str] | None:
    found = complete(lines, row, column, MODEL)
    return None if found is None else [i.label for i in found.items]


def test_with_keys_come_from_the_call_beside_the_with_block_minus_those_present() -> None:
    row = LINES.index("            ")
    assert labels(row, 12) == ["orderId", "tenant"]  # `expand` is there already
    found = complete(LINES, row, 12, MODEL)
    assert found is not None and found.items[0].insert == "orderId: "


def test_call_targets_in_block_and_flow_style() -> None:
    row = LINES.index("          call: orders.get-order")
    assert labels(row, len("          call: ord")) == ["orders.get-order", "orders.cancel-order"]
    flow = LINES.index("        - {name: flow, call: orders.c}")
    found = complete(LINES, flow, len("        - {name: flow, call: orders.c"), MODEL)
    assert found is not None and (found.start, found.end) == (29, 37)


def test_a_call_key_without_its_space_gets_one_inserted() -> None:
    lines = [*LINES[:-2], "        - call:", ""]
    found = complete(lines, len(lines) - 2, len("        - call:"), MODEL)
    assert found is not None and found.items[0].insert == " orders.get-order"


def test_no_completion_outside_call_ref_and_with() -> None:
    assert labels(LINES.index("      namespace: orders"), 20) is None
    inside = LINES.index("            expand: tools.expand")
    assert labels(inside, len("            expand: to")) is None  # a with value, not a key
    assert complete(LINES, 0, 3, None) is None


def test_the_node_under_the_cursor() -> None:
    doc = parse_document("c.yaml", CAPABILITY.encode())
    row = LINES.index("          call: orders.get-order") + 1
    on_value = node_at(doc, Position(row, 20))
    assert on_value is not None
    assert (on_value.pointer, on_value.on_key) == ("/capability/exposes/0/tools/0/call", False)
    on_key = node_at(doc, Position(row, 11))
    assert on_key is not None and on_key.on_key and on_key.value == "orders.get-order"
    assert node_at(doc, Position(1, 30)) is None  # past the end of `naftiko: …`
