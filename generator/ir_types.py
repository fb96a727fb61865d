"""The intermediate model's types: one frozen dataclass per kind of type, and queries over them.

`TypeRef` is their union. How a type is written in Python is the view layer's
business (`type_spelling`); this module says only what the type is.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from typing import Any


class Scalar(enum.Enum):
    """A type with no parts, as JSON Schema's types and formats map onto Python."""

    STR = "str"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    DATETIME = "datetime"
    DATE = "date"
    TIME = "time"
    UUID = "uuid"
    DECIMAL = "decimal"
    BYTES = "bytes"
    FILE = "file"  # an upload: a file name, its content and media type
    ANY = "any"
    NONE = "none"


Number = int | float


class _Node:
    """A frozen type whose hash is worked out once: the views look types up by the ten thousand,
    and a dataclass's own hash walks every part of the type each time."""

    def _kept_hash(self) -> int:
        try:
            return self.__dict__["_hash"]  # type: ignore[no-any-return]
        except KeyError:
            found = hash(tuple(self.__dict__[name] for name in self.__dataclass_fields__))  # type: ignore[attr-defined]
            object.__setattr__(self, "_hash", found)
            return found

    def __getstate__(self) -> dict[str, object]:
        # Not carried to another process: hashes of text differ from one process to the next.
        return {name: value for name, value in self.__dict__.items() if name != "_hash"}


@dataclass(frozen=True)
class Constraints(_Node):
    """A value's validation bounds, as JSON Schema states them; None where there is none.

    Lengths count characters of a string or items of a list.
    """

    __hash__ = _Node._kept_hash

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None  # a search, as in JSON Schema
    gt: Number | None = None
    ge: Number | None = None
    lt: Number | None = None
    le: Number | None = None
    multiple_of: Number | None = None

    def __bool__(self) -> bool:
        return self is not NO_CONSTRAINTS and any(
            value is not None
            for value in (
                self.min_length,
                self.max_length,
                self.pattern,
                self.gt,
                self.ge,
                self.lt,
                self.le,
                self.multiple_of,
            )
        )


NO_CONSTRAINTS = Constraints()


@dataclass(frozen=True)
class Primitive(_Node):
    """A scalar type; strings and numbers may carry bounds."""

    __hash__ = _Node._kept_hash
    kind: Scalar
    constraints: Constraints = NO_CONSTRAINTS  # strings and numbers only


@dataclass(frozen=True)
class ModelRef(_Node):
    """A model, by its name."""

    __hash__ = _Node._kept_hash
    name: str  # a ModelDef's name


@dataclass(frozen=True)
class EnumRef(_Node):
    """An enum, by its name."""

    __hash__ = _Node._kept_hash
    name: str  # an EnumDef's name


@dataclass(frozen=True)
class AliasRef(_Node):
    """A named alias by its name: how a recursive alias refers to itself."""

    __hash__ = _Node._kept_hash

    name: str


@dataclass(frozen=True)
class ListOf(_Node):
    """An array of one item type."""

    __hash__ = _Node._kept_hash
    item: TypeRef
    constraints: Constraints = NO_CONSTRAINTS  # item counts


@dataclass(frozen=True)
class DictOf(_Node):
    """An object with arbitrary keys (text) and values of one type."""

    __hash__ = _Node._kept_hash

    value: TypeRef


@dataclass(frozen=True)
class UnionOf(_Node):
    """Two or more members, flattened, without repeats, None last; build with `union()`."""

    __hash__ = _Node._kept_hash

    members: tuple[TypeRef, ...]


@dataclass(frozen=True)
class Tagged(_Node):
    """A union whose members are told apart by a property: named, as its alias."""

    __hash__ = _Node._kept_hash

    name: str  # the alias that declares it
    discriminator: str  # the wire name of the property that tells members apart
    members: tuple[TypeRef, ...]
    tags: tuple[tuple[str, ...], ...]  # per member, the property's values that pick it


@dataclass(frozen=True)
class LiteralOf(_Node):
    """Exactly one value (a schema's `const`)."""

    __hash__ = _Node._kept_hash

    value: str | int | bool


TypeRef = Primitive | ModelRef | EnumRef | AliasRef | ListOf | DictOf | UnionOf | Tagged | LiteralOf
NAMED_TYPES = (ModelRef, EnumRef, AliasRef, Tagged)
_PLAIN = {kind: Primitive(kind) for kind in Scalar}
_LEAVES = frozenset({Primitive, ModelRef, EnumRef, AliasRef, LiteralOf})


def primitive(kind: Scalar, constraints: Constraints = NO_CONSTRAINTS) -> Primitive:
    """A primitive type; an unconstrained one is shared. The views' caches compare types by the ten
    thousand, and a comparison of two unions of shared parts ends at the parts, found identical."""
    return Primitive(kind, constraints) if constraints else _PLAIN[kind]


def scalar(type_ref: TypeRef) -> Scalar | None:
    """The kind of a primitive; None for every other type."""
    return type_ref.kind if isinstance(type_ref, Primitive) else None


def parts(type_ref: TypeRef) -> tuple[TypeRef, ...]:
    """The types directly inside this one."""
    if isinstance(type_ref, ListOf):
        return (type_ref.item,)
    if isinstance(type_ref, DictOf):
        return (type_ref.value,)
    if isinstance(type_ref, (UnionOf, Tagged)):
        return type_ref.members
    return ()


def walk(type_ref: TypeRef) -> list[TypeRef]:
    """This type and every type inside it."""
    if type(type_ref) in _LEAVES:  # most types walked: asked before `parts` looks at its kinds
        return [type_ref]
    found = [type_ref]
    for part in parts(type_ref):
        found.extend(walk(part))
    return found


def names_in(*type_refs: TypeRef) -> frozenset[str]:
    """The names of the named types these types refer to, at any depth."""
    return frozenset(
        part.name for type_ref in type_refs for part in walk(type_ref) if isinstance(part, NAMED_TYPES)
    )


def constraints_of(type_ref: TypeRef) -> Constraints:
    return type_ref.constraints if isinstance(type_ref, (Primitive, ListOf)) else NO_CONSTRAINTS


def is_constrained(type_ref: TypeRef) -> bool:
    return any(constraints_of(t) for t in walk(type_ref))


def is_optional(type_ref: TypeRef) -> bool:
    return scalar(type_ref) is Scalar.NONE or (
        isinstance(type_ref, UnionOf) and any(scalar(member) is Scalar.NONE for member in type_ref.members)
    )


def member_for_tag(tagged: Tagged, tag: object) -> TypeRef | None:
    """The member a value of the discriminator property picks.

    Other values pick the fallback: the member without tags.
    """
    members = list(zip(tagged.members, tagged.tags))
    chosen = next((member for member, tags in members if tag in tags), None)
    return chosen or next((member for member, tags in members if not tags), None)


def union(*members: TypeRef) -> TypeRef:
    """A flattened union without repeats; a single member is itself. A tagged union stays whole."""
    flat: list[TypeRef] = []
    for member in members:
        for part in member.members if isinstance(member, UnionOf) else (member,):
            if part not in flat:
                flat.append(part)
    if any(scalar(part) is Scalar.ANY for part in flat):
        nullable = any(scalar(part) is Scalar.NONE for part in flat)
        flat = [_PLAIN[Scalar.ANY], _PLAIN[Scalar.NONE]] if nullable else [_PLAIN[Scalar.ANY]]
    # None last reads naturally: `X | None`.
    flat.sort(key=lambda part: scalar(part) is Scalar.NONE)
    if len(flat) == 1:
        return flat[0]
    return _union_of(tuple(flat))


_NONE = _PLAIN[Scalar.NONE]
# Unions of plain primitives (`str | None`: three of four unions in GitHub's API) are shared too,
# as the primitives are: kept by their members, which live as long as the process.
_PLAIN_IDS = frozenset(id(plain) for plain in _PLAIN.values())
_PLAIN_UNIONS: dict[tuple[TypeRef, ...], UnionOf] = {}


def _union_of(members: tuple[TypeRef, ...]) -> UnionOf:
    for member in members:
        if id(member) not in _PLAIN_IDS:
            return UnionOf(members)
    found = _PLAIN_UNIONS.get(members)
    if found is None:
        found = _PLAIN_UNIONS[members] = UnionOf(members)
    return found


def optional(inner: TypeRef) -> TypeRef:
    if isinstance(inner, UnionOf) or (
        isinstance(inner, Primitive) and inner.kind in (Scalar.NONE, Scalar.ANY)
    ):
        return union(inner, _NONE)
    # What `union` makes of it, without its search (a field in two is optional).
    return _union_of((inner, _NONE))


def member_for_value(type_ref: TypeRef, value: Any) -> TypeRef:
    """The union member a JSON value is meant for; the type itself when it is not a union."""
    if isinstance(type_ref, Tagged):
        tag = value.get(type_ref.discriminator) if isinstance(value, dict) else None
        return member_for_tag(type_ref, tag) or type_ref.members[0]
    if not isinstance(type_ref, UnionOf):
        return type_ref
    for member in type_ref.members:
        if _matches(value, member):
            return member_for_value(member, value)
    return type_ref.members[0]


def _matches(value: Any, member: TypeRef) -> bool:
    if isinstance(member, AliasRef):  # a recursive alias, not resolved here: any value may be meant for it
        return True
    kind = scalar(member)
    if isinstance(value, dict):
        return isinstance(member, (ModelRef, Tagged, DictOf)) or kind is Scalar.ANY
    if isinstance(value, list):
        return isinstance(member, ListOf) or kind is Scalar.ANY
    if isinstance(value, bool):
        return kind in (Scalar.BOOL, Scalar.ANY)
    if isinstance(value, int):
        return isinstance(member, EnumRef) or kind in (Scalar.INT, Scalar.FLOAT, Scalar.DECIMAL, Scalar.ANY)
    if isinstance(value, float):
        return kind in (Scalar.FLOAT, Scalar.DECIMAL, Scalar.ANY)
    if isinstance(value, str):
        return not isinstance(member, (ModelRef, Tagged, DictOf, ListOf)) and kind not in (
            Scalar.NONE,
            Scalar.INT,
            Scalar.FLOAT,
            Scalar.BOOL,
        )
    return kind is Scalar.NONE


def parse_temporal(kind: Scalar | None, text: str) -> datetime.date | datetime.time | None:
    """The date, time or date-time a text stands for, for those kinds; None for any other text."""
    try:
        if kind is Scalar.DATETIME:
            return datetime.datetime.fromisoformat(text)
        if kind is Scalar.DATE:
            return datetime.date.fromisoformat(text)
        if kind is Scalar.TIME:
            return datetime.time.fromisoformat(text)
    except ValueError:
        return None
    return None
