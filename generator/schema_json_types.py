"""A schema's value of one JSON type (string, number, integer, boolean, null, array, object) as a type."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator import ir, pointers, schema_facts
from generator.constraints import ConstraintReader
from generator.ir import DictOf, ListOf, Primitive, Scalar, TypeRef, primitive
from generator.type_registry import Converting

_STRING_FORMATS = {
    "date-time": Scalar.DATETIME,
    "date": Scalar.DATE,
    "time": Scalar.TIME,
    "uuid": Scalar.UUID,
    "binary": Scalar.BYTES,
    "decimal": Scalar.DECIMAL,
}
_SIMPLE_TYPES = {
    "integer": Scalar.INT,
    "boolean": Scalar.BOOL,
    "null": Scalar.NONE,
}


def typed(
    converter: Converting, bounds: ConstraintReader, type_name: str, schema: Any, hint: str, pointer: str
) -> TypeRef:
    """The type of a schema's value of one JSON type (`type: [string, integer]` has two), with its bounds."""
    typed = _unconstrained(converter, type_name, schema, hint, pointer)
    found = bounds.of(typed, schema, pointer)
    if found and isinstance(typed, (Primitive, ListOf)):
        return replace(typed, constraints=found)
    return typed


def _unconstrained(converter: Converting, type_name: str, schema: Any, hint: str, pointer: str) -> TypeRef:
    if type_name == "string":
        return primitive(_STRING_FORMATS.get(schema.schema_format or "", Scalar.STR))
    if type_name == "number":
        is_decimal = schema.schema_format == "decimal"
        return primitive(Scalar.DECIMAL if is_decimal else Scalar.FLOAT)
    if type_name == "array":
        items = schema.items
        if isinstance(items, list):  # 3.0 tuple form, rarely seen
            items = None
        item = (
            converter.type_for(items, hint + "Item", pointer + "/items")
            if items is not None
            else primitive(Scalar.ANY)
        )
        return ListOf(item)
    if type_name == "object":
        value = converter.extra_type(schema, hint, pointer) or primitive(Scalar.ANY)
        return DictOf(value)
    return primitive(_SIMPLE_TYPES.get(type_name, Scalar.ANY))


def extra_type(converter: Converting, schema: Any, hint: str, pointer: str) -> TypeRef | None:
    """The type of the values of properties not named: `additionalProperties`, else `patternProperties`.

    Pattern properties are taken to cover every other key, as people write them
    (the key patterns are not enforced). A 3.0 document has no patternProperties.
    """
    extra = schema.additionalProperties
    if extra not in (None, True, False):
        return converter.type_for(extra, hint + "Value", pointer + "/additionalProperties")
    patterns = schema_facts.pattern_properties(schema)
    if not patterns or extra is True:
        return None
    return ir.union(
        *(
            converter.type_for(
                value, hint + "Value", f"{pointer}/patternProperties/{pointers.escape_token(key)}"
            )
            for key, value in patterns
        )
    )
