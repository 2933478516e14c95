"""Fixes that rewrite a reference in place: a `with` reference under the wrong namespace,
a single-brace `{x}` in a consumed path, a qualified `{{env.X}}` bind reference.

Pure builders of `Fix` values from what the rule functions already computed; the rules
decide when a finding gets one. A rewrite that needs a new input declares it as
fixes_declare does (where the engine reads it: see that module)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from naftiko_lint import pointer as jp
from naftiko_lint.capability.model import CapabilityModel, Unit
from naftiko_lint.capability.placeholders import path_variables
from naftiko_lint.diagnostics import Edit, Fix
from naftiko_lint.functions.naftiko.fixes_declare import declaration

# a placeholder name a `{{x}}` can hold (placeholders.MUSTACHE: no braces, no spaces)
TEMPLATE_NAME = re.compile(r"^[^{}\s]+$")


def with_reference_fix(
    model: CapabilityModel,
    unit: Unit,
    entry_path: Sequence[str | int],
    key: str,
    value: str,
    call: str,
    spelled: str,
    *,
    declared: bool,
) -> Fix | None:
    """`<unit namespace>.<spelled>` for a with value under another namespace. Safe when the
    unit receives `spelled` (`declared`); otherwise unsafe, and it also declares the input
    (fixes_declare.declaration: a REST path variable on its resource, as
    path-param-undeclared's fix does, anything else on the unit). None where declaring is
    no repair: an MCP resource receives its uri's variables, a forward resource reads no
    input, and a ref MCP tool declaring none advertises its function's inputs, which one
    declared input would hide (McpServerAdapter.buildMcpTool)."""
    new = f"{unit.namespace}.{spelled}"
    title = f"write {new!r} for {value!r}"
    rewrite = Edit("set", jp.join(entry_path), new)
    if declared:
        return Fix(new, True, (rewrite,), title)
    declare = declaration(model, unit, spelled, key, call)
    if declare is None:
        return None
    return Fix(new, False, (rewrite, declare), f"{title} and declare input {spelled!r}")


def double_braced(template: str) -> str:
    """`template` with every single-brace `{x}` written `{{x}}`."""
    out, last = [], 0
    for name, start, end, single in path_variables(template):
        if single and TEMPLATE_NAME.match(name):
            out.append(template[last:start] + "{{" + name + "}}")
            last = end
    return "".join(out) + template[last:]


def single_brace_fix(resource_path: Sequence[str | int], template: str, name: str) -> Fix | None:
    """The consumed path with all of its single braces doubled (whichever finding's fix
    applies first repairs them all; the others vanish on the re-check)."""
    if not TEMPLATE_NAME.match(name):
        return None
    fixed = double_braced(template)
    names = [n for n, _, _, single in path_variables(template) if single and TEMPLATE_NAME.match(n)]
    shown = ", ".join(f"'{{{{{n}}}}}'" for n in dict.fromkeys(names))
    title = (
        f"write '{{{{{name}}}}}' for '{{{name}}}'"
        if len(set(names)) == 1
        else f"write {shown} for their single-brace forms"
    )
    return Fix(fixed, True, (Edit("set", jp.join((*resource_path, "path")), fixed),), title)


def unqualified_fix(where: Sequence[str | int], text: str, matches: Sequence[re.Match[str]]) -> Fix:
    """`text` with each qualified `{{ns.VAR}}` of `matches` written `{{VAR}}`, the rest kept."""
    out, last = [], 0
    for match in sorted(matches, key=lambda m: m.start()):
        out.append(text[last : match.start()] + "{{" + match.group(1).partition(".")[2] + "}}")
        last = match.end()
    fixed = "".join(out) + text[last:]
    first = matches[0]
    title = f"write '{{{{{first.group(1).partition('.')[2]}}}}}' for '{first.group(0)}'"
    if len(matches) > 1:
        title += f" (and {len(matches) - 1} more)"
    return Fix(fixed, True, (Edit("set", jp.join(where), fixed),), title)
