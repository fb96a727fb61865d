"""A schema's `default`, where it is a value of the field's own type."""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.ir import DictOf, EnumRef, JsonObject, ListOf, MemberOf, Primitive, Scalar, TypeRef, UnionOf

_PRIMITIVE_KINDS: dict[Scalar, type | tuple[type, ...]] = {
    Scalar.STR: str,
    Scalar.INT: int,
    Scalar.FLOAT: (int, float),
    Scalar.BOOL: bool,
}


class _Unfit:
    """A default that is not a value of the type."""


_UNFIT = _Unfit()


def default_value(schema: Any, field_type: TypeRef, enums: dict[str, ir.EnumDef]) -> ir.Value:
    """A schema's default, where it is a value of the field's own type; else None.

    Primitives, listed enum members, and lists and maps of those (pydantic copies
    a mutable default for each instance). A default that does not fit is left
    out, as is one for a model: a wrong one would break every response without
    the field.
    """
    default = schema.default
    fitted = None if default is None else _fitted(default, field_type, enums)
    return None if isinstance(fitted, _Unfit) else fitted


def _fitted(value: Any, type_ref: TypeRef, enums: dict[str, ir.EnumDef]) -> ir.Value | _Unfit:
    for member in type_ref.members if isinstance(type_ref, UnionOf) else (type_ref,):
        if isinstance(member, EnumRef) and member.name in enums:
            listed = next((m for m in enums[member.name].members if _same(m.value, value)), None)
            if listed is not None:
                return MemberOf(member.name, listed.name)
        elif isinstance(member, ListOf) and isinstance(value, list):
            items = [_fitted(item, member.item, enums) for item in value]
            if not any(isinstance(item, _Unfit) for item in items):
                return tuple(item for item in items if not isinstance(item, _Unfit))
        elif isinstance(member, DictOf) and isinstance(value, dict):
            entries = [(str(key), _fitted(item, member.value, enums)) for key, item in value.items()]
            if not any(isinstance(item, _Unfit) for _, item in entries):
                return JsonObject(tuple((key, item) for key, item in entries if not isinstance(item, _Unfit)))
        elif not isinstance(member, Primitive):
            continue
        elif member.kind is Scalar.ANY and value is not None:
            return ir.freeze(value)
        elif member.kind is Scalar.NONE and value is None:
            return None
        else:
            expected = _PRIMITIVE_KINDS.get(member.kind)
            if (
                expected is not None
                and isinstance(value, expected)
                and (member.kind is Scalar.BOOL or not isinstance(value, bool))
            ):
                return ir.freeze(value)
    return _UNFIT


def _same(listed: str | int, value: Any) -> bool:
    """Whether a default is the listed enum value (True is not 1, as their Python sources differ)."""
    return type(value) is type(listed) and value == listed
