"""Why an MCP adapter cannot be exported: both are the REST export's SurfaceError (the
CLI turns its `code` into the exit code), so `export` treats the two surfaces alike."""

from __future__ import annotations

from naftiko_lint.export.surface import SurfaceError


class McpSurfaceError(SurfaceError):
    """There is no mcp adapter (as for REST: the capability lacks the surface), or it is
    one the engine refuses to start or lists with holes (an unknown `ref`, an input or
    resource without a name): an export would describe nothing that runs, so the
    capability's diagnostics are shown instead (exit 1)."""


class McpChoiceError(SurfaceError, ValueError):
    """Several `mcp` adapters and `--expose` names none of them: a usage error (exit 2)
    whose message lists the choices."""

    def __init__(self, message: str) -> None:
        super().__init__(message, 2)
