"""Intermediate-model values as Python source: a field's default, an example call's argument.

Every text in a value came from the spec; it reaches the source only through
the `literals` conversions.
"""

from __future__ import annotations

import datetime
from typing import Any

from generator import ir, literals
from generator.ir import DictOf, EnumRef, JsonObject, ListOf, MemberOf, ModelRef, Scalar, TypeRef, Value


def source(value: Value) -> str:
    """Python source that evaluates to `value`; an enum member by its class and name (`Status.ACTIVE`)."""
    if isinstance(value, MemberOf):
        return f"{value.enum}.{value.member}"
    if isinstance(value, tuple):
        return "[" + ", ".join(source(item) for item in value) + "]"
    if isinstance(value, JsonObject):
        members = (f"{literals.string_literal(key)}: {source(item)}" for key, item in value.members)
        return "{" + ", ".join(members) + "}"
    return literals.python_literal(value)


def field_default(field: ir.Field) -> str | None:
    """The source of the value an omitted field takes; None for a required field, which has none."""
    return None if field.required else source(field.default)


def argument_source(argument: ir.ExampleArgument, modules: set[str] | None = None) -> str:
    """The example argument as written in a call; standard-library modules it needs go into `modules`."""
    return typed_literal(argument.type, ir.thaw(argument.value), set() if modules is None else modules)


def typed_literal(type_ref: TypeRef, value: Any, modules: set[str]) -> str:
    """Python source for the JSON value `value` as an argument of type `type_ref` (models via `models.`).

    Standard-library modules the source needs are added to `modules`.
    """
    member = ir.member_for_value(type_ref, value)
    kind = ir.scalar(member)
    if isinstance(member, ModelRef) and isinstance(value, dict):
        return f"models.{member.name}.model_validate({literals.python_literal(value)})"
    if isinstance(member, EnumRef) and isinstance(value, (str, int)) and not isinstance(value, bool):
        return f"models.{member.name}({literals.python_literal(value)})"
    if isinstance(member, ListOf) and isinstance(value, list):
        return "[" + ", ".join(typed_literal(member.item, item, modules) for item in value) + "]"
    if isinstance(member, DictOf) and isinstance(value, dict):
        items = (
            f"{literals.string_literal(str(k))}: {typed_literal(member.value, v, modules)}"
            for k, v in value.items()
        )
        return "{" + ", ".join(items) + "}"
    if isinstance(value, str):
        parsed = ir.parse_temporal(kind, value)
        if parsed is not None:
            modules.add("datetime")
            return _temporal_literal(parsed)
        if kind is Scalar.UUID:
            modules.add("uuid")
            return f"uuid.UUID({literals.string_literal(value)})"
        if kind is Scalar.DECIMAL:
            modules.add("decimal")
            return f"decimal.Decimal({literals.string_literal(value)})"
        if kind is Scalar.BYTES:
            return "b" + literals.string_literal(value)
    if kind is Scalar.DECIMAL and isinstance(value, (int, float)):
        modules.add("decimal")
        return f"decimal.Decimal({literals.string_literal(str(value))})"
    return literals.python_literal(value)


def _temporal_literal(value: datetime.date | datetime.time) -> str:
    if isinstance(value, datetime.datetime):
        parts = [value.year, value.month, value.day, value.hour, value.minute, value.second]
        zone = ", tzinfo=datetime.timezone.utc" if value.tzinfo is not None else ""
        return f"datetime.datetime({', '.join(map(str, parts))}{zone})"
    if isinstance(value, datetime.date):
        return f"datetime.date({value.year}, {value.month}, {value.day})"
    return f"datetime.time({value.hour}, {value.minute}, {value.second})"
