"""The intermediate model as JSON and back, losslessly: to save, compare or cache a build.

Driven by the dataclasses' own type hints: a node is an object of its fields;
where a field may hold one of several classes (a `TypeRef`, a default value),
the object names its class under "$type". Enums are their values, tuples are
arrays.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import types
import typing
from typing import Any

from generator import ir, ir_types


class _ValueHint:
    """Stands for `ir.Value` in the hints: any frozen JSON value, or a node of a listed class."""


_CLASSES = {
    name: cls
    for module in (ir_types, ir)
    for name, cls in vars(module).items()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls)
}
_NAMESPACE = {**vars(typing), **vars(ir_types), **vars(ir), "Value": _ValueHint}


def to_json(api: ir.ApiModel) -> str:
    return json.dumps(_encode(api, ir.ApiModel), ensure_ascii=False, separators=(",", ":"))


def from_json(text: str) -> ir.ApiModel:
    decoded = _decode(json.loads(text), ir.ApiModel)
    assert isinstance(decoded, ir.ApiModel)
    return decoded


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """The field types of a node class, as objects (the module writes them as postponed text)."""
    return {field.name: eval(str(field.type), _NAMESPACE) for field in dataclasses.fields(cls)}


def _encode(value: Any, hint: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return [_encode(item, item_hint) for item, item_hint in zip(value, _item_hints(hint, len(value)))]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        hints = _hints(type(value))
        encoded = {f.name: _encode(getattr(value, f.name), hints[f.name]) for f in dataclasses.fields(value)}
        # Only where the hint leaves the class open does the object name it.
        return encoded if hint is type(value) else {"$type": type(value).__name__, **encoded}
    raise TypeError(f"{type(value).__name__} has no place in the intermediate model")


def _decode(data: Any, hint: Any) -> Any:
    if hint is _ValueHint:
        if isinstance(data, list):
            return tuple(_decode(item, _ValueHint) for item in data)
        return _decode_node(data) if isinstance(data, dict) else data
    if isinstance(hint, types.UnionType):
        return _decode_union(data, typing.get_args(hint))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        return hint(**{name: _decode(item, hints[name]) for name, item in data.items()})
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(data)
    if typing.get_origin(hint) is tuple:
        return tuple(_decode(item, item_hint) for item, item_hint in zip(data, _item_hints(hint, len(data))))
    return data


def _decode_union(data: Any, members: tuple[Any, ...]) -> Any:
    if isinstance(data, dict):
        return _decode_node(data)
    if isinstance(data, list):
        return _decode(data, next(member for member in members if typing.get_origin(member) is tuple))
    return data  # a plain value: None, a boolean, a number or a text


def _decode_node(data: dict[str, Any]) -> Any:
    fields = dict(data)
    cls = _CLASSES[fields.pop("$type")]
    return _decode(fields, cls)


def _item_hints(hint: Any, count: int) -> list[Any]:
    if hint is _ValueHint:
        return [_ValueHint] * count
    arguments = typing.get_args(hint)
    if len(arguments) == 2 and arguments[1] is Ellipsis:
        return [arguments[0]] * count
    return list(arguments)
