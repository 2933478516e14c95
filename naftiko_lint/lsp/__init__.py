"""`naftiko-lint lsp`: the language server (pygls over stdio).

It reports what `check` reports on the same text and configuration, offers the rules' fixes
as code actions, explains rules on hover, and navigates `call` and `ref` values. The parts:

    positions   our 1-based code-point positions <-> LSP positions in the negotiated encoding
    linting     one lint of an editor buffer, never raising, with the files it depends on
    convert     Diagnostic -> LSP diagnostic (related locations, docs link)
    rule_docs   a rule's page as hover markdown, and its docs address
    nodes       the JSON pointer of the node under the cursor
    navigation  hover on `call`/`ref`, go-to-definition (also into imported files)
    completion  `call`/`ref` targets and `with` keys
    actions     quick fixes and "fix all" as workspace edits
    store       the open documents, their last lint and who imports what
    server      the pygls wiring: debounced diagnostics, dependents, every handler guarded

Nothing here is imported by `check`: pygls and lsprotocol load only for this command."""
