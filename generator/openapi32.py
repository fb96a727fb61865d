"""OpenAPI 3.2 read through the 3.1 models: what 3.2 adds, mapped or kept where the build looks for it.

The openapi-pydantic models stop at 3.1, and 3.2 changes little that they would
refuse: they keep unknown fields (`$self`, `itemSchema`, the `query` operation,
`additionalOperations`, a tag's `parent` and `kind`, a server's `name`) as
extras, which the build reads where it needs them. The one change they refuse is
the `querystring` parameter location: such a parameter is the whole query
string, which is exactly what a form-style, exploded `query` parameter of an
object sends, so it is rewritten as one (with a note saying so).
"""

from __future__ import annotations

import copy
from typing import Any

from generator import pointers

# 3.2's own operations: besides the eight methods 3.1 knows, `query`, and any method by name.
QUERY_METHOD = "query"


def as_31(data: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The document in the 3.1 shape, and (message, pointer) notes on what was rewritten."""
    notes: list[tuple[str, str]] = []
    rewritten = copy.deepcopy(data)
    _querystrings(rewritten, [], notes)
    return rewritten, notes


def _querystrings(node: Any, path: list[str], notes: list[tuple[str, str]]) -> None:
    if isinstance(node, dict):
        if node.get("in") == "querystring" and isinstance(node.get("name"), str):
            _as_query(node, pointers.join(*path), notes)
        for key, value in node.items():
            _querystrings(value, [*path, str(key)], notes)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _querystrings(value, [*path, str(index)], notes)


def _as_query(parameter: dict[str, Any], pointer: str, notes: list[tuple[str, str]]) -> None:
    content: dict[str, Any] = parameter.pop("content", None) or {}
    media, media_object = next(iter(content.items()), ("", None))
    if "schema" not in parameter:
        found = media_object.get("schema") if isinstance(media_object, dict) else None
        parameter["schema"] = found if found is not None else {"type": "object"}
    parameter.update({"in": "query", "style": "form", "explode": True})
    if media and media != "application/x-www-form-urlencoded":
        notes.append((f"querystring parameter sent form-encoded, not as {media}", pointer))
