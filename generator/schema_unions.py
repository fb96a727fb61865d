"""Unions of schemas (`oneOf`, `anyOf`) and the discriminators that tell their members apart.

A union with a discriminator whose members are object models becomes a tagged
union, named as its alias; a polymorphic base (an object schema with a
discriminator that other schemas name in their `allOf`) stands for its
subtypes, picked by tag.
"""

from __future__ import annotations

from typing import Any

from generator import discriminators, ir, naming, type_spelling
from generator.diagnostics import Diagnostics
from generator.ir import ModelRef, Scalar, Tagged, TypeRef, UnionOf, scalar
from generator.openapi_models import v3_1
from generator.resolver import Resolver
from generator.schema_facts import is_constraint_only
from generator.type_registry import Converting, TypeRegistry


def union_members(schema: Any) -> list[tuple[str, int, Any]]:
    """(keyword, index, member) of the `oneOf` and `anyOf` members that say what type a value is."""
    found = []
    for key, members in (("oneOf", schema.oneOf), ("anyOf", schema.anyOf)):
        for index, member in enumerate(members or []):
            if not is_constraint_only(member):
                found.append((key, index, member))
    return found


class UnionConverter:
    def __init__(
        self, converter: Converting, registry: TypeRegistry, resolver: Resolver, diagnostics: Diagnostics
    ):
        self.converter = converter
        self.registry = registry
        self.resolver = resolver
        self.diagnostics = diagnostics

    def member_types(self, members: list[tuple[str, int, Any]], hint: str, pointer: str) -> list[TypeRef]:
        return [
            self.converter.type_for(member, f"{hint}Option{index + 1}", f"{pointer}/{key}/{index}")
            for key, index, member in members
        ]

    def tagged(
        self, schema: Any, converted: UnionOf, hint: str, pointer: str, own_name: str | None
    ) -> TypeRef:
        """The union as a tagged one, named as its alias.

        Unchanged when its members cannot be told apart by tag.
        """
        members = union_members(schema)
        try:
            discriminator = discriminators.discriminator_of(self.resolver, schema, [m for _, _, m in members])
        except discriminators.NoTags as exc:
            return self.untagged(converted, pointer, str(exc))
        assert discriminator is not None  # the caller saw a discriminator and members
        tagged: dict[TypeRef, tuple[str, ...]] = {}
        for member_type, tags in zip(self.member_types(members, hint, pointer), discriminator.tags):
            if not tags:
                continue
            if not isinstance(member_type, ModelRef):
                return self.untagged(
                    converted, pointer, f"{type_spelling.spell(member_type)} is not an object model"
                )
            if member_type in tagged:
                return self.untagged(converted, pointer, f"{member_type.name} is a member twice")
            tagged[member_type] = tags
        untagged = [member for member in converted.members if scalar(member) is Scalar.NONE]
        # With a `null` member the component's name is the alias `Name = Tagged | None`'s, as for nullable.
        is_component = own_name in self.registry.component_names.values()
        name = own_name if is_component and not untagged else None
        result = Tagged(
            name=name
            or self.registry.class_names.claim(
                naming.class_name(hint + "Choice" if is_component and untagged else hint)
            ),
            discriminator=discriminator.property_name,
            members=tuple(tagged),
            tags=tuple(tagged.values()),
        )
        if (
            name is None
        ):  # a component's alias is added by type_for_ref; the field holding this one has the text
            self.registry.add_alias(result.name, "", result, pointer)
        return ir.union(result, *untagged)

    def polymorphic(self, schema: Any, pointer: str, base: ModelRef) -> TypeRef:
        """A base schema with a discriminator, where it is used: its subtypes, picked by tag.

        Subtypes are the schemas whose `allOf` names the base, and the mapping's
        targets; each is tagged as a union member would be (its schema name, by
        default). The base itself takes any other tag: it describes every subtype,
        those the API adds later too.
        """
        refs = self.registry.subtypes[pointer]
        members = [v3_1.Reference.model_validate({"$ref": ref}) for ref in refs]
        try:
            discriminator = discriminators.discriminator_of(self.resolver, schema, members)
        except discriminators.NoTags as exc:
            return self.untagged(base, pointer, str(exc))
        assert discriminator is not None  # the schema has a discriminator and subtypes
        subtypes = [self.converter.type_for_ref(ref) for ref in refs]
        if any(not isinstance(subtype, ModelRef) for subtype in subtypes):
            return self.untagged(base, pointer, "a subtype is not an object model")
        tagged = Tagged(
            name=self.registry.class_names.claim("Any" + base.name),
            discriminator=discriminator.property_name,
            members=(*subtypes, base),
            tags=(*discriminator.tags, ()),
        )
        description = (
            f"A {base.name} of any kind:"
            f" the subtype its {discriminator.property_name!r} names, else {base.name}."
        )
        self.registry.add_alias(tagged.name, description, tagged, pointer)
        return tagged

    def untagged(self, converted: TypeRef, pointer: str, reason: str) -> TypeRef:
        self.diagnostics.warn(
            f"discriminator not used ({reason}); members are told apart by validation",
            self.resolver.source.location(pointer),
        )
        return converted
