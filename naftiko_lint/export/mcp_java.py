"""The orders in which the engine's Java collections hand back what the MCP lists hold.

The engine builds some list entries in hash maps, so the JSON it writes follows Java's hash
order, not the declaration order: a tool's input property is a `java.util.HashMap`
(exposes/mcp/McpServerAdapter.buildMcpTool) and the prompts live in a
`java.util.concurrent.ConcurrentHashMap` keyed by name (exposes/mcp/PromptHandler), whose
`values()` is what `prompts/list` walks. An export that claims to be what the engine
advertises has to reproduce those orders, so they are computed here from Java's own
`String.hashCode` and the tables' growth rules (JDK 8 and later)."""

from __future__ import annotations

HASH_BITS = 0x7FFFFFFF  # ConcurrentHashMap.HASH_BITS
DEFAULT_CAPACITY = 16  # both maps' default table size
TREEIFY_THRESHOLD = 8
MIN_TREEIFY_CAPACITY = 64


def string_hash(text: str) -> int:
    """Java's `String.hashCode` (over UTF-16 code units) as an unsigned 32-bit int."""
    units = text.encode("utf-16-be", "surrogatepass")
    value = 0
    for i in range(0, len(units), 2):
        value = (31 * value + ((units[i] << 8) | units[i + 1])) & 0xFFFFFFFF
    return value


def _spread(text: str) -> int:
    value = string_hash(text)
    return value ^ (value >> 16)


def hashmap_order(keys: list[str]) -> list[str]:
    """The iteration order of a `new HashMap<>()` holding `keys` (distinct, at most 12, so
    the table keeps its 16 buckets): by bucket, then by insertion within a bucket."""
    mask = DEFAULT_CAPACITY - 1
    return [key for _, key in sorted(enumerate(keys), key=lambda p: (_spread(p[1]) & mask, p[0]))]


def _transfer(table: list[list[str]]) -> list[list[str]]:
    """ConcurrentHashMap.transfer, one thread: each bin splits into a low and a high bin;
    its last run of nodes bound for the same half keeps its order, the nodes before it are
    prepended one by one (so they come out reversed)."""
    n = len(table)
    grown: list[list[str]] = [[] for _ in range(2 * n)]
    for i, bin_ in enumerate(table):
        if not bin_:
            continue
        bits = [_spread(key) & HASH_BITS & n for key in bin_]
        last_run = 0
        for j in range(1, len(bin_)):
            if bits[j] != bits[last_run]:
                last_run = j
        low: list[str] = bin_[last_run:] if bits[last_run] == 0 else []
        high: list[str] = bin_[last_run:] if bits[last_run] != 0 else []
        for j in range(last_run):
            if bits[j] == 0:
                low.insert(0, bin_[j])
            else:
                high.insert(0, bin_[j])
        grown[i], grown[i + n] = low, high
    return grown


def _table_size_for(c: int) -> int:
    size = 1
    while size < c:
        size <<= 1
    return size


def concurrent_hashmap_order(keys: list[str]) -> list[str]:
    """The iteration order of a `new ConcurrentHashMap<>()` after `put(key, …)` of each of
    `keys` in turn (a repeated key keeps its first place; its value is replaced).

    Models putVal, addCount's resize at 3/4 full, and treeifyBin's presize of a table
    under 64 buckets when a bin held 8 nodes; a bin of 9 colliding names in a table of
    64 or more becomes a red-black tree, whose order is not modelled (no real set of
    prompt names comes near it)."""
    table: list[list[str]] = [[] for _ in range(DEFAULT_CAPACITY)]
    size_ctl = DEFAULT_CAPACITY - (DEFAULT_CAPACITY >> 2)
    count = 0
    for key in keys:
        bin_ = table[(_spread(key) & HASH_BITS) & (len(table) - 1)]
        if key in bin_:
            continue
        bin_.append(key)  # putVal's binCount is the number of nodes it walked past
        if len(bin_) - 1 >= TREEIFY_THRESHOLD and len(table) < MIN_TREEIFY_CAPACITY:
            wanted = _table_size_for(2 * len(table) + len(table) + 1)
            while wanted > size_ctl:
                table = _transfer(table)
                size_ctl = len(table) - (len(table) >> 2)
        count += 1
        while count >= size_ctl:
            table = _transfer(table)
            size_ctl = len(table) - (len(table) >> 2)
    return [key for bin_ in table for key in bin_]


def jackson_text(value: object) -> str | None:
    """What a Jackson `String` field holds for a YAML scalar: the text of a number or a
    boolean, None for null. (Jackson keeps a number's source spelling, which the parsed
    document no longer has; Python's spelling is the closest honest answer.)"""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def string_field(value: object) -> str | None:
    """A Jackson `String` field read from a YAML value; a mapping or list (which Jackson
    refuses, and the schema rejects) is treated as absent."""
    return None if isinstance(value, (dict, list)) else jackson_text(value)


def node_text(value: object) -> str:
    """`JsonNode.asText()`, as the engine's InputParameterDeserializer reads `name`,
    `type` and `description`: a container's text is empty, null's is "null"."""
    if isinstance(value, (dict, list)):
        return ""
    if value is None:
        return "null"
    text = jackson_text(value)
    return text if text is not None else "null"


def is_blank(text: str | None) -> bool:
    """`text == null || text.isBlank()` (Java's whitespace)."""
    return text is None or text.strip() == ""
