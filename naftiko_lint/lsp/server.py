"""The language server: documents in, diagnostics out.

Each open document is linted on open and save at once, and after a change once the editor
has been quiet for the debounce (a newer change cancels the wait; a lint that finishes after
a newer change is dropped, never published). Lints run one at a time in a worker thread, so
hovers and completions are answered meanwhile. A save of a file, or a change the client's
file watcher reports, re-lints the open documents that import it; a configuration file's
change re-lints them all. Every handler is guarded: a failure is logged to the client, never
raised at it."""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from naftiko_lint import TOOL_NAME, __version__
from naftiko_lint.lsp.convert import to_lsp
from naftiko_lint.lsp.linting import LintOutcome, lint_buffer
from naftiko_lint.lsp.positions import negotiated
from naftiko_lint.lsp.rule_docs import RuleDocs
from naftiko_lint.lsp.store import Snapshot, Store, resolved

DEBOUNCE_SECONDS = 0.2
CONFIG_NAMES = frozenset({".naftiko-lint.yaml", ".naftiko-lint.yml", "pyproject.toml"})
WATCHED = ("**/*.yaml", "**/*.yml", "**/*.json", "**/pyproject.toml")
F = TypeVar("F", bound=Callable[..., Any])
logger = logging.getLogger(__name__)


class NaftikoServer(LanguageServer):
    def __init__(self, debounce: float = DEBOUNCE_SECONDS) -> None:
        # Full sync: the editor sends the whole text on each change, so the text linted is
        # exactly the editor's (no line-splitting differences applying partial changes).
        super().__init__(
            TOOL_NAME, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full
        )
        self.debounce = debounce
        self.store = Store()
        self.rule_docs = RuleDocs()
        self.pending: dict[str, asyncio.Task[None]] = {}  # lints waiting for the pause
        self.running: dict[str, tuple[Snapshot, asyncio.Future[LintOutcome]]] = {}
        self.published: set[str] = set()  # URIs whose last publication was not empty
        self.linter = ThreadPoolExecutor(max_workers=1, thread_name_prefix=TOOL_NAME)

    # --- helpers the handlers share -------------------------------------------------

    @property
    def encoding(self) -> str:
        try:
            return negotiated(self.workspace.position_encoding)
        except RuntimeError:  # not initialized
            return negotiated(None)

    def snapshot(self, uri: str, text: str, version: int | None) -> Snapshot:
        path = to_fs_path(uri) or uri
        snapshot = Snapshot(uri, path, text, version, self.encoding)
        self.store.put(snapshot)
        running = self.running.get(uri)
        if running is not None:  # a lint of an older text: dropped if it has not started
            running[1].cancel()
        return snapshot

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # no writer yet, or the pipe is gone
            logger.warning("%s", message)

    def report_server_error(self, error: Exception, source: Any) -> None:
        """pygls shows a failed notification as a pop-up; here it goes to the log (a
        failed request is answered with its error already)."""
        from pygls.exceptions import FeatureRequestError

        if source is not FeatureRequestError:
            self.log(f"{TOOL_NAME}: {error}", types.MessageType.Error)

    def href(self, path: str) -> Callable[[str], str | None]:
        return lambda rule: self.rule_docs.href(rule, path)

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)` in the lint thread."""
        return await asyncio.get_running_loop().run_in_executor(self.linter, fn, *args)

    async def lint(self, snapshot: Snapshot) -> LintOutcome:
        """The lint of this version (made once)."""
        outcome = self.store.outcome(snapshot)
        if outcome is not None:
            return outcome
        if not snapshot.capability_file:
            outcome = LintOutcome()
            self.store.record(snapshot, outcome)
            return outcome
        running = self.running.get(snapshot.uri)
        if running is None or running[0] is not snapshot:  # else: share the lint under way
            future = asyncio.ensure_future(self.run(lint_buffer, snapshot.text, snapshot.path))
            future.add_done_callback(lambda done: self._done(snapshot, done))
            running = self.running[snapshot.uri] = (snapshot, future)
        # shielded: a waiter cancelled by a newer change leaves the lint to finish and be kept
        return await asyncio.shield(running[1])

    def _done(self, snapshot: Snapshot, future: asyncio.Future[LintOutcome]) -> None:
        running = self.running.get(snapshot.uri)
        if running is not None and running[0] is snapshot:
            del self.running[snapshot.uri]
        if not future.cancelled() and future.exception() is None:
            self.store.record(snapshot, future.result())

    def lsp_diagnostics(self, snapshot: Snapshot, outcome: LintOutcome) -> list[types.Diagnostic]:
        href = self.href(snapshot.path)
        return [
            to_lsp(d, i, snapshot.lines, snapshot.uri, href)
            for i, d in enumerate(outcome.diagnostics)
        ]

    async def publish(self, uri: str) -> None:
        snapshot = self.store.get(uri)
        if snapshot is None:
            return
        outcome = await self.lint(snapshot)
        if self.store.get(uri) is not snapshot:  # changed meanwhile: a newer lint follows
            return
        diagnostics = self.lsp_diagnostics(snapshot, outcome)
        if not diagnostics and uri not in self.published:
            return  # nothing to say, nothing to clear (a YAML file that is no capability)
        if diagnostics:
            self.published.add(uri)
        else:
            self.published.discard(uri)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri, diagnostics=diagnostics, version=snapshot.version
            )
        )

    def schedule(self, uri: str, delay: float) -> None:
        """Lint `uri` after `delay` seconds, replacing a lint not started yet."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._later(uri, delay))

    async def _later(self, uri: str, delay: float) -> None:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            await self.publish(uri)
        except asyncio.CancelledError:
            raise
        except Exception:
            self.log(f"{TOOL_NAME}: linting {uri} failed:\n{traceback.format_exc()}")
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    def relint(self, uris: list[str]) -> None:
        """Lint these open documents again (their imports or configuration changed)."""
        for uri in uris:
            snapshot = self.store.get(uri)
            if snapshot is not None:
                self.snapshot(uri, snapshot.text, snapshot.version)  # a fresh parse and lint
                self.schedule(uri, 0)

    def files_changed(self, paths: list[str]) -> None:
        if any(p.rsplit("/", 1)[-1] in CONFIG_NAMES for p in paths):
            self.rule_docs.forget()
            self.relint(self.store.uris())
            return
        changed = {resolved(p) for p in paths}
        self.relint(self.store.importers(changed))

    def close(self, uri: str) -> None:
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.store.close(uri)
        if uri in self.published:
            self.published.discard(uri)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
            )

    def location(self, path: str, fallback_uri: str) -> str:
        return from_fs_path(path) or fallback_uri


def guarded(server: NaftikoServer, default: Any = None) -> Callable[[F], F]:
    """A handler that logs its failure to the client and answers `default` instead."""

    def wrap(fn: F) -> F:
        if inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def run_async(params: Any) -> Any:
                try:
                    return await fn(params)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    server.log(f"{TOOL_NAME}: {fn.__name__} failed:\n{traceback.format_exc()}")
                    return default

            return run_async  # type: ignore[return-value]

        @functools.wraps(fn)
        def run(params: Any) -> Any:
            try:
                return fn(params)
            except Exception:
                server.log(f"{TOOL_NAME}: {fn.__name__} failed:\n{traceback.format_exc()}")
                return default

        return run  # type: ignore[return-value]

    return wrap


def build_server(debounce: float = DEBOUNCE_SECONDS) -> NaftikoServer:
    from naftiko_lint.lsp.handlers import register

    server = NaftikoServer(debounce)
    register(server)
    return server
