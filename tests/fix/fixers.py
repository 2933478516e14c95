"""A throw-away ruleset whose own functions return fixes, so the fix tests do not depend on
the shipped rules' fixes: `label-upper` (safe: writes the label in capitals) and
`description-todo` (unsafe: adds a description to an info that has none)."""

from __future__ import annotations

from pathlib import Path

UPPER = """\
from naftiko_lint.diagnostics import Fix
from naftiko_lint.functions import FunctionResult


def label_upper(target, options, context):
    if isinstance(target, str) and target != target.upper():
        yield FunctionResult(
            f"label {target!r} is not in capitals",
            fix=Fix(target.upper(), safe=True, title="write the label in capitals"),
        )
"""

TODO = """\
from naftiko_lint.diagnostics import Edit, Fix
from naftiko_lint.functions import FunctionResult


def description_todo(target, options, context):
    if isinstance(target, dict) and "description" not in target:
        yield FunctionResult(
            "info has no description",
            path=("info",),
            key=True,
            fix=Fix(
                safe=False,
                edits=(Edit("set", "/info/description", "TODO"),),
                title="add a description",
            ),
        )
"""

RULESET = """\
functions: [label-upper, description-todo]
rules:
  label-upper:
    description: Labels are written in capitals.
    severity: warning
    given: $.info.label
    then: {function: label-upper}
  description-todo:
    description: The info has a description.
    severity: warning
    given: $.info
    then: {function: description-todo}
"""

CAPABILITY = """\
# orders, as a test writes it
naftiko: 1.0.0-alpha2
info:
  label: orders   # shown to people
capability:
  consumes:
  - type: http
    namespace: orders
    description: Orders.
    baseUri: https://orders.test
    resources:
    - name: orders
      path: /orders
      operations:
      - name: list-orders
        method: GET
  exposes: []
"""

FIXED_SAFE = CAPABILITY.replace("label: orders ", "label: ORDERS ")


def write_ruleset(folder: Path) -> Path:
    (folder / "functions").mkdir(parents=True, exist_ok=True)
    (folder / "functions" / "label-upper.py").write_text(UPPER)
    (folder / "functions" / "description-todo.py").write_text(TODO)
    ruleset = folder / "fixers.yaml"
    ruleset.write_text(RULESET)
    return ruleset
