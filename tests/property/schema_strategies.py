"""Hypothesis strategies that build valid documents from a bundled schema's own constraints.

The generator interprets the subset of JSON Schema our schemas use: $ref, const, enum,
type, pattern, bounds, minItems, properties/required/additionalProperties/propertyNames,
if/then/else, allOf of if/then (discriminators and mode refinements), and oneOf/anyOf of
`required` alternatives. Conditions are evaluated with python-jsonschema on the chosen keys.
"""

from __future__ import annotations

import string
from typing import Any

from hypothesis import strategies as st
from jsonschema import Draft202012Validator

TEXT = st.text(string.ascii_letters + string.digits + " -_.", min_size=1, max_size=12)
ASCII = st.characters(codec="ascii", min_codepoint=32, max_codepoint=126)
MODES = ("call", "steps", "ref")
MODE_COMPANIONS = {"call": ("with",), "steps": ("mappings",)}


class SchemaStrategies:
    def __init__(self, root: dict, max_depth: int = 7) -> None:
        self.root = root
        self.max_depth = max_depth

    def document(self) -> st.SearchStrategy[dict]:
        return self.node(self.root, 0)

    # -- dispatch ---------------------------------------------------------------------
    def resolve(self, schema: dict) -> dict:
        while "$ref" in schema:
            node: Any = self.root
            for token in schema["$ref"][2:].split("/"):
                node = node[token]
            schema = node
        return schema

    def node(self, schema: dict, depth: int) -> st.SearchStrategy[Any]:
        schema = self.resolve(schema)
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        if "if" in schema and "allOf" not in schema:
            return self.conditional(schema, depth)
        if self.discriminator(schema):
            _, options = self.discriminator(schema)
            return st.sampled_from(options).flatmap(lambda target: self.node(target, depth))
        types = schema.get("type", "object")
        if isinstance(types, list):
            return st.one_of([self.node({**schema, "type": t}, depth) for t in types])
        return getattr(self, f"gen_{types}")(schema, depth)

    def discriminator(self, schema: dict) -> tuple[str, list[dict]] | None:
        rules = schema.get("allOf", [])
        targets = []
        for rule in rules:
            props = rule.get("if", {}).get("properties", {})
            consts = [p for p, s in props.items() if "const" in s]
            if len(consts) != 1 or "$ref" not in rule.get("then", {}):
                return None
            targets.append(rule["then"])
        return (consts[0], targets) if targets else None

    def conditional(self, schema: dict, depth: int) -> st.SearchStrategy[Any]:
        base = {k: v for k, v in schema.items() if k not in ("if", "then", "else")}
        condition = schema["if"]
        options = []
        if "then" in schema:
            options.append(self.node(schema["then"], depth))
        if "else" in schema:
            options.append(self.node(schema["else"], depth))
        elif condition.get("type") == "object":  # RequestBody: the non-object alternative
            kept = [t for t in base.get("type", []) if t != "object"]
            options.append(self.node({**base, "type": kept[0]}, depth))
        return st.one_of(options)

    # -- scalars ----------------------------------------------------------------------
    def gen_string(self, schema: dict, depth: int) -> st.SearchStrategy[str]:
        if "pattern" in schema:
            strategy = st.from_regex(schema["pattern"], fullmatch=True, alphabet=ASCII)
            strategy = strategy.filter(lambda s: s.strip() == s and len(s) <= 40)
        else:
            strategy = TEXT
        if "maxLength" in schema:
            strategy = strategy.filter(lambda s: len(s) <= schema["maxLength"])
        return strategy

    def gen_integer(self, schema: dict, depth: int) -> st.SearchStrategy[int]:
        return st.integers(schema.get("minimum", -1000), schema.get("maximum", 1000))

    def gen_number(self, schema: dict, depth: int) -> st.SearchStrategy[float]:
        low, high = schema.get("minimum", -1000), schema.get("maximum", 1000)
        if isinstance(low, int) and isinstance(high, int):
            return st.integers(low, high)
        return st.floats(low, high, allow_nan=False)

    def gen_boolean(self, schema: dict, depth: int) -> st.SearchStrategy[bool]:
        return st.booleans()

    # -- containers -------------------------------------------------------------------
    def gen_array(self, schema: dict, depth: int) -> st.SearchStrategy[list]:
        low = schema.get("minItems", 0)
        high = low if depth >= self.max_depth else low + 2
        items = schema.get("items", {"type": "string"})
        return st.lists(self.node(items, depth + 1), min_size=low, max_size=high)

    def gen_object(self, schema: dict, depth: int) -> st.SearchStrategy[dict]:
        @st.composite
        def build(draw: Any) -> dict:
            return self.draw_object(draw, schema, depth)

        return build()

    def draw_object(self, draw: Any, schema: dict, depth: int) -> dict:
        props: dict[str, dict] = dict(schema.get("properties", {}))
        required = set(schema.get("required", []))
        excluded: set[str] = set()
        for keyword in ("oneOf", "anyOf"):
            names = [b["required"][0] for b in schema.get(keyword, [])]
            if names:
                chosen = draw(st.sampled_from(names))
                required.add(chosen)
                if keyword == "oneOf":
                    excluded |= set(names) - {chosen}
        present = set(required)
        if set(MODES) & set(props):  # a unit: pick exactly one mode (or none: mock)
            modes = [m for m in MODES if m in props]
            mode = draw(st.sampled_from([*modes, None]))
            excluded |= set(modes) | {c for m in modes for c in MODE_COMPANIONS.get(m, ())}
            if mode is not None:
                excluded.discard(mode)
                present.add(mode)
                for companion in MODE_COMPANIONS.get(mode, ()):
                    excluded.discard(companion)
        optional = sorted(set(props) - present - excluded)
        if depth < self.max_depth and optional:
            present |= set(draw(st.lists(st.sampled_from(optional), max_size=3, unique=True)))
        for rule in schema.get("allOf", []):
            stub = {key: None for key in present}
            if Draft202012Validator(rule["if"]).is_valid(stub):
                then = rule.get("then", {})
                present |= set(then.get("required", []))
                for name, refinement in then.get("properties", {}).items():
                    props[name] = {**self.resolve(props.get(name, {})), **refinement}
        result: dict[str, Any] = {}
        for name in sorted(present):
            result[name] = draw(self.node(props.get(name, {"type": "string"}), depth + 1))
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            low = schema.get("minProperties", 0)
            key_pattern = schema.get("propertyNames", {}).get("pattern")
            keys = (
                st.from_regex(key_pattern, fullmatch=True, alphabet=ASCII)
                if key_pattern
                else st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
            )
            size = low if depth >= self.max_depth else low + 1
            entries = draw(
                st.dictionaries(keys, self.node(extra, depth + 1), min_size=low, max_size=size)
            )
            result.update(entries)
        return result
