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

from generator.diagnostics import Diagnostics
from generator.ir import NO_CONSTRAINTS, Constraints, ListOf, Primitive, Scalar, TypeRef
from generator.loader import LoadedSpec

_NUMBERS = (Scalar.INT, Scalar.FLOAT, Scalar.DECIMAL)


class ConstraintReader:
    def __init__(self, source: LoadedSpec, diagnostics: Diagnostics):
        self.source = source
        self.diagnostics = diagnostics

    def of(self, typed: TypeRef, schema: Any, pointer: str) -> Constraints:
        """The bounds `schema` puts on a value of type `typed`."""
        if isinstance(typed, ListOf):
            return _counts(schema.minItems, schema.maxItems)
        if not isinstance(typed, Primitive):
            return NO_CONSTRAINTS
        if typed.kind is Scalar.STR:
            pattern = schema.pattern
            compiles = isinstance(pattern, str) and self._compiles(pattern, pointer)
            return _counts(schema.minLength, schema.maxLength, pattern if compiles else None)
        if typed.kind in _NUMBERS:
            return _range(schema, whole=typed.kind is Scalar.INT)
        return NO_CONSTRAINTS

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


def _counts(low: Any, high: Any, pattern: str | None = None) -> Constraints:
    low_count, high_count = _count(low, least=1), _count(high, least=0)
    if low_count is None and high_count is None and pattern is None:
        return NO_CONSTRAINTS  # most strings: no new object for them
    return Constraints(min_length=low_count, max_length=high_count, pattern=pattern)


def _count(value: Any, least: int) -> int | None:
    # A minimum of 0 says nothing; a bound that is not a count is a spec error ignored.
    if isinstance(value, int) and not isinstance(value, bool) and value >= least:
        return value
    return None


@dataclass(frozen=True)
class NumericBounds:
    """A number schema's bounds; None where there is none."""

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
    """The bounds as 3.1 writes them (validate gives every document that shape): exclusive ones by value."""
    step = _number(schema.multipleOf)
    return NumericBounds(
        ge=_number(schema.minimum),
        gt=_number(schema.exclusiveMinimum),
        le=_number(schema.maximum),
        lt=_number(schema.exclusiveMaximum),
        multiple_of=step if step is not None and step > 0 else None,
    )


def _range(schema: Any, whole: bool) -> Constraints:
    bounds = numeric_bounds(schema)

    def kept(value: float | None) -> float | None:
        if value is None or (whole and not float(value).is_integer()):
            return None  # an integer bound of 1.5 would need rounding one way or the other; rare, left out
        return int(value) if whole else value

    return Constraints(
        gt=kept(bounds.gt),
        ge=kept(bounds.ge),
        lt=kept(bounds.lt),
        le=kept(bounds.le),
        multiple_of=kept(bounds.multiple_of),
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return value
