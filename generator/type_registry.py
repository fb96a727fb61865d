"""Every named type of the intermediate model, in one place: class names are claimed here, each
schema is converted once per pointer (which also ends recursion: a model being built is already known
by its name), and models, enums and aliases are kept here as they are made."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from generator import ir, naming
from generator.ir import AliasRef, ModelRef, Tagged, TypeRef


class Converting(Protocol):
    """What the modules converting one kind of schema ask of the converter, for the schemas inside."""

    def type_for(self, node: Any, hint: str, pointer: str) -> TypeRef: ...

    def type_for_ref(self, ref: str, hint: str = "", at: str = "") -> TypeRef: ...

    def shape(self, schema: Any) -> str: ...

    def extra_type(self, schema: Any, hint: str, pointer: str) -> TypeRef | None: ...


class TypeRegistry:
    def __init__(self) -> None:
        self.class_names = naming.NameScope(naming.CLASS_RESERVED)
        self.component_names: dict[str, str] = {}  # component schema pointer -> its class name
        self.by_pointer: dict[str, TypeRef] = {}  # each schema's type, once converted
        self.in_progress: set[str] = set()  # pointers being converted: met again, a cycle
        self.models: dict[str, ir.ModelDef] = {}
        self.enums: dict[str, ir.EnumDef] = {}
        self.aliases: dict[str, ir.AliasDef] = {}
        # Polymorphic bases (an object schema with a discriminator) -> refs of their subtypes.
        self.subtypes: dict[str, list[str]] = {}
        # Their models, which subtypes inherit from; references elsewhere get the tagged union.
        self.base_models: dict[str, ModelRef] = {}

    def add_alias(self, name: str, description: str, target: TypeRef, pointer: str) -> None:
        # An alias naming another alias may come before it, so it is defined lazily.
        lazy = any(
            isinstance(t, AliasRef) or (isinstance(t, Tagged) and t.name != name) for t in ir.walk(target)
        )
        self.aliases[name] = ir.AliasDef(name, description, target, pointer, lazy=lazy)


def enclosing_names(declared_at: Mapping[str, str]) -> dict[str, str]:
    """Each named type's enclosing one, from where the spec declares them (name -> pointer): the
    type declared at the longest pointer that holds this one's, if any (`.../Pet` holds
    `.../Pet/properties/tags/items`)."""
    by_pointer = {pointer: name for name, pointer in declared_at.items() if pointer}
    enclosing: dict[str, str] = {}
    for name, pointer in declared_at.items():
        end = pointer.rfind("/")
        while end > 0:
            holder = by_pointer.get(pointer[:end])
            if holder is not None and holder != name:
                enclosing[name] = holder
                break
            end = pointer.rfind("/", 0, end)
    return enclosing
