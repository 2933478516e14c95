"""apply_edits on real YAML and JSON text: the edits mean what they mean on plain data
(fix/data.py), and every line they do not touch comes back byte for byte."""

from __future__ import annotations

import json

import pytest
import yaml

from naftiko_lint.diagnostics import Edit
from naftiko_lint.fix.api import apply_edits
from naftiko_lint.fix.data import EditError, apply_to_data


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _check(text: str, edits: list[Edit], changed: set[int] | None = None) -> str:
    """Apply; the data is as the edits mean; the original lines other than `changed`
    (0-based) are all still there, in order, byte for byte."""
    out = apply_edits(text, edits)
    source = text.lstrip("\ufeff")
    assert yaml.safe_load(out.lstrip("\ufeff")) == apply_to_data(yaml.safe_load(source), edits)
    if changed is not None:
        kept = [line for i, line in enumerate(_lines(text)) if i not in changed]
        got = iter(_lines(out))
        assert all(line in got for line in kept), out  # a subsequence
    return out


COMMENTED = """\
# a full-line comment before the document
naftiko: 1.0.0-alpha2   # a trailing comment, oddly spaced
info:
  # a comment inside a mapping
  label:    Orders
  description: 'single quoted'
  tags: ["double", 'single', plain]
capability:
  consumes:
    - type: http    # trailing
      namespace: orders
      baseUri: "https://orders.test"
"""


def test_a_scalar_set_keeps_every_other_line_and_its_comment() -> None:
    out = _check(COMMENTED, [Edit("set", "/capability/consumes/0/namespace", "shop")], {10})
    assert "      namespace: shop\n" in out
    assert out.count("\n") == COMMENTED.count("\n")


def test_quote_styles_are_kept_when_the_new_value_fits() -> None:
    out = _check(
        COMMENTED,
        [
            Edit("set", "/info/description", "still single"),
            Edit("set", "/capability/consumes/0/baseUri", "https://shop.test"),
        ],
        {5, 11},
    )
    assert "  description: 'still single'\n" in out
    assert '      baseUri: "https://shop.test"\n' in out


@pytest.mark.parametrize("value", ["true", "1", "yes", "on", "null", "1.5", "~", "2026-01-01"])
def test_a_plain_scalar_that_would_change_type_is_quoted(value: str) -> None:
    out = _check(COMMENTED, [Edit("set", "/info/label", value)], {4})
    assert yaml.safe_load(out)["info"]["label"] == value
    assert f"label: {value}\n" not in out


def test_new_keys_are_appended_to_their_mapping_and_key_order_holds() -> None:
    out = _check(COMMENTED, [Edit("set", "/info/version", "2")], set())
    assert list(yaml.safe_load(out)["info"]) == ["label", "description", "tags", "version"]
    assert out.index("version: '2'") < out.index("capability:")


def test_removing_a_key_keeps_the_comment_above_the_next_one() -> None:
    text = "a: 1\nb: 2\n# about c\nc: 3\n"
    out = _check(text, [Edit("remove", "/b")])
    assert out == "a: 1\n# about c\nc: 3\n"


def test_list_add_and_remove_in_the_sequence_style_of_the_file() -> None:
    out = _check(
        COMMENTED,
        [Edit("add", "/capability/consumes/-", {"type": "http", "namespace": "more"})],
        set(),
    )
    assert out.endswith("    - type: http\n      namespace: more\n")
    out = _check(COMMENTED, [Edit("remove", "/info/tags/1")], {6})
    assert '  tags: ["double", plain]\n' in out


BLOCKS = """\
info:
  description: |
    first line
    second line
  folded: >
    folded text
    more of it
  label: x
"""


def test_block_scalars_keep_their_style() -> None:
    out = _check(BLOCKS, [Edit("set", "/info/description", "new first\nnew second\n")], {2, 3})
    assert "  description: |\n    new first\n    new second\n" in out
    assert "  folded: >\n    folded text\n    more of it\n" in out  # untouched


def test_an_edit_under_an_alias_edits_the_anchored_node_and_aliases_stay() -> None:
    text = "base: &shared\n  port: 80\n  host: a\none: *shared\ntwo: *shared\n"
    out = apply_edits(text, [Edit("set", "/one/port", 81)])
    assert out == "base: &shared\n  port: 81\n  host: a\none: *shared\ntwo: *shared\n"


def test_flow_mappings_take_flow_values() -> None:
    text = "a: {x: 1, y: [1, 2]}\nb:   2\n"
    out = _check(text, [Edit("set", "/a/z", {"k": "v"}), Edit("add", "/a/y/-", 3)], {0})
    assert out == "a: {x: 1, y: [1, 2, 3], z: {k: v}}\nb:   2\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 2-space mappings, dashes indented
        ("a:\n  b:\n    - x: 1\n      y: 2\n", "    - x: 1\n      y: 2\n    - z: 3\n"),
        # 2-space mappings, dashes flush with the key
        ("a:\n  b:\n  - x: 1\n    y: 2\n", "  - x: 1\n    y: 2\n  - z: 3\n"),
        # 4-space mappings
        (
            "a:\n    b:\n        - x: 1\n          y: 2\n",
            "        - x: 1\n          y: 2\n        - z: 3\n",
        ),
        ("a:\n    b:\n    -   x: 1\n        y: 2\n", "    -   x: 1\n        y: 2\n    -   z: 3\n"),
    ],
)
def test_indentation_and_dash_offsets_are_the_files(text: str, expected: str) -> None:
    out = _check(text, [Edit("add", "/a/b/-", {"z": 3})], set())
    assert out.endswith(expected), out


def test_an_oddly_indented_block_is_rewritten_only_where_it_is_edited() -> None:
    text = "top:   1\na:\n   b: 1\n   c: 2\nd:\n  - e\n"
    out = _check(text, [Edit("set", "/a/c", 3)])
    assert out.startswith("top:   1\n") and out.endswith("d:\n  - e\n")


def test_crlf_no_final_newline_and_bom_are_kept() -> None:
    text = "\ufeffa: 1\r\nb: 'two'\r\nc: 3"
    out = apply_edits(text, [Edit("set", "/b", "zwei")])
    assert out == "\ufeffa: 1\r\nb: 'zwei'\r\nc: 3"
    out = apply_edits("a: 1\nb: 2", [Edit("set", "/c", 3)])
    assert out == "a: 1\nb: 2\nc: 3"


def test_explicit_document_start_and_later_documents_are_kept() -> None:
    text = "---\na: 1\n---\nb: 2\n"
    out = apply_edits(text, [Edit("set", "/a", 5)])
    assert out == "---\na: 5\n---\nb: 2\n"


JSON = '{\n    "a": 1,\n    "list": [\n        "x"\n    ],\n    "é": "ü"\n}\n'


def test_json_stays_json_with_its_indentation() -> None:
    out = apply_edits(JSON, [Edit("add", "/list/-", "y"), Edit("set", "/a", 2)])
    assert json.loads(out) == {"a": 2, "list": ["x", "y"], "é": "ü"}
    assert (
        out == '{\n    "a": 2,\n    "list": [\n        "x",\n        "y"\n    ],\n    "é": "ü"\n}\n'
    )


def test_an_edit_that_names_no_place_is_an_edit_error() -> None:
    with pytest.raises(EditError):
        apply_edits("a: 1\n", [Edit("set", "/missing/key", 1)])
    with pytest.raises(EditError):
        apply_edits("a: [1]\n", [Edit("remove", "/a/4")])
    with pytest.raises(EditError):
        apply_edits('{"a": 1}', [Edit("remove", "/b")])


def test_no_edits_is_the_text_itself() -> None:
    assert apply_edits("a:   1 # odd\n", []) == "a:   1 # odd\n"


def test_a_new_key_goes_above_the_blank_lines_and_comments_of_what_follows() -> None:
    text = "info:\n  label: x\n\n# the capability\ncapability:\n  a: 1\n"
    out = _check(text, [Edit("set", "/info/description", "y")], set())
    assert out == "info:\n  label: x\n  description: y\n\n# the capability\ncapability:\n  a: 1\n"
    text = "ops:\n- name: a\n\n- name: b\n\nother: 1\n"
    out = _check(text, [Edit("add", "/ops/-", {"name": "c"})], set())
    assert out == "ops:\n- name: a\n\n- name: b\n- name: c\n\nother: 1\n"
