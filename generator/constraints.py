"""A schema's validation bounds (lengths, ranges, pattern, item counts) as pydantic `Field` keywords.

Bounds are kept only where pydantic applies them to the Python type as JSON
Schema means them: lengths and patterns on plain strings (not on dates or
UUIDs, which pydantic has already parsed), ranges on numbers, counts on
lists. A `pattern` is a search, as in JSON Schema; the generated models run it
with Python's `re` (the runtime sets `regex_engine="python-re"`), so a pattern
`re` cannot compile is left out with a warning, never a model that fails to
import.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from pydantic_core import SchemaError, SchemaValidator, core_schema

from generator import literals
from generator.diagnostics import Diagnostics
from generator.ir import TypeKind
from generator.loader import LoadedSpec

_NUMBERS = (TypeKind.INT, TypeKind.FLOAT, TypeKind.DECIMAL)


class ConstraintReader:
    def __init__(self, source: LoadedSpec, diagnostics: Diagnostics):
        self.source = source
        self.diagnostics = diagnostics

    def of(self, kind: TypeKind, schema: Any, pointer: str) -> tuple[tuple[str, str], ...]:
        """The `Field` keywords (name, Python source) for a value of `kind` under `schema`."""
        if kind is TypeKind.STR:
            found = _counts(schema, "minLength", "maxLength")
            pattern = getattr(schema, "pattern", None)
            if isinstance(pattern, str) and self._compiles(pattern, pointer):
                found.append(("pattern", _pattern_source(pattern)))
            return tuple(found)
        if kind is TypeKind.LIST:
            return tuple(_counts(schema, "minItems", "maxItems"))
        if kind in _NUMBERS:
            return tuple(_range(schema, whole=kind is TypeKind.INT))
        return ()

    def _compiles(self, pattern: str, pointer: str) -> bool:
        try:
            re.compile(pattern)
        except (re.error, RecursionError, OverflowError) as exc:
            self.diagnostics.warn(
                f"pattern {pattern!r} is not a Python regular expression ({exc}); not enforced",
                self.source.location(pointer),
            )
            return False
        return True


def _counts(schema: Any, low: str, high: str) -> list[tuple[str, str]]:
    found = []
    for attribute, keyword in ((low, "min_length"), (high, "max_length")):
        value = getattr(schema, attribute, None)
        # A minimum of 0 says nothing; a bound that is not a count is a spec error ignored.
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and value >= (1 if keyword == "min_length" else 0)
        ):
            found.append((keyword, str(value)))
    return found


@dataclass(frozen=True)
class NumericBounds:
    """A number schema's bounds, whichever OpenAPI version wrote them; None where there is none."""

    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    multiple_of: float | None = None

    def allows(self, value: float) -> bool:
        return (
            (self.ge is None or value >= self.ge)
            and (self.gt is None or value > self.gt)
            and (self.le is None or value <= self.le)
            and (self.lt is None or value < self.lt)
        )


def numeric_bounds(schema: Any) -> NumericBounds:
    minimum, maximum = _number(schema, "minimum"), _number(schema, "maximum")
    exclusive_min, exclusive_max = _bound(schema, "exclusiveMinimum"), _bound(schema, "exclusiveMaximum")
    # 3.0 writes `exclusiveMinimum: true` beside `minimum`; 3.1 gives the bound itself.
    if exclusive_min is True:
        minimum, exclusive_min = None, minimum
    if exclusive_max is True:
        maximum, exclusive_max = None, maximum
    step = _number(schema, "multipleOf")
    return NumericBounds(
        ge=minimum,
        gt=_number_or_none(exclusive_min),
        le=maximum,
        lt=_number_or_none(exclusive_max),
        multiple_of=step if step is not None and step > 0 else None,
    )


def _range(schema: Any, whole: bool) -> list[tuple[str, str]]:
    bounds = numeric_bounds(schema)
    found = []
    for keyword in ("gt", "ge", "lt", "le", "multiple_of"):
        value = getattr(bounds, keyword)
        if value is None:
            continue
        if whole and not float(value).is_integer():
            continue  # an integer bound of 1.5 would need rounding one way or the other; rare, left out
        found.append((keyword, literals.python_literal(int(value) if whole else value)))
    return found


def _bound(schema: Any, attribute: str) -> float | bool | None:
    value = getattr(schema, attribute, None)
    return value if isinstance(value, (bool, int, float)) else None


def _number(schema: Any, attribute: str) -> float | None:
    return _number_or_none(getattr(schema, attribute, None))


def _number_or_none(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return value


def _pattern_source(pattern: str) -> str:
    """The pattern's literal; compiled where pydantic's default engine cannot run it.

    Models set `regex_engine="python-re"`, but a type used on its own (an alias
    parsed with a TypeAdapter) gets the Rust engine, which has no look-around
    or backreferences; a compiled pattern always runs in Python's `re`.
    """
    try:
        SchemaValidator(core_schema.str_schema(pattern=pattern))
    except SchemaError:
        return f"re.compile({literals.regex_literal(pattern)})"
    return literals.regex_literal(pattern)
