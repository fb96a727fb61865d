"""A worked example per operation: arguments valid for the spec, and what goes on the wire.

Generated tests call each operation with these arguments and compare the request
with the expectations computed here, independently of the generated runtime;
README examples and the mock-server tests use the same arguments.
"""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from generator import ir, literals
from generator.ir import (
    AliasRef,
    BodyKind,
    DictOf,
    EnumRef,
    ListOf,
    ModelRef,
    ParamLocation,
    ResponseKind,
    Scalar,
    Tagged,
    TypeRef,
    UnionOf,
    scalar,
)
from generator.media import preferred_media

if TYPE_CHECKING:
    from generator.operations import OperationBuilder

_DELIMITERS = {"form": ",", "simple": ",", "spaceDelimited": " ", "pipeDelimited": "|"}


def build_example(
    builder: OperationBuilder,
    path: str,
    fixed_query: tuple[tuple[str, str], ...],
    params: tuple[ir.Param, ...],
    body: ir.Body | None,
    responses: tuple[ir.Response, ...],
    operation: Any,
    item: Any,
    pointer: str,
) -> ir.OperationExample:
    raw = {
        (param.name, getattr(param.param_in, "value", param.param_in)): param
        for param, _ in builder.raw_params(item, operation, pointer)
    }
    arguments: list[ir.ExampleArgument] = []
    query: list[tuple[str, str]] = list(fixed_query)
    headers: list[tuple[str, str]] = []
    for param in params:
        schema = param_schema(raw[(param.wire_name, param.location.value)])
        value = builder.samples.value(schema, sending=True) if schema is not None else "value"
        if value is None:
            value = "value"
        arguments.append(_argument(param.name, param.type, value))
        wire_value = _wire_value(param.type, value)
        if param.location is ParamLocation.PATH:
            path = path.replace("{" + param.wire_name + "}", quote(_joined(wire_value, param), safe=""))
        elif param.location is ParamLocation.QUERY:
            query.extend(encode_query(param, wire_value))
        elif param.location is ParamLocation.HEADER:
            headers.append((param.wire_name, _joined(wire_value, param)))
    body_json = ""
    if body is not None:
        value = _body_sample(builder, operation, body)
        arguments.append(_argument("body", body.type, value))
        if body.kind is BodyKind.JSON:
            body_json = literals.json_text(value)
    status, response_value = _response_sample(builder, operation, responses)
    return ir.OperationExample(
        arguments=tuple(arguments),
        path=path,
        query=tuple(query),
        headers=tuple(headers),
        body_json=body_json,
        response_status=status,
        response_json="" if response_value is None else literals.json_text(response_value),
        response_literal="" if response_value is None else literals.python_literal(response_value),
    )


def _argument(name: str, type_ref: TypeRef, value: Any) -> ir.ExampleArgument:
    modules: set[str] = set()
    literal = typed_literal(type_ref, value, modules)
    return ir.ExampleArgument(name, value, literal, tuple(sorted(modules)))


def param_schema(param: Any) -> Any:
    if param.param_schema is not None:
        return param.param_schema
    for media in (param.content or {}).values():
        return media.media_type_schema
    return None


def _body_sample(builder: OperationBuilder, operation: Any, body: ir.Body) -> Any:
    if body.kind is BodyKind.BINARY:
        return "binary content"
    if body.kind is BodyKind.TEXT:
        return "text content"
    value = builder.samples.value(builder.body_schema(operation, body.media_type), sending=True)
    return {} if value is None and isinstance(body.type, ModelRef) else value


def _response_sample(
    builder: OperationBuilder, operation: Any, responses: tuple[ir.Response, ...]
) -> tuple[int, Any]:
    chosen = next((r for r in responses if r.status.startswith("2")), None)
    if chosen is None:
        chosen = next((r for r in responses if r.status == "default"), None)
    if chosen is None:
        return 200, None
    status = int(chosen.status) if chosen.status.isdigit() else 200
    if chosen.kind is not ResponseKind.JSON:
        return (204 if chosen.kind is ResponseKind.EMPTY and status == 200 else status), None
    raw = operation.responses.get(chosen.status) or operation.responses.get(int(chosen.status))
    response, _ = builder.resolver.deref(raw)
    media = preferred_media(response.content or {})
    schema = response.content[media].media_type_schema if media else None
    return status, builder.samples.value(schema, sending=False)


def _member_for(value: Any, type_ref: TypeRef) -> TypeRef:
    """The union member a JSON value is meant for."""
    if isinstance(type_ref, Tagged):
        tag = value.get(type_ref.discriminator) if isinstance(value, dict) else None
        return ir.member_for_tag(type_ref, tag) or type_ref.members[0]
    if not isinstance(type_ref, UnionOf):
        return type_ref
    for member in type_ref.members:
        if _matches(value, member):
            return _member_for(value, member)
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


def typed_literal(type_ref: TypeRef, value: Any, modules: set[str]) -> str:
    """Python source for `value` as an argument of type `type_ref` (models via `models.`).

    Standard-library modules the source needs are added to `modules`.
    """
    member = _member_for(value, type_ref)
    kind = scalar(member)
    if isinstance(member, ModelRef) and isinstance(value, dict):
        return f"models.{member.name}.model_validate({literals.python_literal(value)})"
    if isinstance(member, EnumRef) and isinstance(value, (str, int)) and not isinstance(value, bool):
        return f"models.{member.name}({literals.python_literal(value)})"
    if isinstance(member, ListOf) and isinstance(value, list):
        return "[" + ", ".join(typed_literal(member.item, item, modules) for item in value) + "]"
    if isinstance(member, DictOf) and isinstance(value, dict):
        items = (
            f"{literals.string_literal(str(k))}: {typed_literal(member.value, v, modules)}"
            for k, v in value.items()
        )
        return "{" + ", ".join(items) + "}"
    if isinstance(value, str):
        parsed = _parse_temporal(kind, value)
        if parsed is not None:
            modules.add("datetime")
            return _temporal_literal(parsed)
        if kind is Scalar.UUID:
            modules.add("uuid")
            return f"uuid.UUID({literals.string_literal(value)})"
        if kind is Scalar.DECIMAL:
            modules.add("decimal")
            return f"decimal.Decimal({literals.string_literal(value)})"
        if kind is Scalar.BYTES:
            return "b" + literals.string_literal(value)
    if kind is Scalar.DECIMAL and isinstance(value, (int, float)):
        modules.add("decimal")
        return f"decimal.Decimal({literals.string_literal(str(value))})"
    return literals.python_literal(value)


def _parse_temporal(kind: Scalar | None, value: str) -> Any:
    try:
        if kind is Scalar.DATETIME:
            return datetime.datetime.fromisoformat(value)
        if kind is Scalar.DATE:
            return datetime.date.fromisoformat(value)
        if kind is Scalar.TIME:
            return datetime.time.fromisoformat(value)
    except ValueError:
        return None
    return None


def _temporal_literal(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        parts = [value.year, value.month, value.day, value.hour, value.minute, value.second]
        zone = ", tzinfo=datetime.timezone.utc" if value.tzinfo is not None else ""
        return f"datetime.datetime({', '.join(map(str, parts))}{zone})"
    if isinstance(value, datetime.date):
        return f"datetime.date({value.year}, {value.month}, {value.day})"
    return f"datetime.time({value.hour}, {value.minute}, {value.second})"


def _wire_value(type_ref: TypeRef, value: Any) -> Any:
    """What the runtime turns an argument into before encoding it: ISO text for dates."""
    member = _member_for(value, type_ref)
    if isinstance(member, ListOf) and isinstance(value, list):
        return [_item_wire_value(member.item, item) for item in value]
    if isinstance(value, str):
        parsed = _parse_temporal(scalar(member), value)
        if parsed is not None:
            return parsed.isoformat()
    return value


def _item_wire_value(type_ref: TypeRef, value: Any) -> Any:
    """An item of a list parameter; a model in one is sent as its JSON text (see the runtime's `_text`)."""
    if isinstance(_member_for(value, type_ref), ModelRef) and isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"))
    return _wire_value(type_ref, value)


def wire_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _joined(value: Any, param: ir.Param) -> str:
    if isinstance(value, list):
        return ",".join(wire_text(item) for item in value)
    if isinstance(value, dict):
        separator = "=" if param.explode else ","
        return ",".join(f"{k}{separator}{wire_text(v)}" for k, v in value.items())
    return wire_text(value)


def _deep_object(prefix: str, value: Any) -> list[tuple[str, str]]:
    """Nested brackets to any depth, lists by index (the runtime's `_deep_object`)."""
    if isinstance(value, dict):
        return [pair for key, item in value.items() for pair in _deep_object(f"{prefix}[{key}]", item)]
    if isinstance(value, list):
        return [pair for index, item in enumerate(value) for pair in _deep_object(f"{prefix}[{index}]", item)]
    return [] if value is None else [(prefix, wire_text(value))]


def encode_query(param: ir.Param, value: Any) -> list[tuple[str, str]]:
    """Query pairs for one parameter, by its style and explode (OpenAPI 3, section 4.8.12.4)."""
    name = param.wire_name
    if isinstance(value, list):
        if param.explode and param.style == "form":
            return [(name, wire_text(item)) for item in value]
        delimiter = _DELIMITERS.get(param.style, ",")
        return [(name, delimiter.join(wire_text(item) for item in value))]
    if isinstance(value, dict):
        if param.style == "deepObject":
            return _deep_object(name, value)
        if param.explode:
            return [(str(k), wire_text(v)) for k, v in value.items()]
        return [(name, ",".join(f"{k},{wire_text(v)}" for k, v in value.items()))]
    return [(name, wire_text(value))]
