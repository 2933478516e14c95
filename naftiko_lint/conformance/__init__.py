"""Conformance: drive the REST and MCP surfaces a capability declares (the built-in servers
of `naftiko_lint.serve`, or an implementation given by URL) and report what they do that
the capability does not declare, as `conformance-*` observations located in its file.

The package is imported only by `naftiko-lint conformance`: it pulls in httpx, the MCP SDK
and schemathesis, which `check` never pays for."""
