"""JUnit XML, which CI services (GitLab's test report, Jenkins, Azure, CircleCI) show as
test results: a `<testsuite>` per checked file, named by its path, holding a `<testcase>`
per rule checked on it (classname the path, name the rule id): a rule that reported on the
file fails with one `<failure>` (its message the first finding's `line:column: message`, its
text every finding of that rule in that file as a text-format line), an `internal-error` is
an `<error>` (the check itself broke), and every other rule passes. So a clean file shows as
passed, one case per rule, and a broken one shows which rules it broke.

The rules checked on a file come with its chunk (`needs_file`: the CLI gives every checked
file's FileContext, findings or not). Without one (a whole result formatted at once by the
API) a file's suite lists the rules that reported only. Tool errors (a path not checked, a
bad configuration) are `<error>` cases of a last suite, `naftiko-lint`, present only when
there are some. The counts are those of the JSON report: failures are its distinct (path,
rule) pairs, errors its `errors` plus the (path, rule) pairs of internal errors.

One `<failure>` per test case, since most readers keep only the first. Characters XML 1.0
cannot carry (control characters, lone surrogates) are written as `\\uXXXX`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from xml.sax.saxutils import escape, quoteattr

from naftiko_lint import TOOL_NAME
from naftiko_lint.diagnostics import Diagnostic
from naftiko_lint.formatters.base import Chunk, FileContext, Formatter
from naftiko_lint.results import LintResult
from naftiko_lint.ruleset.builtin import INTERNAL_ERROR

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


def _suite(path: str, diagnostics: list[Diagnostic], checked: tuple[str, ...] = ()) -> str:
    by_rule = sorted(diagnostics, key=lambda d: d.rule)  # stable: position order kept
    found = {rule: list(group) for rule, group in groupby(by_rule, key=lambda d: d.rule)}
    rules = sorted(set(checked) | set(found))
    errors = sum(1 for rule in found if rule == INTERNAL_ERROR)
    cases = [
        _case(path, rule, found[rule])
        if rule in found
        else f"    <testcase classname={_attr(path)} name={_attr(rule)}/>\n"
        for rule in rules
    ]
    head = (
        f'  <testsuite name={_attr(path)} tests="{len(rules)}" '
        f'failures="{len(found) - errors}" errors="{errors}">\n'
    )
    return head + "".join(cases) + "  </testsuite>\n"


class JunitFormatter(Formatter):
    needs_head = True  # the XML declaration and <testsuites> come before the first chunk
    needs_file = True  # every checked file has its suite, with the rules checked on it

    def chunk(
        self,
        diagnostics: Sequence[Diagnostic],
        source: str | None = None,
        file: FileContext | None = None,
    ) -> str:
        if file is not None and all(d.path == file.path for d in diagnostics):
            return _suite(file.path, list(diagnostics), file.rules)
        # no context, or a run that named a file twice (all its findings come at once)
        by_path = groupby(sorted(diagnostics, key=lambda d: d.path), key=lambda d: d.path)
        return "".join(_suite(path, list(found)) for path, found in by_path)

    def document(self, result: LintResult, chunks: Iterable[Chunk]) -> Iterator[str | Chunk]:
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="{TOOL_NAME}">\n'
        for chunk in chunks:
            if chunk:
                yield chunk
        if result.errors:
            cases = [
                f'    <testcase classname={_attr(error.path or TOOL_NAME)} name="error">\n'
                f'      <error message={_attr(str(error))} type="tool-error"/>\n'
                "    </testcase>\n"
                for error in result.errors
            ]
            yield (
                f'  <testsuite name="{TOOL_NAME}" tests="{len(cases)}" failures="0" '
                f'errors="{len(cases)}">\n' + "".join(cases) + "  </testsuite>\n"
            )
        yield "</testsuites>\n"


FORMATTER = JunitFormatter
