"""The shape of a Spectral-format ruleset, checked before anything is interpreted."""

from __future__ import annotations

from naftiko_lint.ruleset.extends import EXTENDS, SEVERITY

GIVEN = {
    "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]
}

THEN = {
    "type": "object",
    "required": ["function"],
    "additionalProperties": False,
    "properties": {
        "function": {"type": "string"},
        "field": {"type": "string"},
        "functionOptions": {},
    },
}

RULE = {
    "anyOf": [
        SEVERITY,
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "description": {"type": "string"},
                "message": {"type": "string"},
                "severity": SEVERITY,
                "given": GIVEN,
                "then": {"anyOf": [THEN, {"type": "array", "items": THEN, "minItems": 1}]},
                "resolved": {"type": "boolean"},
                "formats": {"type": "array", "items": {"type": "string"}},
                "recommended": {"type": "boolean"},
                "documentationUrl": {"type": "string"},
                "type": {"enum": ["style", "validation"]},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
        },
    ]
}

RULESET = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "extends": EXTENDS,
        "rules": {"type": "object", "additionalProperties": RULE},
        "aliases": {
            "type": "object",
            "additionalProperties": {
                "anyOf": [
                    {"type": "array", "items": {"type": "string"}},
                    {
                        "type": "object",
                        "required": ["targets"],
                        "properties": {
                            "targets": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["given"],
                                    "properties": {"given": GIVEN, "formats": {"type": "array"}},
                                },
                            }
                        },
                    },
                ]
            },
        },
        "overrides": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["files"],
                "additionalProperties": False,
                "properties": {
                    "files": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                    "rules": {"type": "object", "additionalProperties": RULE},
                },
            },
        },
        "functions": {"type": "array", "items": {"type": "string"}},
        "functionsDir": {"type": "string"},
        "formats": {"type": "array", "items": {"type": "string"}},
        "documentationUrl": {"type": "string"},
        "description": {"type": "string"},
    },
}
