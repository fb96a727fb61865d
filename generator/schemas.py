"""Schemas to types: the models, enums and aliases of the intermediate model.

Component schemas claim their class names first, in name order; inline object
schemas are hoisted to models named after where they sit (`Order` +
`lines` + item -> `OrderLinesItem`). Every schema is converted once per
pointer, which also ends recursion: a model being built is already known by
its name.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator import (
    constraints,
    defaults,
    discriminators,
    inheritance,
    ir,
    naming,
    pointers,
    schema_facts,
    type_spelling,
)
from generator.diagnostics import Diagnostics
from generator.ir import (
    AliasRef,
    DictOf,
    EnumRef,
    ListOf,
    ModelRef,
    Primitive,
    Scalar,
    Tagged,
    TypeRef,
    UnionOf,
    scalar,
)
from generator.openapi_models import v3_1
from generator.resolver import Resolver, is_reference

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
schema_facts.COMPONENT_PREFIX = "/components/schemas/"


class SchemaConverter:
    def __init__(self, resolver: Resolver, diagnostics: Diagnostics):
        self.resolver = resolver
        self.diagnostics = diagnostics
        self.class_names = naming.NameScope(naming.CLASS_RESERVED)
        self.component_names: dict[str, str] = {}
        self.by_pointer: dict[str, TypeRef] = {}
        self.in_progress: set[str] = set()
        self.models: dict[str, ir.ModelDef] = {}
        self.enums: dict[str, ir.EnumDef] = {}
        self.aliases: dict[str, ir.AliasDef] = {}
        self.constraints = constraints.ConstraintReader(resolver.source, diagnostics)
        # Polymorphic bases (an object schema with a discriminator) -> refs of their subtypes.
        self.subtypes: dict[str, list[str]] = {}
        # Their models, which subtypes inherit from; references elsewhere get the tagged union.
        self.base_models: dict[str, ModelRef] = {}

    # Components

    def convert_components(self) -> None:
        components = self.resolver.document.components
        schemas = (components.schemas if components else None) or {}
        for name in sorted(schemas):
            self.component_names[schema_facts.COMPONENT_PREFIX + pointers.escape_token(name)] = (
                self.class_names.claim(naming.class_name(name))
            )
        self.subtypes = schema_facts.subtypes(schemas)
        for name in sorted(schemas):
            self.type_for_ref("#" + schema_facts.COMPONENT_PREFIX + pointers.escape_token(name), name)

    # Any schema

    def type_for(self, node: Any, hint: str, pointer: str) -> TypeRef:
        if is_reference(node):
            return self.type_for_ref(node.ref, hint, pointer)
        if node is None or node is True:
            return Primitive(Scalar.ANY)
        if pointer in self.by_pointer:
            return self.by_pointer[pointer]
        converted = self._convert(node, hint, pointer)
        self.by_pointer[pointer] = converted
        return converted

    def type_for_ref(self, ref: str, hint: str = "", at: str = "") -> TypeRef:
        pointer = ref[1:]
        if pointer in self.by_pointer:
            return self.by_pointer[pointer]
        if pointer in self.in_progress:
            name = self.component_names.get(pointer)
            if name is not None and not is_reference(self.resolver.lookup(ref, at)):
                # A component alias met again while it is being built refers to itself by name.
                return AliasRef(name)
            return self._through_itself(ref)
        target = self.resolver.lookup(ref, at)
        name = self.component_names.get(pointer)
        is_component = name is not None
        if name is None:
            name = naming.class_name(schema_facts.name_in(pointer) or hint)
        if is_reference(target):
            self.in_progress.add(pointer)
            try:
                converted = self.type_for_ref(target.ref, name, pointer)
            finally:
                self.in_progress.discard(pointer)
            if is_component:
                self._add_alias(name, "", converted, pointer)
            self.by_pointer[pointer] = converted
            return converted
        shape = self._shape(target)
        if not is_component and shape != "alias":
            name = self.class_names.claim(name)
        if shape == "model":
            placeholder: TypeRef = ModelRef(name)
            if schema_facts.is_nullable(target):
                placeholder = ir.optional(placeholder)
            self.by_pointer[pointer] = placeholder
        self.in_progress.add(pointer)
        try:
            converted = self._convert(target, name, pointer, fixed_name=name)
        finally:
            self.in_progress.discard(pointer)
        if is_component and shape == "alias" and converted != ModelRef(name):
            converted = self._without_self_member(converted, name, ref)
            self._add_alias(name, schema_facts.description(target), converted, pointer)
        if pointer in self.subtypes and isinstance(converted, ModelRef):
            self.base_models[pointer] = converted
            converted = self._polymorphic(target, pointer, converted)
        self.by_pointer[pointer] = converted
        return converted

    def _polymorphic(self, schema: Any, pointer: str, base: ModelRef) -> TypeRef:
        """A base schema with a discriminator, where it is used: its subtypes, picked by tag.

        Subtypes are the schemas whose `allOf` names the base, and the mapping's
        targets; each is tagged as a union member would be (its schema name, by
        default). The base itself takes any other tag: it describes every subtype,
        those the API adds later too.
        """
        refs = self.subtypes[pointer]
        members = [v3_1.Reference.model_validate({"$ref": ref}) for ref in refs]
        try:
            discriminator = discriminators.discriminator_of(self.resolver, schema, members)
        except discriminators.NoTags as exc:
            return self._untagged(base, pointer, str(exc))
        assert discriminator is not None  # the schema has a discriminator and subtypes
        subtypes = [self.type_for_ref(ref) for ref in refs]
        if any(not isinstance(subtype, ModelRef) for subtype in subtypes):
            return self._untagged(base, pointer, "a subtype is not an object model")
        tagged = Tagged(
            name=self.class_names.claim("Any" + base.name),
            discriminator=discriminator.property_name,
            members=(*subtypes, base),
            tags=(*discriminator.tags, ()),
        )
        description = (
            f"A {base.name} of any kind:"
            f" the subtype its {discriminator.property_name!r} names, else {base.name}."
        )
        self._add_alias(tagged.name, description, tagged, pointer)
        return tagged

    def _add_alias(self, name: str, description: str, target: TypeRef, pointer: str) -> None:
        # An alias naming another alias may come before it, so it is defined lazily.
        lazy = any(
            isinstance(t, AliasRef) or (isinstance(t, Tagged) and t.name != name) for t in ir.walk(target)
        )
        self.aliases[name] = ir.AliasDef(name, description, target, pointer, lazy=lazy)

    def _through_itself(self, ref: str) -> TypeRef:
        self.diagnostics.warn(
            f"{ref} is defined through itself without an object in between; typed as Any",
            self.resolver.source.location(ref[1:]),
        )
        return Primitive(Scalar.ANY)

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

    def _shape(self, schema: Any) -> str:
        schema, _ = self.resolver.deref(schema)
        if schema.enum and self._enum_base(schema) is not None:
            return "enum"
        if self._union_members(schema):
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
        if len(parts) > 1 and not any(self._is_object_like(member) for _, member in parts):
            return parts[:1]
        return parts

    def _is_object_like(self, schema: Any) -> bool:
        return any(
            part.properties is not None or "object" in schema_facts.schema_types(part)
            for part in self.resolver.merged_parts(schema)
        )

    def _convert(self, schema: Any, hint: str, pointer: str, fixed_name: str | None = None) -> TypeRef:
        nullable = schema_facts.is_nullable(schema)
        converted = self._convert_non_null(schema, hint, pointer, fixed_name)
        if schema.discriminator is not None and isinstance(converted, UnionOf):
            # A nullable component's name belongs to its alias, `Name = Tagged | None`.
            own_name = None if nullable else fixed_name
            converted = self._tagged(
                schema, converted, hint + "Choice" if nullable else hint, pointer, own_name
            )
        return ir.optional(converted) if nullable else converted

    def _convert_non_null(self, schema: Any, hint: str, pointer: str, fixed_name: str | None) -> TypeRef:
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
            return self._enum(schema, hint, pointer, fixed_name)
        members = self._union_members(schema)
        if members:
            return ir.union(*self._member_types(members, hint, pointer))
        parts = self._all_of_parts(schema)
        if parts and not schema.properties:
            if len(parts) == 1:
                index, member = parts[0]
                return self.type_for(member, hint, f"{pointer}/allOf/{index}")
            return self._model(schema, hint, pointer, fixed_name)
        types = [t for t in schema_facts.schema_types(schema) if t != "null"]
        if schema.properties is not None and (not types or "object" in types):
            return self._model(schema, hint, pointer, fixed_name)
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
            return Primitive(Scalar.ANY) if not schema_facts.schema_types(schema) else Primitive(Scalar.NONE)
        return ir.union(*(self._typed(name, schema, hint, pointer) for name in types))

    def _typed(self, type_name: str, schema: Any, hint: str, pointer: str) -> TypeRef:
        typed = self._unconstrained(type_name, schema, hint, pointer)
        bounds = self.constraints.of(typed, schema, pointer)
        if bounds and isinstance(typed, (Primitive, ListOf)):
            return replace(typed, constraints=bounds)
        return typed

    def _unconstrained(self, type_name: str, schema: Any, hint: str, pointer: str) -> TypeRef:
        if type_name == "string":
            return Primitive(_STRING_FORMATS.get(schema.schema_format or "", Scalar.STR))
        if type_name == "number":
            is_decimal = schema.schema_format == "decimal"
            return Primitive(Scalar.DECIMAL if is_decimal else Scalar.FLOAT)
        if type_name == "array":
            items = schema.items
            if isinstance(items, list):  # 3.0 tuple form, rarely seen
                items = None
            item = (
                self.type_for(items, hint + "Item", pointer + "/items")
                if items is not None
                else Primitive(Scalar.ANY)
            )
            return ListOf(item)
        if type_name == "object":
            value = self._extra_type(schema, hint, pointer) or Primitive(Scalar.ANY)
            return DictOf(value)
        return Primitive(_SIMPLE_TYPES.get(type_name, Scalar.ANY))

    def _member_types(self, members: list[tuple[str, int, Any]], hint: str, pointer: str) -> list[TypeRef]:
        return [
            self.type_for(member, f"{hint}Option{index + 1}", f"{pointer}/{key}/{index}")
            for key, index, member in members
        ]

    def _tagged(
        self, schema: Any, converted: UnionOf, hint: str, pointer: str, own_name: str | None
    ) -> TypeRef:
        """The union as a tagged one, named as its alias.

        Unchanged when its members cannot be told apart by tag.
        """
        members = self._union_members(schema)
        try:
            discriminator = discriminators.discriminator_of(self.resolver, schema, [m for _, _, m in members])
        except discriminators.NoTags as exc:
            return self._untagged(converted, pointer, str(exc))
        assert discriminator is not None  # the caller saw a discriminator and members
        tagged: dict[TypeRef, tuple[str, ...]] = {}
        for member_type, tags in zip(self._member_types(members, hint, pointer), discriminator.tags):
            if not tags:
                continue
            if not isinstance(member_type, ModelRef):
                return self._untagged(
                    converted, pointer, f"{type_spelling.spell(member_type)} is not an object model"
                )
            if member_type in tagged:
                return self._untagged(converted, pointer, f"{member_type.name} is a member twice")
            tagged[member_type] = tags
        untagged = [member for member in converted.members if scalar(member) is Scalar.NONE]
        # With a `null` member the component's name is the alias `Name = Tagged | None`'s, as for nullable.
        is_component = own_name in self.component_names.values()
        name = own_name if is_component and not untagged else None
        result = Tagged(
            name=name
            or self.class_names.claim(
                naming.class_name(hint + "Choice" if is_component and untagged else hint)
            ),
            discriminator=discriminator.property_name,
            members=tuple(tagged),
            tags=tuple(tagged.values()),
        )
        if (
            name is None
        ):  # a component's alias is added by type_for_ref; the field holding this one has the text
            self._add_alias(result.name, "", result, pointer)
        return ir.union(result, *untagged)

    def _untagged(self, converted: TypeRef, pointer: str, reason: str) -> TypeRef:
        self.diagnostics.warn(
            f"discriminator not used ({reason}); members are told apart by validation",
            self.resolver.source.location(pointer),
        )
        return converted

    def _extra_type(self, schema: Any, hint: str, pointer: str) -> TypeRef | None:
        """The type of the values of properties not named: `additionalProperties`, else `patternProperties`.

        Pattern properties are taken to cover every other key, as people write them
        (the key patterns are not enforced). A 3.0 document has no patternProperties.
        """
        extra = schema.additionalProperties
        if extra not in (None, True, False):
            return self.type_for(extra, hint + "Value", pointer + "/additionalProperties")
        patterns = schema_facts.pattern_properties(schema)
        if not patterns or extra is True:
            return None
        return ir.union(
            *(
                self.type_for(
                    value, hint + "Value", f"{pointer}/patternProperties/{pointers.escape_token(key)}"
                )
                for key, value in patterns
            )
        )

    def _union_members(self, schema: Any) -> list[tuple[str, int, Any]]:
        found = []
        for key, members in (("oneOf", schema.oneOf), ("anyOf", schema.anyOf)):
            for index, member in enumerate(members or []):
                if not schema_facts.is_constraint_only(member):
                    found.append((key, index, member))
        return found

    # Enums

    def _enum_base(self, schema: Any) -> str | None:
        values = [v for v in schema.enum if v is not None]
        if values and all(isinstance(v, str) for v in values):
            return "str"
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return "int"
        return None

    def _enum(self, schema: Any, hint: str, pointer: str, fixed_name: str | None) -> TypeRef:
        base = self._enum_base(schema)
        values = [v for v in schema.enum if v is not None]
        if base is None:
            # Mixed or unusual values: type them as their primitives.
            kinds = {bool: Scalar.BOOL, int: Scalar.INT, float: Scalar.FLOAT, str: Scalar.STR}
            return (
                ir.union(*(Primitive(kinds.get(type(v), Scalar.ANY)) for v in values))
                if values
                else Primitive(Scalar.NONE)
            )
        name = fixed_name or self.class_names.claim(naming.class_name(hint))
        scope = naming.NameScope()
        members = []
        seen_values: set[object] = set()
        for value in values:
            if value in seen_values:
                continue
            seen_values.add(value)
            members.append(ir.EnumMember(scope.claim(naming.enum_member_name(value), "_"), value))
        self.enums[name] = ir.EnumDef(name, schema_facts.description(schema), base, tuple(members), pointer)
        # The runtime's open enums accept a value added to the API later as an unlisted member.
        return EnumRef(name)

    # Models

    def _model(self, schema: Any, hint: str, pointer: str, fixed_name: str | None) -> TypeRef:
        name = fixed_name or self.class_names.claim(naming.class_name(hint))
        ref = ModelRef(name)
        self.by_pointer.setdefault(pointer, ref)
        base, properties, required = self._collect(schema, pointer)
        fields = self._fields(properties, required, name)
        if base is not None and not inheritance.overrides_fit(base, fields, self.models, self.enums):
            # A subclass whose field would not fit its base's type is a flat model instead.
            base, properties, required = self._collect(schema, pointer, inherit=False)
            fields = self._fields(properties, required, name)
        extra_type = self._extra_type(schema, name, pointer)
        self.models[name] = ir.ModelDef(
            name=name,
            description=schema_facts.description(schema),
            fields=fields,
            base=base,
            extra_type=extra_type,
            pointer=pointer,
        )
        return ref

    def _fields(
        self, properties: dict[str, tuple[Any, str]], required: set[str], owner: str
    ) -> tuple[ir.Field, ...]:
        scope = naming.NameScope()
        return tuple(
            self._field(scope, wire_name, prop, prop_pointer, owner, wire_name in required)
            for wire_name, (prop, prop_pointer) in properties.items()
        )

    def _collect(
        self, schema: Any, pointer: str, inherit: bool = True, seen: frozenset[str] = frozenset()
    ) -> tuple[str | None, dict[str, tuple[Any, str]], set[str]]:
        """(base class, properties with their pointers, required names) of an object schema.

        `allOf` of one referenced model plus inline parts becomes a subclass (unless
        `inherit` is false); any other `allOf` is merged into one flat model. A part
        met again through a cycle of `allOf`s (`seen`) adds nothing new.
        """
        all_of = schema.allOf or []
        base = self._base_of(all_of, schema, pointer) if inherit else None
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
            _, member_properties, member_required = self._collect(
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

    def _base_of(self, all_of: list[Any], schema: Any, pointer: str) -> str | None:
        refs = [member for member in all_of if is_reference(member)]
        if len(refs) != 1 or schema.properties:
            return None
        inline = [member for member in all_of if not is_reference(member)]
        if any(self._shape(member) != "model" or member.allOf for member in inline):
            return None
        # A base is only clean when the subclass does not change the base's fields.
        inline_names = {name for member in inline for name in (member.properties or {})}
        if any(set(member.required or []) - inline_names for member in inline):
            return None
        if pointer in schema_facts.all_of_ancestry(self.resolver, refs[0].ref):
            return None  # a cycle of `allOf`s: a class cannot derive from one that derives from it
        base_type = self.type_for_ref(refs[0].ref)
        base_type = self.base_models.get(refs[0].ref[1:], base_type)
        if not isinstance(base_type, ModelRef):
            return None
        return base_type.name

    def _field(
        self, scope: naming.NameScope, wire_name: str, prop: Any, pointer: str, owner: str, required: bool
    ) -> ir.Field:
        python_name = scope.claim(naming.field_name(wire_name), "_")
        field_type = self.type_for(prop, owner + naming.pascal_case(wire_name), pointer)
        target, _ = self.resolver.deref(prop, pointer)
        default = defaults.default_value(target, field_type, self.enums) if not required else None
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
