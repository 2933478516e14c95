"""JSON Schema references never leave the process: no HTTP, no `file://`.

python-jsonschema (through `referencing`) and jsonschema-rs both retrieve a `$ref` they do
not hold: over HTTP, and jsonschema-rs from `file://` paths too. Every schema naftiko-lint
compiles gets a retriever that refuses, so a `$ref` resolves inside its own schema or the
bundled JSON Schema meta-schemas only; a user's schema with a reference outside it is
refused when its ruleset loads (`external_refs`).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urldefrag, urljoin

from naftiko_lint import pointer as jp

if TYPE_CHECKING:
    from referencing import Registry


def _refuse(uri: str) -> NoReturn:
    from referencing.exceptions import NoSuchResource

    raise NoSuchResource(ref=uri)


@cache
def registry() -> Registry:
    """python-jsonschema's registry that fetches nothing (it adds the meta-schemas to a
    registry it is given). Built on first use: `referencing` is imported with
    python-jsonschema, only when a check needs its messages."""
    from referencing import Registry

    return Registry(retrieve=_refuse)  # type: ignore[call-arg]


class FetchRefused(ValueError):
    """jsonschema-rs asked for a resource outside the schema."""


def refuse_retrieval(uri: str) -> NoReturn:
    """jsonschema-rs's `retriever`: it reports the message as the compile error."""
    raise FetchRefused(f"naftiko-lint never fetches {uri!r}")


_REF_KEYS = ("$ref", "$dynamicRef", "$recursiveRef")
_DATA_KEYS = frozenset(("enum", "const", "examples", "default"))  # values, not schemas
# keywords whose value maps names to schemas: there `enum` is a property name
_NAME_MAPS = frozenset(
    ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies")
)


def external_refs(schema: Any) -> list[tuple[str, str]]:
    """(JSON pointer, reference) of each reference in `schema` that names a resource
    neither in the schema (its `$id`s, `id` in draft 4) nor a JSON Schema meta-schema."""
    ids: set[str] = set()
    refs: list[tuple[str, str, str]] = []
    stack: list[tuple[Any, str, str, bool]] = [(schema, "", "", False)]
    while stack:
        node, base, where, names = stack.pop()
        if isinstance(node, list):
            stack.extend((item, base, jp.child(where, i), False) for i, item in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        if names:
            stack.extend((value, base, jp.child(where, key), False) for key, value in node.items())
            continue
        own = node.get("$id", node.get("id"))
        if isinstance(own, str):
            base = urljoin(base, own)
            ids.add(urldefrag(base).url)
        for key in _REF_KEYS:
            if isinstance(node.get(key), str):
                refs.append((jp.child(where, key), node[key], urljoin(base, node[key])))
        stack.extend(
            (value, base, jp.child(where, key), key in _NAME_MAPS)
            for key, value in node.items()
            if key not in _DATA_KEYS
        )
    from jsonschema_specifications import REGISTRY as META_SCHEMAS

    out = []
    for where, ref, absolute in refs:
        target = urldefrag(absolute).url
        if target and target not in ids and target not in META_SCHEMAS:
            out.append((where, ref))
    return sorted(out)
