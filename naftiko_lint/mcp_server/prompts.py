"""The prompts the server offers: `write-capability` (instructions for writing a capability
for an API, pointing at the schema resource and the lint-then-fix loop) and
`fix-capability` (the loop for an existing file or text). What they say about the format
is what the bundled schema says and what the engine does (io.naftiko.engine: how `call`,
`with` and templates resolve, which inputs are sent), the facts the consistency rules are
built on; the skeleton they show is linted clean by the tests. Pure text; no SDK here."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from naftiko_lint.mcp_server.resources import RULE_PREFIX, fence, schema_uri
from naftiko_lint.spec import versions

SURFACES = ("rest", "mcp")


class PromptFailure(ValueError):
    """The prompt cannot be given with these arguments (the message says why)."""


@dataclass(frozen=True)
class PromptArgument:
    name: str
    description: str
    required: bool = False


@dataclass(frozen=True)
class PromptSpec:
    name: str
    title: str
    description: str
    arguments: tuple[PromptArgument, ...]


PROMPTS: tuple[PromptSpec, ...] = (
    PromptSpec(
        "write-capability",
        "Write a Naftiko capability",
        "Instructions for writing a Naftiko capability file (YAML) that consumes an HTTP API "
        "and exposes it as a REST adapter, an MCP server or both: the schema resource to "
        "follow, a skeleton that lints clean, what generated capabilities often get wrong "
        "(from the schema and the engine), and the lint-then-fix loop to finish with.",
        (
            PromptArgument(
                "api",
                "The API to wrap: its name and what you know of it (base URL, operations, "
                "an OpenAPI document's location).",
                required=True,
            ),
            PromptArgument(
                "surfaces",
                "What to expose: rest, mcp, or both (default: both).",
            ),
        ),
    ),
    PromptSpec(
        "fix-capability",
        "Fix a Naftiko capability",
        "Instructions for making a Naftiko capability lint clean: lint it, apply the "
        "automatic fixes, repair the rest by each rule's page, and lint again. Give the "
        "file's `path` (relative to the server's working directory) or its `text`.",
        (
            PromptArgument("path", "The capability file, relative to the server's folder."),
            PromptArgument("text", "The capability's YAML, when it is not on the server's disk."),
        ),
    ),
)

BY_NAME = {spec.name: spec for spec in PROMPTS}

_CONSUMES = """\
naftiko: "{version}"
info:
  label: Orders
  description: Look up the shop's orders.
  tags: [orders]
capability:
  consumes:
    - type: http
      namespace: shop
      description: The shop's order API.
      baseUri: https://api.shop.test/v1
      resources:
        - name: orders
          path: /orders/{{{{id}}}}
          operations:
            - name: get-order
              method: GET
              inputParameters:
                - {{name: id, in: path}}
  exposes:
"""
_REST = """\
    - type: rest
      namespace: orders-api
      port: 8080
      resources:
        - path: /orders/{id}
          name: order
          description: One order.
          inputParameters:
            - {name: id, in: path, type: string, description: The order's id.}
          operations:
            - method: GET
              description: Get one order.
              call: shop.get-order
              with:
                id: orders-api.id
"""
_MCP = """\
    - type: mcp
      namespace: orders-tools
      port: 9090
      description: Order lookups.
      tools:
        - name: get-order
          description: Get one order by its id.
          hints: {readOnly: true}
          inputParameters:
            - {name: id, type: string, description: The order's id.}
          call: shop.get-order
          with:
            id: orders-tools.id
"""

_FACTS = """\
What generated capabilities often get wrong (from the schema and the engine):
- `call` is `<consumes namespace>.<operation name>`; the resource is not part of it, so \
operation names must be unique within a consumes namespace.
- In `with`, a key names a parameter of the consumed operation; a value that passes an \
input on is `<namespace of the enclosing exposes adapter>.<input name>` (`orders-api.id`). \
There is no `rest.`, `mcp.` or `tools.` prefix: any other string is sent as a literal (or \
rendered as a Mustache template such as `{{id}}`).
- Placeholders in a consumed resource path are double-braced (`/orders/{{id}}`); a \
single-braced `{id}` there is never substituted. An exposed REST path takes `{id}`, and \
each of its variables must be declared as an `inputParameters` entry with `in: path`.
- An input reaches the upstream only if it is declared: REST inputs need `name`, `in`, \
`type` and `description`; MCP tool inputs need `name`, `type` and `description` (no \
`in`; `required` defaults to true).
- A request body is sent only from the consumed operation's `body`; an `in: body` \
consumed input alone sends nothing.
- Omit `outputParameters` to return the upstream response as it is; an output of `type: \
object` needs `properties`, one of `type: array` needs `items`.
- A consumed input takes only `name`, `in` and `value` (no `type` or `description`); a \
REST adapter has no `description`.
"""
_HINTS = """\
- MCP tool `hints` (readOnly, destructive, idempotent, openWorld) should match the upstream \
method: readOnly for a GET; without hints, clients assume destructive and open-world.
"""


def skeleton(surfaces: tuple[str, ...], version: str = versions.LATEST.name) -> str:
    """A small capability exposing one upstream operation on `surfaces` (it lints clean)."""
    parts = {"rest": _REST, "mcp": _MCP}
    return _CONSUMES.format(version=version) + "".join(parts[s] for s in surfaces)


def surfaces_of(value: str | None) -> tuple[str, ...]:
    """rest and/or mcp, as `surfaces` names them in words ("rest", "REST and MCP", "both")."""
    if value is None or not value.strip():
        return SURFACES
    words = set(re.findall(r"[a-z]+", value.lower()))
    if "both" in words:
        return SURFACES
    chosen = tuple(s for s in SURFACES if s in words)
    if not chosen:
        raise PromptFailure(
            f"surfaces: {value!r} names neither rest nor mcp; give rest, mcp or both (other "
            "adapter types, skill and control, are described by the schema)"
        )
    return chosen


def write_capability(arguments: dict[str, str]) -> str:
    api = (arguments.get("api") or "").strip()
    if not api:
        raise PromptFailure("api is required: the API the capability is to wrap")
    surfaces = surfaces_of(arguments.get("surfaces"))
    shown = " and ".join({"rest": "a REST adapter", "mcp": "an MCP server"}[s] for s in surfaces)
    latest = versions.LATEST.name
    facts = _FACTS + (_HINTS if "mcp" in surfaces else "")
    return (
        f"Write a Naftiko capability file (YAML) for this API, exposing it as {shown}:\n\n"
        f"{api}\n\n"
        f"1. Read the resource {schema_uri(latest)}: the JSON Schema of spec version "
        f"{latest}, the latest naftiko-lint checks, and the authority on which keys go "
        f'where. Start the file with `naftiko: "{latest}"`.\n'
        "2. Declare the API under `capability.consumes` (type http, a kebab-case namespace, "
        "the baseUri, resources with their operations) and what is exposed under "
        "`capability.exposes`, in the shape of this skeleton (it lints clean):\n\n"
        f"{fence(skeleton(surfaces, latest))}\n\n"
        f"{facts}\n"
        "3. Call the `lint` tool with the file as `text` (and `path`, where it will be "
        "saved, if you know it). Call `fix` with the same arguments to apply the automatic "
        "fixes, then repair what remains: `explain_rule` (or the resource "
        f"{RULE_PREFIX}<rule id>) tells what each diagnostic's rule means and shows a valid "
        "example. Lint again after each change, until lint reports no errors and no "
        "warnings you cannot justify.\n"
    )


def fix_capability(arguments: dict[str, str]) -> str:
    path, text = arguments.get("path"), arguments.get("text")
    if bool(path) == bool(text):
        raise PromptFailure(
            "give `path` (a capability file relative to the server's folder) or `text` "
            "(its YAML), not " + ("both" if path else "neither")
        )
    if path:
        subject = f"the Naftiko capability file `{path}`"
        call = f"`{json.dumps({'path': path})}`"
        write = "; once its diff is right, call `fix` again with `write: true` to save the file"
        shown = ""
    else:
        subject = "the Naftiko capability below"
        call = "the capability as `text`"
        write = ""
        shown = f"\n\n{fence(text or '')}"
    return (
        f"Make {subject} lint clean.{shown}\n\n"
        f"1. Call the `lint` tool with {call}.\n"
        f"2. Call `fix` with the same arguments: it applies the fixes that keep the file's "
        f"meaning and returns the fixed text and a diff{write}. `unsafe: true` also applies "
        "fixes that may change meaning (a rename, say): read their diff before keeping them.\n"
        "3. Repair each diagnostic that remains by hand. `explain_rule` (or the resource "
        f"{RULE_PREFIX}<rule id>) tells what its rule checks and shows a valid example; the "
        "JSON Schema of the version the file declares is the resource "
        f"{schema_uri('<version>')}.\n"
        "4. Lint again after each change, until no errors remain. Turn a rule off or "
        "silence it only where its page says the finding does not apply to this file.\n"
    )


def render(name: str, arguments: dict[str, str]) -> tuple[str, str]:
    """The prompt's description and its one user message (KeyError for an unknown name,
    PromptFailure for unusable arguments)."""
    spec = BY_NAME[name]
    unknown = sorted(set(arguments) - {a.name for a in spec.arguments})
    if unknown:
        known = ", ".join(a.name for a in spec.arguments)
        raise PromptFailure(f"unknown argument {unknown[0]!r} for {name} (it takes {known})")
    text = write_capability(arguments) if name == "write-capability" else fix_capability(arguments)
    return spec.description, text
