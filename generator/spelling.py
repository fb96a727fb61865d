"""The one door through which the views spell a type as Python source, and learn what that
spelling imports. Everything here defers to the intermediate model's own type spelling."""

from __future__ import annotations

from generator.imports import Import
from generator.ir import TypeKind, TypeRef

MODELS = "models."
# The kinds spelled by a name of the `models` package.
NAMED_KINDS = frozenset({TypeKind.MODEL, TypeKind.ENUM, TypeKind.ALIAS, TypeKind.TAGGED})


def annotation(type_ref: TypeRef, models_prefix: str = "", constrained: bool = False) -> str:
    """The type as Python source; `constrained` adds the bounds, as the models declare them."""
    return type_ref.annotation(models_prefix, constrained)


def standard_imports(type_ref: TypeRef, constrained: bool = False) -> frozenset[Import]:
    """The standard-library imports the type's spelling needs (not `models`, not pydantic)."""
    modules = type_ref.modules_constrained() if constrained else type_ref.modules()
    found = {Import("", module) for module in modules}
    return frozenset(found | {Import("typing", name) for name in type_ref.typing_names(constrained)})


def named_types(type_ref: TypeRef) -> frozenset[str]:
    """The names of the `models` package the spelling uses."""
    return frozenset(t.name for t in type_ref.walk() if t.kind in NAMED_KINDS)


def uses_models(type_ref: TypeRef) -> bool:
    return bool(named_types(type_ref))


def is_constrained(type_ref: TypeRef) -> bool:
    """Whether the constrained spelling carries bounds anywhere (`Field(...)` inside it)."""
    return type_ref.is_constrained()
