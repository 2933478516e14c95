"""Every {{VAR}} must be bound, written the way the engine resolves it, and used."""

from __future__ import annotations

import re
from typing import Any

from naftiko_lint.functions import FunctionContext, FunctionResult, rule_function
from naftiko_lint.model import (
    IMPORTS_KEY,
    MUSTACHE,
    CapabilityModel,
    as_list,
    build_model,
    capability_of,
    iter_strings,
    model_of,
)

WHOLE_DOCUMENT = {"type": "object"}
SCREAMING = re.compile(r"^[A-Z][A-Z0-9_]*$")


def _imported_bind_keys(ctx: FunctionContext) -> set[str]:
    keys: set[str] = set()
    for shared in (ctx.cache.get(IMPORTS_KEY) or {}).values():
        keys |= build_model(shared).bind_keys
    return keys


class _Scopes:
    """What a {{name}} may refer to, by where it stands."""

    def __init__(self, model: CapabilityModel) -> None:
        self.model = model
        self.consumed = {op.path: op for e in model.consumes.values() if not e.imported
                         for op in e.all_operations}
        self.consumed_entries = {e.path for e in model.consumes.values()}
        self.units = {u.path: u for u in model.units()}
        self.passed: dict[tuple, set[str]] = {}
        for unit in model.units():
            for _, call, with_, _ in unit.call_sites():
                _, operation = model.resolve_call(call)
                if operation is not None:
                    self.passed.setdefault(operation.path, set()).update(map(str, with_))

    def _prefix(self, path: tuple, table: Any) -> Any:
        for length in range(len(path), 0, -1):
            if path[:length] in table:
                return table[path[:length]] if isinstance(table, dict) else path[:length]
        return None

    def allows(self, path: tuple, name: str, document: Any) -> bool | None:
        """True: fine; False: unbound; None: another rule's business."""
        if path[:2] == ("capability", "exposes") and path[-1] == "path" and "resources" in path:
            return None  # an exposed path variable: path-param-undeclared's business
        operation = self._prefix(path, self.consumed)
        if operation is not None or self._prefix(path, self.consumed_entries) is not None:
            if not SCREAMING.match(name):
                return True  # a parameter its callers pass with `with`
            return operation is not None and name in self.passed.get(operation.path, set())
        unit = self._prefix(path, self.units)
        if unit is not None:
            steps = {s.get("name") for _, s in unit.steps() if isinstance(s.get("name"), str)}
            if name in unit.input_names or name in steps:
                return True
            if "with" in path[len(unit.path):] and not SCREAMING.match(name):
                return None  # with-input-undeclared reports it
            return False
        if len(path) > 4 and path[:2] == ("capability", "exposes") and path[3] == "prompts":
            prompt = document["capability"]["exposes"][path[2]]["prompts"][path[4]]
            arguments = {a.get("name") for a in as_list(prompt.get("arguments"))
                         if isinstance(a, dict) and isinstance(a.get("name"), str)}
            return name in arguments
        return False


def _find_references(document: Any) -> list[tuple[tuple, str, re.Match[str]]]:
    return [(path, text, match) for path, text in iter_strings(document) if "{{" in text
            for match in MUSTACHE.finditer(text)]


def _references(document: Any, ctx: FunctionContext | None = None,
                ) -> list[tuple[tuple, str, re.Match[str]]]:
    """Every {{…}} in the document's strings; walked once per document and run."""
    if ctx is None or document is not ctx.document:
        return _find_references(document)
    found = ctx.cache.get("mustache-references")
    if found is None:
        found = ctx.cache["mustache-references"] = _find_references(document)
    return found


def _is_base_uri(path: tuple) -> bool:
    return len(path) >= 2 and path[-1] == "baseUri"


@rule_function("bind-undeclared", input=WHOLE_DOCUMENT)
def bind_undeclared(document: Any, options: Any, ctx: FunctionContext):
    model = model_of(ctx)
    keys = model.bind_keys | _imported_bind_keys(ctx)
    namespaces = model.bind_namespaces
    scopes = _Scopes(model)
    for path, _, match in _references(document, ctx):
        if _is_base_uri(path):
            continue  # baseuri-placeholder reports these
        name = match.group(1)
        head, dot, rest = name.partition(".")
        if dot:
            if head in namespaces and rest not in keys:
                yield FunctionResult(f"'{match.group(0)}' names {rest!r}, which no "
                                     f"binds[].keys declares", path, match.span())
            continue
        if name in keys:
            continue
        if scopes.allows(path, name, document) is False:
            yield FunctionResult(f"'{match.group(0)}' is bound by no binds[].keys and is no "
                                 "input, parameter or step in scope; declare it under "
                                 "binds[].keys", path, match.span())


@rule_function("bind-qualified-reference", input=WHOLE_DOCUMENT)
def bind_qualified_reference(document: Any, options: Any, ctx: FunctionContext):
    model = model_of(ctx)
    keys = model.bind_keys | _imported_bind_keys(ctx)
    namespaces = model.bind_namespaces
    for path, _, match in _references(document, ctx):
        head, dot, rest = match.group(1).partition(".")
        if dot and (head in namespaces or rest in keys) and SCREAMING.match(rest):
            yield FunctionResult(f"'{match.group(0)}' renders empty: the engine resolves binds "
                                 f"as one flat map; write '{{{{{rest}}}}}'", path, match.span())


@rule_function("bind-unused", input=WHOLE_DOCUMENT)
def bind_unused(document: Any, options: Any, ctx: FunctionContext):
    used: set[str] = set()
    for source in (document, *(ctx.cache.get(IMPORTS_KEY) or {}).values()):
        for _, _, match in _references(source, ctx):
            name = match.group(1)
            used.add(name)
            used.add(name.partition(".")[2])
    capability = capability_of(document)
    for base, binds in ((("binds",), document.get("binds")),
                        (("capability", "binds"), capability.get("binds"))):
        for i, bind in enumerate(binds if isinstance(binds, list) else []):
            keys = bind.get("keys") if isinstance(bind, dict) else None
            for key in keys if isinstance(keys, dict) else {}:
                if key not in used:
                    yield FunctionResult(f"bind key {key!r} is never referenced as "
                                         f"'{{{{{key}}}}}'; remove it or use it",
                                         (*base, i, "keys", key), key=True)
