"""The SDK wiring: a low-level `mcp` Server (2.x) that lists the catalog's tools and answers
`tools/call`, lists and reads the resources (resources.py) and lists and gives the prompts
(prompts.py).

* An unknown tool is a protocol error (-32602, as the MCP spec asks), naming the tools.
* Arguments are checked against the tool's input schema first; a violation is a tool
  error result (`isError`) saying which argument is wrong, so an agent can correct it.
* What the tool itself refuses (a missing path, text over the size limit, an unknown rule,
  a broken configuration, a capability without the surface to export) is a tool error
  result too; so is an unexpected exception, reported in one line, never a crash.
* Tools run in a worker thread, one at a time (linting is CPU-bound and the linter's
  caches are not meant to be shared between threads), so the event loop keeps answering
  pings and other sessions meanwhile; so do the resource reads and listings, which build
  the rule plan from the server's configuration.
* A resource URI nothing answers is a protocol error, -32602 with the URI in `data`, as
  the SDK's own MCPServer answers it (SEP-2164); so are an unknown prompt and prompt
  arguments it cannot use."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from naftiko_lint import TOOL_NAME, __version__
from naftiko_lint.mcp_server.catalog import BY_NAME, INSTRUCTIONS, TOOLS, ToolSpec
from naftiko_lint.mcp_server.subject import Outcome, ToolFailure

if TYPE_CHECKING:
    from mcp.server.lowlevel.server import Server

    from naftiko_lint.linter import LintOptions
    from naftiko_lint.mcp_server.resources import ResourceEntry

T = TypeVar("T")


def argument_errors(spec: ToolSpec, arguments: Any) -> list[str]:
    """What is wrong with `arguments` for the tool, one line each ([] when they fit)."""
    import jsonschema_rs

    validator = jsonschema_rs.validator_for(spec.input_schema)
    found = []
    for error in validator.iter_errors(arguments):
        where = "/".join(str(part) for part in error.instance_path)
        found.append(f"{where}: {error.message}" if where else error.message)
    return sorted(found)


class ToolRunner:
    """Runs one tool call at a time with the server's LintOptions."""

    def __init__(self, options: LintOptions, debug: bool = False) -> None:
        self.options = options
        self.debug = debug
        self._lock = threading.Lock()

    def locked(self, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)`, one call at a time with the tools; a broken configuration is
        a protocol error (-32603) saying what is wrong with it."""
        from mcp.shared.exceptions import MCPError
        from mcp_types import INTERNAL_ERROR

        from naftiko_lint.errors import ConfigError

        with self._lock:
            try:
                return function(*args)
            except ConfigError as error:
                problems = "; ".join(str(p) for p in error.problems)
                raise MCPError(code=INTERNAL_ERROR, message=problems) from None

    def call(self, name: str, arguments: dict[str, Any]) -> Outcome:
        """The outcome of calling tool `name` (KeyError for an unknown name)."""
        from naftiko_lint.errors import ConfigError

        spec = BY_NAME[name]
        problems = argument_errors(spec, arguments)
        if problems:
            listed = "; ".join(problems)
            return Outcome(f"invalid arguments for {name}: {listed}", is_error=True)
        with self._lock:
            try:
                return spec.function(arguments, self.options)
            except ToolFailure as failure:
                return Outcome(str(failure), is_error=True)
            except ConfigError as error:
                return Outcome("; ".join(str(p) for p in error.problems), is_error=True)
            except Exception as error:  # an internal error is an answer, never a crash
                if self.debug:
                    traceback.print_exc()
                return Outcome(
                    f"internal error in {name}: {type(error).__name__}: {error}", is_error=True
                )


def tool_list() -> list[Any]:
    import mcp_types as types

    return [
        types.Tool(
            name=spec.name,
            title=spec.title,
            description=spec.description,
            input_schema=spec.input_schema,
            output_schema=spec.output_schema,
            annotations=types.ToolAnnotations(title=spec.title, **_hints(spec.annotations)),
        )
        for spec in TOOLS
    ]


def _hints(wire: dict[str, bool]) -> dict[str, bool]:
    names = {
        "readOnlyHint": "read_only_hint",
        "destructiveHint": "destructive_hint",
        "idempotentHint": "idempotent_hint",
        "openWorldHint": "open_world_hint",
    }
    return {names[key]: value for key, value in wire.items()}


def resource_of(entry: ResourceEntry) -> Any:
    import mcp_types as types

    return types.Resource(
        uri=entry.uri,
        name=entry.name,
        title=entry.title,
        description=entry.description,
        mime_type=entry.mime_type,
    )


def template_of(entry: ResourceEntry) -> Any:
    import mcp_types as types

    return types.ResourceTemplate(
        uri_template=entry.uri,
        name=entry.name,
        title=entry.title,
        description=entry.description,
        mime_type=entry.mime_type,
    )


def prompt_list() -> list[Any]:
    import mcp_types as types

    from naftiko_lint.mcp_server.prompts import PROMPTS

    return [
        types.Prompt(
            name=spec.name,
            title=spec.title,
            description=spec.description,
            arguments=[
                types.PromptArgument(name=a.name, description=a.description, required=a.required)
                for a in spec.arguments
            ],
        )
        for spec in PROMPTS
    ]


def build_server(options: LintOptions, *, debug: bool = False) -> Server:
    """naftiko-lint's tools, resources and prompts as an SDK server (no transport yet)."""
    import anyio.to_thread
    import mcp_types as types
    from mcp.server.lowlevel.server import Server
    from mcp.shared.exceptions import MCPError

    from naftiko_lint.mcp_server import prompts, resources

    runner = ToolRunner(options, debug)
    listed = tool_list()
    listed_prompts = prompt_list()
    templates = [template_of(entry) for entry in resources.TEMPLATES]

    async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(tools=listed)

    async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        if params.name not in BY_NAME:
            known = ", ".join(BY_NAME)
            raise MCPError(
                code=types.INVALID_PARAMS, message=f"Unknown tool: {params.name} (tools: {known})"
            )
        arguments = params.arguments or {}
        outcome = await anyio.to_thread.run_sync(runner.call, params.name, arguments)
        return types.CallToolResult(
            content=[types.TextContent(text=outcome.text)],
            structured_content=outcome.structured,
            is_error=outcome.is_error,
        )

    async def list_resources(ctx: Any, params: Any) -> types.ListResourcesResult:
        entries = await anyio.to_thread.run_sync(runner.locked, resources.listed, options)
        return types.ListResourcesResult(resources=[resource_of(e) for e in entries])

    async def list_resource_templates(ctx: Any, params: Any) -> types.ListResourceTemplatesResult:
        return types.ListResourceTemplatesResult(resource_templates=templates)

    async def read_resource(
        ctx: Any, params: types.ReadResourceRequestParams
    ) -> types.ReadResourceResult:
        uri = str(params.uri)
        try:
            found = await anyio.to_thread.run_sync(runner.locked, resources.read, uri, options)
        except resources.UnknownResource as error:
            raise MCPError(
                code=types.INVALID_PARAMS, message=str(error), data={"uri": uri}
            ) from None
        return types.ReadResourceResult(
            contents=[
                types.TextResourceContents(uri=uri, mime_type=found.mime_type, text=found.text)
            ]
        )

    async def list_prompts(ctx: Any, params: Any) -> types.ListPromptsResult:
        return types.ListPromptsResult(prompts=listed_prompts)

    async def get_prompt(ctx: Any, params: types.GetPromptRequestParams) -> types.GetPromptResult:
        if params.name not in prompts.BY_NAME:
            known = ", ".join(prompts.BY_NAME)
            raise MCPError(
                code=types.INVALID_PARAMS,
                message=f"Unknown prompt: {params.name} (prompts: {known})",
            )
        try:
            description, text = prompts.render(params.name, params.arguments or {})
        except prompts.PromptFailure as error:
            raise MCPError(code=types.INVALID_PARAMS, message=f"{params.name}: {error}") from None
        return types.GetPromptResult(
            description=description,
            messages=[types.PromptMessage(role="user", content=types.TextContent(text=text))],
        )

    return Server(
        TOOL_NAME,
        version=__version__,
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_resources=list_resources,
        on_list_resource_templates=list_resource_templates,
        on_read_resource=read_resource,
        on_list_prompts=list_prompts,
        on_get_prompt=get_prompt,
    )
