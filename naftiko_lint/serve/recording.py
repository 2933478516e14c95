"""What the mock upstream received: one frozen record per request, kept in arrival order.

Conformance compares these records with what the declared wiring means the upstream should
receive (`conformance/expect.py`), so a record keeps the request as it arrived: the path
undecoded (an encoded `/` inside a value stays inside its segment, an empty segment stays
visible), query pairs decoded in their order, header names lower-cased as HTTP/2 and ASGI
spell them, and the body bytes. The engine's own HTTP client (`consumes/http/HttpClientAdapter`,
Restlet) is what these requests stand in for, so nothing is normalised beyond what any
server sees."""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class RecordedRequest:
    namespace: str  # the consumes namespace the request was sent to
    method: str  # "GET", …
    path: str  # after the "/<namespace>" prefix, undecoded: starts with the baseUri's path
    query: tuple[tuple[str, str], ...]  # decoded pairs, in order
    headers: tuple[tuple[str, str], ...]  # names lower-cased, in order
    body: bytes
    operation: str | None  # the consumed operation it matched; None when answered 404

    def header(self, name: str) -> str | None:
        """The first value of header `name` (any case), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key == wanted), None)

    def query_values(self, name: str) -> list[str]:
        """Every value the query gave `name`, in order."""
        return [value for key, value in self.query if key == name]


class Recorder:
    """An append-only log of requests, safe to share between the server's event loop, its
    thread and the test or conformance code reading it from another thread.

    `mark()` and `since()` let a check read only the requests one call of its own caused:
    take a mark, make the call, read what arrived after the mark."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []

    def add(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def mark(self) -> int:
        with self._lock:
            return len(self._requests)

    def since(self, mark: int) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests[mark:])

    def all(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def __len__(self) -> int:
        with self._lock:
            return len(self._requests)
