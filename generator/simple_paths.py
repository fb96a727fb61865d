"""The JSONPath targets overlays use most, found without python-jsonpath.

Importing python-jsonpath compiles its lexer: 35 ms, a tenth of a small client's
whole `clientgen generate`. Overlay targets are nearly always a path of names
(`$.paths['/items'].get`), wildcards (`.*`, `[*]`) and an existence filter
(`[?@.responses]`); those are walked here, giving what python-jsonpath gives:
the same nodes in the same order, each with its keys and indexes from the root.
Any other expression returns None, and the caller asks python-jsonpath
(tests compare the two on every form handled here).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# One segment: a dotted name (RFC 9535's shorthand, ASCII only), a wildcard, a quoted name without
# escapes, or an existence filter on a child's member.
_SEGMENT = re.compile(
    r"""\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)"""
    r"""|(?P<wildcard>\.\*|\[\*\])"""
    r"""|\['(?P<single>[^'\\]*)'\]"""
    r"""|\["(?P<double>[^"\\]*)"\]"""
    r"""|\[\?@\.(?P<has>[A-Za-z_][A-Za-z0-9_]*)\]"""
)


@dataclass(frozen=True)
class Match:
    """A value a path found, and the path to it."""

    obj: Any
    parts: tuple[str | int, ...]


def find(expression: str, data: Any) -> list[Match] | None:
    """Every node `expression` selects in `data`, or None when it is not a form handled here."""
    if not expression.startswith("$"):
        return None
    segments: list[tuple[str, str]] = []
    position = 1
    while position < len(expression):
        segment = _SEGMENT.match(expression, position)
        if segment is None:
            return None
        kind = segment.lastgroup or ""
        segments.append((kind, segment.group(kind)))
        position = segment.end()
    found = [Match(data, ())]
    for kind, value in segments:
        found = [selected for match in found for selected in _select(match, kind, value)]
    return found


def _children(node: Any) -> Iterator[tuple[str | int, Any]]:
    if isinstance(node, dict):
        yield from node.items()
    elif isinstance(node, list):
        yield from enumerate(node)


def _select(match: Match, kind: str, value: str) -> Iterator[Match]:
    node = match.obj
    if kind == "wildcard":
        for key, child in _children(node):
            yield Match(child, (*match.parts, key))
    elif kind == "has":
        for key, child in _children(node):
            if isinstance(child, dict) and value in child:
                yield Match(child, (*match.parts, key))
    elif isinstance(node, dict) and value in node:  # a name, dotted or quoted
        yield Match(node[value], (*match.parts, value))
