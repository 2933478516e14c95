"""A surface that is down, not MCP, or stalls ends the MCP checks with one observation at
the adapter — never an exception, never a hang."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from naftiko_lint.capability.model import Adapter, CapabilityModel
from naftiko_lint.conformance.findings import MCP_INITIALIZE, UNREACHABLE
from naftiko_lint.conformance.mcp import check_mcp
from naftiko_lint.export.source import read_source
from naftiko_lint.serve.recording import Recorder
from tests.conftest import FIXTURES

ADAPTER = ("capability", "exposes", 0)


@pytest.fixture(scope="module")
def surface() -> tuple[CapabilityModel, Adapter]:
    model = read_source(str(FIXTURES / "conformance" / "items-mcp.yaml")).capability.model
    return model, next(a for a in model.adapters if a.type == "mcp")


class _NotMcp(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = b"<html>hello</html>"
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def plain_http() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotMcp)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/mcp"
    finally:
        server.shutdown()
        server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_refused_connection_is_unreachable(surface: tuple[CapabilityModel, Adapter]) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/mcp"
    found = check_mcp(*surface, url, Recorder(), timeout=2.0)
    assert [(o.rule, o.pointer) for o in found] == [(UNREACHABLE, ADAPTER)]


def test_a_server_that_is_not_mcp_fails_initialize(
    surface: tuple[CapabilityModel, Adapter], plain_http: str
) -> None:
    found = check_mcp(*surface, plain_http, Recorder(), timeout=2.0)
    assert [(o.rule, o.pointer) for o in found] == [(MCP_INITIALIZE, ADAPTER)]


@pytest.mark.slow
def test_a_server_that_never_answers_times_out(surface: tuple[CapabilityModel, Adapter]) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/mcp"
        found = check_mcp(*surface, url, Recorder(), timeout=0.5, max_time=5.0)
    assert [(o.rule, o.pointer) for o in found] == [(UNREACHABLE, ADAPTER)]
