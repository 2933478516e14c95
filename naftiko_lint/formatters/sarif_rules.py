"""SARIF's rule table, `tool.driver.rules`: one reportingDescriptor per rule naftiko-lint
ships, in one fixed order, and the level each severity is reported at.

The table is the same for every run, whatever the configuration: built-in rules, then the
bundled rulesets' (the order `naftiko-lint rules --all` would list them). A result's
`ruleIndex` is its rule's position here, so a chunk formatted in a worker process, or
replayed from the cache, knows it from the rule id alone. The rules of a ruleset of your own
(`--ruleset`, a configuration's `extends`) follow, sorted by id, with their rulesets'
descriptions: the CLI gives every formatter options the run's rules (FormatOptions.rules),
so a chunk knows their indexes too (and the options are part of a cached chunk's key). A
reported rule described by neither (the API's format() without those options) gets a bare
descriptor and no `ruleIndex` (SARIF: "not known", resolved by id)."""

from __future__ import annotations

from functools import cache
from typing import Any

from naftiko_lint.diagnostics import Severity
from naftiko_lint.ruleset import docs

# SARIF has three levels: info and hint are both "note"; the exact severity is kept in the
# result's and the descriptor's `properties.severity`.
LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
    Severity.HINT: "note",
}
# A rule is fixable when its doc declares its fix (`fix:`, docs.fix_safety). A test lints
# the fixtures and holds every fix to the rules marked fixable.
fix_safety = docs.fix_safety


def level(severity: Severity) -> str:
    return LEVELS[severity]


@cache
def shipped_rules() -> tuple[docs.RuleEntry, ...]:
    """Every rule naftiko-lint ships (built-in, then the bundled rulesets' in their order),
    with its default severity, whatever the configuration: the rules that have a published
    page (scripts/rule_pages.py writes them from this list)."""
    from naftiko_lint.config import Config
    from naftiko_lint.plan import build_plan

    return tuple(docs.active_rules(build_plan(Config()), include_off=True))


@cache
def shipped_index() -> dict[str, int]:
    """Rule id -> its index in `tool.driver.rules` (read once per process)."""
    return {entry.id: i for i, entry in enumerate(shipped_rules())}


def _pascal(rule_id: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in rule_id.split("-"))


def _help_text(sections: list[tuple[str, str, bool]]) -> str:
    return "\n\n".join(f"{heading}:\n{body.rstrip()}" for heading, body, _ in sections)


def _descriptor(entry: docs.RuleEntry) -> dict[str, Any]:
    sections = docs.sections(entry.id, entry.description)
    severity = Severity.parse(entry.severity_label)
    page = docs.page_markdown(entry, sections)
    safety = fix_safety(entry.id)
    out: dict[str, Any] = {
        "id": entry.id,
        "shortDescription": {"text": entry.description},
        "fullDescription": {"text": sections[0][1].rstrip()},
        "help": {
            "text": _help_text(sections),
            "markdown": page[page.index("\n# ") + 1 :],  # without the "generated" comment
        },
        "helpUri": docs.docs_url(entry.id),
        "defaultConfiguration": {"level": level(severity)},
        "properties": {
            "severity": severity.label,
            "source": entry.source,
            "fixable": safety is not None,
            "tags": ["naftiko", entry.source],
        },
    }
    if safety is not None:
        out["properties"]["fix"] = safety
    name = _pascal(entry.id)
    if name.lower() != entry.id.lower():  # SARIF1001: a name that only repeats the id is omitted
        out = {"id": entry.id, "name": name, **{k: v for k, v in out.items() if k != "id"}}
    return out


@cache
def _shipped_descriptors() -> tuple[dict[str, Any], ...]:
    return tuple(_descriptor(entry) for entry in shipped_rules())


def own_rules(rules: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Of the run's rules (FormatOptions.rules), those naftiko-lint does not ship: a
    ruleset of your own. Their descriptors follow the shipped ones, in this order."""
    shipped = shipped_index()
    return tuple((rule_id, text) for rule_id, text in rules if rule_id not in shipped)


def rule_index(rule_id: str, own: tuple[tuple[str, str], ...]) -> int | None:
    """The rule's place in `tool.driver.rules`: a shipped rule's, else its place after
    them among the run's own rules; None for a rule the run did not describe."""
    shipped = shipped_index()
    if rule_id in shipped:
        return shipped[rule_id]
    for offset, (known, _) in enumerate(own):
        if known == rule_id:
            return len(shipped) + offset
    return None


def descriptors(reported: set[str], own: tuple[tuple[str, str], ...] = ()) -> list[dict[str, Any]]:
    """`tool.driver.rules`: the shipped rules in `shipped_index` order, then the run's own
    rules (`own`, described by their rulesets), then a bare descriptor for each reported
    rule described by neither, by id."""
    shipped = shipped_index()
    described = {rule_id for rule_id, _ in own}
    bare = sorted(reported - shipped.keys() - described)
    return [
        *_shipped_descriptors(),
        *(_own_descriptor(rule_id, text) for rule_id, text in own),
        *(_own_descriptor(rule_id) for rule_id in bare),
    ]


def _own_descriptor(rule_id: str, description: str = "") -> dict[str, Any]:
    """A rule of a ruleset of your own, with the description its ruleset gives (or, known
    by its id only, words that say where to look): GitHub requires a short and full
    description and help."""
    where = "a ruleset this run loaded (--ruleset, or the configuration's extends)"
    text = description.strip()
    return {
        "id": rule_id,
        "shortDescription": {"text": text or f"{rule_id}: a rule of {where}."},
        "fullDescription": {
            "text": text
            or f"{rule_id} is defined by {where}, not by naftiko-lint; its description "
            "is in that ruleset."
        },
        "help": {"text": f"Run `naftiko-lint explain {rule_id}` with the same configuration."},
        "properties": {"source": "ruleset", "fixable": False, "tags": ["naftiko", "ruleset"]},
    }
