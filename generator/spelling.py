"""The one door through which the views spell a type as Python source (by `type_spelling`), and
learn what that spelling imports, as `Import` values."""

from __future__ import annotations

import functools

from generator import ir, type_spelling
from generator.imports import Import
from generator.ir import TypeRef

MODELS = "models."
# What a type imports and names depends on its kinds and names alone, never on how a bound is
# written (1 or 1.0, equal values): so these are kept by equal type, as the views ask them of
# the same field types again and again. Bounded, for a process that renders many documents.
_KEPT_TYPES = 1 << 15


def annotation(type_ref: TypeRef, models_prefix: str = "", constrained: bool = False) -> str:
    """The type as Python source; `constrained` adds the bounds, as the models declare them."""
    alike, spelled = _kept_annotation(type_ref, models_prefix, constrained)
    return spelled if alike else type_spelling.spell(type_ref, models_prefix, constrained)


@functools.lru_cache(maxsize=_KEPT_TYPES)
def _kept_annotation(type_ref: TypeRef, models_prefix: str, constrained: bool) -> tuple[bool, str]:
    """The spelling of the first of the equal types asked for, and whether it is every one's."""
    return spelled_alike_when_equal(type_ref), type_spelling.spell(type_ref, models_prefix, constrained)


@functools.lru_cache(maxsize=_KEPT_TYPES)
def spelled_alike_when_equal(type_ref: TypeRef) -> bool:
    """Whether every type equal to this one is written as it is, so a spelling may be kept per equal
    type: not where a bound or a literal is a number, as 1 == 1.0 == True (`ge=1` is not `ge=1.0`)."""
    for part in ir.walk(type_ref):
        if isinstance(part, ir.LiteralOf) and not isinstance(part.value, str):
            return False
        bounds = ir.constraints_of(part)
        if bounds and any(
            value is not None
            for value in (bounds.min_length, bounds.max_length, bounds.gt, bounds.ge, bounds.lt, bounds.le)
        ):
            return False
        if bounds.multiple_of is not None:
            return False
    return True


@functools.lru_cache(maxsize=_KEPT_TYPES)
def standard_imports(type_ref: TypeRef, constrained: bool = False) -> frozenset[Import]:
    """The standard-library imports the type's spelling needs (not `models`, not pydantic)."""
    found = {Import("", module) for module in type_spelling.standard_modules(type_ref, constrained)}
    typing = type_spelling.typing_names(type_ref, constrained)
    return frozenset(found | {Import("typing", name) for name in typing})


@functools.lru_cache(maxsize=_KEPT_TYPES)
def named_types(type_ref: TypeRef) -> frozenset[str]:
    """The names of the `models` package the spelling uses."""
    return ir.names_in(type_ref)


def uses_models(type_ref: TypeRef) -> bool:
    return any(isinstance(t, ir.NAMED_TYPES) for t in ir.walk(type_ref))


@functools.lru_cache(maxsize=_KEPT_TYPES)
def is_constrained(type_ref: TypeRef) -> bool:
    """Whether the constrained spelling carries bounds anywhere (`Field(...)` inside it)."""
    return ir.is_constrained(type_ref)


@functools.lru_cache(maxsize=_KEPT_TYPES)
def is_optional(type_ref: TypeRef) -> bool:
    """Whether None is one of the type's values."""
    return ir.is_optional(type_ref)
