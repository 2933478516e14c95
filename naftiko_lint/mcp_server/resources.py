"""The resources the server offers an agent writing capabilities: the bundled JSON Schema
of each spec version naftiko-lint knows (`naftiko-lint://schema/<version>`, what
`naftiko-lint schema --spec-version VERSION` prints) and each rule's page
(`naftiko-lint://rules/<id>`, in Markdown, made from the same sections `explain` prints,
with the severity the server's configuration gives the rule). Both forms are also listed as
resource templates. Pure data over the bundled files and the rule plan; no SDK here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from naftiko_lint.spec import versions

if TYPE_CHECKING:
    from naftiko_lint.linter import LintOptions
    from naftiko_lint.ruleset.docs import RuleEntry

SCHEME = "naftiko-lint://"
SCHEMA_PREFIX = f"{SCHEME}schema/"
RULE_PREFIX = f"{SCHEME}rules/"
SCHEMA_MIME = "application/schema+json"
PAGE_MIME = "text/markdown"


class UnknownResource(LookupError):
    """No resource has the URI; the message names it and, when one is close, the likely one."""


@dataclass(frozen=True)
class ResourceEntry:
    """One listed resource (or resource template, whose `uri` is an RFC 6570 template)."""

    uri: str
    name: str
    title: str
    description: str
    mime_type: str


@dataclass(frozen=True)
class Contents:
    uri: str
    mime_type: str
    text: str


def schema_uri(version: str) -> str:
    return f"{SCHEMA_PREFIX}{version}"


def rule_uri(rule_id: str) -> str:
    return f"{RULE_PREFIX}{rule_id}"


def _rules(options: LintOptions) -> list[RuleEntry]:
    import naftiko_lint

    return naftiko_lint.list_rules(options, include_off=True)


def listed(options: LintOptions) -> list[ResourceEntry]:
    """Every schema (oldest version first), then every rule's page (built-in first, then the
    rulesets', as `rules --include-off` lists them)."""
    out = []
    for version in versions.KNOWN_VERSIONS:
        latest = " (the latest)" if version is versions.LATEST else ""
        out.append(
            ResourceEntry(
                schema_uri(version.name),
                f"schema-{version.name}",
                f"Naftiko {version.name} JSON Schema",
                f"The JSON Schema (draft 2020-12) naftiko-lint checks `naftiko: "
                f'"{version.name}"` capability files against{latest}: {version.summary}.',
                SCHEMA_MIME,
            )
        )
    for entry in _rules(options):
        out.append(
            ResourceEntry(
                rule_uri(entry.id),
                entry.id,
                f"Rule {entry.id}",
                f"{entry.description} ({entry.severity_label}, {entry.source})",
                PAGE_MIME,
            )
        )
    return out


TEMPLATES: tuple[ResourceEntry, ...] = (
    ResourceEntry(
        f"{SCHEMA_PREFIX}{{version}}",
        "schema",
        "Naftiko JSON Schema of a spec version",
        "The JSON Schema of one Naftiko spec version (" + ", ".join(versions.known_names()) + ").",
        SCHEMA_MIME,
    ),
    ResourceEntry(
        f"{RULE_PREFIX}{{rule}}",
        "rule",
        "A naftiko-lint rule's page",
        "What a rule checks, why it matters, an invalid example and its fix: the page "
        "`naftiko-lint explain RULE` prints, for a rule id a lint diagnostic names.",
        PAGE_MIME,
    ),
)


def read(uri: str, options: LintOptions) -> Contents:
    """The resource at `uri` (UnknownResource when there is none)."""
    from naftiko_lint.suggest import did_you_mean

    if uri.startswith(SCHEMA_PREFIX):
        version = versions.get(uri[len(SCHEMA_PREFIX) :])
        if version is not None:
            text = version.schema_file.read_text(encoding="utf-8")
            return Contents(uri, SCHEMA_MIME, text)
        known = [schema_uri(name) for name in versions.known_names()]
    elif uri.startswith(RULE_PREFIX):
        rule_id = uri[len(RULE_PREFIX) :]
        entries = _rules(options)
        entry = next((e for e in entries if e.id == rule_id), None)
        if entry is not None:
            return Contents(uri, PAGE_MIME, page(entry))
        known = [rule_uri(e.id) for e in entries]
    else:
        known = [SCHEMA_PREFIX + "<version>", RULE_PREFIX + "<rule id>"]
        raise UnknownResource(f"Unknown resource: {uri} (resources are {' and '.join(known)})")
    raise UnknownResource(f"Unknown resource: {uri}{did_you_mean(uri, known)}")


def page(entry: RuleEntry) -> str:
    """The rule's page in Markdown: its sections (ruleset/docs.sections, from which the
    `explain` text and the published page are made too, its fix among them when it has
    one), headed by the severity and source the server's configuration gives it."""
    from naftiko_lint.ruleset import docs

    lines = [
        f"# {entry.id}",
        "",
        entry.description,
        "",
        f"Severity: **{entry.severity_label}** · Source: {entry.source}",
        "",
    ]
    for heading, body, example in docs.sections(entry.id, entry.description):
        text = fence(body) if example else body.rstrip()
        lines += [f"## {heading}", "", text, ""]
    return "\n".join(lines)


def fence(text: str, info: str = "yaml") -> str:
    """`text` as a Markdown code block, its fence longer than any backtick run inside."""
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    marks = "`" * (longest + 1)
    return f"{marks}{info}\n{text.rstrip()}\n{marks}"
