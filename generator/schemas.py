"""Schemas to types: the models, enums and aliases of the intermediate model.

Component schemas claim their class names first, in name order; inline object
schemas are hoisted to models named after where they sit (`Order` +
`lines` + item -> `OrderLinesItem`). Every schema is converted once per
pointer, which also ends recursion: a model being built is already known by
its name. This module follows references and picks the kind of a schema; each
kind is converted by its own module (`schema_models`, `schema_unions`,
`schema_enums`, `schema_json_types`), and every named type is kept by the
`type_registry`.
"""

from __future__ import annotations

import weakref
from typing import Any, cast

from generator import (
    constraints,
    ir,
    naming,
    pointers,
    schema_enums,
    schema_facts,
    schema_json_types,
    type_spelling,
)
from generator.diagnostics import Diagnostics
from generator.ir import AliasRef, ModelRef, Scalar, TypeRef, UnionOf, primitive, scalar
from generator.resolver import Resolver, is_reference
from generator.schema_models import ModelConverter
from generator.schema_unions import UnionConverter, union_members
from generator.type_registry import Converting, TypeRegistry

schema_facts.COMPONENT_PREFIX = "/components/schemas/"


class SchemaConverter:
    """Any schema to its type: named ones by the registry, each kind of schema by its own module."""

    def __init__(self, resolver: Resolver, diagnostics: Diagnostics):
        self.resolver = resolver
        self.diagnostics = diagnostics
        self.registry = TypeRegistry()
        self.constraints = constraints.ConstraintReader(resolver.source, diagnostics)
        # Called back through a weak proxy: no cycle, so the raw document is freed without the collector.
        converting = cast(Converting, weakref.proxy(self))
        self.unions = UnionConverter(converting, self.registry, resolver, diagnostics)
        self.model_converter = ModelConverter(converting, self.registry, resolver)

    @property
    def models(self) -> dict[str, ir.ModelDef]:
        return self.registry.models

    @property
    def enums(self) -> dict[str, ir.EnumDef]:
        return self.registry.enums

    @property
    def aliases(self) -> dict[str, ir.AliasDef]:
        return self.registry.aliases

    def convert_components(self) -> None:
        components = self.resolver.document.components
        schemas = (components.schemas if components else None) or {}
        for name in sorted(schemas):
            self.registry.component_names[schema_facts.COMPONENT_PREFIX + pointers.escape_token(name)] = (
                self.registry.class_names.claim(naming.class_name(name))
            )
        self.registry.subtypes = schema_facts.subtypes(schemas)
        for name in sorted(schemas):
            self.type_for_ref("#" + schema_facts.COMPONENT_PREFIX + pointers.escape_token(name), name)

    def type_for(self, node: Any, hint: str, pointer: str) -> TypeRef:
        if is_reference(node):
            return self.type_for_ref(node.ref, hint, pointer)
        if node is None or node is True:
            return primitive(Scalar.ANY)
        if pointer in self.registry.by_pointer:
            return self.registry.by_pointer[pointer]
        converted = self._convert(node, hint, pointer)
        self.registry.by_pointer[pointer] = converted
        return converted

    def type_for_ref(self, ref: str, hint: str = "", at: str = "") -> TypeRef:
        pointer = ref[1:]
        if pointer in self.registry.by_pointer:
            return self.registry.by_pointer[pointer]
        if pointer in self.registry.in_progress:
            name = self.registry.component_names.get(pointer)
            if name is not None and not is_reference(self.resolver.lookup(ref, at)):
                # A component alias met again while it is being built refers to itself by name.
                return AliasRef(name)
            return self._through_itself(ref)
        target = self.resolver.lookup(ref, at)
        name = self.registry.component_names.get(pointer)
        is_component = name is not None
        if name is None:
            name = naming.class_name(schema_facts.name_in(pointer) or hint)
        if is_reference(target):
            self.registry.in_progress.add(pointer)
            try:
                converted = self.type_for_ref(target.ref, name, pointer)
            finally:
                self.registry.in_progress.discard(pointer)
            if is_component:
                self.registry.add_alias(name, "", converted, pointer)
            self.registry.by_pointer[pointer] = converted
            return converted
        shape = self.shape(target)
        if not is_component and shape != "alias":
            name = self.registry.class_names.claim(name)
        if shape == "model":
            placeholder: TypeRef = ModelRef(name)
            if schema_facts.is_nullable(target):
                placeholder = ir.optional(placeholder)
            self.registry.by_pointer[pointer] = placeholder
        self.registry.in_progress.add(pointer)
        try:
            converted = self._convert(target, name, pointer, fixed_name=name)
        finally:
            self.registry.in_progress.discard(pointer)
        if is_component and shape == "alias" and converted != ModelRef(name):
            converted = self._without_self_member(converted, name, ref)
            self.registry.add_alias(name, schema_facts.description(target), converted, pointer)
        if pointer in self.registry.subtypes and isinstance(converted, ModelRef):
            self.registry.base_models[pointer] = converted
            converted = self.unions.polymorphic(target, pointer, converted)
        self.registry.by_pointer[pointer] = converted
        return converted

    def _through_itself(self, ref: str) -> TypeRef:
        self.diagnostics.warn(
            f"{ref} is defined through itself without an object in between; typed as Any",
            self.resolver.source.location(ref[1:]),
        )
        return primitive(Scalar.ANY)

    def _without_self_member(self, converted: TypeRef, name: str, ref: str) -> TypeRef:
        """`A = A | str` says no more than `A = str`; only a container may hold `A` itself."""
        itself = AliasRef(name)
        members = converted.members if isinstance(converted, UnionOf) else (converted,)
        if itself not in members:
            return converted
        rest = [member for member in members if member != itself]
        if all(scalar(member) is Scalar.NONE for member in rest):
            return ir.union(self._through_itself(ref), *rest)
        return ir.union(*rest)

    def shape(self, schema: Any) -> str:
        schema, _ = self.resolver.deref(schema)
        if schema.enum and schema_enums.enum_base(schema) is not None:
            return "enum"
        if union_members(schema):
            return "alias"
        if schema.properties is not None:
            return "model"
        return "model" if len(self._all_of_parts(schema)) > 1 else "alias"

    def _all_of_parts(self, schema: Any) -> list[tuple[int, Any]]:
        """The `allOf` members that say something about the type.

        `allOf: [{$ref: X}, {description: ...}]` is a common way to annotate a
        reference; that is X, not a merged model. So is an `allOf` whose parts
        are not objects.
        """
        parts = [
            (index, member)
            for index, member in enumerate(schema.allOf or [])
            if not schema_facts.is_constraint_only(member)
        ]
        objects = (schema_facts.is_object_like(self.resolver, member) for _, member in parts)
        if len(parts) > 1 and not any(objects):
            return parts[:1]
        return parts

    def _convert(self, schema: Any, hint: str, pointer: str, fixed_name: str | None = None) -> TypeRef:
        declared = schema_facts.schema_types(schema)
        nullable = schema_facts.is_nullable(schema, declared)
        converted = self._convert_non_null(schema, hint, pointer, fixed_name, declared)
        if schema.discriminator is not None and isinstance(converted, UnionOf):
            # A nullable component's name belongs to its alias, `Name = Tagged | None`.
            own_name = None if nullable else fixed_name
            converted = self.unions.tagged(
                schema, converted, hint + "Choice" if nullable else hint, pointer, own_name
            )
        return ir.optional(converted) if nullable else converted

    def _convert_non_null(
        self, schema: Any, hint: str, pointer: str, fixed_name: str | None, declared: list[str]
    ) -> TypeRef:
        """The schema's type but for null; `declared`: its `schema_types`."""
        if schema.schema_not is not None:
            self.diagnostics.warn("'not' is not enforced", self.resolver.source.location(pointer))
        const = schema.const
        if const is not None:
            typed, plain = schema_facts.const_type(const)
            if plain:
                self.diagnostics.warn(
                    f"const {schema_facts.short_json(const)} cannot be a Literal;"
                    f" typed as {type_spelling.spell(typed)}, "
                    "the value not enforced",
                    self.resolver.source.location(pointer),
                )
            return typed
        if schema.enum:
            return schema_enums.enum_type(self.registry, schema, hint, pointer, fixed_name)
        members = union_members(schema)
        if members:
            return ir.union(*self.unions.member_types(members, hint, pointer))
        parts = self._all_of_parts(schema)
        if parts and not schema.properties:
            if len(parts) == 1:
                index, member = parts[0]
                return self.type_for(member, hint, f"{pointer}/allOf/{index}")
            return self.model_converter.model(schema, hint, pointer, fixed_name)
        types = [t for t in declared if t != "null"]
        if schema.properties is not None and (not types or "object" in types):
            return self.model_converter.model(schema, hint, pointer, fixed_name)
        if not types:
            if schema.items is not None:
                types = ["array"]
            elif schema.additionalProperties not in (
                None,
                False,
                True,
            ) or schema_facts.pattern_properties(schema):
                types = ["object"]
        if not types:
            return primitive(Scalar.ANY) if not declared else primitive(Scalar.NONE)
        return ir.union(
            *(schema_json_types.typed(self, self.constraints, name, schema, hint, pointer) for name in types)
        )

    def extra_type(self, schema: Any, hint: str, pointer: str) -> TypeRef | None:
        return schema_json_types.extra_type(self, schema, hint, pointer)
