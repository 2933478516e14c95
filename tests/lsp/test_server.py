"""The language server over stdio, driven by pygls's client: the diagnostics `check` gives,
quick fixes that change them, hover, definition and completion, dependents, and no crash."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from lsprotocol import types

from ..conftest import FIXTURES, REPO
from .session import Session, apply_edit, as_tuple, capabilities, lsp_range, session, uri_of

SEEDS = sorted((FIXTURES / "seeds").glob("*.yaml"))
SEVERITY = {"error": 1, "warning": 2, "info": 3, "hint": 4}
KEBAB = """\
naftiko: 1.0.0-alpha2
info:
  label: Orders
  description: Order lookups.
  tags: [orders]
capability:
  consumes:
    - type: http
      namespace: order service
      baseUri: https://orders.test
      description: Orders.
      resources:
        - name: orders
          path: /orders
          operations:
            - name: list-orders
              method: GET
"""
TYPO = "naftiko: 1.0.0-alpha2\ninfo:\n  label: X\n  descripton: d\n  tags: [a]\n"


def _exploding_ruleset(folder: Path) -> Path:
    """A folder whose configuration runs a custom rule that raises; a capability in it."""
    (folder / "functions").mkdir(parents=True)
    (folder / "functions" / "explode.py").write_text(
        "def explode(target, options, context):\n    raise RuntimeError('boom')\n",
        encoding="utf-8",
    )
    (folder / "house.yaml").write_text(
        "functions: [explode]\n"
        "rules:\n"
        "  house-explode:\n"
        "    description: Always fails.\n"
        "    given: $.info\n"
        "    then: {function: explode}\n",
        encoding="utf-8",
    )
    (folder / ".naftiko-lint.yaml").write_text("extends: [./house.yaml]\n", encoding="utf-8")
    path = folder / "orders.yaml"
    path.write_text(KEBAB, encoding="utf-8")
    return path


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(scenario())


def check_json(*paths: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "naftiko_lint", "check", "--format", "json", "--no-cache"]
        + [str(p.relative_to(REPO)) for p in paths],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return json.loads(proc.stdout)


def test_a_seed_gets_exactly_the_diagnostics_check_gives() -> None:
    report = check_json(*SEEDS)

    async def scenario() -> None:
        async with session() as s:
            uris = {seed: s.open(seed) for seed in SEEDS}
            for seed, uri in uris.items():
                got = await s.diagnostics(uri)
                lines = seed.read_text(encoding="utf-8").split("\n")
                wanted = [
                    (
                        d["rule"],
                        SEVERITY[d["severity"]],
                        lsp_range(lines, d["range"]["start"], d["range"]["end"]),
                        d["message"],
                    )
                    for d in report["diagnostics"]
                    if d["path"] == str(seed.relative_to(REPO))
                ]
                received = [
                    (d.code, int(d.severity), as_tuple(d.range), d.message) for d in got.diagnostics
                ]
                assert wanted, seed  # the seeds are broken on purpose
                assert received == wanted
                assert all(d.source == "naftiko-lint" for d in got.diagnostics)
                first = got.diagnostics[0]
                assert first.code_description is not None
                assert first.code_description.href.endswith(f"/docs/rules/{first.code}.md")

    run(scenario)


def test_an_unsafe_quick_fix_applied_gives_updated_diagnostics(tmp_path: Path) -> None:
    path = tmp_path / "orders.yaml"
    path.write_text(KEBAB, encoding="utf-8")

    async def scenario() -> None:
        async with session() as s:
            uri = s.open(path)
            before = await s.diagnostics(uri)
            bad = next(
                d for d in before.diagnostics if d.code == "schema" and "order service" in d.message
            )
            assert as_tuple(bad.range)[:2] == (8, 17)
            found = await s.code_actions(uri, bad.range)
            fixes = [a for a in found if a.kind == types.CodeActionKind.QuickFix]
            assert len(fixes) == 1
            fix = fixes[0]
            assert fix.title.endswith("(unsafe)") and not fix.is_preferred
            assert fix.diagnostics and fix.diagnostics[0].code == "schema"
            assert fix.edit is not None
            fixed = apply_edit(KEBAB, fix.edit, uri)
            assert fixed == KEBAB.replace("order service", "order-service")
            # an unsafe fix is never part of "fix all safe problems"
            assert await s.code_actions(uri, bad.range, only=["source.fixAll"]) == []
            s.change(uri, fixed)
            after = await s.settle(uri, s.versions[uri])
            assert not [d for d in after.diagnostics if "order service" in d.message]
            assert len(after.diagnostics) == len(before.diagnostics) - 1

    run(scenario)


def test_hover_explains_rules_and_operations_and_definition_finds_them() -> None:
    seed = FIXTURES / "seeds" / "001_3b724ad6c0282b03.yaml"
    imports = FIXTURES / "clean" / "imports.yaml"
    shared = FIXTURES / "clean" / "shared" / "crew-api.yaml"
    aggregates = FIXTURES / "clean" / "aggregates.yaml"

    async def scenario() -> None:
        async with session() as s:
            uri = s.open(seed)
            got = await s.diagnostics(uri)
            first = got.diagnostics[0]
            hover = await s.hover(uri, first.range.start.line, first.range.start.character)
            assert hover is not None and isinstance(hover.contents, types.MarkupContent)
            assert hover.contents.kind == types.MarkupKind.Markdown
            assert f"**{first.code}**" in hover.contents.value
            assert "#### What it does" in hover.contents.value
            assert first.code_description is not None
            assert first.code_description.href in hover.contents.value
            crew = s.open(imports)
            line = imports.read_text().split("\n").index("          call: crew.get-member")
            hover = await s.hover(crew, line, 20)
            assert hover is not None and isinstance(hover.contents, types.MarkupContent)
            assert "`GET /crew/{{crewId}}`" in hover.contents.value
            assert "`crewId`" in hover.contents.value
            assert hover.range is not None and as_tuple(hover.range) == (line, 16, line, 31)
            assert await s.hover(crew, 0, 0) is None  # a comment: nothing to say
            # definition: into the imported shared file, to `name: get-member`
            found = await s.definition(crew, line, 24)
            assert [(f.uri, as_tuple(f.range)) for f in found] == [
                (uri_of(shared), (15, 18, 15, 28))
            ]
            agg = s.open(aggregates)
            lines = aggregates.read_text().split("\n")
            line = lines.index("        - ref: ship-functions.find-ship")
            found = await s.definition(agg, line, 20)
            target = lines.index("        - name: find-ship")
            assert [(f.uri, as_tuple(f.range)) for f in found] == [(agg, (target, 16, target, 25))]
            call = lines.index("          call: registry.get-ship")
            found = await s.definition(agg, call, 18)
            target = lines.index("            - name: get-ship")
            assert [as_tuple(f.range) for f in found] == [(target, 20, target, 28)]
            assert await s.definition(agg, 0, 0) is None

    run(scenario)


def test_completion_lists_call_targets_and_with_keys() -> None:
    aggregates = FIXTURES / "clean" / "aggregates.yaml"
    text = aggregates.read_text()
    lines = text.split("\n")

    async def scenario() -> None:
        async with session() as s:
            uri = s.open(aggregates)
            nowhere = types.Range(
                start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
            )
            assert await s.code_actions(uri, nowhere) == []  # answered once it is linted
            # a half-typed key under `with:`: the text no longer parses, the names come
            # from the version that did
            at = lines.index("            imo: '{{imo}}'")
            typing = [*lines[: at + 1], "            x", *lines[at + 1 :]]
            s.change(uri, "\n".join(typing))
            got = await s.completion(uri, at + 1, len("            x"))
            assert got is not None and [i.label for i in got.items] == []  # imo is there
            typing = [*lines[:at], "            i", *lines[at + 1 :]]
            s.change(uri, "\n".join(typing))
            got = await s.completion(uri, at, len("            i"))
            assert [(i.label, i.text_edit.new_text) for i in got.items] == [("imo", "imo: ")]
            call = lines.index("          call: registry.get-ship")
            got = await s.completion(uri, call, len("          call: reg"))
            assert [i.label for i in got.items] == ["registry.get-ship"]
            assert got.items[0].detail == "GET /ships/{{imo}}"
            edit = got.items[0].text_edit
            assert as_tuple(edit.range) == (call, 16, call, len(lines[call]))
            ref = lines.index("        - ref: ship-functions.find-ship")
            got = await s.completion(uri, ref, len("        - ref: "))
            assert [i.label for i in got.items] == ["ship-functions.find-ship"]
            assert await s.completion(uri, 1, 3) is None  # in `naftiko: …`

    run(scenario)


def test_non_capability_yaml_gets_nothing_and_nothing_brings_the_server_down(
    tmp_path: Path,
) -> None:
    other = tmp_path / "compose.yaml"
    other.write_text("services:\n  web: {image: nginx}\n", encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("naftiko: 1.0.0-alpha2\ninfo: [unclosed\n", encoding="utf-8")

    async def scenario() -> None:
        async with session() as s:
            plain = s.open(other)
            uri = s.open(broken)
            got = await s.diagnostics(uri)
            assert [d.code for d in got.diagnostics] == ["yaml-syntax"]
            assert s.published[plain].empty()
            for garbage, rules in (
                ("naftiko: \x00\x01\x02\ufffd\udcff", {"yaml-encoding"}),
                ("naftiko: 1.0.0-alpha2\n" + "- [{" * 2000, {"yaml-syntax"}),
                ("naftiko:\n\t- :\n  ? ! &a *b\n", {"yaml-syntax"}),
                ("", set()),  # no capability any more: its diagnostics are cleared
            ):
                s.change(uri, garbage)
                got = await s.settle(uri, s.versions[uri])
                assert {d.code for d in got.diagnostics} == rules
                hovered = await s.hover(uri, 0, 3)  # answered, not an error
                assert hovered is None or isinstance(hovered, types.Hover)
                assert (
                    await s.code_actions(
                        uri,
                        types.Range(
                            start=types.Position(line=0, character=0),
                            end=types.Position(line=99, character=0),
                        ),
                    )
                    is not None
                )
            assert await s.hover(uri, 10**6, 10**6) is None
            # a rule that raises is one diagnostic, and the other rules still report
            got = await s.diagnostics(s.open(_exploding_ruleset(tmp_path / "house")))
            codes = [d.code for d in got.diagnostics]
            assert codes.count("internal-error") == 1 and "schema" in codes
            failed = next(d for d in got.diagnostics if d.code == "internal-error")
            assert "house-explode" in failed.message and "boom" in failed.message
            assert await s.definition(uri_of(tmp_path / "never-opened.yaml"), 0, 0) is None
            assert not [m for m in s.logs if "failed" in m]

    run(scenario)


def test_dependents_are_linted_again_when_an_imported_file_changes(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "clean" / "imports.yaml", tmp_path / "imports.yaml")
    (tmp_path / "shared").mkdir()
    shared = tmp_path / "shared" / "crew-api.yaml"
    shutil.copy(FIXTURES / "clean" / "shared" / "crew-api.yaml", shared)

    async def scenario() -> None:
        async with session(cwd=tmp_path) as s:
            shared_uri = s.open(shared)
            uri = s.open(tmp_path / "imports.yaml")
            nowhere = types.Range(
                start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
            )
            assert await s.code_actions(uri, nowhere) == []  # answered once it is linted
            assert s.published[uri].empty()  # clean: nothing published
            renamed = shared.read_text().replace("name: get-member", "name: fetch-member")
            shared.write_text(renamed, encoding="utf-8")
            s.client.text_document_did_save(
                types.DidSaveTextDocumentParams(
                    text_document=types.TextDocumentIdentifier(uri=shared_uri), text=renamed
                )
            )
            got = await s.diagnostics(uri)
            assert [d.code for d in got.diagnostics] == ["call-unresolved"]
            shared.write_text(renamed.replace("fetch-member", "get-member"), encoding="utf-8")
            s.client.workspace_did_change_watched_files(
                types.DidChangeWatchedFilesParams(
                    changes=[types.FileEvent(uri=shared_uri, type=types.FileChangeType.Changed)]
                )
            )
            got = await s.diagnostics(uri)
            assert list(got.diagnostics) == []

    run(scenario)


def test_positions_are_utf16_by_default_and_utf32_when_the_client_asks(tmp_path: Path) -> None:
    path = tmp_path / "emoji.yaml"
    text = (
        "naftiko: 1.0.0-alpha2\n"
        "info: {label: '🚀🚀', description: d, tags: [a], bogus: 1}\n"
        "capability: {consumes: [], exposes: []}\n"
    )
    path.write_text(text, encoding="utf-8")
    column = text.split("\n")[1].index("bogus")  # code points before the key

    async def first_bogus(s: Session) -> types.Diagnostic:
        got = await s.diagnostics(s.open(path))
        return next(d for d in got.diagnostics if "bogus" in d.message)

    async def scenario() -> None:
        async with session() as s:
            assert s.initialize is not None
            assert s.initialize.capabilities.position_encoding == "utf-16"
            assert as_tuple((await first_bogus(s)).range) == (1, column + 2, 1, column + 7)
            typo = tmp_path / "typo.yaml"
            typo.write_text(TYPO, encoding="utf-8")
            got = await s.diagnostics(s.open(typo))
            missing = next(d for d in got.diagnostics if "'descripton'" in d.message)
            assert as_tuple(missing.range) == (1, 0, 1, 4)  # `info`, the first definition
            assert missing.related_information is not None
            assert [
                (r.location.uri, as_tuple(r.location.range)) for r in missing.related_information
            ] == [
                (uri_of(typo), (3, 2, 3, 12))  # the misspelled key
            ]
        async with session(capabilities(["utf-32", "utf-16"])) as s:
            assert s.initialize is not None
            assert s.initialize.capabilities.position_encoding == "utf-32"
            assert as_tuple((await first_bogus(s)).range) == (1, column, 1, column + 5)

    run(scenario)


def test_safe_fixes_are_preferred_and_fix_all_writes_what_fix_text_writes() -> None:
    from naftiko_lint.fix.api import fix_text

    seed = FIXTURES / "seeds" / "001_3b724ad6c0282b03.yaml"
    text = seed.read_text(encoding="utf-8")
    expected = fix_text(text, str(seed)).fixed
    assert expected != text  # the seed has safe fixes

    async def scenario() -> None:
        async with session(capabilities(resolve=True)) as s:
            uri = s.open(seed)
            got = await s.diagnostics(uri)
            safe = [d for d in got.diagnostics if d.data and d.data["fixable"]]
            found = []
            for d in safe:
                found += [
                    a
                    for a in await s.code_actions(uri, d.range, only=["quickfix"])
                    if a.is_preferred
                ]
            assert found and all(not a.title.endswith("(unsafe)") for a in found)
            assert all(a.kind == types.CodeActionKind.QuickFix for a in found)
            everything = types.Range(
                start=types.Position(line=0, character=0),
                end=types.Position(line=0, character=0),
            )
            (lazy,) = await s.code_actions(uri, everything, only=["source.fixAll"])
            assert lazy.kind == "source.fixAll.naftiko-lint" and lazy.edit is None
            assert lazy.title == "Fix all safe problems in this file"
            resolved = await s.client.code_action_resolve_async(lazy)
            assert resolved.edit is not None
            assert apply_edit(text, resolved.edit, uri) == expected
            # the light bulb (no `only`) offers it too, beside the quick fixes
            kinds = {a.kind for a in await s.code_actions(uri, safe[0].range)}
            assert "source.fixAll.naftiko-lint" in kinds

    run(scenario)


def test_changes_in_quick_succession_are_linted_once_after_the_pause() -> None:
    seed = FIXTURES / "seeds" / "002_ebe19b2030c3657d.yaml"
    text = seed.read_text(encoding="utf-8")

    async def scenario() -> None:
        async with session(debounce_ms=300) as s:
            uri = s.open(seed)
            assert (await s.diagnostics(uri)).version == 1  # on open: at once
            for n in range(10):
                s.change(uri, text + f"# edit {n}\n")
            got = await s.diagnostics(uri)
            assert got.version == 11  # versions 2-10 were never linted
            await asyncio.sleep(0.1)
            assert s.published[uri].empty()

    run(scenario)


@pytest.mark.slow
def test_a_huge_document_is_linted_and_the_server_answers_meanwhile(tmp_path: Path) -> None:
    head = (FIXTURES / "clean" / "imports.yaml").read_text(encoding="utf-8")
    tools = "".join(
        f"        - name: tool-{n}\n"
        f"          description: Tool {n}.\n"
        "          hints: {readOnly: true}\n"
        "          call: crew.get-member\n"
        "          with: {crewId: nobody.crewId}\n"
        for n in range(15_000)
    )
    text = head + tools
    path = tmp_path / "huge.yaml"
    path.write_text(text, encoding="utf-8")

    async def scenario() -> None:
        async with session() as s:
            uri = s.open(path, text)
            answered = await s.hover(uri, 22, 20)  # while it lints
            assert answered is None or isinstance(answered, types.Hover)
            got = await asyncio.wait_for(s.diagnostics(uri), 120)
            codes = [d.code for d in got.diagnostics]  # as check: 5,000 and a warning
            assert len(codes) == 5_001 and "too-many-findings" in codes
            assert "with-namespace-mismatch" in codes

    run(scenario)
