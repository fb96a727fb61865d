"""OpenAPI 3.0 in the 3.1 shape, so that one set of models (openapi-pydantic's 3.1) reads every document.

Two schema keywords changed meaning between the versions, and are rewritten:
`nullable: true` beside a `type` becomes "null" among the `type`s, and a
boolean `exclusiveMinimum`/`exclusiveMaximum` becomes the bound itself, as 3.1
writes it. Everything else 3.0 says, 3.1 says alike (`example` stays a
deprecated keyword of 3.1). One idiom has no 3.1 keyword: `nullable: true`
without a `type` (`allOf: [$ref], nullable: true`, "that, or null"); it stays,
and the 3.1 models keep it as an unknown keyword for the build to read (many
3.1 documents write it too).

Values that are data (examples, defaults, enums, extensions) are left alone:
an example object may well have a property called `nullable`.
"""

from __future__ import annotations

from typing import Any

from generator.ref_sites import LITERAL_KEYS

# Data, not schemas: an Example object's `value` and a map of examples too.
_DATA_KEYS = LITERAL_KEYS | {"examples", "value"}


def as_31(data: dict[str, Any], version: tuple[int, int]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The document in the 3.1 shape (only the containers rewritten are copied), and (message, pointer)
    notes on what was left out."""
    rewritten = _rewritten(data)
    assert isinstance(rewritten, dict)
    if version == (3, 0) and "webhooks" in rewritten:
        rewritten = {key: value for key, value in rewritten.items() if key != "webhooks"}
        return rewritten, [("webhooks are an OpenAPI 3.1 feature; ignored in this 3.0 document", "/webhooks")]
    return rewritten, []


def schema_as_31(node: Any) -> Any:
    """One schema (and the schemas inside it) in the 3.1 shape."""
    return _rewritten(node)


def _rewritten(node: Any) -> Any:
    if type(node) is dict:
        return _rewritten_dict(node)
    return _rewritten_list(node) if type(node) is list else node


# Written for speed (a large document has a million nodes): containers only are visited, and a
# container is copied only where something inside it changed.
def _rewritten_dict(node: dict[Any, Any]) -> dict[Any, Any]:
    changed: dict[Any, Any] | None = None
    for key, value in node.items():
        kind = type(value)
        if (kind is dict or kind is list) and key not in _DATA_KEYS and not str(key).startswith("x-"):
            new = _rewritten_dict(value) if kind is dict else _rewritten_list(value)
            if new is not value:
                changed = {} if changed is None else changed
                changed[key] = new
    if ("nullable" in node or "exclusiveMinimum" in node or "exclusiveMaximum" in node) and _is_30_schema(
        node
    ):
        return _schema_31({**node, **(changed or {})})
    return {**node, **changed} if changed else node


def _rewritten_list(node: list[Any]) -> list[Any]:
    items = [_rewritten(item) for item in node]
    return node if all(new is old for new, old in zip(items, node)) else items


def _is_30_schema(node: dict[str, Any]) -> bool:
    return (
        (isinstance(node.get("nullable"), bool) and ("type" in node or not node["nullable"]))
        or isinstance(node.get("exclusiveMinimum"), bool)
        or isinstance(node.get("exclusiveMaximum"), bool)
    )


def _schema_31(schema: dict[str, Any]) -> dict[str, Any]:
    declared = schema.get("type")
    nullable = schema.get("nullable")
    if nullable is False or (nullable is True and declared is not None):
        del schema["nullable"]
    if nullable is True and declared is not None:
        types = list(declared) if isinstance(declared, list) else [declared]
        schema["type"] = types if "null" in types else [*types, "null"]
    for exclusive, inclusive in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        flag = schema.get(exclusive)
        if isinstance(flag, bool):
            # 3.0's `exclusiveMinimum: true` makes `minimum` exclusive; 3.1 gives the bound itself.
            del schema[exclusive]
        if flag is True and inclusive in schema:
            schema[exclusive] = schema.pop(inclusive)
    return schema
