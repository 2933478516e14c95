"""JUnit XML, which CI services (GitLab's test report, Jenkins, Azure, CircleCI) show as
test results: a `<testsuite>` per file with findings, named by its path, holding a
`<testcase>` per rule that reported on it (classname the path, name the rule id), each with
one `<failure>`: its message the first finding's `line:column: message`, its text every
finding of that rule in that file as a text-format line. An `internal-error` is an
`<error>` (the check itself broke) instead.

A chunk sees only a file's diagnostics, not which rules ran on it, nor the path of a file
without findings (its chunk is dropped), so the passing side is written by `document`, from
the files the run checked: a last suite, `naftiko-lint`, with a passing `checked` case per
file (classname its path) and an `<error>` case per tool error (a path not checked, a bad
configuration). So a clean file shows as passed and every finding as a failure; the counts
are those of the JSON report: failures are its distinct (path, rule) pairs, errors its
`errors` plus the (path, rule) pairs of internal errors.

One `<failure>` per test case, since most readers keep only the first. Characters XML 1.0
cannot carry (control characters, lone surrogates) are written as `\\uXXXX`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from xml.sax.saxutils import escape, quoteattr

from naftiko_lint import TOOL_NAME
from naftiko_lint.diagnostics import Diagnostic
from naftiko_lint.formatters.base import Chunk, Formatter
from naftiko_lint.results import LintResult
from naftiko_lint.ruleset.builtin import INTERNAL_ERROR

CHECKED = "checked"  # the name of each file's passing test case
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _attr(text: str) -> str:
    """A quoted attribute value (newlines and tabs kept as character references)."""
    return quoteattr(_clean(text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _text(text: str) -> str:
    """Element text; CR as a reference, which a parser would otherwise read as LF."""
    return escape(_clean(text), {"\r": "&#13;"})


def _line(d: Diagnostic) -> str:
    start = d.range.start
    return f"{d.path}:{start.line}:{start.column}: {d.severity.label} [{d.rule}] {d.message}"


def _case(path: str, rule: str, found: list[Diagnostic]) -> str:
    first = found[0]
    where = f"{first.range.start.line}:{first.range.start.column}: {first.message}"
    message = where if len(found) == 1 else f"{len(found)} findings; first at {where}"
    kind = "error" if rule == INTERNAL_ERROR else "failure"
    worst = max(d.severity for d in found)
    body = "".join(f"{_line(d)}\n" for d in found)
    return (
        f"    <testcase classname={_attr(path)} name={_attr(rule)}>\n"
        f"      <{kind} message={_attr(message)} type={_attr(worst.label)}>"
        f"{_text(body)}</{kind}>\n"
        "    </testcase>\n"
    )


def _suite(path: str, diagnostics: list[Diagnostic]) -> str:
    by_rule = sorted(diagnostics, key=lambda d: d.rule)  # stable: position order kept
    cases = [(rule, list(found)) for rule, found in groupby(by_rule, key=lambda d: d.rule)]
    errors = sum(1 for rule, _ in cases if rule == INTERNAL_ERROR)
    head = (
        f'  <testsuite name={_attr(path)} tests="{len(cases)}" '
        f'failures="{len(cases) - errors}" errors="{errors}">\n'
    )
    return head + "".join(_case(path, rule, found) for rule, found in cases) + "  </testsuite>\n"


class JunitFormatter(Formatter):
    needs_head = True  # the XML declaration and <testsuites> come before the first chunk

    def chunk(self, diagnostics: Sequence[Diagnostic], source: str | None = None) -> str:
        # one path, unless the run named a file twice (then all its findings come at once)
        by_path = groupby(sorted(diagnostics, key=lambda d: d.path), key=lambda d: d.path)
        return "".join(_suite(path, list(found)) for path, found in by_path)

    def document(self, result: LintResult, chunks: Iterable[Chunk]) -> Iterator[str | Chunk]:
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="{TOOL_NAME}">\n'
        for chunk in chunks:
            if chunk:
                yield chunk
        cases = [
            f'    <testcase classname={_attr(f.path)} name="{CHECKED}"/>\n' for f in result.files
        ]
        for error in result.errors:
            cases.append(
                f'    <testcase classname={_attr(error.path or TOOL_NAME)} name="error">\n'
                f'      <error message={_attr(str(error))} type="tool-error"/>\n'
                "    </testcase>\n"
            )
        yield (
            f'  <testsuite name="{TOOL_NAME}" tests="{len(cases)}" failures="0" '
            f'errors="{len(result.errors)}">\n' + "".join(cases) + "  </testsuite>\n"
            "</testsuites>\n"
        )


FORMATTER = JunitFormatter
