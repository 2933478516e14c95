"""naftiko-lint's own tools, with the schemas and rule pages as resources and two prompts,
as an MCP server for agents (`naftiko-lint mcp`), on the same public API as the CLI:

    subject.py        what a call is about (text or a path) and the Outcome every tool returns
    tools.py          lint, explain_rule, list_rules
    tools_fix.py      fix (naftiko_lint.fix.api.fix_text; writes only when asked)
    tools_export.py   export_openapi, export_mcp_tools (naftiko_lint.export)
    schemas.py        the arguments' and results' JSON Schemas (the lint report's contract)
    catalog.py        the listed tools: descriptions, schemas, annotations, functions
    resources.py      naftiko-lint://schema/<version> and naftiko-lint://rules/<id>
    prompts.py        write-capability and fix-capability
    server.py         the SDK wiring (low-level `mcp` Server): argument checks, errors
    transports.py     stdio and Streamable HTTP (uvicorn, serve/mcp.McpApp), signals

Only server.py and transports.py import the SDK, and only when the command runs."""
