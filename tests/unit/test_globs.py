"""The one glob dialect (naftiko_lint.globs): Spectral's minimatch with matchBase.

Every row of TABLE with a file under `base/` was also put to Spectral 6.16 (see
tests/differential/test_glob_parity.py, which asks the real CLI). OLD_DIALECTS lists the
rows where the two former matchers (config's fnmatch with a `**/` strip, the engine's
fnmatch with every `**/` removed plus a basename match) answered differently from it.
"""

from __future__ import annotations

import fnmatch
import os
import pickle
from pathlib import Path

import pytest

from naftiko_lint.braces import expand_braces
from naftiko_lint.config import Config
from naftiko_lint.globs import compile_glob, matches, relative_to, split_pointer

TABLE = [
    # pattern, path relative to the base folder, matches
    ("*.yaml", "a.yaml", True),
    ("*.yaml", "sub/a.yaml", True),  # no `/`: matched against the basename
    ("*.yaml", "sub/deep/c.yaml", True),
    ("*.yaml", ".hidden/d.yaml", True),  # the basename is not a dot name
    ("*.yaml", ".dot.yaml", False),  # `*` never matches a leading dot
    ("*.yaml", "a.yml", False),
    ("a.yaml", "sub/a.yaml", True),
    ("**/*.yaml", "a.yaml", True),
    ("**/*.yaml", "sub/deep/c.yaml", True),
    ("**/*.yaml", ".hidden/d.yaml", False),  # `**` never spans a dot folder
    ("**/d.yaml", ".hidden/d.yaml", False),
    (".hidden/*.yaml", ".hidden/d.yaml", True),
    (".*.yaml", ".dot.yaml", True),
    ("sub/*.yaml", "sub/a.yaml", True),
    ("sub/*.yaml", "sub/deep/c.yaml", False),  # `*` does not cross `/`
    ("*/a.yaml", "sub/a.yaml", True),
    ("*/c.yaml", "sub/deep/c.yaml", False),
    ("sub/**", "sub/a.yaml", True),
    ("sub/**", "sub/deep/c.yaml", True),
    ("sub/**", "sub", False),  # a trailing `**` needs a segment
    ("sub/**/*.yaml", "sub/a.yaml", True),  # `**` may span none
    ("sub/**/deep/**", "sub/deep/c.yaml", True),
    ("a/**/f.yaml", "a/f.yaml", True),
    ("a/**/f.yaml", "xa/f.yaml", False),
    ("**", "sub/deep/c.yaml", True),
    ("**", ".dot.yaml", False),
    ("sub", "sub/a.yaml", False),
    ("sub/", "sub/a.yaml", False),
    ("sub//a.yaml", "sub/a.yaml", True),  # repeated slashes are one
    ("./sub/a.yaml", "sub/a.yaml", False),  # the relative path has no `.` segment
    ("./a.yaml", "a.yaml", False),
    ("/abs/a.yaml", "a.yaml", False),
    ("SUB/a.yaml", "sub/a.yaml", False),  # case-sensitive
    (" a.yaml ", "a.yaml", True),  # surrounding white space is trimmed
    ("{a,x}.y*ml", "x.yml", True),
    ("{a,x}.y*ml", "sub/a.yaml", True),
    ("sub/{a,deep/c}.yaml", "sub/deep/c.yaml", True),  # braces expand before the split
    ("*.{yaml,yml}", "x.yml", True),
    ("a{1..3}.yaml", "a2.yaml", True),
    ("a{1..3}.yaml", "a4.yaml", False),
    ("{a}.yaml", "{a}.yaml", True),  # one alternative: literal
    ("[ab]/*.yaml", "b/g.yaml", True),
    ("[!a]/*.yaml", "a/f.yaml", False),
    ("[^a]/*.yaml", "b/g.yaml", True),
    ("[.]dot.yaml", ".dot.yaml", False),  # a class never matches a leading dot
    ("?.yaml", "sub/a.yaml", True),
    ("?.yaml", "ab.yaml", False),
    ("+(a|x).y*ml", "x.yml", True),
    ("@(a).yaml", "a.yaml", True),
    ("sub/!(a).yaml", "sub/a.yaml", False),
    ("sub/!(a).yaml", "sub/b.yaml", True),
    ("!sub/**", "sub/a.yaml", False),  # a leading `!` negates the pattern
    ("!sub/**", "a.yaml", True),
    ("!(a).yaml", "a.yaml", True),  # ... even before `(`: `(a).yaml` matches nothing
    ("#/info", "a.yaml", False),  # a comment
    ("", "a.yaml", False),
    ("a\\*.yaml", "a*.yaml", True),  # `\` escapes
    ("a\\*.yaml", "ab.yaml", False),
    ("[z-a].yaml", "[z-a].yaml", True),  # not a class: literal
    ("../outside/*.yaml", "../outside/e.yaml", True),
    ("../**/e.yaml", "../outside/e.yaml", True),
    ("**/*.yaml", "../outside/e.yaml", False),  # `**` never spans `..`
    ("*.yaml", "../outside/e.yaml", True),  # basename
]

# rows of TABLE the two former matchers answered differently from each other (the bug the
# issue names): (pattern, path) -> (config include/exclude, engine overrides.files)
OLD_DISAGREED = {
    ("a.yaml", "sub/a.yaml"): (False, True),
    ("?.yaml", "sub/a.yaml"): (False, True),
    ("sub/**/*.yaml", "sub/a.yaml"): (False, True),
    ("sub/**/deep/**", "sub/deep/c.yaml"): (False, True),
    ("a/**/f.yaml", "a/f.yaml"): (False, True),
}
# rows both former matchers answered wrongly: `*` crossed `/`, dot names matched, no braces
OLD_BOTH_WRONG = [
    ("sub/*.yaml", "sub/deep/c.yaml"),
    ("*/c.yaml", "sub/deep/c.yaml"),
    ("*.yaml", ".dot.yaml"),
    ("**/*.yaml", ".hidden/d.yaml"),
    ("{a,x}.y*ml", "x.yml"),
    ("[^a]/*.yaml", "b/g.yaml"),
    ("!sub/**", "a.yaml"),
]


@pytest.mark.parametrize(("pattern", "path", "expected"), TABLE)
def test_dialect_table(pattern: str, path: str, expected: bool) -> None:
    assert compile_glob(pattern).match(path) is expected


def _old_config(path: str, pattern: str) -> bool:
    return fnmatch.fnmatch(path, pattern) or (
        pattern.startswith("**/") and fnmatch.fnmatch(path, pattern[3:])
    )


def _old_engine(path: str, pattern: str) -> bool:
    return (
        fnmatch.fnmatch(path, pattern)
        or fnmatch.fnmatch(path, pattern.replace("**/", ""))
        or fnmatch.fnmatch(path.rsplit("/", 1)[-1], pattern)
    )


def test_the_old_dialects_disagreed_where_the_table_says() -> None:
    """The former matchers, kept here as they were, answer these rows as listed; the one
    dialect answers each as TABLE (and Spectral) does."""
    rows = {(pattern, path): want for pattern, path, want in TABLE}
    for (pattern, path), old in OLD_DISAGREED.items():
        assert (_old_config(path, pattern), _old_engine(path, pattern)) == old
        assert compile_glob(pattern).match(path) is rows[(pattern, path)]
    for pattern, path in OLD_BOTH_WRONG:
        want = rows[(pattern, path)]
        assert _old_config(path, pattern) is not want and _old_engine(path, pattern) is not want
        assert compile_glob(pattern).match(path) is want


def test_files_are_relative_to_the_base_folder(tmp_path: Path) -> None:
    base = tmp_path / "base"
    (base / "sub").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    inside, outside = base / "sub" / "a.yaml", tmp_path / "outside" / "e.yaml"
    for file in (inside, outside):
        file.write_text("x: 1\n")
    assert relative_to(inside, base) == "sub/a.yaml"
    assert relative_to(outside, base) == "../outside/e.yaml"
    assert matches("sub/*.yaml", inside, base)
    assert not matches("outside/*.yaml", outside, base)
    assert matches("../outside/*.yaml", outside, base)
    cwd = os.getcwd()
    try:  # a relative file path is taken from the working directory
        os.chdir(tmp_path)
        assert matches("sub/a.yaml", Path("base/sub/a.yaml"), base)
    finally:
        os.chdir(cwd)


def test_symlinks_are_resolved_on_both_sides(tmp_path: Path) -> None:
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (real / "sub" / "a.yaml").write_text("x: 1\n")
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    assert matches("sub/a.yaml", tmp_path / "link" / "sub" / "a.yaml", real)
    assert matches("sub/a.yaml", real / "sub" / "a.yaml", tmp_path / "link")


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("caps/*.yaml", ("caps/*.yaml", None)),
        ("caps/a.yaml#/info", ("caps/a.yaml", "/info")),
        ("a.yaml#", ("a.yaml", "")),
        ("#/info", ("#/info", "/info")),  # its glob is a comment: no file
    ],
)
def test_split_pointer(pattern: str, expected: tuple[str, str | None]) -> None:
    assert split_pointer(pattern) == expected
    assert not compile_glob(split_pointer("#/info")[0]).match("a.yaml")


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("a{b,c}d", ["abd", "acd"]),
        ("a{b,}c", ["abc", "ac"]),
        ("{a,{b,c}}", ["a", "b", "c"]),
        ("x{{a,b}}y", ["x{a}y", "x{b}y"]),
        ("{1..3}", ["1", "2", "3"]),
        ("{3..1}", ["3", "2", "1"]),
        ("{01..03}", ["01", "02", "03"]),
        ("{1..7..3}", ["1", "4", "7"]),
        ("{a..c}", ["a", "b", "c"]),
        ("{a}", ["{a}"]),
        ("{}x", ["{}x"]),
        ("${a,b}", ["${a,b}"]),
        ("\\{a,b\\}", ["{a,b}"]),
        ("{a{b,c}", ["{ab", "{ac"]),
        ("no-braces", ["no-braces"]),
    ],
)
def test_brace_expansion(pattern: str, expected: list[str]) -> None:
    assert expand_braces(pattern) == expected


def test_a_hostile_brace_pattern_stays_bounded() -> None:
    assert len(expand_braces("{a,b}" * 40)) <= 10_000


def test_compiled_once_and_config_stays_plain_data() -> None:
    assert compile_glob("sub/**/*.yaml") is compile_glob("sub/**/*.yaml")
    config = Config(include=("caps/**",), exclude=("**/generated/**",))
    assert pickle.loads(pickle.dumps(config)) == config


def test_config_selects_with_the_same_dialect(tmp_path: Path) -> None:
    config = Config(source=str(tmp_path / ".naftiko-lint.yaml"), base=tmp_path)
    nested = tmp_path / "caps" / "generated" / "b.yaml"
    nested.parent.mkdir(parents=True)
    nested.write_text("x: 1\n")
    assert Config(base=tmp_path, include=("caps/**",)).selects(nested)
    assert not Config(base=tmp_path, include=("caps/*",)).selects(nested)  # `*` stays in caps/
    assert Config(base=tmp_path, include=("*.yaml",)).selects(nested)
    assert not Config(base=tmp_path, exclude=("**/generated/**",)).selects(nested)
    assert config.selects(nested)
