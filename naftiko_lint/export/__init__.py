"""Exports of a capability's exposed surfaces: pure functions from a loaded `Capability` to
the documents other teams consume (OpenAPI for a REST adapter, the MCP tool list).

Modules: `surface` (which adapter, which routes, as the engine builds them), `schemas`
(JSON Schema from declared inputs and outputs, shared with the MCP export), `security`
(the adapter's authentication as OpenAPI security schemes), `openapi` (the document),
`openapi30` (the 3.0 spelling of a 3.1 document), `render` (deterministic YAML/JSON) and
`source` (reading a file as `check` does). Nothing here prints or exits: the CLI face is
`naftiko_lint/cli/export.py`."""
