"""How the engine joins a consumed namespace's baseUri and a resource path: as text.

`util/OperationStepExecutor.findClientRequestFor` builds the request URI as
`baseUri + resource path`, with no separator, before rendering it; `HttpClientSpec` forbids
a trailing '/' on the baseUri, so a path must bring its own leading '/'."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from naftiko_lint.capability.stage import Capability
from naftiko_lint.functions.api import FunctionContext, FunctionResult, model_rule


def _joins_cleanly(path: str) -> bool:
    """Whether `baseUri + path` keeps the path apart: it starts with '/', is empty, is a
    query, or starts with a template that may render one."""
    return not path or path.startswith(("/", "?", "{{"))


@model_rule("consumed-path-unslashed")
def consumed_path_unslashed(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    for entry in capability.model.consumes.values():
        uri = entry.data.get("baseUri")
        if entry.imported or not isinstance(uri, str):
            continue  # a shared file's resources are checked with that file
        for resource in entry.resources:
            path = resource.template
            if not isinstance(path, str) or _joins_cleanly(path):
                continue
            yield FunctionResult(
                f"path {path!r} does not start with '/': the engine joins baseUri and path as "
                f"text, so every request goes to {uri + path!r}; write '/{path}'",
                (*resource.path, "path"),
            )
