"""The JSON Schemas of the tools' arguments and of their structured results.

The lint report's schema describes the JSON contract `check --format json` writes
(results.report_to_dict, README "JSON output"); the fix result carries diagnostics in that
same shape. Every result schema is an object at its root (MCP 2025-06-18 and 2025-11-25
restrict structured content to an object). Nothing here imports the SDK."""

from __future__ import annotations

from typing import Any

from naftiko_lint.formatters import names as format_names

_SOURCE_TEXT = {
    "type": "string",
    "description": "The capability file's text (YAML or JSON), linted as if it were the file at "
    "`path` when `path` is also given.",
}
_POSITION = {
    "type": "object",
    "properties": {"line": {"type": "integer"}, "column": {"type": "integer"}},
    "required": ["line", "column"],
}
_FIX = {
    "enum": ["safe", "unsafe", "mixed", None],
    "description": "the rule's fix as its doc declares it: safe (applied by fix), unsafe "
    "(only with unsafe: true), mixed (either, by case), or null (none declared)",
}
DIAGNOSTIC: dict[str, Any] = {
    "type": "object",
    "properties": {
        "path": {"type": "string"},
        "rule": {"type": "string"},
        "severity": {"enum": ["error", "warning", "info", "hint"]},
        "message": {"type": "string"},
        "pointer": {"type": "string", "description": "RFC 6901 pointer of the offending node"},
        "range": {
            "type": "object",
            "properties": {"start": _POSITION, "end": _POSITION},
            "required": ["start", "end"],
        },
        "suggestion": {"description": "the replacement value a fix would write"},
    },
    "required": ["path", "rule", "severity", "message", "pointer", "range"],
}
_DIAGNOSTICS = {"type": "array", "items": DIAGNOSTIC}
REPORT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "tool": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "version": {"type": "string"}},
            "required": ["name", "version"],
        },
        "files": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "path": {"type": "string"},
                    "spec_version": {"type": ["string", "null"]},
                },
                "required": ["path", "spec_version"],
            },
        },
        "diagnostics": _DIAGNOSTICS,
        "summary": {
            "type": "object",
            "properties": {
                key: {"type": "integer"} for key in ("files", "error", "warning", "info", "hint")
            },
            "required": ["files", "error", "warning", "info", "hint"],
        },
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "path": {"type": ["string", "null"]},
                    "message": {"type": "string"},
                    "line": {"type": "integer"},
                    "column": {"type": "integer"},
                },
                "required": ["path", "message"],
            },
        },
        "not_checked": {"type": "array", "items": {"type": "string"}},
        "skipped": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"path": {"type": "string"}, "reason": {"type": "string"}},
                "required": ["path", "reason"],
            },
        },
    },
    "required": [
        "tool",
        "files",
        "diagnostics",
        "summary",
        "errors",
        "not_checked",
        "skipped",
    ],
}


def _arguments(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = list(required)
    return schema


def _path(what: str) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "description": what}


LINT_INPUT = _arguments(
    {
        "text": _SOURCE_TEXT,
        "path": _path(
            "Without `text`: a capability file, a folder or a glob ('caps/**/*.yaml') on disk "
            "(relative to the server's working directory), checked as `naftiko-lint check "
            "PATH` checks it. With `text`: "
            "the file the text stands for; it decides the configuration that applies, where "
            "local imports resolve and the path reported (it need not exist)."
        ),
        "format": {
            "enum": format_names(),
            "default": "text",
            "description": "How the text content renders the report (the structured content is "
            "always the JSON report): any `check --format`.",
        },
    }
)
EXPLAIN_INPUT = _arguments(
    {"rule": {"type": "string", "minLength": 1, "description": "a rule id, e.g. call-unresolved"}},
    ("rule",),
)
EXPLAIN_OUTPUT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "rule": {"type": "string"},
        "severity": {"type": "string", "description": "error, warning, info, hint or off"},
        "source": {"type": "string", "description": "built-in or the ruleset file's name"},
        "description": {"type": "string"},
        "fix": _FIX,
        "page": {"type": "string", "description": "the page `naftiko-lint explain` prints"},
    },
    "required": ["rule", "page"],
}
RULE = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "severity": {"type": "string"},
        "source": {"type": "string"},
        "description": {"type": "string"},
        "fix": _FIX,
    },
    "required": ["id", "severity", "source", "description", "fix"],
}
LIST_RULES_INPUT = _arguments(
    {
        "include_off": {
            "type": "boolean",
            "default": False,
            "description": "also list the rules the configuration turns off (severity `off`)",
        }
    }
)
LIST_RULES_OUTPUT = {
    "type": "object",
    "properties": {"rules": {"type": "array", "items": RULE}},
    "required": ["rules"],
}
FIX_INPUT = _arguments(
    {
        "text": _SOURCE_TEXT,
        "path": _path(
            "Without `text`: the capability file on disk to fix. With `text`: the file the text "
            "stands for (configuration lookup and reported path)."
        ),
        "unsafe": {
            "type": "boolean",
            "default": False,
            "description": "also apply the fixes that may change meaning (`--unsafe-fixes`)",
        },
        "write": {
            "type": "boolean",
            "default": False,
            "description": "write the fixed text back to `path` (only without `text`); by "
            "default nothing is written",
        },
        "rules": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "apply only the fixes of these rule ids",
        },
    }
)
FIX_OUTPUT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "path": {"type": "string"},
        "changed": {"type": "boolean"},
        "written": {"type": "boolean", "description": "the fixed text was written to `path`"},
        "fixed": {"type": "string", "description": "the whole fixed text"},
        "diff": {"type": "string", "description": "unified diff from the original to `fixed`"},
        "rounds": {"type": "integer"},
        "refused": {
            "type": ["string", "null"],
            "description": "why nothing was fixed (e.g. YAML syntax errors), else null",
        },
        "applied": _DIAGNOSTICS,
        "remaining": _DIAGNOSTICS,
        "notes": {
            "type": "array",
            "items": {"type": "string"},
            "description": "fixes skipped and rounds undone, and why",
        },
    },
    "required": [
        "path",
        "changed",
        "written",
        "fixed",
        "diff",
        "rounds",
        "refused",
        "applied",
        "remaining",
        "notes",
    ],
}


def export_input(openapi: bool) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "text": _SOURCE_TEXT,
        "path": _path(
            "Without `text`: the capability file on disk. With `text`: the file the text stands "
            "for (configuration lookup, local imports)."
        ),
        "expose": {
            "type": "string",
            "description": "the namespace of the adapter to export, when there are several",
        },
        "format": {
            "enum": ["yaml", "json"],
            "description": "the text content's format (default: "
            + ("yaml" if openapi else "json")
            + "); the structured content holds the document itself",
        },
    }
    if openapi:
        properties["openapi_version"] = {
            "enum": ["3.1", "3.0"],
            "default": "3.1",
            "description": "the OpenAPI version of the document",
        }
    return _arguments(properties)


EXPORT_OUTPUT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "document": {
            "type": "object",
            "description": "the exported document, as `naftiko-lint export` writes it",
        },
        "text": {"type": "string", "description": "the document rendered in `format`"},
        "notes": {
            "type": "array",
            "items": {"type": "string"},
            "description": "what the CLI prints as notes: errors of the capability, what was "
            "not mapped",
        },
    },
    "required": ["document", "text", "notes"],
}
