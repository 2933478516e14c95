"""Built-in rules that are not JSONPath rules: the input (loading) checks.

Every rule naftiko-lint can report appears in one registry (`naftiko_lint.ruleset.docs`);
these are its built-in entries. Ids are a public contract: never rename or reuse one.
"""

from __future__ import annotations

from dataclasses import dataclass

from naftiko_lint.diagnostics import Severity


@dataclass(frozen=True)
class BuiltinRule:
    id: str
    severity: Severity
    description: str


INPUT_RULES: tuple[BuiltinRule, ...] = (
    BuiltinRule("yaml-syntax", Severity.ERROR, "The file is not well-formed YAML or JSON."),
    BuiltinRule(
        "yaml-duplicate-key",
        Severity.ERROR,
        "A mapping repeats a key; loaders silently keep only the last value.",
    ),
    BuiltinRule(
        "yaml-encoding",
        Severity.ERROR,
        "The file is not UTF-8 text (binary data or invalid UTF-8).",
    ),
    BuiltinRule("yaml-empty", Severity.ERROR, "The file holds no YAML document."),
    BuiltinRule("yaml-not-mapping", Severity.ERROR, "The top level is not a mapping."),
    BuiltinRule(
        "yaml-multiple-documents", Severity.ERROR, "The file holds more than one YAML document."
    ),
    BuiltinRule(
        "yaml-unsafe-tag",
        Severity.ERROR,
        "A tag such as !!python/object would construct objects; it is refused.",
    ),
    BuiltinRule("yaml-unknown-tag", Severity.ERROR, "A custom or unknown YAML tag is used."),
    BuiltinRule(
        "yaml-complex-key",
        Severity.ERROR,
        "A sequence or mapping is used as a mapping key; the engine refuses it.",
    ),
    BuiltinRule(
        "json-comment",
        Severity.ERROR,
        "A '//' or '/* */' comment in a JSON file: not a comment to the engine.",
    ),
    BuiltinRule(
        "engine-code-point-limit",
        Severity.ERROR,
        "The file is longer than the 3,145,728 characters the engine's YAML reader accepts.",
    ),
    BuiltinRule(
        "yaml-alias-limit",
        Severity.ERROR,
        "Aliases expand the document beyond safe limits (alias bomb).",
    ),
    BuiltinRule(
        "yaml-too-deep", Severity.ERROR, "Nesting is deeper than any real capability needs."
    ),
    BuiltinRule(
        "yaml-too-many-nodes",
        Severity.ERROR,
        "The document holds more YAML nodes "
        "than the node limit (500,000; 160,000 when it needs the exact YAML reader); "
        "it is not checked further.",
    ),
    BuiltinRule("file-too-large", Severity.ERROR, "The file is larger than the size limit."),
    BuiltinRule(
        "version-missing", Severity.ERROR, "The top-level 'naftiko' version field is missing."
    ),
    BuiltinRule(
        "unknown-version", Severity.ERROR, "The 'naftiko' field names no known spec version."
    ),
)

SCHEMA_RULES: tuple[BuiltinRule, ...] = (
    BuiltinRule(
        "schema", Severity.ERROR, "The document breaks the structure of its declared spec version."
    ),
    BuiltinRule(
        "schema-unknown-property",
        Severity.WARNING,
        "A property the declared spec version does not define (often added by generators).",
    ),
)

ENGINE_RULES: tuple[BuiltinRule, ...] = (
    BuiltinRule(
        "too-many-findings",
        Severity.WARNING,
        "A file has more findings than --max-findings; the rest was not checked.",
    ),
    BuiltinRule(
        "unused-suppression",
        Severity.INFO,
        "An inline '# naftiko-lint: disable…' comment that suppresses nothing.",
    ),
    BuiltinRule(
        "internal-error",
        Severity.ERROR,
        "A rule function or a stage of the checker raised an exception; the other "
        "rules and files are still checked (exit code 2).",
    ),
)
INTERNAL_ERROR = "internal-error"

BUILTIN_RULES = INPUT_RULES + SCHEMA_RULES + ENGINE_RULES
BY_ID = {rule.id: rule for rule in BUILTIN_RULES}
