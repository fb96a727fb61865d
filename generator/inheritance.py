"""Whether a subclass may keep its base.

Each field it redefines must fit the inherited one, as mypy sees it.
"""

from __future__ import annotations

from generator import ir
from generator.ir import DictOf, EnumRef, ListOf, LiteralOf, ModelRef, Scalar, TypeRef, UnionOf, scalar
from generator.schema_facts import literal_kind


def overrides_fit(
    base: str, fields: tuple[ir.Field, ...], models: dict[str, ir.ModelDef], enums: dict[str, ir.EnumDef]
) -> bool:
    """Whether every field that redefines an inherited one keeps to its type and name.

    A base still being built (a cycle) cannot be checked and is trusted.
    """
    inherited: dict[str, ir.Field] = {}
    current: str | None = base
    while current is not None:
        if current not in models:
            return True
        for field in models[current].fields:
            inherited.setdefault(field.alias, field)
        current = models[current].base
    names = {field.name: field.alias for field in inherited.values()}
    for field in fields:
        if names.get(field.name, field.alias) != field.alias:
            return False
        if field.alias in inherited and not _assignable(
            field.type, inherited[field.alias].type, models, enums
        ):
            return False
    return True


def _assignable(
    source: TypeRef, target: TypeRef, models: dict[str, ir.ModelDef], enums: dict[str, ir.EnumDef]
) -> bool:
    """Whether a value typed `source` may stand where `target` is declared (as mypy sees it)."""
    if source == target or Scalar.ANY in (scalar(source), scalar(target)):
        return True
    if isinstance(source, UnionOf):
        return all(_assignable(member, target, models, enums) for member in source.members)
    if isinstance(target, UnionOf):
        return any(_assignable(source, member, models, enums) for member in target.members)
    if isinstance(source, ModelRef) and isinstance(target, ModelRef):
        return target.name in _ancestors(source.name, models)
    if isinstance(source, EnumRef) and source.name in enums:
        return scalar(target) is {"str": Scalar.STR, "int": Scalar.INT}.get(enums[source.name].base)
    if isinstance(source, LiteralOf):
        return scalar(target) is literal_kind(source.value)
    # Containers are invariant: only the same item type fits (or Any).
    if isinstance(source, ListOf) and isinstance(target, ListOf):
        return _same_or_any(source.item, target.item)
    if isinstance(source, DictOf) and isinstance(target, DictOf):
        return _same_or_any(source.value, target.value)
    return scalar(source) is Scalar.INT and scalar(target) is Scalar.FLOAT


def _same_or_any(source: TypeRef, target: TypeRef) -> bool:
    return source == target or Scalar.ANY in (scalar(source), scalar(target))


def _ancestors(name: str, models: dict[str, ir.ModelDef]) -> list[str]:
    found = []
    current: str | None = name
    while current is not None and current not in found:
        found.append(current)
        current = models[current].base if current in models else None
    return found
