"""What a schema says, read without converting it: its types, nullability, subtypes, names."""

from __future__ import annotations

import json
from typing import Any

import pydantic

from generator import pointers
from generator.ir import DictOf, ListOf, LiteralOf, Scalar, TypeRef, primitive
from generator.openapi_models import v3_1
from generator.resolver import Resolver, is_reference

COMPONENT_PREFIX = "/components/schemas/"


def schema_types(schema: v3_1.Schema) -> list[str]:
    """The declared `type`s of a schema, "null" included: also where 3.0's `nullable` stands without
    a type (the one 3.0 idiom validate leaves as it is)."""
    # `_value_` and `__pydantic_extra__` are what `.value` and `.model_extra` read, without the
    # descriptors' calls: this is asked of every schema, two or three times.
    declared = schema.type
    if declared is None:
        names = []
    else:
        names = [kind._value_ for kind in declared] if isinstance(declared, list) else [declared._value_]
    extra = schema.__pydantic_extra__
    if extra and extra.get("nullable") is True and "null" not in names:
        names.append("null")
    return names


def is_nullable(schema: Any, types: list[str] | None = None) -> bool:
    """Whether null is one of its values; `types`: its `schema_types`, when known already."""
    return "null" in (schema_types(schema) if types is None else types) or None in (schema.enum or ())


def is_object_like(resolver: Resolver, schema: Any) -> bool:
    """Whether it, or a schema its `allOf` merges in, declares an object."""
    parts = resolver.merged_parts(schema)
    return any(part.properties is not None or "object" in schema_types(part) for part in parts)


def is_constraint_only(schema: v3_1.Schema | v3_1.Reference) -> bool:
    """A oneOf member like `{required: [a]}` says which fields, not what type."""
    if isinstance(schema, v3_1.Reference):
        return False
    said = (
        schema.type,
        schema.properties,
        schema.items,
        schema.allOf,
        schema.oneOf,
        schema.anyOf,
        schema.enum,
    )
    return not any(said) and not schema.const


def subtypes(schemas: dict[str, Any]) -> dict[str, list[str]]:
    """Polymorphic bases -> the refs of their subtypes, by name.

    A base is an object schema with a discriminator and no `oneOf`/`anyOf` of its
    own; its subtypes name it in their `allOf`, or its mapping names them.
    """
    bases = {
        COMPONENT_PREFIX + pointers.escape_token(name): schema
        for name, schema in schemas.items()
        if schema.discriminator is not None
        and schema.properties is not None
        and not (schema.oneOf or schema.anyOf)
    }
    found: dict[str, set[str]] = {pointer: set() for pointer in bases}
    for name, schema in schemas.items():
        ref = "#" + COMPONENT_PREFIX + pointers.escape_token(name)
        for member in schema.allOf or []:
            if is_reference(member) and member.ref[1:] in found and member.ref != ref:
                found[member.ref[1:]].add(ref)
    for pointer, schema in bases.items():
        for target in (schema.discriminator.mapping or {}).values():
            ref = target if target.startswith("#") else "#" + COMPONENT_PREFIX + pointers.escape_token(target)
            if (
                ref[1:] != pointer
                and ref[1:].startswith(COMPONENT_PREFIX)
                and pointers.split(ref)[-1] in schemas
            ):
                found[pointer].add(ref)
    return {pointer: sorted(refs) for pointer, refs in found.items() if refs}


def short_json(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


def name_in(pointer: str) -> str:
    """A name for the schema at a pointer: its key, or its list and index (`codes/0` -> `codes0`)."""
    tokens = pointers.split(pointer)
    if len(tokens) > 1 and tokens[-1].isdigit():
        return tokens[-2] + tokens[-1]
    return tokens[-1] if tokens else ""


def pattern_properties(schema: Any) -> list[tuple[str, Any]]:
    patterns = schema.patternProperties
    if not isinstance(patterns, dict):
        return []
    # A 3.0 document's patternProperties is an unknown keyword, kept as plain data: not a schema here.
    return [(key, value) for key, value in patterns.items() if isinstance(value, pydantic.BaseModel)]


def literal_kind(value: str | int | bool) -> Scalar:
    """The primitive type of a `Literal[...]` value."""
    if isinstance(value, bool):
        return Scalar.BOOL
    return Scalar.STR if isinstance(value, str) else Scalar.INT


def description(schema: v3_1.Schema | v3_1.Reference) -> str:
    if isinstance(schema, v3_1.Reference):
        return schema.description or ""
    return schema.description or schema.title or ""


def const_type(value: Any) -> tuple[TypeRef, bool]:
    """`Literal[value]` where Python's Literal can hold it (text, integers, booleans), else its plain
    type; and whether it is the plain type (the value then not enforced)."""
    if isinstance(value, (str, int)):  # bool is an int
        return LiteralOf(value), False
    plain_types: dict[type, TypeRef] = {
        float: primitive(Scalar.FLOAT),
        list: ListOf(primitive(Scalar.ANY)),
        dict: DictOf(primitive(Scalar.ANY)),
    }
    return plain_types.get(type(value), primitive(Scalar.ANY)), True


def all_of_ancestry(resolver: Resolver, ref: str) -> set[str]:
    """The pointers of the schema `ref` names and of every schema its `allOf`s reference, transitively."""
    found: set[str] = set()
    pending = [ref]
    while pending:
        current = pending.pop()
        if current[1:] in found:
            continue
        found.add(current[1:])
        target, _ = resolver.deref(resolver.lookup(current))
        pending.extend(member.ref for member in target.allOf or [] if is_reference(member))
    return found
