"""Mutation test: each clean fixture stays clean; each injected defect is reported by the
matching rule at the mutated node."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from naftiko_lint import pointer as jp
from naftiko_lint.capability import build_model, iter_strings, path_variables
from naftiko_lint.linter import LintOptions, lint_source

from ..conftest import FIXTURES

CLEAN = sorted((FIXTURES / "clean").glob("*.yaml"))
Mutation = tuple[str, str, Callable[[dict], None]]  # (rule, pointer, how)


def _get(doc: Any, path: tuple) -> Any:
    for token in path:
        doc = doc[token]
    return doc


def _lint(doc: dict, origin: Path) -> list:
    """Lint the mutant as if it stood where its origin does (so imports resolve)."""
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    _, diagnostics = lint_source("mutant.yaml", text.encode(), LintOptions(), file=origin)
    return diagnostics


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_fixtures_have_no_findings(path: Path) -> None:
    _, diagnostics = lint_source(path.name, path.read_bytes(), LintOptions(), file=path)
    assert [(d.rule, d.pointer) for d in diagnostics] == []


def mutations(doc: dict) -> Iterator[Mutation]:
    model = build_model(doc)
    for unit in model.units():
        for call_path, call, with_, with_path in unit.call_sites():
            _, operation = model.resolve_call(call)
            if operation is not None:

                def rename(d: dict, op=operation.path) -> None:
                    _get(d, op)["name"] += "-renamed"

                yield "call-unresolved", jp.join(call_path), rename
            own = unit.adapter.namespace if unit.adapter else None
            for key, value in with_.items():
                where = jp.join((*with_path, key))
                if own and isinstance(value, str) and value.startswith(own + "."):

                    def prefix(d: dict, p=(*with_path, key), v=value, o=own) -> None:
                        _set(d, p, "rest." + v[len(o) + 1 :])

                    yield "with-namespace-mismatch", where, prefix
                if operation is not None:

                    def rekey(d: dict, p=with_path, k=key) -> None:
                        mapping = _get(d, p)
                        mapping[k + "-typo"] = mapping.pop(k)

                    yield "with-key-unknown", jp.join((*with_path, key + "-typo")), rekey
            if operation is not None:
                for name, *_ in path_variables(operation.resource_path):

                    def repath(d: dict, p=(*operation.resource_pointer, "path"), n=name) -> None:
                        _set(d, p, _get(d, p).replace(n, n + "Ref"))

                    yield "consumed-input-unsupplied", jp.join(call_path), repath
        if isinstance(unit.data.get("ref"), str):

            def reref(d: dict, p=(*unit.path, "ref")) -> None:
                _set(d, p, _get(d, p) + "-gone")

            yield "ref-unresolved", jp.join((*unit.path, "ref")), reref
        for step_path, step in unit.steps():
            if step.get("type") == "lookup":

                def reindex(d: dict, p=(*step_path, "index")) -> None:
                    _set(d, p, _get(d, p) + "-gone")

                yield "step-reference-unresolved", jp.join((*step_path, "index")), reindex
    yield from _path_mutations(doc, model)
    yield from _behaviour_mutations(doc, model)
    yield from _wiring_mutations(doc, model)


def _wiring_mutations(doc: dict, model: Any) -> Iterator[Mutation]:
    """Issue 10's call-side kinds: drop a body template, write '<ns>.path.x', lose {path}
    from a forward route, write an MCP resource uri variable as {{x}}."""
    for entry in model.consumes.values():
        if entry.imported:
            continue
        for operation in entry.all_operations:
            if operation.data.get("body") is None:
                continue
            for param in operation.params:
                if param.location == "body":

                    def unbody(d: dict, p=operation.path) -> None:
                        _get(d, p).pop("body")

                    yield "consumed-body-unsent", jp.join((*param.path, "in")), unbody
                    break
    for unit in model.units():
        own = unit.namespace
        for _, _, with_, with_path in unit.call_sites():
            for key, value in with_.items():
                if (
                    own
                    and isinstance(value, str)
                    and value.startswith(own + ".")
                    and value.count(".") == 1
                    and key != value[len(own) + 1 :]
                ):

                    def segment(d: dict, p=(*with_path, key), v=value, o=own) -> None:
                        _set(d, p, f"{o}.path.{v[len(o) + 1 :]}")

                    yield "with-input-undeclared", jp.join((*with_path, key)), segment
        if unit.kind == "mcp-resource" and "{" in str(unit.data.get("uri", "")):

            def braces(d: dict, p=(*unit.path, "uri")) -> None:
                _set(d, p, re.sub(r"\{(\w+)\}", r"{{\1}}", _get(d, p), count=1))

            yield "mcp-resource-uri-variable", jp.join((*unit.path, "uri")), braces
    for adapter in model.adapters:
        for resource in adapter.resources:
            if isinstance(resource.data.get("forward"), dict) and str(resource.template).endswith(
                "/{path}"
            ):

                def unpath(d: dict, p=(*resource.path, "path")) -> None:
                    _set(d, p, _get(d, p)[: -len("/{path}")] or "/")

                yield "forward-path-missing", jp.join((*resource.path, "path")), unpath
    yield from _import_mutations(doc, model)


def _import_mutations(doc: dict, model: Any) -> Iterator[Mutation]:
    """Issue 10's kinds: an import location that names no file, binds moved under
    capability, a REST resource repeated under the same template."""
    for entry in model.consumes.values():
        if entry.imported and isinstance(entry.data.get("location"), str):

            def relocate(d: dict, p=(*entry.path, "location")) -> None:
                _set(d, p, _get(d, p).replace(".yaml", "-gone.yaml"))

            yield "import-unresolved", jp.join((*entry.path, "location")), relocate
    if isinstance(doc.get("binds"), list) and isinstance(doc.get("capability"), dict):

        def unroot(d: dict) -> None:
            d["capability"]["binds"] = d.pop("binds")

        yield "binds-not-root", "/capability/binds", unroot
    for adapter in model.adapters:
        resources = adapter.data.get("resources") if adapter.type == "rest" else None
        if isinstance(resources, list) and resources and isinstance(resources[0], dict):

            def repeat(d: dict, p=(*adapter.path, "resources")) -> None:
                _get(d, p).append(copy.deepcopy(_get(d, p)[0]))

            yield (
                "duplicate-route",
                jp.join((*adapter.path, "resources", len(resources), "path")),
                repeat,
            )
    yield from _unbraced_mutations(doc, model)


def _unbraced_mutations(doc: dict, model: Any) -> Iterator[Mutation]:
    """A bound secret written without its braces: `token: '{{X}}'` → `token: X`."""
    for path, value in iter_strings(doc):
        name = value[2:-2] if value.startswith("{{") and value.endswith("}}") else None
        if name in model.bind_keys and path and path[-1] in ("token", "password", "value"):

            def strip(d: dict, p=path, n=name) -> None:
                _set(d, p, n)

            yield "bind-unbraced", jp.join(path), strip


def _behaviour_mutations(doc: dict, model: Any) -> Iterator[Mutation]:
    """Issue 7's defect kinds: flip a hint, duplicate a tool name, reuse a port, reference
    an undeclared variable, inline a token."""
    for adapter in model.adapters:
        for i, tool in enumerate(adapter.data.get("tools") or []):
            hints = tool.get("hints")
            if isinstance(hints, dict) and hints.get("readOnly") is True:

                def flip(d: dict, p=(*adapter.path, "tools", i, "hints")) -> None:
                    _get(d, p)["readOnly"] = False

                yield (
                    "mcp-readonly-missing",
                    jp.join((*adapter.path, "tools", i, "hints", "readOnly")),
                    flip,
                )
            if i > 0 and isinstance(tool.get("name"), str):

                def rename(d: dict, p=(*adapter.path, "tools"), k=i) -> None:
                    _get(d, p)[k]["name"] = _get(d, p)[0].get("name", "x")

                if isinstance(adapter.data["tools"][0].get("name"), str):
                    yield ("duplicate-name", jp.join((*adapter.path, "tools", i, "name")), rename)
    ported = [
        a
        for a in model.adapters
        if isinstance(a.data.get("port"), int) and a.data.get("transport") != "stdio"
    ]
    if len(ported) >= 2:

        def reuse(d: dict, a=ported[1].path, b=ported[0].path) -> None:
            _get(d, a)["port"] = _get(d, b)["port"]
            _get(d, a).pop("address", None)

        yield "port-conflict", jp.join((*ported[1].path, "port")), reuse
    for entry in model.consumes.values():
        auth = entry.data.get("authentication")
        if isinstance(auth, dict):
            field = {"bearer": "token", "apikey": "value"}.get(auth.get("type"))
            if field:
                where = (*entry.path, "authentication", field)

                def inline(d: dict, p=where) -> None:
                    _set(d, p, "sk_live_a1b2c3d4")

                yield "secret-literal", jp.join(where), inline

                def unbound(d: dict, p=where) -> None:
                    _set(d, p, "{{NOT_DECLARED_ANYWHERE}}")

                yield "bind-undeclared", jp.join(where), unbound


def _set(doc: dict, path: tuple, value: Any) -> None:
    _get(doc, path[:-1])[path[-1]] = value


def _path_mutations(doc: dict, model: Any) -> Iterator[Mutation]:
    for entry in model.consumes.values():
        if entry.imported:
            continue
        if isinstance(entry.data.get("baseUri"), str):

            def template_host(d: dict, p=(*entry.path, "baseUri")) -> None:
                _set(d, p, _get(d, p).replace("://", "://{tenant}.", 1))

            yield "baseuri-placeholder", jp.join((*entry.path, "baseUri")), template_host
        for i, resource in enumerate(entry.data.get("resources") or []):
            where = (*entry.path, "resources", i, "path")
            if "{{" in resource.get("path", ""):

                def single(d: dict, p=where) -> None:
                    _set(d, p, _get(d, p).replace("{{", "{").replace("}}", "}"))

                yield "consumed-path-single-brace", jp.join(where), single
    for adapter in model.adapters:
        for i, resource in enumerate(adapter.data.get("resources") or []):
            base = (*adapter.path, "resources", i)
            if (
                adapter.type == "rest"
                and isinstance(resource.get("inputParameters"), list)
                and any(p.get("in") == "path" for p in resource["inputParameters"])
            ):

                def drop_inputs(d: dict, p=base) -> None:
                    _get(d, p)["inputParameters"] = [
                        x for x in _get(d, p)["inputParameters"] if x.get("in") != "path"
                    ]

                yield "path-param-undeclared", jp.join((*base, "path")), drop_inputs
            operations = resource.get("operations") if adapter.type == "rest" else None
            if isinstance(operations, list) and operations:
                count = len(operations)

                def duplicate(d: dict, p=base) -> None:
                    ops = _get(d, p)["operations"]
                    ops.append(copy.deepcopy(ops[0]))

                yield (
                    "duplicate-route",
                    jp.join((*base, "operations", count, "method")),
                    duplicate,
                )
        for i, skill in enumerate(adapter.data.get("skills") or []):
            for j, tool in enumerate(skill.get("tools") or []):
                where = (*adapter.path, "skills", i, "tools", j, "from", "action")
                if isinstance(tool.get("from"), dict):

                    def reaction(d: dict, p=where) -> None:
                        _set(d, p, _get(d, p) + "-gone")

                    yield "skill-source-unresolved", jp.join(where), reaction


def _cases() -> list:
    cases = []
    for path in CLEAN:
        doc = yaml.safe_load(path.read_text())
        for rule, where, mutate in mutations(doc):
            cases.append(pytest.param(path, rule, where, mutate, id=f"{path.stem}:{rule}:{where}"))
    return cases


CASES = _cases()


def test_every_defect_kind_is_injected() -> None:
    kinds = {case.values[1] for case in CASES}
    assert kinds >= {
        "call-unresolved",
        "with-namespace-mismatch",
        "with-key-unknown",
        "consumed-input-unsupplied",
        "ref-unresolved",
        "step-reference-unresolved",
        "baseuri-placeholder",
        "consumed-path-single-brace",
        "path-param-undeclared",
        "duplicate-route",
        "skill-source-unresolved",
        "mcp-readonly-missing",
        "duplicate-name",
        "port-conflict",
        "secret-literal",
        "bind-undeclared",
        "import-unresolved",
        "binds-not-root",
        "consumed-body-unsent",
        "with-input-undeclared",
        "bind-unbraced",
        "mcp-resource-uri-variable",
        "forward-path-missing",
    }


@pytest.mark.parametrize(("path", "rule", "where", "mutate"), CASES)
def test_injected_defect_is_reported_at_the_mutated_node(
    path: Path, rule: str, where: str, mutate: Callable
) -> None:
    doc = yaml.safe_load(path.read_text())
    mutate(doc)
    hits = [d for d in _lint(doc, path) if d.rule == rule]
    assert [d.pointer for d in hits if d.pointer == where] == [where], [
        (d.rule, d.pointer) for d in hits
    ]
