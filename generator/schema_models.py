"""Object schemas to models: their fields, and the base class an `allOf` of one model gives them.

`allOf` of one referenced model plus inline parts becomes a subclass, when the
subclass keeps to its base's fields; any other `allOf` is merged into one flat
model.
"""

from __future__ import annotations

from typing import Any

from generator import defaults, inheritance, ir, naming, pointers, schema_facts
from generator.ir import ModelRef, TypeRef
from generator.resolver import Resolver, is_reference
from generator.type_registry import Converting, TypeRegistry


class ModelConverter:
    def __init__(self, converter: Converting, registry: TypeRegistry, resolver: Resolver):
        self.converter = converter
        self.registry = registry
        self.resolver = resolver

    def model(self, schema: Any, hint: str, pointer: str, fixed_name: str | None) -> TypeRef:
        name = fixed_name or self.registry.class_names.claim(naming.class_name(hint))
        ref = ModelRef(name)
        self.registry.by_pointer.setdefault(pointer, ref)
        base, properties, required = self.collect(schema, pointer)
        fields = self.fields(properties, required, name)
        if base is not None and not inheritance.overrides_fit(
            base, fields, self.registry.models, self.registry.enums
        ):
            # A subclass whose field would not fit its base's type is a flat model instead.
            base, properties, required = self.collect(schema, pointer, inherit=False)
            fields = self.fields(properties, required, name)
        extra_type = self.converter.extra_type(schema, name, pointer)
        self.registry.models[name] = ir.ModelDef(
            name=name,
            description=schema_facts.description(schema),
            fields=fields,
            base=base,
            extra_type=extra_type,
            pointer=pointer,
        )
        return ref

    def fields(
        self, properties: dict[str, tuple[Any, str]], required: set[str], owner: str
    ) -> tuple[ir.Field, ...]:
        scope = naming.NameScope()
        return tuple(
            self.field(scope, wire_name, prop, prop_pointer, owner, wire_name in required)
            for wire_name, (prop, prop_pointer) in properties.items()
        )

    def collect(
        self, schema: Any, pointer: str, inherit: bool = True, seen: frozenset[str] = frozenset()
    ) -> tuple[str | None, dict[str, tuple[Any, str]], set[str]]:
        """(base class, properties with their pointers, required names) of an object schema.

        `allOf` of one referenced model plus inline parts becomes a subclass (unless
        `inherit` is false); any other `allOf` is merged into one flat model. A part
        met again through a cycle of `allOf`s (`seen`) adds nothing new.
        """
        all_of = schema.allOf or []
        base = self.base_of(all_of, schema, pointer) if inherit else None
        properties: dict[str, tuple[Any, str]] = {}
        required: set[str] = set()
        seen = seen | {pointer}
        for index, member in enumerate(all_of):
            member_pointer = f"{pointer}/allOf/{index}"
            if base is not None and is_reference(member):
                continue
            target, ref = self.resolver.deref(member, member_pointer)
            target_pointer = ref[1:] if ref else member_pointer
            if target_pointer in seen:
                continue
            _, member_properties, member_required = self.collect(
                target, target_pointer, inherit=False, seen=seen
            )
            properties.update(member_properties)
            required |= member_required
        for wire_name, prop in (schema.properties or {}).items():
            properties[wire_name] = (prop, f"{pointer}/properties/{pointers.escape_token(wire_name)}")
        required |= set(schema.required or [])
        for alternatives in (schema.oneOf or [], schema.anyOf or []):
            # `oneOf: [{required: [x]}]` has one way to be valid: x is required.
            if len(alternatives) == 1 and schema_facts.is_constraint_only(alternatives[0]):
                required |= set(alternatives[0].required or [])
        return base, properties, required

    def base_of(self, all_of: list[Any], schema: Any, pointer: str) -> str | None:
        refs = [member for member in all_of if is_reference(member)]
        if len(refs) != 1 or schema.properties:
            return None
        inline = [member for member in all_of if not is_reference(member)]
        if any(self.converter.shape(member) != "model" or member.allOf for member in inline):
            return None
        # A base is only clean when the subclass does not change the base's fields.
        inline_names = {name for member in inline for name in (member.properties or {})}
        if any(set(member.required or []) - inline_names for member in inline):
            return None
        if pointer in schema_facts.all_of_ancestry(self.resolver, refs[0].ref):
            return None  # a cycle of `allOf`s: a class cannot derive from one that derives from it
        base_type = self.converter.type_for_ref(refs[0].ref)
        base_type = self.registry.base_models.get(refs[0].ref[1:], base_type)
        if not isinstance(base_type, ModelRef):
            return None
        return base_type.name

    def field(
        self, scope: naming.NameScope, wire_name: str, prop: Any, pointer: str, owner: str, required: bool
    ) -> ir.Field:
        python_name = scope.claim(naming.field_name(wire_name), "_")
        field_type = self.converter.type_for(prop, owner + naming.pascal_case(wire_name), pointer)
        target, _ = self.resolver.deref(prop, pointer)
        default = defaults.default_value(target, field_type, self.registry.enums) if not required else None
        if not required:
            field_type = ir.optional(field_type)
        return ir.Field(
            name=python_name,
            alias=wire_name,
            type=field_type,
            required=required,
            default=default,
            description=schema_facts.description(target) or schema_facts.description(prop),
            read_only=bool(target.readOnly),
            write_only=bool(target.writeOnly),
        )
