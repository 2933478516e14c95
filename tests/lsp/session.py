"""A real LSP client (pygls's) driving `python -m naftiko_lint lsp` over stdio."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections import defaultdict
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

from ..conftest import REPO

TIMEOUT = 20.0


def uri_of(path: Path) -> str:
    uri = from_fs_path(str(path))
    assert uri is not None
    return uri


class Session:
    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.published: dict[str, asyncio.Queue[types.PublishDiagnosticsParams]] = defaultdict(
            asyncio.Queue
        )
        self.versions: dict[str, int] = {}
        self.logs: list[str] = []
        self.initialize: types.InitializeResult | None = None

    def open(self, path: Path, text: str | None = None) -> str:
        uri = uri_of(path)
        content = path.read_text(encoding="utf-8") if text is None else text
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=content)
            )
        )
        return uri

    def change(self, uri: str, text: str) -> None:
        self.versions[uri] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=uri, version=self.versions[uri]
                ),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    async def diagnostics(self, uri: str) -> types.PublishDiagnosticsParams:
        return await asyncio.wait_for(self.published[uri].get(), TIMEOUT)

    async def settle(self, uri: str, version: int) -> types.PublishDiagnosticsParams:
        """The diagnostics published for `version` (earlier ones skipped)."""
        while True:
            got = await self.diagnostics(uri)
            if got.version == version:
                return got

    def where(self, uri: str, line: int, character: int) -> dict[str, Any]:
        return {
            "text_document": types.TextDocumentIdentifier(uri=uri),
            "position": types.Position(line=line, character=character),
        }

    async def hover(self, uri: str, line: int, character: int) -> types.Hover | None:
        return await self.client.text_document_hover_async(
            types.HoverParams(**self.where(uri, line, character))
        )

    async def definition(self, uri: str, line: int, character: int) -> Any:
        return await self.client.text_document_definition_async(
            types.DefinitionParams(**self.where(uri, line, character))
        )

    async def completion(self, uri: str, line: int, character: int) -> Any:
        return await self.client.text_document_completion_async(
            types.CompletionParams(**self.where(uri, line, character))
        )

    async def code_actions(
        self, uri: str, where: types.Range, only: list[str] | None = None
    ) -> list[types.CodeAction]:
        found = await self.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=where,
                context=types.CodeActionContext(diagnostics=[], only=only),
            )
        )
        return [a for a in found or [] if isinstance(a, types.CodeAction)]


def capabilities(
    encodings: list[str] | None = None, *, resolve: bool = False
) -> types.ClientCapabilities:
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings)
        if encodings
        else None,
        text_document=types.TextDocumentClientCapabilities(
            code_action=types.CodeActionClientCapabilities(
                resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"])
            )
        )
        if resolve
        else None,
    )


@contextlib.asynccontextmanager
async def session(
    client_capabilities: types.ClientCapabilities | None = None,
    *,
    debounce_ms: int = 20,
    cwd: Path = REPO,
) -> AsyncIterator[Session]:
    client = LanguageClient("naftiko-lint-tests", "1")
    running = Session(client)

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        running.published[params.uri].put_nowait(params)

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def logged(params: types.LogMessageParams) -> None:
        running.logs.append(params.message)

    await client.start_io(
        sys.executable, "-m", "naftiko_lint", "lsp", "--debounce", str(debounce_ms), cwd=cwd
    )
    try:
        running.initialize = await asyncio.wait_for(
            client.initialize_async(
                types.InitializeParams(
                    capabilities=client_capabilities or types.ClientCapabilities(),
                    root_uri=uri_of(cwd),
                )
            ),
            TIMEOUT,
        )
        client.initialized(types.InitializedParams())
        yield running
        await asyncio.wait_for(client.shutdown_async(None), TIMEOUT)
        client.exit(None)
        await asyncio.wait_for(client.stop(), TIMEOUT)
    finally:
        server = client._server
        if server is not None and server.returncode is None:  # a failed test: no waiting
            server.kill()
            await server.wait()


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def lsp_range(lines: list[str], start: dict[str, int], end: dict[str, int]) -> tuple:
    """A check --format json range (1-based, code points) as LSP UTF-16 numbers, worked out
    here independently of the server's conversion."""

    def one(p: dict[str, int]) -> tuple[int, int]:
        line = lines[p["line"] - 1] if p["line"] - 1 < len(lines) else ""
        return p["line"] - 1, utf16(line[: p["column"] - 1])

    return (*one(start), *one(end))


def as_tuple(where: types.Range) -> tuple[int, int, int, int]:
    return (where.start.line, where.start.character, where.end.line, where.end.character)


def apply_edit(text: str, edit: types.WorkspaceEdit, uri: str) -> str:
    """The text with a workspace edit's changes to `uri` applied (UTF-16 positions)."""
    edits: list[types.TextEdit] = []
    if edit.changes:
        edits += list(edit.changes.get(uri, []))
    for change in edit.document_changes or []:
        if isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri:
            edits += [e for e in change.edits if isinstance(e, types.TextEdit)]
    lines = text.splitlines(keepends=True)

    def offset(p: types.Position) -> int:
        before = "".join(lines[: p.line])
        line = lines[p.line] if p.line < len(lines) else ""
        units, index = 0, 0
        while index < len(line) and units < p.character:
            units += utf16(line[index])
            index += 1
        return len(before) + index

    for e in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        text = text[: offset(e.range.start)] + e.new_text + text[offset(e.range.end) :]
        lines = text.splitlines(keepends=True)
    return text
