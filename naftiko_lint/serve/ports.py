"""Listening sockets (on 127.0.0.1 for `serve`; `mcp --host` may name another address), all
opened before any server starts: a port in use is found while nothing runs yet, so `serve`
fails with one line and leaves nothing behind.

Each socket listens as soon as it is bound: on Linux two sockets with SO_REUSEADDR may both
be bound to one port until one listens, so binding alone would not hold the port."""

from __future__ import annotations

import errno
import socket
from dataclasses import dataclass

from naftiko_lint.serve.runtime_plan import ServeError

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Wanted:
    """A socket to open: `port` 0 for any free port; `label` and `hint` word the error."""

    port: int
    label: str
    hint: str = "choose --port-offset N or --random-ports"


def open_listener(wanted: Wanted, host: str = HOST) -> socket.socket:
    """A socket bound to `host`:`wanted.port` (127.0.0.1 unless told otherwise; an address
    with a colon is IPv6) and listening, non-blocking (ServeError when it cannot)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, wanted.port))
        sock.listen(128)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise ServeError(
                f"port {wanted.port} ({wanted.label}) is in use; {wanted.hint}"
            ) from None
        if error.errno == errno.EACCES:
            raise ServeError(
                f"port {wanted.port} ({wanted.label}) needs privileges; {wanted.hint}"
            ) from None
        detail = error.strerror or str(error)
        raise ServeError(
            f"port {wanted.port} ({wanted.label}) cannot be opened: {detail}"
        ) from None
    sock.setblocking(False)
    return sock


def open_all(wanted: list[Wanted]) -> list[socket.socket]:
    """A listening socket for each of `wanted`, in order; on the first failure the ones
    already open are closed and ServeError raised."""
    opened: list[socket.socket] = []
    try:
        for item in wanted:
            opened.append(open_listener(item))
    except ServeError:
        for sock in opened:
            sock.close()
        raise
    return opened


def url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{host}:{port}"
