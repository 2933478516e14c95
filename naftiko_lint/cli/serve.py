"""`naftiko-lint serve CAPABILITY`: stand up the surfaces a capability declares on
127.0.0.1 — a mock upstream for its consumed APIs, its REST adapters and its MCP servers,
all following the engine's semantics — print one line per surface and serve until Ctrl-C or
SIGTERM (exit 0). It refuses to start with one line and exit 2 on a port in use or a
capability whose errors make routing impossible (serve/runtime_plan.py says which).

Everything it needs (uvicorn, starlette, httpx, the MCP SDK) is imported only when it runs;
without the `serve` extra it says how to install it."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Coroutine
from typing import Any

from naftiko_lint.cli import numbers
from naftiko_lint.cli.output import say, write_lines
from naftiko_lint.exits import EXIT_ERROR, EXIT_OK

EXTRA = "pip install 'naftiko-lint[serve]'"


def _url(text: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError(f"not an http(s) URL: {text!r}")
    return text


def add_arguments(command: str, parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Serve the surfaces a capability declares on 127.0.0.1: a mock upstream for its\n"
        "consumed APIs, its REST adapters and its MCP servers, emulating the engine.\n\n"
        "examples:\n"
        "  naftiko-lint serve caps/orders.yaml                  # on the declared ports\n"
        "  naftiko-lint serve caps/orders.yaml --random-ports   # on free ports\n"
        "  naftiko-lint serve caps/orders.yaml --stdio          # the MCP adapter on stdio"
    )
    parser.add_argument("capability", metavar="CAPABILITY", help="the capability file")
    ports = parser.add_mutually_exclusive_group()
    ports.add_argument(
        "--port-offset",
        type=numbers.integer,
        default=0,
        metavar="N",
        help="add N (may be negative) to every declared adapter port (default: 0)",
    )
    ports.add_argument(
        "--random-ports", action="store_true", help="serve every adapter on a free port"
    )
    parser.add_argument(
        "--stdio",
        action="store_true",
        help="run the MCP adapter on standard input/output (everything else goes to stderr)",
    )
    parser.add_argument(
        "--expose", metavar="NAMESPACE", help="serve only the adapter with this namespace"
    )
    upstream = parser.add_mutually_exclusive_group()
    upstream.add_argument(
        "--upstream-port",
        type=numbers.port,
        metavar="N",
        help="serve the mock upstream on port N (default: a free port)",
    )
    upstream.add_argument(
        "--upstream-url",
        type=_url,
        metavar="URL",
        help="send consumed calls to another run's mock upstream at URL and start none",
    )
    parser.add_argument(
        "--seed",
        type=numbers.non_negative,
        default=0,
        metavar="N",
        help="seed of the mock upstream's responses (default: 0)",
    )
    parser.add_argument(
        "--max-body-size",
        type=numbers.positive,
        default=1 << 20,
        metavar="BYTES",
        help="refuse request bodies larger than BYTES with 413 (default: %(default)s)",
    )


def _lines(servers: Any) -> list[str]:
    """One line per surface: kind, namespace, URL (an upstream: what it stands for)."""
    width = max((len(s.name) for s in servers.surfaces), default=0)
    out = []
    for surface in servers.surfaces:
        line = f"{surface.kind:<8}  {surface.name:<{width}}  {surface.url}"
        if surface.kind == "upstream" and surface.stands_for:
            line += f"  (stands for {surface.stands_for})"
        out.append(line.rstrip())
    return out


def _announce(servers: Any, args: argparse.Namespace) -> None:
    if servers.errors:
        plural = "s" if servers.errors != 1 else ""
        say(
            f"note: {args.capability} has {servers.errors} error{plural} (naftiko-lint check "
            "lists them); it is served as declared"
        )
    for note in servers.notes:
        say(f"note: {note}")
    lines = _lines(servers)
    if args.stdio:
        for line in lines:
            print(line, file=sys.stderr, flush=True)
    else:
        write_lines(lines)
    say("serving; Ctrl-C stops" if not args.stdio else "serving on stdio; end of input stops")


async def _serve(args: argparse.Namespace) -> int:
    from naftiko_lint.serve.runtime import ServeError, Servers

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with Servers(
            args.capability,
            port_offset=args.port_offset,
            random_ports=args.random_ports,
            upstream_port=args.upstream_port,
            upstream_url=args.upstream_url,
            seed=args.seed,
            max_body=args.max_body_size,
            stdio=args.stdio,
            expose=args.expose,
        ) as servers:
            _announce(servers, args)
            await servers.serve_until(stop)
            failure = servers.failure()
            if failure is not None:
                say(failure)
                return EXIT_ERROR
    except ServeError as error:
        say(str(error))
        return EXIT_ERROR
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
    return EXIT_OK


def run(command: str, args: argparse.Namespace) -> int:
    try:
        import httpx  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as error:
        say(f"serve needs {error.name}, which is not installed: {EXTRA}")
        return EXIT_ERROR
    return run_coroutine(_serve(args))


def run_coroutine(main: Coroutine[Any, Any, int]) -> int:
    """`asyncio.run`, except that it does not wait for a task that cannot be cancelled: a
    read of standard input blocked in a worker thread (the MCP SDK's stdio transport, after
    a signal) ends with the process, which the console entry point exits at once. `serve`
    and `mcp` run their servers with it."""
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(main)
    finally:
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.wait(pending, timeout=1.0))
        loop.close()
