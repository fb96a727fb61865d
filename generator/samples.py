"""Values that satisfy a schema, for generated tests, README examples and mock servers.

A sample is a JSON value built from the schema's own constraints (type,
format, enum, const, minimum, length, required properties), not from its
`example`, which real specs often get wrong.
"""

from __future__ import annotations

import math
import random
import re
from typing import Any

import rstr

from generator.constraints import numeric_bounds
from generator.discriminators import NoTags, discriminator_of
from generator.resolver import Resolver, is_reference
from generator.schema_facts import schema_types

_MAX_DEPTH = 3
_STRING_SAMPLES = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "03:04:05",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "decimal": "1.50",
    "email": "user@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "c2FtcGxl",
    "password": "secret",
}


class SampleMaker:
    def __init__(self, resolver: Resolver):
        self.resolver = resolver
        # A referenced schema's value by (ref, sending, depth, refs followed to it): the same component
        # answers many operations. Values are shared, so no caller may change one.
        self._by_reference: dict[tuple[str, bool, int, tuple[str, ...]], Any] = {}

    def value(self, node: Any, sending: bool, depth: int = 0, seen: tuple[str, ...] = ()) -> Any:
        """A value for `node`; `sending` leaves out readOnly properties, else writeOnly ones."""
        if is_reference(node):
            key = (node.ref, sending, depth, seen)
            if key not in self._by_reference:
                self._by_reference[key] = self._referenced(node, sending, depth, seen)
            return self._by_reference[key]
        return self._value(node, sending, depth, seen)

    def _referenced(self, node: Any, sending: bool, depth: int, seen: tuple[str, ...]) -> Any:
        if seen.count(node.ref) >= 2:
            return None
        target, _ = self.resolver.deref(node)
        return self._value(target, sending, depth, seen + (node.ref,))

    def _value(self, node: Any, sending: bool, depth: int, seen: tuple[str, ...]) -> Any:
        if node is None or node is True:
            return "value"
        const = node.const
        if const is not None:
            return const
        allowed = node.enum or []
        enum = [v for v in allowed if v is not None]
        if enum:
            return enum[0]
        if allowed:  # `enum: [null]`: null is the only value there is
            return None
        for members in (node.oneOf or [], node.anyOf or []):
            typed = [m for m in members if _says_type(m)]
            if typed:
                return self._member_value(node, typed, sending, depth, seen)
        all_of = node.allOf or []
        if all_of:
            return self._merged(node, all_of, sending, depth, seen)
        types = [t for t in schema_types(node) if t != "null"]
        if not types:
            if node.properties is not None:
                types = ["object"]
            elif node.items is not None:
                types = ["array"]
            elif schema_types(node):
                return None
            else:
                return "value"
        return self._typed(types[0], node, sending, depth, seen)

    def _member_value(
        self, node: Any, members: list[Any], sending: bool, depth: int, seen: tuple[str, ...]
    ) -> Any:
        """A value for the first member; under a discriminator, the first tagged one, carrying its tag."""
        try:
            discriminator = discriminator_of(self.resolver, node, members)
        except NoTags:
            discriminator = None
        tagged = discriminator.first_tag(members) if discriminator else None
        if discriminator is None or tagged is None:
            return self.value(members[0], sending, depth, seen)
        member, tag = tagged
        value = self.value(member, sending, depth, seen)
        if isinstance(value, dict):
            value = {**value, discriminator.property_name: tag}
        return value

    def _merged(self, node: Any, all_of: list[Any], sending: bool, depth: int, seen: tuple[str, ...]) -> Any:
        merged: dict[str, Any] = {}
        for member in all_of:
            if not _says_type(member):
                continue
            part = self.value(member, sending, depth, seen)
            if not isinstance(part, dict):
                return part
            merged.update(part)
        if node.properties:
            merged.update(self._object(node, sending, depth, seen))
        # One part may require a property that another part declares.
        parts = self.resolver.merged_parts(node)
        properties: dict[str, Any] = {}
        for part in parts:
            properties.update(part.properties or {})
        required = {name for part in parts for name in part.required or []}
        for name in sorted(required - merged.keys()):
            if name in properties:
                merged[name] = self.value(properties[name], sending, depth + 1, seen)
        return merged

    def _typed(self, type_name: str, node: Any, sending: bool, depth: int, seen: tuple[str, ...]) -> Any:
        if type_name == "object":
            return self._object(node, sending, depth, seen)
        if type_name == "array":
            items = node.items
            count = max(node.minItems or 0, 1 if depth < _MAX_DEPTH else 0)
            if items is None or isinstance(items, list):
                return ["value"] * count
            values = [self.value(items, sending, depth + 1, seen) for _ in range(count)]
            # An item cut short by recursion has no value; null would not fit the item type.
            return [value for value in values if value is not None]
        if type_name == "string":
            return _string(node)
        if type_name == "integer":
            return int(_number(node, 1, whole=True))
        if type_name == "number":
            return _number(node, 1.5)
        if type_name == "boolean":
            return True
        return None

    def _object(self, node: Any, sending: bool, depth: int, seen: tuple[str, ...]) -> dict[str, Any]:
        required = set(node.required or [])
        result: dict[str, Any] = {}
        for name, prop in (node.properties or {}).items():
            target, _ = self.resolver.deref(prop)
            if (target.readOnly if sending else target.writeOnly) and name not in required:
                continue
            if name not in required and depth >= _MAX_DEPTH - 1:
                continue
            value = self.value(prop, sending, depth + 1, seen)
            if value is None and name not in required and not _allows_null(target):
                continue
            result[name] = value
        return result


def _says_type(node: Any) -> bool:
    if is_reference(node):
        return True
    said = (node.type, node.properties, node.items, node.allOf, node.oneOf, node.anyOf, node.enum, node.const)
    return any(value is not None for value in said)


def _allows_null(node: Any) -> bool:
    return "null" in schema_types(node)


def _string(node: Any) -> str:
    fmt = node.schema_format or ""
    text = _STRING_SAMPLES.get(fmt, "string")
    min_length = node.minLength or 0
    max_length = node.maxLength
    if len(text) < min_length:
        text = text + "x" * (min_length - len(text))
    if max_length is not None and len(text) > max_length:
        text = text[:max_length]
    pattern = node.pattern
    if not isinstance(pattern, str):
        return text
    example = node.example
    candidates = [example] if isinstance(example, str) else []
    candidates += [text, _matching(pattern)]

    def fits(candidate: str) -> bool:
        return min_length <= len(candidate) <= (max_length if max_length is not None else len(candidate))

    matching = [c for c in candidates if _searches(pattern, c) and _is_text(c)]
    return next((c for c in matching if fits(c)), matching[0] if matching else text)


class _FewestRepeats(random.Random):
    """Repeats as few times as a pattern allows, one at least: samples stay short and readable."""

    def randint(self, a: int, b: int) -> int:
        return min(b, max(a, 1))


def _matching(pattern: str) -> str:
    """A string the pattern matches, the same on every run (seeded by the pattern); "" if none is found.

    rstr writes out lookarounds as text, so a pattern with them may take a few tries.
    """
    for attempt in range(20):
        seed = f"{pattern}#{attempt}".encode("utf-8", "surrogatepass")
        generator = _FewestRepeats(seed) if attempt % 2 == 0 else random.Random(seed)
        try:
            text = rstr.Rstr(generator).xeger(pattern)
        except Exception:  # noqa: BLE001 - rstr fails in its own ways on patterns it cannot build from
            return ""
        if _searches(pattern, text):
            return text
    return ""


def _is_text(candidate: str) -> bool:
    """Whether the string can be sent: a lone surrogate from a hostile pattern cannot be encoded."""
    try:
        candidate.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _searches(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except (re.error, RecursionError, OverflowError):
        return True  # not a Python pattern: the models do not enforce it, any sample does


def _number(node: Any, preferred: float, whole: bool = False) -> float:
    """`preferred` if the schema's bounds allow it, else a value inside them (a multiple of `multipleOf`)."""
    bounds = numeric_bounds(node)
    step = bounds.multiple_of or (1 if whole else None)
    low = max((b for b in (bounds.ge, bounds.gt) if b is not None), default=None)
    high = min((b for b in (bounds.le, bounds.lt) if b is not None), default=None)
    candidates = [preferred]
    if low is not None:
        candidates += [low, low + 1]
    if high is not None:
        candidates += [high, high - 1]
    if low is not None and high is not None:
        candidates.append((low + high) / 2)
    for candidate in candidates:
        value = math.ceil(candidate / step) * step if step else candidate
        if bounds.allows(value):
            return value
    return preferred
