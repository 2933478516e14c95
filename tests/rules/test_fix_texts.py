"""Following a finding's fix must not lead to a new finding: each case applies the fix a
message proposes and lints again (the engine facts behind each are in the rule docs)."""

from __future__ import annotations

from naftiko_lint.linter import LintOptions, lint_source

HEAD = """naftiko: 1.0.0-alpha3
info: {label: Probe, description: Fix-text probe., tags: [probe]}
"""
UPSTREAM = """  consumes:
    - type: http
      namespace: up
      description: Upstream.
      baseUri: https://api.acme.test/v1
      resources:
        - name: items
          path: /items/{{id}}
          operations:
            - {name: get-item, method: GET, inputParameters: [{name: id, in: path}]}
        - name: all-items
          path: /items
          operations:
            - name: create
              method: POST
              inputParameters: [{name: payload, in: body}]
BODY
"""


def _found(text: str) -> list[tuple[str, str]]:
    _, diagnostics = lint_source("probe.yaml", text.encode(), LintOptions())
    return [(d.rule, d.message) for d in diagnostics]


def _rules(text: str) -> list[str]:
    return [rule for rule, _ in _found(text)]


MCP_RESOURCE = (
    HEAD
    + """capability:
  exposes:
    - type: mcp
      namespace: voyage-tools
      port: 9300
      tools:
        - name: noop
          description: Nothing.
          outputParameters: [{name: ok, type: string, value: ok}]
      resources:
        - name: voyage
          label: Voyage
          description: One voyage.
          uri: URI
          call: up.get-item
          with: {id: WITH}
"""
    + UPSTREAM.replace("BODY\n", "              body: {type: json, data: {name: '{{name}}'}}\n")
)


def test_mcp_resource_fix_renames_an_invalid_uri_variable() -> None:
    broken = MCP_RESOURCE.replace("URI", "'data://voyages/{voyage-id}'").replace(
        "WITH", "'{{voyage-id}}'"
    )
    messages = dict(_found(broken))
    assert (
        "write '{voyage_id}' in its uri and reference 'voyage_id'"
        in messages["with-input-undeclared"]
    )
    fixed = MCP_RESOURCE.replace("URI", "'data://voyages/{voyage_id}'").replace(
        "WITH", "'{{voyage_id}}'"
    )
    assert _rules(fixed) == []


def test_mcp_resource_uri_is_no_bind_template() -> None:
    broken = MCP_RESOURCE.replace("URI", "'data://voyages/{{vid}}'").replace("WITH", "'{{vid}}'")
    found = _found(broken)
    assert "bind-undeclared" not in [rule for rule, _ in found]
    assert (
        "with-input-undeclared",
        "'{{vid}}' names no input of this MCP resource: write "
        "'{vid}' instead of '{{vid}}' in its uri",
    ) in found
    assert "keep the outer braces" in dict(found)["mcp-resource-uri-variable"]


AGGREGATE = (
    HEAD
    + """capability:
  aggregates:
    - label: Greetings
      namespace: greet
      functions:
        - name: hello
          description: Says hello.
          semantics: {safe: true}
          inputParameters: [{name: name, type: string, description: Who.}]
          outputParameters: [{name: message, type: string, value: 'Hello {{name}} from {{team}}'}]
  exposes:
    - type: mcp
      namespace: greet-tools
      port: 9301
      tools:
        - name: hello
          ref: greet.hello
          WITH
"""
)


def test_ref_callers_with_keys_are_in_scope_of_the_function() -> None:
    assert "bind-undeclared" in _rules(AGGREGATE.replace("WITH", ""))
    assert _rules(AGGREGATE.replace("WITH", "with: {team: core}")) == []


STEPS_WITH = (
    HEAD
    + """capability:
  exposes:
    - type: mcp
      namespace: item-tools
      port: 9302
      tools:
        - name: item
          description: One item.
          hints: {readOnly: true}
          inputParameters: [{name: key, type: string, description: Item key.}]
          with: {id: item-tools.key}
          steps:
            - {type: call, name: fetch, call: up.get-item}
"""
    + UPSTREAM.replace("BODY\n", "              body: {type: json, data: {name: '{{name}}'}}\n")
)


def test_with_beside_steps_feeds_the_steps() -> None:
    assert "unit-mode-mixed" not in _rules(STEPS_WITH)
    assert "consumed-input-unsupplied" not in _rules(STEPS_WITH)


OBJECT_BODY = (
    HEAD
    + """capability:
  exposes:
    - type: mcp
      namespace: item-tools
      port: 9303
      tools:
        - name: create
          description: Creates an item.
          inputParameters: [{name: payload, type: object, description: The item.}]
          call: up.create
          with: {payload: item-tools.payload}
"""
    + UPSTREAM
)


def test_object_body_fix_names_the_fields_and_is_clean_once_applied() -> None:
    messages = dict(_found(OBJECT_BODY.replace("BODY\n", "")))
    fix = "body: {type: json, data: {field: '{{payload.field}}'}}"
    assert fix in messages["consumed-body-unsent"]
    applied = OBJECT_BODY.replace(
        "BODY", "              body: {type: json, data: {field: '{{payload.field}}'}}"
    )
    assert _rules(applied) == []
    whole = OBJECT_BODY.replace("BODY", "              body: '{{payload}}'")
    assert "consumed-body-object-unserialised" in _rules(whole)


CREDENTIAL = (
    HEAD
    + """binds:
  - namespace: secrets
    keys: {UP_X_API_KEY: UP_X_API_KEY}
capability:
  exposes:
    - type: mcp
      namespace: item-tools
      port: 9304
      tools:
        - name: item
          description: One item.
          hints: {readOnly: true}
          inputParameters: [{name: id, type: string, description: Item id.}]
          call: up.get-item
          with: {id: item-tools.id}
  consumes:
    - type: http
      namespace: up
      description: Upstream.
      baseUri: https://api.acme.test/v1
      AUTH
      resources:
        - name: items
          path: /items/{{id}}
          operations:
            - {name: get-item, method: GET, inputParameters: [{name: id, in: path}]}
"""
)


def test_consumes_level_credential_header_moves_to_authentication() -> None:
    literal = CREDENTIAL.replace(
        "AUTH", "inputParameters: [{name: X-API-Key, in: header, value: s3cr3t}]"
    )
    message = dict(_found(literal))["secret-literal"]
    fix = (
        "authentication: {type: apikey, key: X-API-Key, value: '{{UP_X_API_KEY}}', "
        "placement: header}"
    )
    assert fix in message
    applied = CREDENTIAL.replace("AUTH", fix)
    assert _rules(applied) == []
    # the naive fix the old message proposed is sent unrendered: reported
    naive = CREDENTIAL.replace(
        "AUTH", "inputParameters: [{name: X-API-Key, in: header, value: '{{UP_X_API_KEY}}'}]"
    )
    assert _rules(naive) == ["consumed-header-unrendered"]


NO_PARAMETERS = (
    HEAD
    + """capability:
  exposes:
    - type: mcp
      namespace: item-tools
      port: 9305
      tools:
        - name: item
          description: One item.
          hints: {readOnly: true}
          call: up.get-item
          WITH
"""
    + UPSTREAM.replace("BODY\n", "              body: {type: json, data: {name: '{{name}}'}}\n")
)


def test_unfilled_path_placeholder_says_what_the_engine_does() -> None:
    nothing = dict(_found(NO_PARAMETERS.replace("WITH", "")))
    assert (
        "so the call fails ('Unresolved template parameters in URI'"
        in nothing["consumed-input-unsupplied"]
    )
    other = dict(_found(NO_PARAMETERS.replace("WITH", "with: {format: full}")))
    assert "so it renders as an empty segment" in other["consumed-input-unsupplied"]
    single = dict(_found(NO_PARAMETERS.replace("WITH", "").replace("/items/{{id}}", "/items/{id}")))
    assert "and '{id}' goes upstream as written" in single["consumed-input-unsupplied"]
