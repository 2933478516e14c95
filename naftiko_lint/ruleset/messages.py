"""A rule's message: Spectral's templates (`{{error}}`, `{{property}}`, `{{value}}`,
`#{{print("property")}}`, ...) rendered with the variables of one result."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from naftiko_lint import pointer as jp
from naftiko_lint.functions.api import RuleFunction
from naftiko_lint.pointer import Tokens
from naftiko_lint.values import UNDEFINED, js_string, print_value

# Spectral's message templates (spectral-core Replacer, message.ts): `{{name}}` is one of
# the variables (anything else becomes ''), `#{{expression}}` an expression: print("x"),
# quoted text, variables, `.toUpperCase()`, joined by `+`.
TEMPLATE = re.compile(r"#?\{\{([^}\n]+)\}\}")  # a placeholder: {{name}} or #{{expression}}
_DISALLOWED = re.compile(r"constructor|process|require|global|mainModule|fs|child_process")
_TERM = re.compile(
    r"""\s*(?:print\(\s*(?:"([^"]*)"|'([^']*)')\s*\)|"([^"]*)"|'([^']*)'|"""
    r"""(\w+)(\.toUpperCase\(\))?|(-?\d+(?:\.\d+)?))\s*(\+|$)"""
)


def _print(kind: str, variables: dict[str, Any]) -> str:
    if kind == "property":
        prop = variables.get("property")
        return f'"{prop}" property ' if prop not in (None, "") else "The document "
    if kind == "value":
        return print_value(variables.get("value", UNDEFINED))
    if kind in variables and variables[kind] is not None:
        return js_string(variables[kind])
    return ""


def _evaluate(expression: str, variables: dict[str, Any]) -> str:
    if _DISALLOWED.search(expression):
        return ""
    out, at = [], 0
    while at < len(expression):
        term = _TERM.match(expression, at)
        if term is None or term.end() == at:
            return ""  # Spectral logs the evaluation error and prints ''
        printed1, printed2, text1, text2, name, upper, number, _ = term.groups()
        if printed1 is not None or printed2 is not None:
            piece = _print(printed1 if printed1 is not None else printed2, variables)
        elif text1 is not None or text2 is not None:
            piece = text1 if text1 is not None else text2
        elif name is not None:
            if name not in variables:
                return ""
            piece = js_string(variables[name])
            if upper:
                piece = piece.upper()
        else:
            piece = number
        out.append(piece)
        at = term.end()
    return "".join(out)


def render(template: str, variables: dict[str, Any]) -> str:
    def substitute(match: re.Match[str]) -> str:
        identifier = match.group(1)
        if match.group(0).startswith("#"):
            return _evaluate(identifier.strip(), variables)
        return js_string(variables[identifier]) if identifier in variables else ""

    return TEMPLATE.sub(substitute, template)


def dot_path(path: Tokens) -> str:
    """spectral-runtime printPath(path, Dot): `a.b[0]['x y']`."""
    out = ""
    for i, segment in enumerate(path):
        text = str(segment)
        if isinstance(segment, int) or re.fullmatch(r"\s*-?(\d+\.?\d*|\.\d+)\s*", text):
            out += f"[{text}]"
        elif text == "":
            out += "['']"
        elif re.search(r"\s", text):
            out += f"['{text}']"
        else:
            out += ("." if i else "") + text
    return out


def uri_pointer(path: Tokens) -> str:
    """@stoplight/json pathToPointer: `#/a/b~1c`, URI-encoded."""
    return quote("#" + jp.join(path), safe="/;,?:@&=+$-_.!~*'()#")


def renders_messages(function: RuleFunction) -> bool:
    """Spectral renders every function's message as a template; naftiko-lint's own rule
    functions (not the official equivalents) quote Mustache text (`/kv/{{key}}`), so
    their messages are used as written."""
    module = getattr(function.fn, "__module__", "") or ""
    return (
        not module.startswith("naftiko_lint.functions.naftiko.")
        or module == "naftiko_lint.functions.naftiko.official"
    )
