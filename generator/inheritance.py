"""Whether a subclass may keep its base.

Each field it redefines must fit the inherited one, as mypy sees it.
"""

from __future__ import annotations

from generator import ir
from generator.ir import TypeKind, TypeRef
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
    if source == target or target.kind is TypeKind.ANY or source.kind is TypeKind.ANY:
        return True
    if source.kind is TypeKind.UNION:
        return all(_assignable(member, target, models, enums) for member in source.args)
    if target.kind is TypeKind.UNION:
        return any(_assignable(source, member, models, enums) for member in target.args)
    if source.kind is TypeKind.MODEL and target.kind is TypeKind.MODEL:
        return target.name in _ancestors(source.name, models)
    if source.kind is TypeKind.ENUM and source.name in enums:
        return target.kind is {"str": TypeKind.STR, "int": TypeKind.INT}.get(enums[source.name].base)
    if source.kind is TypeKind.LITERAL:
        return target.kind is literal_kind(source.literal)
    # Containers are invariant: only the same item type fits (or Any, matched above).
    if source.kind is target.kind and source.kind in (TypeKind.LIST, TypeKind.DICT):
        return source.args[0] == target.args[0] or TypeKind.ANY in (source.args[0].kind, target.args[0].kind)
    return source.kind is TypeKind.INT and target.kind is TypeKind.FLOAT


def _ancestors(name: str, models: dict[str, ir.ModelDef]) -> list[str]:
    found = []
    current: str | None = name
    while current is not None and current not in found:
        found.append(current)
        current = models[current].base if current in models else None
    return found
