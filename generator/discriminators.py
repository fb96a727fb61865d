"""Which member of a discriminated `oneOf`/`anyOf` each tag value picks.

A member's tags come from the discriminator's `mapping` first. A member the
mapping leaves out is, by the OpenAPI text, tagged with its schema's name; but
real documents (OpenAI's among them) leave out the mapping because each member
declares its tag itself, as a `const` or `enum` on the discriminator property,
and their servers send those values. So a member's own declared values come
before its schema name: a client that refused every real response would be of
no use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator import pointers
from generator.resolver import Resolver, is_reference

_COMPONENT_PREFIX = "#/components/schemas/"


class NoTags(Exception):
    """The members cannot all be told apart by tag; the reason says why."""


@dataclass(frozen=True)
class Discriminator:
    """The property that tells a union's members apart, and each member's values of it."""

    property_name: str
    tags: tuple[tuple[str, ...], ...]  # the tag values of each member, in the members' order; () for null

    def first_tag(self, members: list[Any]) -> tuple[Any, str] | None:
        """The first member that has a tag, with its first tag."""
        return next(((m, t[0]) for m, t in zip(members, self.tags) if t), None)


def discriminator_of(resolver: Resolver, schema: Any, members: list[Any]) -> Discriminator | None:
    """The tags of `members` (the union's members, as written), or None without a discriminator.

    A `{type: "null"}` member takes no tag. Raises NoTags when another member has
    none or a tag names two members.
    """
    declared = schema.discriminator
    if declared is None or not members:
        return None
    property_name = declared.propertyName
    mapped: dict[str, list[str]] = {}
    for value, target in (declared.mapping or {}).items():
        ref = target if target.startswith("#") else _COMPONENT_PREFIX + pointers.escape_token(target)
        mapped.setdefault(ref, []).append(value)
    tags: list[tuple[str, ...]] = []
    owners: dict[str, int] = {}
    for index, member in enumerate(members):
        if _is_null(resolver, member):
            tags.append(())
            continue
        ref = member.ref if is_reference(member) else ""
        values = mapped.get(ref) or _declared_values(resolver, member, property_name)
        if not values and ref.startswith(_COMPONENT_PREFIX):
            values = [pointers.split(ref)[-1]]
        if not values:
            raise NoTags(f"member {index + 1} has no value for {property_name!r}")
        for value in values:
            if owners.setdefault(value, index) != index:
                raise NoTags(f"the value {value!r} of {property_name!r} names two members")
        tags.append(tuple(dict.fromkeys(values)))
    return Discriminator(property_name, tuple(tags))


def _declared_values(resolver: Resolver, member: Any, property_name: str) -> list[str]:
    """The string values a member's own schema allows for the property: its `const` or `enum`."""
    for part in resolver.merged_parts(member):
        prop = (part.properties or {}).get(property_name)
        if prop is None:
            continue
        prop, _ = resolver.deref(prop)
        const = prop.const
        if isinstance(const, str):
            return [const]
        values = [value for value in prop.enum or [] if isinstance(value, str)]
        if values:
            return values
    return []


def _is_null(resolver: Resolver, member: Any) -> bool:
    declared = resolver.deref(member)[0].type
    kinds = declared if isinstance(declared, list) else [declared]
    return [kind.value if kind is not None else None for kind in kinds] == ["null"]
