"""The LSP methods the server answers, each a guarded closure over the server."""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from naftiko_lint.lsp import actions
from naftiko_lint.lsp.completion import complete
from naftiko_lint.lsp.convert import to_lsp
from naftiko_lint.lsp.navigation import definition, hover
from naftiko_lint.lsp.positions import TextLines
from naftiko_lint.lsp.server import WATCHED, NaftikoServer, guarded

# each quick fix is a round trip through the YAML editor: a selection of the whole file asks
# for every fix in it, and the first ones are enough to choose from
MAX_QUICK_FIXES = 25
KINDS = {
    "call": types.CompletionItemKind.Function,
    "ref": types.CompletionItemKind.Reference,
    "with": types.CompletionItemKind.Property,
}


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _client_has(server: NaftikoServer, path: str) -> Any:
    """A client capability by dotted attribute path (None when absent)."""
    node: Any = server.client_capabilities
    for name in path.split("."):
        node = getattr(node, name, None)
        if node is None:
            return None
    return node


def _documents(server: NaftikoServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @guarded(server)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        server.snapshot(doc.uri, doc.text, doc.version)
        server.schedule(doc.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @guarded(server)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        text = server.workspace.get_text_document(uri).source
        server.snapshot(uri, text, params.text_document.version)
        server.schedule(uri, server.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=True))
    @guarded(server)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        current = server.store.get(uri)
        if current is None:
            return
        if params.text is not None and current.text != params.text:
            current = server.snapshot(uri, params.text, current.version)
        server.schedule(uri, 0)
        server.files_changed([current.path])  # its importers read it from disk

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @guarded(server)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.close(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded(server)
    def watched(params: types.DidChangeWatchedFilesParams) -> None:
        from pygls.uris import to_fs_path

        paths = [to_fs_path(change.uri) or change.uri for change in params.changes]
        server.files_changed(paths)

    @server.feature(types.INITIALIZED)
    @guarded(server)
    def initialized(params: types.InitializedParams) -> None:
        if _client_has(server, "workspace.did_change_watched_files.dynamic_registration"):
            options = types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=g) for g in WATCHED]
            )
            registration = types.Registration(
                id="naftiko-lint-watched-files",
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=options,
            )
            server.client_register_capability(types.RegistrationParams([registration]))


def _navigation(server: NaftikoServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @guarded(server)
    def on_hover(params: types.HoverParams) -> types.Hover | None:
        snapshot = server.store.get(params.text_document.uri)
        if snapshot is None or not snapshot.capability_file:
            return None
        position = snapshot.lines.from_lsp(params.position)
        parts: list[str] = []
        where: types.Range | None = None
        outcome = server.store.outcome(snapshot)
        cursor = types.Range(start=params.position, end=params.position)
        for d in outcome.diagnostics if outcome is not None else ():
            span = snapshot.lines.range_to_lsp(d.range)
            if _overlaps(span, cursor):
                page = server.rule_docs.markdown(d.rule, snapshot.path)
                text = f"{d.message}\n\n{page}" if page else d.message
                if text not in parts:
                    parts.append(text)
                    where = where or span
        found = hover(snapshot, position)
        if found is not None:
            parts.append(found[0])
            where = where or snapshot.lines.range_to_lsp(found[1])
        if not parts:
            return None
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)
            ),
            range=where,
        )

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @guarded(server)
    def on_definition(params: types.DefinitionParams) -> list[types.Location] | None:
        snapshot = server.store.get(params.text_document.uri)
        if snapshot is None or not snapshot.capability_file:
            return None
        target = definition(
            snapshot, snapshot.lines.from_lsp(params.position), server.store.text_of
        )
        if target is None:
            return None
        uri = (
            snapshot.uri
            if target.path == snapshot.path
            else server.location(target.path, snapshot.uri)
        )
        lines = TextLines(target.text, server.encoding)
        return [types.Location(uri=uri, range=lines.range_to_lsp(target.range))]

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[".", " "])
    )
    @guarded(server)
    def on_completion(params: types.CompletionParams) -> types.CompletionList | None:
        uri = params.text_document.uri
        snapshot = server.store.get(uri)
        if snapshot is None or not snapshot.capability_file:
            return None
        usable = server.store.usable(uri)
        capability = usable.capability if usable is not None else None
        row = params.position.line
        found = complete(
            snapshot.lines.lines,
            row,
            snapshot.lines.offset(params.position),
            capability.model if capability is not None else None,
        )
        if found is None:
            return None
        span = types.Range(
            start=types.Position(line=row, character=snapshot.lines.character(row, found.start)),
            end=types.Position(line=row, character=snapshot.lines.character(row, found.end)),
        )
        items = [
            types.CompletionItem(
                label=item.label,
                kind=KINDS[item.kind],
                detail=item.detail,
                documentation=types.MarkupContent(
                    kind=types.MarkupKind.Markdown, value=item.documentation
                )
                if item.documentation
                else None,
                filter_text=item.label,
                text_edit=types.TextEdit(range=span, new_text=item.insert),
            )
            for item in found.items
        ]
        return types.CompletionList(is_incomplete=False, items=items)


def _actions(server: NaftikoServer) -> None:
    options = types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL_KIND],
        resolve_provider=True,
    )

    def versioned() -> bool:
        return bool(_client_has(server, "workspace.workspace_edit.document_changes"))

    def resolvable() -> bool:
        properties = _client_has(server, "text_document.code_action.resolve_support.properties")
        return bool(properties) and "edit" in properties

    async def fix_all(uri: str) -> types.WorkspaceEdit | None:
        snapshot = server.store.get(uri)
        if snapshot is None:
            return None
        fixed = await server.run(actions.fix_all_text, snapshot.text, snapshot.path)
        if fixed is None:
            return None
        edit = actions.line_edit(snapshot.text, fixed, snapshot.lines)
        return actions.workspace_edit(uri, snapshot.version, edit, versioned())

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)
    @guarded(server, default=[])
    async def on_code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        snapshot = server.store.get(uri)
        if snapshot is None or not snapshot.capability_file:
            return []
        outcome = await server.lint(snapshot)
        only = [str(getattr(k, "value", k)) for k in params.context.only or []] or None
        found: list[types.CodeAction] = []
        fixable = [
            (i, d)
            for i, d in enumerate(outcome.diagnostics)
            if d.fix is not None and _overlaps(snapshot.lines.range_to_lsp(d.range), params.range)
        ][:MAX_QUICK_FIXES]
        quick = actions.wants(only, types.CodeActionKind.QuickFix.value)
        if (
            quick
            and fixable
            and not await server.run(actions.refused, snapshot.text, snapshot.path)
        ):
            href = server.href(snapshot.path)
            for index, d in fixable:
                fixed = await server.run(actions.fixed_text, snapshot.text, d)
                if fixed is None or server.store.get(uri) is not snapshot:
                    continue
                edit = actions.line_edit(snapshot.text, fixed, snapshot.lines)
                found.append(
                    types.CodeAction(
                        title=actions.fix_title(d),
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[to_lsp(d, index, snapshot.lines, uri, href)],
                        is_preferred=d.fix is not None and d.fix.safe,
                        edit=actions.workspace_edit(uri, snapshot.version, edit, versioned()),
                    )
                )
        if actions.wants(only, actions.FIX_ALL_KIND) and actions.safely_fixable(
            outcome.diagnostics
        ):
            action = types.CodeAction(
                title=actions.FIX_ALL_TITLE,
                kind=actions.FIX_ALL_KIND,
                data={"uri": uri, "version": snapshot.version},
            )
            if not resolvable():
                action.edit = await fix_all(uri)
            if action.edit is not None or resolvable():
                found.append(action)
        return found

    @server.feature(types.CODE_ACTION_RESOLVE)
    @guarded(server)
    async def on_resolve(action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        if action.edit is None and isinstance(data.get("uri"), str):
            action.edit = await fix_all(data["uri"])
        return action


def register(server: NaftikoServer) -> None:
    _documents(server)
    _navigation(server)
    _actions(server)
