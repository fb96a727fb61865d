"""A schema's `default` as Python source, where it is a value of the field's own type."""

from __future__ import annotations

from typing import Any

from generator import ir, literals
from generator.ir import DictOf, EnumRef, ListOf, Primitive, Scalar, TypeRef, UnionOf

_PRIMITIVE_KINDS: dict[Scalar, type | tuple[type, ...]] = {
    Scalar.STR: str,
    Scalar.INT: int,
    Scalar.FLOAT: (int, float),
    Scalar.BOOL: bool,
}


def default_literal(schema: Any, field_type: TypeRef, enums: dict[str, ir.EnumDef]) -> str | None:
    """The Python source of a schema's default, where it is a value of the field's own type.

    Primitives, listed enum members, and lists and maps of those (pydantic copies
    a mutable default for each instance). A default that does not fit is left
    out, as is one for a model: a wrong one would break every response without
    the field.
    """
    default = getattr(schema, "default", None)
    return None if default is None else _default_source(default, field_type, enums)


def _default_source(value: Any, type_ref: TypeRef, enums: dict[str, ir.EnumDef]) -> str | None:
    for member in type_ref.members if isinstance(type_ref, UnionOf) else (type_ref,):
        if isinstance(member, EnumRef) and member.name in enums:
            source = literals.python_literal(value)
            listed = next((m for m in enums[member.name].members if m.value == source), None)
            if listed is not None:
                return f"{member.name}.{listed.name}"
        elif isinstance(member, ListOf) and isinstance(value, list):
            items = [_default_source(item, member.item, enums) for item in value]
            if all(item is not None for item in items):
                return "[" + ", ".join(item for item in items if item is not None) + "]"
        elif isinstance(member, DictOf) and isinstance(value, dict):
            entries = {key: _default_source(item, member.value, enums) for key, item in value.items()}
            if all(item is not None for item in entries.values()):
                return (
                    "{"
                    + ", ".join(f"{literals.string_literal(key)}: {item}" for key, item in entries.items())
                    + "}"
                )
        elif not isinstance(member, Primitive):
            continue
        elif member.kind is Scalar.ANY and value is not None:
            return literals.python_literal(value)
        elif member.kind is Scalar.NONE and value is None:
            return "None"
        else:
            expected = _PRIMITIVE_KINDS.get(member.kind)
            if (
                expected is not None
                and isinstance(value, expected)
                and (member.kind is Scalar.BOOL or not isinstance(value, bool))
            ):
                return literals.python_literal(value)
    return None
