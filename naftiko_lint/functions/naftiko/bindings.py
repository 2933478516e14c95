"""Every {{VAR}} must be bound, written the way the engine resolves it, and used; binds sit
where the engine reads them (the root); every import loads.

Engine facts (naftiko/framework e884353): only the root `binds` are read (`Capability`,
`ServerAdapter.extractAllowedVariables`); an import copies only the consumes entry of its shared
file and fails the load when the file or namespace is missing (`ConsumesImportResolver`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

from naftiko_lint.capability import (
    MUSTACHE,
    CapabilityModel,
    ConsumesEntry,
    as_list,
    capability_of,
    imports,
    iter_strings,
)
from naftiko_lint.capability.stage import Capability, mustache_references
from naftiko_lint.diagnostics import Severity
from naftiko_lint.functions.api import FunctionContext, FunctionResult, model_rule
from naftiko_lint.functions.naftiko.fixes_rewrite import unqualified_fix
from naftiko_lint.functions.naftiko.wiring import ref_caller_names
from naftiko_lint.suggest import did_you_mean

WHOLE_DOCUMENT = {"type": "object"}
SCREAMING = re.compile(r"^[A-Z][A-Z0-9_]*$")
ROOT_KEYS = frozenset({"naftiko", "info", "binds", "capability"})  # root consumes: see below
CAPABILITY_KEYS = frozenset({"binds", "exposes", "consumes", "aggregates"})


def _imported_bind_keys(capability: Capability) -> set[str]:
    keys: set[str] = set()
    for model in capability.imported_models.values():
        keys |= model.bind_keys
    return keys


class _Scopes:
    """What a {{name}} may refer to, by where it stands."""

    def __init__(self, model: CapabilityModel) -> None:
        self.model = model
        self.consumed = {
            op.path: op
            for e in model.consumes.values()
            if not e.imported
            for op in e.all_operations
        }
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
        if unit is not None and unit.kind == "mcp-resource" and path == (*unit.path, "uri"):
            return None  # a uri is matched, never rendered: mcp-resource-uri-variable's business
        if unit is not None:
            steps = unit.step_names()
            if (
                name in unit.input_names
                or name in steps
                or name in _merged_with(unit.data)
                or name in ref_caller_names(self.model, unit)
            ):
                return True
            if "with" in path[len(unit.path) :] and not SCREAMING.match(name):
                return None  # with-input-undeclared reports it
            return False
        if len(path) > 4 and path[:2] == ("capability", "exposes") and path[3] == "prompts":
            prompt = document["capability"]["exposes"][path[2]]["prompts"][path[4]]
            arguments = {
                a.get("name")
                for a in as_list(prompt.get("arguments"))
                if isinstance(a, dict) and isinstance(a.get("name"), str)
            }
            return name in arguments
        return False


def _merged_with(data: dict) -> set[str]:
    """`with` keys a unit merges into its parameters before any dispatch: to a call, steps,
    an aggregate function or mock outputs (ToolHandler.doHandleToolCall, ResourceRestlet,
    ResourceHandler, AggregateFunction.doExecute)."""
    with_ = data.get("with")
    return {str(key) for key in with_} if isinstance(with_, dict) else set()


def _judged_here(path: tuple) -> bool:
    """Whether a {{name}} at `path` is this document's to judge: not under a misspelt root
    or capability key (the schema reports those; their contents would only cascade), and not
    in a shared file's root consumes, whose variables each importer binds."""
    if not path or path[0] not in ROOT_KEYS:
        return False
    return path[0] != "capability" or len(path) < 2 or path[1] in CAPABILITY_KEYS


def _is_base_uri(path: tuple) -> bool:
    return len(path) >= 2 and path[-1] == "baseUri"


@model_rule("bind-undeclared")
def bind_undeclared(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    keys = model.bind_keys  # a shared file's own binds are dropped by the import
    namespaces = model.bind_namespaces
    scopes = _Scopes(model)
    for path, _, match in capability.references:
        if _is_base_uri(path) or not _judged_here(path):
            continue  # baseuri-placeholder reports the first
        name = match.group(1)
        head, dot, rest = name.partition(".")
        if dot:
            if head in namespaces and rest not in keys:
                yield FunctionResult(
                    f"'{match.group(0)}' names {rest!r}, which no binds[].keys declares",
                    path,
                    match.span(),
                )
            continue
        if name in keys:
            continue
        if scopes.allows(path, name, capability.data) is False:
            yield FunctionResult(
                f"'{match.group(0)}' is bound by no binds[].keys and is no "
                "input, parameter or step in scope; declare it under "
                "binds[].keys",
                path,
                match.span(),
            )
    yield from _imported_unbound(capability)


def _shared_entry(shared: Any, namespace: Any) -> dict | None:
    for entry in as_list(shared.get("consumes") if isinstance(shared, dict) else None):
        if (
            isinstance(entry, dict)
            and entry.get("namespace") == namespace
            and "location" not in entry
        ):
            return entry
    return None


def _imported_sources(
    capability: Capability,
) -> Iterator[tuple[ConsumesEntry, str, Any, dict, str]]:
    """(entry, location, shared document, imported consumes entry, field to report at) of
    each import whose shared file loaded and defines the namespace (import-unresolved
    reports the others)."""
    loaded = capability.imported
    for entry in capability.model.consumes.values():
        location = entry.data.get("location")
        if not entry.imported or not isinstance(location, str) or location not in loaded:
            continue
        source = _shared_entry(loaded[location], entry.data.get("import"))
        if source is not None:
            field = "import" if isinstance(entry.data.get("import"), str) else "location"
            yield entry, location, loaded[location], source, field


def _imported_unbound(capability: Capability) -> Iterator[FunctionResult]:
    """The {{VAR}} of each imported shared entry, judged against this importer's binds."""
    model = capability.model
    for entry, location, _, source, field in _imported_sources(capability):
        passed = _passed_to(model, entry)
        dropped = capability.imported_models[location].bind_keys
        seen: set[str] = set()
        for _, text in iter_strings(source):
            for name in MUSTACHE.findall(text):
                if not SCREAMING.match(name) or name in model.bind_keys | passed | seen:
                    continue
                seen.add(name)
                why = (
                    " (the shared file's own binds are dropped by the import)"
                    if name in dropped
                    else ""
                )
                yield FunctionResult(
                    f"'{{{{{name}}}}}' in imported namespace "
                    f"{entry.data.get('import')!r} ({location}) is bound by no "
                    "binds[].keys of this capability; declare it under the "
                    f"root binds[].keys{why}",
                    (*entry.path, field),
                )


def _passed_to(model: CapabilityModel, entry: ConsumesEntry) -> set[str]:
    """Keys that calls to `entry`'s namespace pass with `with`."""
    passed: set[str] = set()
    for unit in model.units():
        for _, call, with_, _ in unit.call_sites():
            if call.partition(".")[0] == entry.namespace:
                passed |= {str(key) for key in with_}
    return passed


@model_rule("bind-qualified-reference")
def bind_qualified_reference(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    keys = model.bind_keys | _imported_bind_keys(capability)
    namespaces = model.bind_namespaces
    found: dict[tuple, tuple[str, list[re.Match[str]]]] = {}  # path -> (text, its matches)
    for path, text, match in capability.references:
        head, dot, rest = match.group(1).partition(".")
        if dot and (head in namespaces or rest in keys) and SCREAMING.match(rest):
            found.setdefault(path, (text, []))[1].append(match)
    for path, (text, matches) in found.items():
        fix = unqualified_fix(path, text, matches)  # one string: every reference it holds
        for match in matches:
            rest = match.group(1).partition(".")[2]
            yield FunctionResult(
                f"'{match.group(0)}' renders empty: the engine resolves binds "
                f"as one flat map; write '{{{{{rest}}}}}'",
                path,
                match.span(),
                fix=fix,
            )


def _import_locations(model: CapabilityModel) -> list[Any]:
    return [
        e.data.get("location")
        for e in model.consumes.values()
        if e.imported and "location" in e.data
    ]


@model_rule("bind-unused")
def bind_unused(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    outcomes = capability.imports
    for location in _import_locations(capability.model):
        outcome = outcomes.get(location) if isinstance(location, str) else None
        if outcome is None or outcome.status != imports.LOADED:
            return  # a key may be used in the shared file nobody could read
    used: set[str] = set()
    shared = [mustache_references(data) for data in capability.imported.values()]
    for references in (capability.references, *shared):
        for _, _, match in references:
            name = match.group(1)
            used.add(name)
            used.add(name.partition(".")[2])
    document = capability.data
    for base, binds in (
        (("binds",), document.get("binds")),
        (("capability", "binds"), capability_of(document).get("binds")),
    ):
        for i, bind in enumerate(binds if isinstance(binds, list) else []):
            keys = bind.get("keys") if isinstance(bind, dict) else None
            for key in keys if isinstance(keys, dict) else {}:
                if key not in used:
                    yield FunctionResult(
                        f"bind key {key!r} is never referenced as "
                        f"'{{{{{key}}}}}'; remove it or use it",
                        (*base, i, "keys", key),
                        key=True,
                    )


@model_rule("binds-not-root")
def binds_not_root(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    if "binds" in capability_of(capability.data):
        where = (
            "add them to the root binds"
            if "binds" in capability.data
            else "move this list to the top level"
        )
        yield FunctionResult(
            "binds under 'capability' are never read: the engine resolves "
            f"only the document's root binds; {where}",
            ("capability", "binds"),
            key=True,
        )


@model_rule("binds-in-shared-file")
def binds_in_shared_file(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    document = capability.data
    if (
        "capability" in document
        or not isinstance(document.get("consumes"), list)
        or "binds" not in document
    ):
        return
    keys = sorted(capability.model.bind_keys)
    listing = ", ".join(keys) if keys else "its keys"
    yield FunctionResult(
        "binds in a shared consumes file are dropped when it is imported (the "
        "import copies only the consumes entry); declare "
        f"{listing} in the root binds of each importing capability",
        ("binds",),
        key=True,
    )


IMPORT_FAILURES = {
    imports.MISSING: "names no file (it is read relative to this file's folder); the engine "
    "fails the load ('Import source file not found'): fix the path",
    imports.UNREADABLE: "cannot be read as a shared consumes file ({detail}); the engine fails "
    "the load",
    imports.NO_CONSUMES: "has no root-level consumes list; the engine fails the load ('Consumes "
    "file has no consumes array'): a shared file lists its APIs under a "
    "top-level consumes",
}


def _url_fix(location: str) -> str:
    parts = urlsplit(location)
    if parts.scheme == "file":
        path = unquote(parts.path)
        relative = path[1:] if path.startswith(("/./", "/../")) else path
        return f"write the file path instead, e.g. {relative!r}"
    return "copy the file beside this capability and import it by a relative path"


@model_rule("import-unresolved")
def import_unresolved(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    outcomes = capability.imports
    for path, entry in _imported_entries(capability.data):
        location = entry["location"]
        outcome = outcomes.get(location)
        if outcome is None:
            continue  # no file to resolve against (standard input)
        where = (*path, "location")
        if outcome.status == imports.URL:
            yield FunctionResult(
                f"location {location!r} is a URL, which never loads: the "
                "engine reads location only as a file path relative to the "
                f"capability's folder, and fetches nothing; {_url_fix(location)}",
                where,
                severity=Severity.WARNING,
            )
        elif outcome.status in IMPORT_FAILURES:
            detail = IMPORT_FAILURES[outcome.status].format(detail=outcome.detail)
            yield FunctionResult(f"location {location!r} {detail}", where)
        elif isinstance(entry.get("import"), str) and entry["import"] not in outcome.namespaces:
            name = entry["import"]
            known = ", ".join(repr(n) for n in outcome.namespaces) or "none"
            yield FunctionResult(
                f"import {name!r} is no namespace of {location!r} (it defines "
                f"{known}), so the engine fails the load"
                f"{did_you_mean(name, set(outcome.namespaces))}",
                (*path, "import"),
            )


def _imported_entries(document: Any) -> Iterator[tuple[tuple, dict]]:
    """(path, entry) of each capability consumes entry the engine treats as an import."""
    for i, entry in enumerate(as_list(capability_of(document).get("consumes"))):
        if isinstance(entry, dict) and isinstance(entry.get("location"), str):
            yield ("capability", "consumes", i), entry


# Fields whose string is sent or rendered as a value: authentication secrets and names, input
# and output values, with values and body text. A bind key written there without braces is
# sent as its own name (Resolver.resolveMustacheTemplate leaves text without {{ }} as is).
_VALUE_FIELDS = frozenset(
    {"value", "token", "password", "username", "key", "data", "body", "endpoint"}
)


def _value_strings(
    strings: Iterable[tuple[tuple, str]], among: frozenset[str] | set[str] | None = None
) -> Iterator[tuple[tuple, str]]:
    """Of `strings` ((path, text) pairs), the values (not names or prose), skipping binds;
    with `among`, only those whose stripped text is one of them (tested first: cheap)."""
    for where, text in strings:
        if among is not None and text.strip() not in among:
            continue
        keys = [t for t in where if isinstance(t, str)]
        if (
            not keys
            or keys[0] == "binds"
            or (len(keys) > 1 and keys[:2] == ["capability", "binds"])
        ):
            continue
        if "with" in keys or "body" in keys or keys[-1] in _VALUE_FIELDS:
            yield where, text


@model_rule("bind-unbraced")
def bind_unbraced(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    keys = model.bind_keys
    if not keys:
        return
    for path, text in _value_strings(capability.strings, keys):
        if text.strip() in keys:
            yield FunctionResult(
                f"{text!r} is the name of the bind variable {text.strip()!r}, "
                f"written without braces, so the engine sends the name "
                f"itself; write '{{{{{text.strip()}}}}}'",
                path,
            )
    for entry, location, _, source, field in _imported_sources(capability):
        for where, text in _value_strings(iter_strings(source, ("consumes", 0)), keys):
            if text.strip() in keys:
                yield FunctionResult(
                    f"{text!r} at {'/'.join(map(str, where[2:]))} of imported namespace "
                    f"{entry.data.get('import')!r} ({location}) is the name of this "
                    f"capability's bind variable {text.strip()!r} without braces, so the "
                    f"engine sends the name itself; write '{{{{{text.strip()}}}}}' there",
                    (*entry.path, field),
                )
