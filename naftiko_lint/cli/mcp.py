"""`naftiko-lint mcp`: naftiko-lint's own tools (lint, explain_rule, list_rules, fix,
export_openapi, export_mcp_tools), the schemas and rule pages as resources and two prompts,
as an MCP server for agents, on standard input/output (the default) or over Streamable
HTTP at http://HOST:PORT/mcp.

The MCP SDK, uvicorn and starlette are imported only when it runs (`check` never pays for
them); without the `mcp` extra it says how to install it."""

from __future__ import annotations

import argparse
import asyncio

from naftiko_lint.cli import numbers
from naftiko_lint.cli.options import add_rule_options, lint_options
from naftiko_lint.cli.output import say
from naftiko_lint.exits import EXIT_ERROR, EXIT_OK

EXTRA = "pip install 'naftiko-lint[mcp]'"
DEFAULT_PORT = 8765
# A request body may carry a capability file at the linter's size limit (32 MiB), JSON-
# escaped: twice that, by default.
DEFAULT_MAX_BODY = 64 << 20


def add_arguments(command: str, parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Run naftiko-lint's tools (lint, explain_rule, list_rules, fix, export_openapi,\n"
        "export_mcp_tools) as an MCP server for agents, with the spec versions' JSON Schemas\n"
        "(naftiko-lint://schema/VERSION) and the rules' pages (naftiko-lint://rules/ID) as\n"
        "resources, and the prompts write-capability and fix-capability. Paths the tools\n"
        "take are relative to the working directory; nothing reaches the network.\n\n"
        "examples:\n"
        "  naftiko-lint mcp                                # on stdin/stdout\n"
        "  naftiko-lint mcp --transport http               # http://127.0.0.1:8765/mcp\n"
        "  naftiko-lint mcp --transport http --port 0      # on a free port (printed)"
    )
    parser.add_argument(
        "--transport",
        choices=("stdio", "http"),
        default="stdio",
        help="stdio (default) or http (Streamable HTTP at /mcp)",
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="HOST",
        help="the address to listen on with --transport http (default: %(default)s); "
        "requests must name it, 127.0.0.1 or localhost in their Host header",
    )
    parser.add_argument(
        "--port",
        type=numbers.port_or_any,
        default=DEFAULT_PORT,
        metavar="N",
        help="the port with --transport http (default: %(default)s; 0: any free port)",
    )
    parser.add_argument(
        "--max-body-size",
        type=numbers.positive,
        default=DEFAULT_MAX_BODY,
        metavar="BYTES",
        help="refuse HTTP request bodies larger than BYTES (default: %(default)s)",
    )
    add_rule_options(parser)


def _loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def _serve(args: argparse.Namespace) -> int:
    from naftiko_lint.cli import debugging
    from naftiko_lint.mcp_server.server import build_server
    from naftiko_lint.mcp_server.transports import (
        TransportError,
        listen,
        serve_http,
        serve_stdio,
        stop_on_signals,
    )

    server = build_server(lint_options(args), debug=debugging(args))
    stop = asyncio.Event()
    with stop_on_signals(stop):
        if args.transport == "stdio":
            say("serving on stdio; end of input stops")
            failure = await serve_stdio(server, stop)
        else:
            if not _loopback(args.host):
                say(
                    f"warning: --host {args.host} is not a loopback address: whoever reaches it "
                    "can read files and write fixes with your permissions (no authentication)"
                )
            try:
                sock = listen(args.host, args.port)
            except TransportError as error:
                say(str(error))
                return EXIT_ERROR
            with sock:
                failure = await serve_http(
                    server,
                    sock,
                    stop,
                    max_body=args.max_body_size,
                    announce=lambda url: say(f"serving on {url}; Ctrl-C stops"),
                )
    if failure is not None:
        say(failure)
        return EXIT_ERROR
    return EXIT_OK


def run(command: str, args: argparse.Namespace) -> int:
    try:
        import mcp.server.lowlevel  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as error:
        say(f"mcp needs {error.name}, which is not installed: {EXTRA}")
        return EXIT_ERROR
    from naftiko_lint.cli.serve import run_coroutine

    return run_coroutine(_serve(args))
