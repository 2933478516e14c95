"""Fuzzing pieces shared by the fuzz tests and `scripts/fuzz.py`: input strategies and the one
invariant every input must keep.

Strategies (each draws `(raw bytes, origin path or None)`):
- `fixture_mutants`, `schema_mutants`: valid documents (the clean fixtures and seeds, or
  generated from the bundled schemas) after structural mutations (drop / duplicate / retype /
  rename nodes, swap references, the injected defect kinds of `test_mutations`), written as
  block YAML, flow YAML or JSON, sometimes edited as text afterwards;
- `yamlish`: random YAML text from a small grammar of YAML-ish constructs;
- `random_json`: random JSON values and JSON-ish text (comments, trailing commas, NaN, …);
- `random_bytes`: bytes, often around a valid prefix.

The invariant (`check_invariants`): `lint_source` never raises; every diagnostic's range lies
inside the file (lines end at CR LF, CR or LF, as editors and LSP count them; columns are code
points); the same input twice gives the same output; the fast and exact loaders agree where
both accept.
"""

from __future__ import annotations

import copy
import json
import math
import re
import string
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from naftiko_lint.config import Config
from naftiko_lint.diagnostics import Diagnostic
from naftiko_lint.document.exact import exact_load
from naftiko_lint.document.fast import fast_load
from naftiko_lint.linter import LintOptions, lint_source
from naftiko_lint.plan import RulePlan
from naftiko_lint.runner import Planner
from naftiko_lint.spec import schema as schema_check
from naftiko_lint.spec import versions

from .schema_strategies import SchemaStrategies

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
BASES = [*sorted((FIXTURES / "clean").glob("*.yaml")), *sorted((FIXTURES / "seeds").glob("*.yaml"))]
Sample = tuple[bytes, "Path | None"]

# -- the invariant ------------------------------------------------------------------------
_BREAK = re.compile(r"\r\n|\r|\n")


@cache
def default_plan() -> RulePlan:
    return Planner(LintOptions()).plan_for(Config())


def file_lines(raw: bytes) -> list[str]:
    """The file's lines as an editor shows them (a last empty line after a final break)."""
    text = raw.decode("utf-8", "replace")
    return _BREAK.split(text[1:] if text.startswith("\ufeff") else text)


def range_problem(diagnostic: Diagnostic, lines: list[str]) -> str | None:
    start, end = diagnostic.range.start, diagnostic.range.end
    if (start.line, start.column) > (end.line, end.column):
        return f"start {start} after end {end}"
    for position in (start, end):
        if not 1 <= position.line <= len(lines):
            return f"line {position.line} outside 1..{len(lines)}"
        width = len(lines[position.line - 1]) + 1
        if not 1 <= position.column <= width:
            return f"column {position.column} outside 1..{width} on line {position.line}"
    return None


def _typed(value: Any) -> Any:
    """A value whose == also compares types (True is not 1, 1 is not 1.0)."""
    if isinstance(value, dict):
        return ("map", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("seq", [_typed(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def loaders_problem(raw: bytes) -> str | None:
    """Where both loaders accept the file without problems, they must read the same data."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
        raw = text.encode("utf-8")
    fast = fast_load(raw, text)
    if fast is None:
        return None
    exact = exact_load(text)
    if not exact.usable or exact.problems:
        return None
    if _typed(fast.data) != _typed(exact.data):
        return f"fast loader read {fast.data!r}, exact loader {exact.data!r}"
    return None


class Broken(AssertionError):
    """An input that breaks the invariant, with what broke."""

    def __init__(self, what: str, raw: bytes) -> None:
        super().__init__(f"{what}\ninput: {raw!r}")
        self.what = what
        self.raw = raw


def check_invariants(raw: bytes, origin: Path | None = None) -> list[Diagnostic]:
    """Lint `raw` twice through the whole pipeline; raise Broken on any invariant break."""
    plan = default_plan()
    tracebacks: list[str] = []
    report, first = lint_source(
        "fuzz.yaml", raw, LintOptions(), plan, file=origin, tracebacks=tracebacks
    )
    again = lint_source("fuzz.yaml", raw, LintOptions(), plan, file=origin)
    if again != (report, first):
        raise Broken("the same input gave different output", raw)
    lines = file_lines(raw)
    for diagnostic in first:
        if diagnostic.rule == "internal-error":  # a contained crash is still a crash
            raise Broken(f"{diagnostic.message}\n{''.join(tracebacks)}", raw)
        problem = range_problem(diagnostic, lines)
        if problem is not None:
            raise Broken(f"{diagnostic.rule} at {diagnostic.range}: {problem}", raw)
    problem = loaders_problem(raw)
    if problem is not None:
        raise Broken(problem, raw)
    return first


# -- (a) structural mutations of valid documents ------------------------------------------
WRONG = [
    None,
    0,
    -1,
    1.5,
    True,
    "",
    " ",
    [],
    [1, "a"],
    {},
    {"x": None},
    [{"m": True}],
    "{{",
    "}}",
    "{x}",
    "{{x}}",
    "$[",
    "$.a",
    "a.b.c",
    ".",
    "ns.",
    "é→😀",
    "~1/0",
    10**30,
]
KEYS_TO_SWAP = (
    "call",
    "namespace",
    "ref",
    "index",
    "action",
    "location",
    "from",
    "as",
    "name",
    "sourceNamespace",
    "targetNamespace",
    "uri",
    "path",
    "in",
    "type",
)
ODD_KEYS = [
    "",
    " ",
    "a/b",
    "~0",
    "~1",
    "0",
    "-",
    "naftiko",
    "é",
    "😀",
    "x" * 80,
    "$ref",
    "<<",
    "?",
    "#",
    "null",
    "true",
]


def _children(node: Any) -> Iterator[tuple[Any, Any]]:
    if isinstance(node, dict):
        yield from list(node.items())
    elif isinstance(node, list):
        yield from enumerate(node)


def _paths(node: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    for key, value in _children(node):
        yield from _paths(value, (*path, key))


def _get(doc: Any, path: tuple) -> Any:
    for token in path:
        doc = doc[token]
    return doc


def _references(doc: Any) -> list[tuple[tuple, str]]:
    found = []
    for path in _paths(doc):
        if (path and path[-1] in KEYS_TO_SWAP) or (len(path) >= 2 and path[-2] == "with"):
            value = _get(doc, path)
            if isinstance(value, str):
                found.append((path, value))
    return found


def _rename(mapping: dict, old: Any, new: Any) -> None:
    items = [(new if k == old else k, v) for k, v in mapping.items()]
    mapping.clear()
    mapping.update(items)


@st.composite
def mutate(draw: Any, doc: Any) -> Any:
    """One structural mutation of `doc` (in place; returns the new root)."""
    paths = list(_paths(doc))[1:]
    if not paths:
        return draw(st.sampled_from(WRONG))
    kind = draw(st.sampled_from(["drop", "duplicate", "retype", "rename", "swap", "graft"]))
    path = draw(st.sampled_from(paths))
    parent, token = _get(doc, path[:-1]), path[-1]
    if kind == "drop":
        del parent[token]
    elif kind == "duplicate":
        if isinstance(parent, list):
            parent.insert(token, copy.deepcopy(parent[token]))
        else:
            parent[f"{token}-copy" if isinstance(token, str) else "copy"] = copy.deepcopy(
                parent[token]
            )
    elif kind == "retype":
        parent[token] = copy.deepcopy(draw(st.sampled_from(WRONG)))
    elif kind == "rename" and isinstance(parent, dict):
        new = draw(
            st.sampled_from(
                [
                    f"{token}x",
                    str(token).upper(),
                    str(token)[:-1],
                    7,
                    None,
                    1.5,
                    False,
                    *ODD_KEYS,
                    *sorted(vocabulary()),
                ]
            )
        )
        if new not in parent:
            _rename(parent, token, new)
    elif kind == "swap":
        refs = _references(doc)
        if refs:
            where, _ = draw(st.sampled_from(refs))
            _, value = draw(st.sampled_from(refs))
            edit = draw(st.sampled_from(["as-is", "prefix", "suffix", "dots", "split"]))
            value = {
                "as-is": value,
                "prefix": "x" + value,
                "suffix": value + ".x",
                "dots": value.replace(".", "..", 1),
                "split": value.split(".")[0],
            }[edit]
            _get(doc, where[:-1])[where[-1]] = value
    else:  # graft another subtree here
        donor = draw(st.sampled_from(paths))
        parent[token] = copy.deepcopy(_get(doc, donor)) if donor[: len(path)] != path else None
    return doc


@cache
def vocabulary() -> frozenset[str]:
    """Every property name the bundled schemas declare."""
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("properties"), dict):
                names.update(node["properties"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for version in versions.known_names():
        walk(schema_check.load_schema(version))
    return frozenset(names)


@cache
def _base(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def _defects(path: Path) -> list[Callable[[dict], None]]:
    from .test_mutations import mutations

    return [how for _, _, how in mutations(copy.deepcopy(_base(path)))]


@cache
def _generated() -> st.SearchStrategy[Any]:
    return st.one_of(
        [
            SchemaStrategies(schema_check.load_schema(v), max_depth=4).document()
            for v in versions.known_names()
        ]
    )


def serialise(draw: Any, doc: Any) -> bytes:
    style = draw(st.sampled_from(["block", "flow", "json", "json-indent", "start-end"]))
    try:
        if style == "json":
            return json.dumps(doc, ensure_ascii=draw(st.booleans())).encode()
        if style == "json-indent":
            return json.dumps(doc, indent=2).encode()
        text = yaml.safe_dump(
            doc,
            sort_keys=False,
            allow_unicode=draw(st.booleans()),
            default_flow_style=style == "flow",
            width=draw(st.sampled_from([20, 80, 1000])),
            explicit_start=style == "start-end",
            explicit_end=style == "start-end",
        )
    except (TypeError, ValueError):  # e.g. a non-string key in JSON
        text = yaml.safe_dump(doc, sort_keys=False)
    return text.encode()


def _edit_lines(draw: Any, raw: bytes) -> bytes:
    """A text-level structural edit: drop, duplicate (a duplicate key) or swap lines."""
    lines = raw.split(b"\n")
    if len(lines) < 3:
        return raw
    i = draw(st.integers(0, len(lines) - 2))
    j = draw(st.integers(0, len(lines) - 2))
    kind = draw(st.sampled_from(["drop", "duplicate", "swap", "indent", "dedent"]))
    if kind == "drop":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(j, lines[i])
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent":
        lines[i] = b"  " + lines[i]
    else:
        lines[i] = lines[i][2:] if lines[i].startswith(b"  ") else lines[i]
    return b"\n".join(lines)


def _mutated(draw: Any, doc: Any, origin: Path | None) -> Sample:
    for _ in range(draw(st.integers(0, 3))):
        doc = draw(mutate(doc))
    raw = serialise(draw, doc)
    if draw(st.integers(0, 3)) == 0:
        raw = _edit_lines(draw, raw)
    return raw, origin


@st.composite
def fixture_mutants(draw: Any) -> Sample:
    """A clean fixture or seed, maybe with an injected defect, then mutated; linted where it
    stands so that its imports resolve."""
    origin = draw(st.sampled_from(BASES))
    doc = copy.deepcopy(_base(origin))
    defects = _defects(origin)
    if defects and draw(st.booleans()):
        draw(st.sampled_from(defects))(doc)
    return _mutated(draw, doc, origin)


@st.composite
def schema_mutants(draw: Any) -> Sample:
    """A document generated from a bundled schema, then mutated."""
    return _mutated(draw, draw(_generated()), None)


# -- (b) random YAML text -----------------------------------------------------------------
ODD_CHARS = [
    "\t",
    "\r",
    "\r\n",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u200b",
    "\u202e",
    "\x7f",
    "\x1b",
    "\x0b",
    "\x0c",
    "😀",
    "é",
    "e\u0301",
    "\U0010ffff",
    "\ufffe",
    "\\",
    '"',
    "'",
    "#",
    ":",
    "-",
    "?",
    "|",
    ">",
    "%",
    "@",
    "`",
    "{",
    "}",
    "[",
    "]",
    ",",
    "&",
    "*",
    "!",
    "\x00",
]
PLAIN = [
    "naftiko",
    "1.0.0-alpha2",
    "1.0.0-alpha3",
    "yes",
    "No",
    "on",
    "~",
    "null",
    "0x1F",
    "0o17",
    "1_000",
    ".inf",
    "-.Inf",
    ".NaN",
    "1e400",
    "9" * 40,
    "2026-05-19",
    "2026-05-19T10:00:00Z",
    "1:30",
    "<<",
    "=",
    "{{VAR}}",
    "{x}",
    "$.a[0]",
    "a b",
    "ns.op",
    "http://a.example/{x}",
]
WORDS = (
    st.sampled_from(PLAIN)
    | st.sampled_from(sorted(vocabulary()))
    | st.text(string.ascii_letters + string.digits + "-_.", min_size=1, max_size=8)
)
TAGS = [
    "!!str",
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!binary",
    "!!timestamp",
    "!!set",
    "!!omap",
    "!!pairs",
    "!!seq",
    "!!map",
    "!!merge",
    "!!value",
    "!custom",
    "!",
    "!<tag:yaml.org,2002:str>",
    "!!python/object/apply:os.system",
    "!!python/name:os.system",
    "!e!x",
]
ANCHORS = ["a", "b", "c1"]


def _scalar(draw: Any) -> str:
    word = draw(WORDS)
    form = draw(st.sampled_from(["plain", "plain", "single", "double", "escape", "odd"]))
    if form == "single":
        return "'" + word.replace("'", "''") + "'"
    if form == "double":
        return '"' + word + '"'
    if form == "escape":
        return (
            '"'
            + draw(
                st.sampled_from(
                    [
                        "\\x41",
                        "\\u00e9",
                        "\\U0001F600",
                        "\\q",
                        "\\",
                        "\\N",
                        "\\_",
                        "\\0",
                        "\\ud800",
                        "\\\n",
                    ]
                )
            )
            + '"'
        )
    if form == "odd":
        return word + draw(st.sampled_from(ODD_CHARS)) + word
    return word


def _decorate(draw: Any, text: str) -> str:
    prefix = ""
    if draw(st.integers(0, 5)) == 0:
        prefix += "&" + draw(st.sampled_from(ANCHORS)) + " "
    if draw(st.integers(0, 6)) == 0:
        prefix += draw(st.sampled_from(TAGS)) + " "
    return prefix + text


def _flow(draw: Any, depth: int) -> str:
    if depth > 3 or draw(st.integers(0, 2)) == 0:
        if draw(st.integers(0, 6)) == 0:
            return "*" + draw(st.sampled_from(ANCHORS))
        return _decorate(draw, _scalar(draw))
    items = [_flow(draw, depth + 1) for _ in range(draw(st.integers(0, 3)))]
    if draw(st.booleans()):
        items = [f"{_scalar(draw)}: {item}" if draw(st.booleans()) else item for item in items]
        body = "{" + ", ".join(items) + draw(st.sampled_from(["", ",", " ,"])) + "}"
    else:
        body = "[" + ", ".join(items) + draw(st.sampled_from(["", ","])) + "]"
    return _decorate(draw, body)


def _block(draw: Any, indent: int, depth: int) -> list[str]:
    pad = " " * indent
    lines = []
    sequence = draw(st.integers(0, 3)) == 0
    for _ in range(draw(st.integers(1, 4))):
        head = f"{pad}- " if sequence else f"{pad}{_key(draw)}:"
        choice = draw(st.integers(0, 9))
        if choice <= 1 and depth < 4:
            if sequence:
                lines.append(head.rstrip())
            else:
                lines.append(head + draw(st.sampled_from(["", " &a", " !!map", " # c"])))
            lines += _block(draw, indent + draw(st.sampled_from([0, 1, 2, 4])), depth + 1)
        elif choice == 2:
            lines.append(head + " " + draw(st.sampled_from(["|", ">", "|-", ">+", "|2", ">-1"])))
            lines += [pad + "  " + _scalar(draw) for _ in range(draw(st.integers(0, 2)))]
        elif choice == 3:
            lines.append(f"{pad}? {_flow(draw, 2)}")
            lines.append(f"{pad}: {_flow(draw, 2)}")
        elif choice == 4:
            lines.append(f"{pad}<<: *{draw(st.sampled_from(ANCHORS))}")
        elif choice == 5:
            lines.append(
                pad
                + draw(
                    st.sampled_from(
                        [
                            "# naftiko-lint: disable-next-line schema-unknown-property",
                            "# naftiko-lint: disable",
                            "# naftiko-lint: enable",
                            "# naftiko-lint:",
                            "# naftiko-lint: disable-line nope",
                            "# a comment",
                            "",
                            "---",
                            "...",
                            "%YAML 1.1",
                            "%TAG ! tag:x,2000:",
                        ]
                    )
                )
            )
        else:
            lines.append(f"{head} {_flow(draw, 1)}")
    return lines


def _key(draw: Any) -> str:
    return (
        draw(
            st.sampled_from(
                ["naftiko", "capability", "exposes", "consumes", "info", *sorted(vocabulary())]
            )
        )
        if draw(st.booleans())
        else _scalar(draw)
    )


@st.composite
def yamlish_text(draw: Any) -> str:
    head = draw(
        st.sampled_from(
            [
                "",
                "naftiko: 1.0.0-alpha2\n",
                "naftiko: 1.0.0-alpha3\n",
                "%YAML 1.1\n---\n",
                "%YAML 1.2\n%TAG !e! tag:e,2000:\n---\n",
                "--- ",
                "# c\n",
                "\ufeff",
                "naftiko: 1.0.0-alpha1\n",
            ]
        )
    )
    if draw(st.integers(0, 4)) == 0:
        body = _flow(draw, 0) + "\n"
    else:
        body = "\n".join(_block(draw, 0, 0)) + draw(
            st.sampled_from(["\n", "", "\n...\n", "\n---\nb: 1\n"])
        )
    text = head + body
    for _ in range(draw(st.integers(0, 3))):  # sprinkle odd characters
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(ODD_CHARS)) + text[at:]
    ending = draw(st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"]))
    return text.replace("\n", ending) if ending != "\n" else text


@st.composite
def yamlish(draw: Any) -> Sample:
    text = draw(yamlish_text())
    encoding = draw(st.sampled_from(["utf-8"] * 8 + ["utf-16", "utf-8-sig", "latin-1"]))
    return text.encode(encoding, "surrogatepass" if encoding != "latin-1" else "replace"), None


# -- (b) random JSON ----------------------------------------------------------------------
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10)
    | st.sampled_from(PLAIN),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(sorted(vocabulary())) | st.text(max_size=6), inner, max_size=4
        )
    ),
    max_leaves=25,
)


@st.composite
def random_json(draw: Any) -> Sample:
    value = draw(json_values)
    if draw(st.booleans()):
        value = {
            "naftiko": draw(st.sampled_from(["1.0.0-alpha2", "1.0.0-alpha3"])),
            **(value if isinstance(value, dict) else {"x": value}),
        }
    text = json.dumps(
        value, indent=draw(st.sampled_from([None, 1, 4])), ensure_ascii=draw(st.booleans())
    )
    for _ in range(draw(st.integers(0, 2))):
        edit = draw(st.sampled_from(["comma", "comment", "nan", "huge", "dup", "cut"]))
        at = draw(st.integers(0, len(text)))
        insert = {
            "comma": ",",
            "comment": "// c\n",
            "nan": "NaN",
            "huge": "1e999",
            "dup": ', "naftiko": 1',
            "cut": "",
        }[edit]
        text = text[:at] + insert + (text[at:] if edit != "cut" else "")
    return text.encode("utf-8", "surrogatepass"), None


# -- (b) random bytes ---------------------------------------------------------------------
@st.composite
def random_bytes(draw: Any) -> Sample:
    prefix = draw(
        st.sampled_from(
            [
                b"",
                b"naftiko: 1.0.0-alpha2\n",
                b"\xef\xbb\xbf",
                b"\xff\xfe",
                b"\xfe\xff",
                b"\x00\x00\xfe\xff",
                b"{",
                b"naftiko: 1.0.0-alpha2\ninfo:\n  label: ",
            ]
        )
    )
    body = draw(
        st.binary(max_size=200)
        | st.lists(
            st.sampled_from(
                [
                    b"a",
                    b":",
                    b" ",
                    b"\n",
                    b"-",
                    b"\r",
                    b"\t",
                    b"\xc3",
                    b"\xa9",
                    b"\xe2\x80\xa8",
                    b"\xc2\x85",
                    b"&a",
                    b"*a",
                    b"!",
                    b"[",
                    b"]",
                    b"{",
                    b"}",
                    b"'",
                    b'"',
                    b"#",
                    b"\x00",
                    b"\xff",
                ]
            ),
            max_size=60,
        ).map(b"".join)
    )
    return prefix + body, None


STRATEGIES: dict[str, st.SearchStrategy[Sample]] = {
    "fixture_mutants": fixture_mutants(),
    "schema_mutants": schema_mutants(),
    "yamlish": yamlish(),
    "random_json": random_json(),
    "random_bytes": random_bytes(),
}
