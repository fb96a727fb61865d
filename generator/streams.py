"""Which operations stream, and the streaming methods they get.

A success response whose media type is a stream of items (`text/event-stream`,
JSON lines, JSON text sequences) makes the operation stream: when that is all it
answers, its own method returns the items as they arrive; when it also answers
JSON (OpenAI's chat completions), it keeps its method and gains `<name>_stream`.
A binary success response (a file) gains `<name>_stream` too, which reads the
file in chunks instead of holding it whole. Each item's type is the 3.2
`itemSchema`, else the media type's `schema` (for SSE, the schema of each event's
data), else none: untyped events.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Protocol

import pydantic

from generator import ir, literals, naming, pointers
from generator.ir import ModelRef, ResponseKind, Scalar, StreamFormat, TypeRef, UnionOf, primitive
from generator.media import preferred_media, stream_format
from generator.openapi_models import v3_1


class _Converter(Protocol):
    @property
    def models(self) -> dict[str, ir.ModelDef]: ...

    def type_for(self, schema: Any, hint: str, pointer: str) -> TypeRef: ...


class _Samples(Protocol):
    def value(self, node: Any, sending: bool) -> Any: ...


_SCHEMA: pydantic.TypeAdapter[v3_1.Reference | v3_1.Schema] = pydantic.TypeAdapter(
    v3_1.Reference | v3_1.Schema
)


def _items_schema(media: Any, format_name: str) -> tuple[Any, str] | None:
    """The schema of one item (for SSE, of each event's data), and its pointer under the media type."""
    extra = media.model_extra or {}
    item_schema = extra.get("itemSchema")
    if isinstance(item_schema, dict):
        # A 3.2 field, which the 3.1 models keep as plain data; for SSE it describes the whole event.
        found = _event_data(item_schema) if format_name == "sse" else (item_schema, "itemSchema")
        return None if found is None else _validated(*found)
    schema = media.media_type_schema
    if schema is None:
        return None
    # A JSON-lines body is sometimes declared as the array of its lines.
    is_array = isinstance(schema, v3_1.Schema) and schema.type in ("array", ["array"])
    if format_name != "sse" and is_array and schema.items is not None:
        return schema.items, "schema/items"
    return schema, "schema"


def _event_data(event: dict[str, Any], at: str = "itemSchema") -> tuple[Any, str] | None:
    """The schema of an event's `data` in a 3.2 SSE `itemSchema`: its `contentSchema` where the
    data is string-encoded JSON, else the property's own schema."""
    data = (event.get("properties") or {}).get("data")
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("contentSchema"), dict):
        return data["contentSchema"], f"{at}/properties/data/contentSchema"
    return data, f"{at}/properties/data"


def _event_names(event: dict[str, Any]) -> list[str]:
    named = (event.get("properties") or {}).get("event")
    if not isinstance(named, dict):
        return []
    values = [named["const"]] if "const" in named else named.get("enum") or []
    return [value for value in values if isinstance(value, str)]


def _validated(schema: dict[str, Any], at: str) -> tuple[Any, str] | None:
    try:
        return _SCHEMA.validate_python(schema), at
    except pydantic.ValidationError:
        return None  # not a schema: the items stay untyped


def _event_types(
    media: Any, pointer: str, converter: _Converter, hint: str
) -> tuple[tuple[tuple[str, TypeRef], ...], Any]:
    """Event name -> data type, from a 3.2 SSE `itemSchema` whose `oneOf` members each name their
    event; and the first event's data schema, for examples."""
    item_schema = (media.model_extra or {}).get("itemSchema")
    members = item_schema.get("oneOf") if isinstance(item_schema, dict) else None
    found: dict[str, TypeRef] = {}
    schemas: dict[str, Any] = {}
    for index, member in enumerate(members if isinstance(members, list) else []):
        if not isinstance(member, dict):
            continue
        data = _event_data(member, f"itemSchema/oneOf/{index}")
        validated = None if data is None else _validated(*data)
        if validated is None:
            continue
        schema, at = validated
        for name in _event_names(member):
            schemas.setdefault(name, schema)
            event_hint = hint + naming.pascal_case(name) + "Event"
            found.setdefault(name, converter.type_for(schema, event_hint, f"{pointer}/{at}"))
    # The example is of the first event by name, the one the generated test names.
    return tuple(sorted(found.items())), schemas[min(schemas)] if schemas else None


def streaming(
    operation: ir.Operation,
    raw_responses: dict[str, Any],
    converter: _Converter,
    samples: _Samples,
    hint: str,
) -> list[ir.Operation]:
    """The operation as it is called, followed by its `_stream` method where it gets one."""
    success = sorted(status for status in raw_responses if status.startswith("2"))
    for status in success:
        content = raw_responses[status].content or {}
        for media_type in sorted(content):
            format_name = stream_format(media_type)
            if format_name is None:
                continue
            pointer = f"{operation.pointer}/responses/{status}/content/{pointers.escape_token(media_type)}"
            events, first = (
                _event_types(content[media_type], pointer, converter, hint)
                if format_name == "sse"
                else ((), None)
            )
            found = None if events else _items_schema(content[media_type], format_name)
            item_type: TypeRef = primitive(Scalar.NONE)
            example = None
            if events:
                item_type = ir.union(*(type_ref for _, type_ref in events))
                example = samples.value(first, sending=False)
            elif found is not None:
                schema, key = found
                item_type = converter.type_for(schema, hint + "StreamItem", f"{pointer}/{key}")
                example = samples.value(schema, sending=False)
            flag = _body_flag(operation, converter)
            variant = ir.StreamVariant(StreamFormat(format_name), media_type, item_type, flag, events)
            only_streams = preferred_media(content) == media_type
            return _with_stream(operation, status, variant, example, alone=only_streams)
    binary = [r for r in operation.responses if r.status in success and r.kind is ResponseKind.BINARY]
    if binary:
        media_type = preferred_media(raw_responses[binary[0].status].content or {}) or ""
        variant = ir.StreamVariant(StreamFormat.BYTES, media_type, primitive(Scalar.BYTES))
        return [operation, _derived(operation, variant, binary[0].status, None)]
    return [operation]


def _body_flag(operation: ir.Operation, converter: _Converter) -> str:
    """A boolean `stream` property of the JSON body: the API streams only when it is true."""
    body = operation.body
    if body is None or not isinstance(body.type, ModelRef) or body.type.name not in converter.models:
        return ""
    for field in converter.models[body.type.name].fields:
        field_type = field.type
        if isinstance(field_type, UnionOf):
            field_type = next((m for m in field_type.members if ir.scalar(m) is not Scalar.NONE), field_type)
        if field.alias == "stream" and ir.scalar(field_type) is Scalar.BOOL:
            return field.alias
    return ""


def _with_stream(
    operation: ir.Operation, status: str, variant: ir.StreamVariant, example: Any, alone: bool
) -> list[ir.Operation]:
    if not alone:
        return [operation, _derived(operation, variant, status, example)]
    # Streaming is all it does: its own method streams.
    return [_streaming_version(operation, variant, status, example)]


def _derived(operation: ir.Operation, variant: ir.StreamVariant, status: str, example: Any) -> ir.Operation:
    streamed = _streaming_version(operation, variant, status, example)
    return replace(streamed, name=operation.name + "_stream", streams=operation.name, pagination=None)


def _streaming_version(
    operation: ir.Operation, variant: ir.StreamVariant, status: str, example: Any
) -> ir.Operation:
    """The operation, answering items of the stream's type for `status`; its error responses kept."""
    responses = tuple(r for r in operation.responses if not r.status.startswith("2")) + (
        ir.Response(status, variant.item_type, ResponseKind.JSON),
    )
    response_json = "" if example is None else literals.json_text(example)
    sample = replace(
        operation.example,
        response_status=int(status) if status.isdigit() else 200,
        response_json=response_json if variant.format is not StreamFormat.BYTES else "",
    )
    return replace(
        operation,
        responses=tuple(sorted(responses, key=lambda r: r.status)),
        return_type=variant.item_type,
        example=sample,
        accept=variant.media_type,
        stream=variant,
    )
