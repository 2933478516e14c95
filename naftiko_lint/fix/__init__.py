"""Mechanical repairs: a finding's Fix (diagnostics.Fix) applied to a file's text.

    data.py         what an Edit means on plain JSON data (the reference)
    api.py          the API: apply_edits(text, edits), fix_text(text, path, ...) -> FixResult
    text_edit.py    apply_edits: YAML through ruamel.yaml's round trip, JSON as JSON, the
                    result checked against data.py's meaning before it is given back
    yaml_edit.py    pointers resolved in the round-trip tree, values written in the file's style
    preserve.py     only the changed lines carried onto the original (the rest byte for byte)
    layout.py       BOM, line endings, final newline, indentation of the file
    rounds.py       lint, apply the non-conflicting fixes, lint again (at most 10 rounds)
    replacement.py  a fix as one scalar's new text, when certain (SARIF `fixes`)
    diff.py / write.py   --diff's unified diff; the atomic write of --fix

ruamel.yaml is imported by text_edit.py (so by api.py) only: `check` without --fix, and the
formatters (replacement.py), never load it."""
