"""Read Spectral-format rulesets: extends, rules, aliases, overrides, functions."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from naftiko_lint import pointer as jp
from naftiko_lint.bundled import rules_dir
from naftiko_lint.diagnostics import Severity
from naftiko_lint.document.loading import MAX_FILE_BYTES, Document, parse_document
from naftiko_lint.errors import ConfigError, ConfigProblem
from naftiko_lint.functions.api import RuleFunction
from naftiko_lint.functions.builtin import builtin_functions
from naftiko_lint.reading import ReadError, read_file
from naftiko_lint.ruleset import builtin, functions_dir
from naftiko_lint.ruleset.definitions import Override, Rule, Ruleset, Then
from naftiko_lint.ruleset.extends import extends_entries, never_fetched, url_of
from naftiko_lint.ruleset.format_schema import RULESET
from naftiko_lint.ruleset.given import PathError, compile_path, expand_aliases
from naftiko_lint.spec.quick import schema_errors
from naftiko_lint.suggest import did_you_mean

DEFAULT_RULESET = "naftiko-lint:default"
PLAIN = "plain"  # a ruleset given directly or extended without a mode


def parse_severity(value: Any) -> Severity | None:
    """Spectral severities: names, 0-3 (0 = error), -1/off/false = off, true = warn."""
    if value is True:
        return Severity.WARNING
    if value is False or value in ("off", -1):
        return None
    return Severity.parse(str(value))


def resolve_location(name: str, base: Path) -> Path:
    """The file a ruleset name or relative path means; `naftiko-lint:default` is the bundled
    default.yaml, which extends the official set (naftiko.yaml) and naftiko-lint's own
    consistency rules (naftiko-consistency.yaml)."""
    if name == DEFAULT_RULESET:
        return rules_dir() / "default.yaml"
    if url_of(name) is not None:  # kept as it is, for the loader to refuse by name
        return Path(name)
    return (base / name).resolve()


def not_found_hint(name: str) -> str:
    """What to say when an extended ruleset does not exist: a bare name may be meant as a
    package (Spectral extends npm packages), which is never loaded here."""
    if not name.startswith("@") and (
        "/" in name or "\\" in name or Path(name).suffix in (".yaml", ".yml", ".json")
    ):
        return ""
    return "; rulesets are extended by file path only (a package or module name is never imported)"


# A function is a file `<functionsDir>/<name>.py`: the name is one plain file name, so it
# can name nothing outside functionsDir and no Python module (`os.system`, `__import__`)


@dataclass
class _Context:
    """What a ruleset file sees: inherited rules, aliases and functions."""

    functions: dict[str, RuleFunction]
    aliases: dict[str, list[str]] = field(default_factory=dict)
    ruleset: Ruleset = field(default_factory=Ruleset)


class RulesetLoader:
    def __init__(self) -> None:
        self._builtins = builtin_functions()
        self._stack: list[Path] = []
        self.problems: list[ConfigProblem] = []
        self._formats: dict[str, tuple[str, ...] | None] = {}  # each file's top-level formats
        # every file the rules depend on, read or probed (ruleset files, function modules):
        # a result cache keys on their contents
        self.files_read: list[str] = []

    # -- entry point ------------------------------------------------------------------
    def load(self, sources: list[tuple[Path, str]]) -> tuple[Ruleset, dict[str, RuleFunction]]:
        """Load rulesets given as (file, mode) pairs, later ones overriding earlier ones.

        A mode is 'off', 'recommended' or 'all' (as `extends: [[file, mode]]`: it decides
        every rule the file has, inherited ones too), or PLAIN (as `--ruleset file` or
        `extends: [file]`: the file's own rules run when recommended)."""
        context = _Context(functions=dict(self._builtins))
        for path, mode in sources:
            url = url_of(str(path))
            if url is not None:
                self.problems.append(
                    ConfigProblem(
                        url,
                        "ruleset is a URL: naftiko-lint "
                        "never fetches rulesets, download it and "
                        "name the local file",
                    )
                )
                continue
            if not path.exists():
                self.problems.append(ConfigProblem(str(path), "ruleset not found"))
                continue
            self._load_into(path, mode, context)
        if self.problems:
            raise ConfigError(self.problems)
        return context.ruleset, context.functions

    def _load_into(
        self, path: Path, mode: str, context: _Context, parent_mode: str = PLAIN
    ) -> None:
        """Load `path` with `mode` on its own, then merge its rules over `context`'s.

        As Spectral's Ruleset#getRules: a file extended with an explicit mode re-decides
        every rule it inherits by that mode; a file extended plainly leaves them as they
        are."""
        child = _Context(functions=context.functions, aliases=context.aliases, ruleset=Ruleset())
        self._load_file(path, mode, child)
        for rule_id, rule in child.ruleset.rules.items():
            if parent_mode != PLAIN:
                rule = _enable(rule, is_enabled(rule, parent_mode))
            context.ruleset.rules[rule_id] = rule
        context.ruleset.overrides.extend(child.ruleset.overrides)
        context.ruleset.files.extend(child.ruleset.files)

    # -- one file -----------------------------------------------------------------------
    def _read(self, path: Path) -> Document | None:
        self.files_read.append(str(path))
        try:
            content = read_file(path, MAX_FILE_BYTES)
        except ReadError as error:
            reason = str(error).removeprefix("cannot read: ")
            self.problems.append(ConfigProblem(str(path), f"cannot read ruleset: {reason}"))
            return None
        if content.truncated:
            self.problems.append(
                ConfigProblem(
                    str(path), f"cannot read ruleset: over the {MAX_FILE_BYTES}-byte limit"
                )
            )
            return None
        raw = content.data
        doc = parse_document(str(path), raw)
        for problem in doc.problems:
            self.problems.append(ConfigProblem(str(path), problem.message, problem.range))
        if doc.problems:
            return None
        if not isinstance(doc.data, dict):
            self.problems.append(
                ConfigProblem(
                    str(path), "a ruleset must be a mapping with 'rules' (and optionally 'extends')"
                )
            )
            return None
        errors = sorted(schema_errors(RULESET, doc.data), key=lambda e: list(e.absolute_path))
        for error in errors:
            pointer = jp.join(error.absolute_path)
            self.problems.append(
                ConfigProblem(
                    str(path), _format_message(error, pointer), doc.range_of(pointer, on_key=True)
                )
            )
        return None if errors else doc

    def _load_file(self, path: Path, mode: str, context: _Context) -> None:
        path = path.resolve()
        if path in self._stack:
            chain = " -> ".join(str(p) for p in [*self._stack, path])
            self.problems.append(ConfigProblem(str(path), f"extends loop: {chain}"))
            return
        doc = self._read(path)
        if doc is None:
            return
        self._stack.append(path)
        try:
            self._interpret(doc, path, mode, context)
        finally:
            self._stack.pop()
        context.ruleset.files.append(str(path))

    def _interpret(self, doc: Document, path: Path, mode: str, context: _Context) -> None:
        data, base = doc.data, path.parent
        for i, (name, child_mode) in enumerate(_extends_modes(data.get("extends", []))):
            if name.startswith("spectral:"):
                self._problem(
                    doc,
                    f"/extends/{i}",
                    f"{name!r} is a JavaScript ruleset of Spectral's and is not available here",
                )
                continue
            url = url_of(name)
            if url is not None:
                self._problem(doc, f"/extends/{i}", f"extended ruleset {never_fetched(url)}")
                continue
            target = resolve_location(name, base)
            if not target.exists():
                self._problem(
                    doc,
                    f"/extends/{i}",
                    f"extended ruleset {name!r} not found "
                    f"(looked for {target}){not_found_hint(name)}",
                )
                continue
            self._load_into(target, child_mode, context, mode)
        self._formats[str(doc.path)] = (
            tuple(data["formats"]) if isinstance(data.get("formats"), list) else None
        )
        self._aliases(doc, context)
        self._functions(doc, base, context)
        for rule_id, definition in (data.get("rules") or {}).items():
            where = f"/rules/{jp.escape(rule_id)}"
            rule = self._rule(doc, base, rule_id, definition, context, where)
            if rule is None:
                continue
            own = rule.source == str(doc.path)
            if own or mode != PLAIN:
                rule = _enable(rule, is_enabled(rule, mode))
            if rule.formats is None:  # a rule without formats takes its ruleset's
                formats = (
                    self._formats.get(rule.source) if not own else self._formats[str(doc.path)]
                )
                rule = replace(rule, formats=formats)
            context.ruleset.rules[rule_id] = rule
        for i, override in enumerate(data.get("overrides") or []):
            changes: dict[str, Severity | None] = {}
            for rule_id, value in (override.get("rules") or {}).items():
                where = f"/overrides/{i}/rules/{jp.escape(rule_id)}"
                if isinstance(value, dict):
                    self._problem(doc, where, "overrides may change a rule's severity only")
                    continue
                defined = context.ruleset.rules.get(rule_id)
                built_in = builtin.BY_ID.get(rule_id)
                if defined is None and built_in is None:
                    self._unknown_rule(doc, where, rule_id, context)
                    continue
                # true keeps the rule's severity (mergeRule); false turns it off. Built-in
                # rules (input, schema, engine) are addressed the same way.
                default = defined.default_severity if defined is not None else built_in.severity
                changes[rule_id] = default if value is True else parse_severity(value)
            context.ruleset.overrides.append(Override(tuple(override["files"]), str(base), changes))

    # -- parts ------------------------------------------------------------------------
    def _aliases(self, doc: Document, context: _Context) -> None:
        for name, value in (doc.data.get("aliases") or {}).items():
            if isinstance(value, dict):
                givens: list[str] = []
                for target in value["targets"]:
                    given = target["given"]
                    givens.extend([given] if isinstance(given, str) else given)
            else:
                givens = list(value)
            context.aliases[name] = givens

    def _functions(self, doc: Document, base: Path, context: _Context) -> None:
        folder = base / doc.data.get("functionsDir", "functions")
        names = [n for n in doc.data.get("functions") or [] if isinstance(n, str)]
        self.files_read.extend(str(folder / f"{name}.py") for name in names)  # present or not
        found, problems = functions_dir.load(doc.data, base, self._builtins)
        context.functions.update(found)
        for pointer, message in problems:
            self._problem(doc, pointer, message)

    def _rule(
        self,
        doc: Document,
        base: Path,
        rule_id: str,
        definition: Any,
        context: _Context,
        where: str,
    ) -> Rule | None:
        inherited = context.ruleset.rules.get(rule_id)
        if not isinstance(definition, dict):  # Spectral's mergeRule
            if inherited is None:
                self._unknown_rule(doc, where, rule_id, context)
                return None
            if isinstance(definition, bool):  # true/false: enabled, severity as it is
                return _enable(inherited, definition)
            severity = parse_severity(definition)
            return _enable(replace(inherited, default_severity=severity), definition != "off")
        if "given" not in definition or "then" not in definition:
            if inherited is None:
                missing = "given" if "given" not in definition else "then"
                self._problem(doc, where, f"rule {rule_id!r} needs '{missing}'")
                return None
            return _merge(inherited, definition)
        severity = parse_severity(definition.get("severity", "warn"))
        givens = definition["given"]
        givens = [givens] if isinstance(givens, str) else list(givens)
        expanded: list[str] = []
        for i, given in enumerate(givens):
            at = f"{where}/given" + ("" if isinstance(definition["given"], str) else f"/{i}")
            try:
                for path in expand_aliases(given, context.aliases):
                    compile_path(path)
                    expanded.append(path)
            except PathError as error:
                self._problem(doc, at, f"rule {rule_id!r}: {error}")
        thens = definition["then"]
        thens = [thens] if isinstance(thens, dict) else list(thens)
        parsed: list[Then] = []
        for i, then in enumerate(thens):
            at = f"{where}/then" + ("" if isinstance(definition["then"], dict) else f"/{i}")
            function = context.functions.get(then["function"])
            if function is None:
                hint = did_you_mean(then["function"], context.functions)
                self._problem(
                    doc,
                    f"{at}/function",
                    f"rule {rule_id!r}: unknown function {then['function']!r}{hint}",
                )
                continue
            options = then.get("functionOptions")
            for message in function.options_errors(options):
                self._problem(
                    doc,
                    f"{at}/functionOptions",
                    f"rule {rule_id!r}: invalid options for {function.name!r}: {message}",
                )
            parsed.append(Then(then["function"], then.get("field"), options))
        rule = Rule(
            id=rule_id,
            given=tuple(expanded),
            then=tuple(parsed),
            severity=severity,
            default_severity=severity,
            description=definition.get("description", ""),
            message=definition.get("message"),
            recommended=definition.get("recommended", True),
            formats=tuple(definition["formats"]) if "formats" in definition else None,
            resolved=definition.get("resolved", True),
            source=str(doc.path),
            documentation_url=definition.get("documentationUrl"),
        )
        if inherited is None:
            return rule
        # a redefinition of an inherited rule stays that rule (Object.assign in Spectral):
        # what it does not say is kept
        return _merge(inherited, definition, given=rule.given, then=rule.then)

    def _unknown_rule(self, doc: Document, where: str, rule_id: str, context: _Context) -> None:
        hint = did_you_mean(rule_id, context.ruleset.rules)
        self._problem(doc, where, f"rule {rule_id!r} is not defined by any extended ruleset{hint}")

    def _problem(self, doc: Document, pointer: str, message: str) -> None:
        self.problems.append(ConfigProblem(doc.path, message, doc.range_of(pointer, on_key=True)))


def _extends_modes(value: Any) -> list[tuple[str, str]]:
    """As extends_entries, a bare name taking PLAIN: Spectral tells `x` from
    `[x, recommended]` (EXPLICIT_SEVERITY)."""
    return extends_entries(value, default_mode=PLAIN)


def is_enabled(rule: Rule, mode: str) -> bool:
    """Spectral's Rule.isEnabled: 'all' enables every rule, 'recommended' (or PLAIN) the
    recommended ones, 'off' none."""
    return mode == "all" or (mode in ("recommended", PLAIN) and rule.recommended)


def _enable(rule: Rule, enabled: bool) -> Rule:
    return replace(rule, enabled=enabled, severity=rule.default_severity if enabled else None)


def _merge(rule: Rule, definition: dict, **changes: Any) -> Rule:
    """A mapping for an inherited rule: its keys replace the rule's, and it is enabled."""
    if "severity" in definition:
        changes["default_severity"] = parse_severity(definition["severity"])
    for key, attr in (
        ("description", "description"),
        ("message", "message"),
        ("recommended", "recommended"),
        ("documentationUrl", "documentation_url"),
        ("resolved", "resolved"),
    ):
        if key in definition:
            changes[attr] = definition[key]
    if "formats" in definition:
        changes["formats"] = tuple(definition["formats"])
    return _enable(replace(rule, **changes), True)


def _format_message(error: Any, pointer: str) -> str:
    where = pointer or "the ruleset"
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        return f"unknown key {extra[0]!r} in {where}{did_you_mean(str(extra[0]), allowed)}"
    if error.validator == "required":
        return f"{where}: {error.message}"
    if error.validator == "anyOf" and pointer.startswith("/rules/"):
        return (
            f"{where}: a rule is a mapping with 'given' and 'then', or a severity "
            "(error, warn, info, hint, off)"
        )
    return f"{where}: {error.message}"
