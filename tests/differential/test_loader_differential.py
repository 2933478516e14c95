"""The fast loader must read exactly what PyYAML's safe loader reads, at the same places."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from naftiko_lint.document.exact import exact_load
from naftiko_lint.document.fast import fast_load

from ..conftest import FIXTURES, examples
from ..rules.patches import Case, load_cases

ALL_FIXTURES = sorted(
    p for p in FIXTURES.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file()
)
SEEDS = sorted((FIXTURES / "seeds").glob("*.yaml"))
CASE_DOCUMENTS = [c for c in load_cases() if "name" in c.entry]


def _safe_load(text: str) -> tuple[bool, Any]:
    try:
        return True, yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError):
        return False, None
    except ValueError:  # an integer past sys.get_int_max_str_digits(): ours reads ±inf
        return False, ValueError


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_values_match_pyyaml(path: Path) -> None:
    _values_match_pyyaml(path.read_bytes())


@pytest.mark.parametrize("case", CASE_DOCUMENTS, ids=lambda c: c.name)
def test_case_document_values_match_pyyaml(case: Case) -> None:
    """The rule cases' patched and inline documents are fixtures too (tests/cases/)."""
    _values_match_pyyaml(case.text())


def _values_match_pyyaml(raw: bytes) -> None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is None or b"\x00" in raw:
        pytest.skip("not UTF-8 text; the loader refuses it before parsing")
    ok, expected = _safe_load(text)
    fast = fast_load(raw, text)
    if fast is not None:
        assert ok and fast.data == expected
    exact = exact_load(text)
    if exact.usable and not exact.problems and expected is not ValueError:
        assert ok and exact.data == expected


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seeds_take_the_fast_path(path: Path) -> None:
    raw = path.read_bytes()
    assert fast_load(raw, raw.decode()) is not None


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_fast_positions_match_pyyaml_marks(path: Path) -> None:
    raw = path.read_bytes()
    text = raw.decode()
    fast = fast_load(raw, text)
    exact = exact_load(text)
    assert fast is not None and exact.source_map is not None
    checked = 0
    for pointer, (key_node, value_node) in exact.source_map.spans.items():
        want = exact.source_map.span(pointer)
        got = fast.source_map.span(pointer)
        assert got is not None, pointer
        assert got.value.start == want.value.start, pointer
        if key_node is not None:
            assert got.key == want.key, pointer
        if isinstance(value_node, yaml.ScalarNode) and want.value.start.line == want.value.end.line:
            assert got.value == want.value, pointer
        checked += 1
    assert checked > 50


TRICKY_SCALARS = [
    "yes",
    "No",
    "on",
    "OFF",
    "true",
    "True",
    "FALSE",
    "null",
    "Null",
    "~",
    "",
    "0",
    "-0",
    "007",
    "0o17",
    "0x1F",
    "0b101",
    "1_000",
    "1e5",
    "1.5e10",
    "1.0e+5",
    ".5",
    "1.",
    "+1",
    "-2.5",
    ".inf",
    "-.Inf",
    ".NaN",
    "1:30",
    "190:20:30.15",
    "2026-05-19",
    "2026-05-19T10:00:00Z",
    "2026-5-9 1:02:03",
    "<<",
    "=",
    "8080",
    "3.14",
    "1.0.0-alpha2",
    "https://a.example/x",
    "{{VAR}}",
    "$.",
    "a b",
    "-",
    "x:y",
    "nan",
    "inf",
    "-inf",
    "NaN",
    "Infinity",
]


@st.composite
def tricky_documents(draw) -> str:
    lines = []
    keys = draw(
        st.lists(
            st.sampled_from([*TRICKY_SCALARS, "k1", "k2", "name"]),
            min_size=1,
            max_size=6,
            unique=True,
        )
    )
    for key in keys:
        if key == "" or key in ("-", "=", "<<"):
            key = "k-" + str(len(lines))
        value = draw(st.sampled_from(TRICKY_SCALARS))
        quote = draw(st.sampled_from(["", "'", '"']))
        written = f"{quote}{value}{quote}" if quote or value else ""
        if draw(st.booleans()):
            lines.append(f"{key}: {written}")
        else:
            item_quote = draw(st.sampled_from(["", "'"]))
            other = draw(st.sampled_from(TRICKY_SCALARS))
            other_written = f"{item_quote}{other}{item_quote}" if item_quote or other else "''"
            lines.append(f"{key}:\n  - {written or chr(39) * 2}\n  - [{other_written}, x]")
    return "\n".join(lines) + "\n"


@settings(max_examples=examples(400), deadline=None)
@given(tricky_documents())
def test_tricky_plain_scalars_agree(text: str) -> None:
    ok, expected = _safe_load(text)
    fast = fast_load(text.encode(), text)
    if fast is not None:
        assert ok, text
        assert fast.data == expected, text


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.text(string.ascii_letters + string.digits + " -_.:{}$'\"#\\é→", max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(string.ascii_letters + "-_ ", min_size=1, max_size=8), inner, max_size=4
        )
    ),
    max_leaves=20,
)


@settings(max_examples=examples(300), deadline=None)
@given(
    st.dictionaries(
        st.text(string.ascii_letters, min_size=1, max_size=6), json_values, min_size=1, max_size=5
    ),
    st.sampled_from([None, True, False]),
    st.integers(20, 120),
    st.booleans(),
)
def test_dumped_documents_agree(data: dict, flow: bool | None, width: int, start: bool) -> None:
    text = yaml.safe_dump(
        data, default_flow_style=flow, width=width, allow_unicode=True, explicit_start=start
    )
    fast = fast_load(text.encode(), text)
    if fast is not None:
        assert fast.data == yaml.safe_load(text), text


@pytest.mark.parametrize(
    "text",
    [
        "a:\n  - []\n",
        "a:\n  - x\n  - {}\n",
        "a:\n  - - []\n",
        "a: [[], {}]\n",
        "a:\n  b: []\n  c: {}\n",
    ],
)
def test_empty_collections_are_located(text: str) -> None:
    fast = fast_load(text.encode(), text)
    exact = exact_load(text)
    for source_map in (fast.source_map if fast else None, exact.source_map):
        if source_map is None:
            continue
        for pointer in ("/a", "/a/0", "/a/1", "/a/b", "/a/c", "/a/0/0"):
            span = source_map.span(pointer)
            if span is not None:
                assert span.value.start.line >= 1 and span.value.end >= span.value.start


# Document markers as real files write them (most of naftiko/framework's capabilities open
# with `---`, often after a `# yaml-language-server:` comment).
BODY = (
    "naftiko: 1.0.0-alpha2\ninfo:\n  label: Orders\n  description: d\ncapability:\n  exposes: []\n"
)
MARKED_DOCUMENTS = {
    "start": "---\n" + BODY,
    "start-comment": "--- # the capability\n" + BODY,
    "comment-before": "# yaml-language-server: $schema=./schema.json\n---\n" + BODY,
    "blank-and-comments-before": "\n# one\n\n# two\n---\n" + BODY,
    "directive": "%YAML 1.1\n---\n" + BODY,
    "end-marker": BODY + "...\n",
    "end-marker-comment-after": BODY + "... # done\n# trailing note\n\n",
    "start-and-end": "---\n" + BODY + "...\n",
    "directive-comment-start-end": "%YAML 1.1\n# c\n--- # doc\n" + BODY + "...\n",
    "second-document-after-end": BODY + "...\nnaftiko: 1.0.0-alpha3\n",
    "flow-after-start": "--- {naftiko: 1.0.0-alpha2, capability: {exposes: []}}\n",
    "sequence-after-start": "---\n- naftiko: 1.0.0-alpha2\n",
    "scalar-after-start": "--- just text\n",
    "empty-after-start": "---\n",
}


@pytest.mark.parametrize("name", sorted(MARKED_DOCUMENTS))
def test_document_markers_agree_with_pyyaml(name: str) -> None:
    text = MARKED_DOCUMENTS[name]
    ok, expected = _safe_load(text)
    fast = fast_load(text.encode(), text)
    if not ok:  # e.g. a second document after `...`: the exact loader reports it
        assert fast is None
        return
    if isinstance(expected, dict):
        assert fast is not None, "document markers must not push the file off the fast path"
    if fast is not None:
        assert fast.data == expected
        if isinstance(expected, dict) and "info" in expected:
            exact = exact_load(text)
            for pointer in ("/naftiko", "/info/label", "/capability/exposes"):
                assert fast.source_map.span(pointer) == exact.source_map.span(pointer), pointer


@pytest.mark.parametrize("name", ["start", "comment-before", "start-comment"])
def test_marked_capability_is_checked_as_a_mapping(name: str) -> None:
    from naftiko_lint.document.loading import parse_document
    from naftiko_lint.spec import toplevel

    doc = parse_document("x.yaml", MARKED_DOCUMENTS[name].encode())
    top = toplevel.check(doc)
    assert doc.usable and top.version == "1.0.0-alpha2"
    assert [p.rule for p in [*doc.problems, *top.findings]] == []
