"""Schemas with `enum` values: open enums of text or integers; other values typed as what they are."""

from __future__ import annotations

from typing import Any

from generator import ir, naming, schema_facts
from generator.ir import EnumRef, Scalar, TypeRef, primitive
from generator.type_registry import TypeRegistry


def enum_base(schema: Any) -> str | None:
    values = [v for v in schema.enum if v is not None]
    if values and all(isinstance(v, str) for v in values):
        return "str"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "int"
    return None


def enum_type(
    registry: TypeRegistry, schema: Any, hint: str, pointer: str, fixed_name: str | None
) -> TypeRef:
    base = enum_base(schema)
    values = [v for v in schema.enum if v is not None]
    if base is None:
        # Mixed or unusual values: type them as their primitives.
        kinds = {bool: Scalar.BOOL, int: Scalar.INT, float: Scalar.FLOAT, str: Scalar.STR}
        return (
            ir.union(*(primitive(kinds.get(type(v), Scalar.ANY)) for v in values))
            if values
            else primitive(Scalar.NONE)
        )
    name = fixed_name or registry.class_names.claim(naming.class_name(hint))
    scope = naming.NameScope()
    members = []
    seen_values: set[object] = set()
    for value in values:
        if value in seen_values:
            continue
        seen_values.add(value)
        members.append(ir.EnumMember(scope.claim(naming.enum_member_name(value), "_"), value))
    registry.enums[name] = ir.EnumDef(name, schema_facts.description(schema), base, tuple(members), pointer)
    # The runtime's open enums accept a value added to the API later as an unlisted member.
    return EnumRef(name)
