"""How an intermediate-model type is written in generated Python, and what that writing needs imported.

`spell` writes the annotation; `constrained=True` adds the bounds the way
models declare them (`Annotated[str, Field(max_length=3)]`). `standard_modules`
and `typing_names` say what the spelling uses from the standard library and
from `typing`.
"""

from __future__ import annotations

import functools

from pydantic_core import SchemaError, SchemaValidator, core_schema

from generator import literals
from generator.ir import (
    AliasRef,
    Constraints,
    DictOf,
    EnumRef,
    ListOf,
    LiteralOf,
    ModelRef,
    Primitive,
    Scalar,
    Tagged,
    TypeRef,
    UnionOf,
    constraints_of,
    walk,
)

_SCALARS = {
    Scalar.STR: "str",
    Scalar.INT: "int",
    Scalar.FLOAT: "float",
    Scalar.BOOL: "bool",
    Scalar.DATETIME: "datetime.datetime",
    Scalar.DATE: "datetime.date",
    Scalar.TIME: "datetime.time",
    Scalar.UUID: "uuid.UUID",
    Scalar.DECIMAL: "decimal.Decimal",
    Scalar.BYTES: "bytes",
    Scalar.FILE: "FileContent",
    Scalar.ANY: "Any",
    Scalar.NONE: "None",
}
_MODULES = {
    Scalar.DATETIME: "datetime",
    Scalar.DATE: "datetime",
    Scalar.TIME: "datetime",
    Scalar.UUID: "uuid",
    Scalar.DECIMAL: "decimal",
}
# pydantic `Field` keywords in the order they are written.
_NUMBER_KEYWORDS = ("gt", "ge", "lt", "le", "multiple_of")


def spell(type_ref: TypeRef, models_prefix: str = "", constrained: bool = False) -> str:
    """The type as Python source; named types get `models_prefix` (`models.`)."""
    if isinstance(type_ref, (ModelRef, EnumRef, AliasRef, Tagged)):
        return models_prefix + type_ref.name
    if isinstance(type_ref, ListOf):
        spelled = f"list[{spell(type_ref.item, models_prefix, constrained)}]"
    elif isinstance(type_ref, DictOf):
        return f"dict[str, {spell(type_ref.value, models_prefix, constrained)}]"
    elif isinstance(type_ref, UnionOf):
        return " | ".join(spell(member, models_prefix, constrained) for member in type_ref.members)
    elif isinstance(type_ref, LiteralOf):
        return f"Literal[{literals.python_literal(type_ref.value)}]"
    else:
        spelled = _SCALARS[type_ref.kind]
    if constrained and type_ref.constraints:
        return f"Annotated[{spelled}, Field({constraint_arguments(type_ref.constraints)})]"
    return spelled


def constraint_keywords(constraints: Constraints) -> tuple[tuple[str, str], ...]:
    """The bounds as pydantic `Field` keywords and their Python source: (("max_length", "3"),)."""
    found = [
        (keyword, str(value))
        for keyword, value in (("min_length", constraints.min_length), ("max_length", constraints.max_length))
        if value is not None
    ]
    if constraints.pattern is not None:
        found.append(("pattern", _pattern_source(constraints.pattern)))
    for keyword in _NUMBER_KEYWORDS:
        value = getattr(constraints, keyword)
        if value is not None:
            found.append((keyword, literals.python_literal(value)))
    return tuple(found)


def constraint_arguments(constraints: Constraints) -> str:
    return ", ".join(f"{keyword}={value}" for keyword, value in constraint_keywords(constraints))


def standard_modules(type_ref: TypeRef, constrained: bool = False) -> set[str]:
    """Standard-library modules the spelling needs (`re` for a compiled pattern, when constrained)."""
    found = {_MODULES[t.kind] for t in walk(type_ref) if isinstance(t, Primitive) and t.kind in _MODULES}
    if constrained and any(_needs_python_re(constraints_of(t).pattern) for t in walk(type_ref)):
        found.add("re")
    return found


def typing_names(type_ref: TypeRef, constrained: bool = False) -> set[str]:
    """Names the spelling takes from `typing`."""
    names = set()
    for t in walk(type_ref):
        if constrained and constraints_of(t):
            names.add("Annotated")
        if isinstance(t, Primitive) and t.kind is Scalar.ANY:
            names.add("Any")
        elif isinstance(t, LiteralOf):
            names.add("Literal")
    return names


def _pattern_source(pattern: str) -> str:
    """The pattern's literal; compiled where pydantic's default engine cannot run it.

    Models set `regex_engine="python-re"`, but a type used on its own (an alias
    parsed with a TypeAdapter) gets the Rust engine, which has no look-around
    or backreferences; a compiled pattern always runs in Python's `re`.
    """
    if _needs_python_re(pattern):
        return f"re.compile({literals.regex_literal(pattern)})"
    return literals.regex_literal(pattern)


@functools.cache
def _needs_python_re(pattern: str | None) -> bool:
    if pattern is None:
        return False
    try:
        SchemaValidator(core_schema.str_schema(pattern=pattern))
    except SchemaError:
        return True
    return False
