"""Which consumed operation a request to the mock upstream reached.

The engine builds an upstream URL as the text `baseUri + resource path`, Mustache-rendered
(`util/OperationStepExecutor.findClientRequestFor`, `util/Resolver.resolveMustacheTemplate`):
only `{{x}}` is filled, a missing value renders empty, and a single-brace `{x}` goes out as
written. So a route here is the operation's method plus its template split into segments:
`{{x}}` matches any one segment *including an empty one* (so `/sessions/` is seen to reach
`get-session` with an empty id, which conformance reports), while `{x}` and every other
character must appear literally (a request for `/sessions/42` does not reach a template
`/sessions/{sessionId}`; it is answered 404 and recorded without an operation).

Segments are compared percent-decoded on both sides (a client may send `{` as `%7B`), after
splitting the *undecoded* path, so an encoded `/` stays inside its segment.

When several templates match, the one with more literal segments wins (`/sessions/active`
over `/sessions/{{id}}`), then the first in document order: the most specific route, as a
real API's router would choose. The base path is the baseUri's path without its trailing
`/` (`upstream_bases` sends there); a baseUri ending in `/` makes the engine send `//`, so
that spelling is matched too."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from naftiko_lint.capability.model import CapabilityModel, ConsumesEntry
from naftiko_lint.capability.placeholders import MUSTACHE
from naftiko_lint.serve.synth_needs import OperationKey, operation_key


@dataclass(frozen=True)
class UpstreamRoute:
    namespace: str
    operation: str  # the consumed operation's name
    key: OperationKey
    method: str
    template: str  # the path after "/<namespace>", as the engine would build it
    segments: tuple[re.Pattern[str], ...]
    literal_segments: int
    order: int  # document order

    def matches(self, segments: list[str]) -> bool:
        return len(segments) == len(self.segments) and all(
            pattern.fullmatch(segment)
            for pattern, segment in zip(self.segments, segments, strict=True)
        )


def base_path(entry: ConsumesEntry, *, keep_slash: bool = False) -> str:
    """The path of a consumes entry's baseUri ("" for none; an import's is in its shared
    file)."""
    uri = entry.engine_data.get("baseUri")
    path = urlsplit(uri).path if isinstance(uri, str) else ""
    return path if keep_slash else path.rstrip("/")


def _segment(text: str) -> tuple[re.Pattern[str], bool]:
    """A segment's pattern (matched against the decoded segment) and whether it is literal."""
    parts: list[str] = []
    at = 0
    for match in MUSTACHE.finditer(text):
        parts += [re.escape(unquote(text[at : match.start()])), ".*"]
        at = match.end()
    parts.append(re.escape(unquote(text[at:])))
    return re.compile("".join(parts), re.DOTALL), at == 0


def split_path(path: str) -> list[str]:
    """The decoded segments of an undecoded path ('/a/%2F/' → ['', 'a', '/', ''])."""
    return [unquote(segment) for segment in path.split("/")]


def build_routes(model: CapabilityModel) -> list[UpstreamRoute]:
    """Every consumed operation's routes, most specific first, then in document order."""
    found: list[UpstreamRoute] = []
    for entry in model.consumes.values():
        bases = dict.fromkeys((base_path(entry), base_path(entry, keep_slash=True)))
        for operation in entry.all_operations:
            resource = operation.resource_path.partition("?")[0]
            for base in bases:
                template = base + resource
                compiled = [_segment(part) for part in template.split("/")]
                found.append(
                    UpstreamRoute(
                        entry.namespace,
                        operation.name,
                        operation_key(operation),
                        operation.method.upper(),
                        template,
                        tuple(pattern for pattern, _ in compiled),
                        sum(1 for _, literal in compiled if literal),
                        len(found),
                    )
                )
    return sorted(found, key=lambda route: (-route.literal_segments, route.order))


def find_route(
    routes: list[UpstreamRoute], namespace: str, method: str, path: str
) -> tuple[UpstreamRoute | None, list[str]]:
    """The route a request reaches, and (when none) the methods its path would accept."""
    segments = split_path(path)
    others: list[str] = []
    for route in routes:
        if route.namespace != namespace or not route.matches(segments):
            continue
        if route.method == method.upper():
            return route, []
        if route.method not in others:
            others.append(route.method)
    return None, others
