"""`naftiko-lint serve`: the surfaces a capability declares, stood up on 127.0.0.1 with mock
upstreams in place of the consumed APIs.

The package sits above `export` (it reuses its routing and tool lists) and below
`conformance`. Its core is an emulation of the Naftiko engine's request handling
(`engine.py` and its helpers: `client_request`, `mustache`, `outputs`, `steps`,
`tool_results`, `engine_*`), read from the engine's source so that what reaches an upstream,
and what a caller gets back, is what the real engine would produce — defects included. The
servers (`rest`, `mcp`, `upstream`, `runtime`) are thin layers over it. Everything here is
imported lazily by the CLI, so `naftiko-lint check` never pays for starlette, uvicorn, httpx
or the MCP SDK.
"""
