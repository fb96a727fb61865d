"""A worked example per operation: arguments valid for the spec, and what goes on the wire.

Generated tests call each operation with these arguments and compare the request
with the expectations computed here, independently of the generated runtime;
README examples and the mock-server tests use the same arguments.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from generator import ir, literals
from generator.ir import (
    BodyKind,
    ListOf,
    ModelRef,
    ParamLocation,
    ResponseKind,
    TypeRef,
    scalar,
)
from generator.samples import SampleMaker

_DELIMITERS = {"form": ",", "simple": ",", "spaceDelimited": " ", "pipeDelimited": "|"}


@dataclass
class RawSchemas:
    """The raw schemas of an operation's parts, kept by the one pass that reads the operation."""

    params: dict[tuple[str, str], Any] = field(default_factory=dict)  # by (wire name, location)
    body: Any = None
    responses: dict[str, Any] = field(default_factory=dict)  # by status; None for a body not JSON


def build_example(
    samples: SampleMaker,
    path: str,
    fixed_query: tuple[tuple[str, str], ...],
    params: tuple[ir.Param, ...],
    body: ir.Body | None,
    responses: tuple[ir.Response, ...],
    raw: RawSchemas,
) -> ir.OperationExample:
    arguments: list[ir.ExampleArgument] = []
    query: list[tuple[str, str]] = list(fixed_query)
    headers: list[tuple[str, str]] = []
    for param in params:
        schema = raw.params[(param.wire_name, param.location.value)]
        value = samples.value(schema, sending=True) if schema is not None else "value"
        if value is None:
            value = "value"
        arguments.append(ir.ExampleArgument(param.name, param.type, ir.freeze(value)))
        wire_value = _wire_value(param.type, value)
        if param.location is ParamLocation.PATH:
            path = path.replace("{" + param.wire_name + "}", quote(_joined(wire_value, param), safe=""))
        elif param.location is ParamLocation.QUERY:
            query.extend(encode_query(param, wire_value))
        elif param.location is ParamLocation.HEADER:
            headers.append((param.wire_name, _joined(wire_value, param)))
    body_json = ""
    if body is not None:
        value = _body_sample(samples, raw.body, body)
        arguments.append(ir.ExampleArgument("body", body.type, ir.freeze(value)))
        if body.kind is BodyKind.JSON:
            body_json = literals.json_text(value)
    status, response_value = _response_sample(samples, raw.responses, responses)
    return ir.OperationExample(
        arguments=tuple(arguments),
        path=path,
        query=tuple(query),
        headers=tuple(headers),
        body_json=body_json,
        response_status=status,
        response_json="" if response_value is None else literals.json_text(response_value),
    )


def _body_sample(samples: SampleMaker, schema: Any, body: ir.Body) -> Any:
    if body.kind is BodyKind.BINARY:
        return "binary content"
    if body.kind is BodyKind.TEXT:
        return "text content"
    value = samples.value(schema, sending=True)
    return {} if value is None and isinstance(body.type, ModelRef) else value


def _response_sample(
    samples: SampleMaker, schemas: dict[str, Any], responses: tuple[ir.Response, ...]
) -> tuple[int, Any]:
    chosen = next((r for r in responses if r.status.startswith("2")), None)
    if chosen is None:
        chosen = next((r for r in responses if r.status == "default"), None)
    if chosen is None:
        return 200, None
    status = int(chosen.status) if chosen.status.isdigit() else 200
    if chosen.kind is not ResponseKind.JSON:
        return (204 if chosen.kind is ResponseKind.EMPTY and status == 200 else status), None
    return status, samples.value(schemas.get(chosen.status), sending=False)


def _wire_value(type_ref: TypeRef, value: Any) -> Any:
    """What the runtime turns an argument into before encoding it: ISO text for dates."""
    member = ir.member_for_value(type_ref, value)
    if isinstance(member, ListOf) and isinstance(value, list):
        return [_item_wire_value(member.item, item) for item in value]
    if isinstance(value, str):
        parsed = ir.parse_temporal(scalar(member), value)
        if parsed is not None:
            return parsed.isoformat()
    return value


def _item_wire_value(type_ref: TypeRef, value: Any) -> Any:
    """An item of a list parameter; a model in one is sent as its JSON text (see the runtime's `_text`)."""
    if isinstance(ir.member_for_value(type_ref, value), ModelRef) and isinstance(value, dict):
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
