"""What Restlet (2.7, the engine's HTTP stack) does to a request before it leaves: the
headers it writes itself, the extension headers it refuses, and `Series.set` semantics.

org.restlet.engine.header.HeaderUtils.addExtensionHeaders drops every header set through
`getHeaders()` whose name is a standard HTTP header (compared in any case) and logs "Addition
of the standard header … is not allowed. Please use the equivalent property in the Restlet
API." So an apikey placed in `Authorization`, or an input named `Content-Type` or `Accept`,
never leaves the engine. `Authorization` from a challenge response (basic, bearer) and the
entity's `Content-Type` are written by Restlet itself and do go out."""

from __future__ import annotations

from dataclasses import dataclass, field

from naftiko_lint.capability.restlet import STANDARD_HEADERS

USER_AGENT = "Restlet-Framework/2.7 (naftiko-lint engine emulation)"


@dataclass
class Draft:
    url: str
    headers: list[tuple[str, str]] = field(default_factory=list)  # extension headers

    def set_header(self, name: str, value: str) -> None:
        """Restlet `Series.set`: replace the first header of that name, drop the others."""
        index = next((i for i, (n, _) in enumerate(self.headers) if n == name), None)
        if index is None:
            self.headers.append((name, value))
            return
        self.headers[index] = (name, value)
        self.headers = [h for i, h in enumerate(self.headers) if i == index or h[0] != name]

    def add_query(self, name: str, value: str) -> None:
        self.url += ("&" if "?" in self.url else "?") + name + "=" + value


def finish_headers(
    draft: Draft, authorization: str | None, content_type: str | None
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The headers Restlet writes: its own, then the extension headers it accepts."""
    standard = [("accept", "*/*"), ("user-agent", USER_AGENT)]
    if authorization is not None:
        standard.append(("authorization", authorization))
    if content_type is not None:
        standard.append(("content-type", content_type + "; charset=UTF-8"))
    sent = [(n, v) for n, v in draft.headers if n.lower() not in STANDARD_HEADERS]
    dropped = tuple(n for n, _ in draft.headers if n.lower() in STANDARD_HEADERS)
    return tuple(standard + sent), dropped
