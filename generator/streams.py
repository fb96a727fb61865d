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
from openapi_pydantic.v3 import v3_1

from generator import ir, literals
from generator.ir import ResponseKind, StreamFormat, TypeKind, TypeRef
from generator.media import preferred_media, stream_format


class _Converter(Protocol):
    models: dict[str, ir.ModelDef]

    def type_for(self, schema: Any, hint: str, pointer: str) -> TypeRef: ...


class _Samples(Protocol):
    def value(self, node: Any, sending: bool) -> Any: ...


_SCHEMA: pydantic.TypeAdapter[v3_1.Reference | v3_1.Schema] = pydantic.TypeAdapter(v3_1.Reference | v3_1.Schema)


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _items_schema(media: Any, format_name: str) -> tuple[Any, str] | None:
    """The schema of one item, and its key under the media type object."""
    extra = media.model_extra or {}
    if isinstance(extra.get("itemSchema"), dict):
        # A 3.2 field, which the 3.1 models keep as plain data.
        try:
            return _SCHEMA.validate_python(extra["itemSchema"]), "itemSchema"
        except pydantic.ValidationError:
            return None  # not a schema: the items stay untyped
    schema = media.media_type_schema
    if schema is None:
        return None
    # A JSON-lines body is sometimes declared as the array of its lines.
    items = getattr(schema, "items", None)
    if format_name != "sse" and getattr(schema, "type", None) in ("array", ["array"]) and items is not None:
        return items, "schema/items"
    return schema, "schema"


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
        content = getattr(raw_responses[status], "content", None) or {}
        for media_type in sorted(content):
            format_name = stream_format(media_type)
            if format_name is None:
                continue
            pointer = f"{operation.pointer}/responses/{status}/content/{_escape(media_type)}"
            found = _items_schema(content[media_type], format_name)
            item_type, example = TypeRef(TypeKind.NONE), None
            if found is not None:
                schema, key = found
                item_type = converter.type_for(schema, hint + "StreamItem", f"{pointer}/{key}")
                example = samples.value(schema, sending=False)
            variant = ir.StreamVariant(StreamFormat(format_name), media_type, item_type, _body_flag(operation, converter))
            only_streams = preferred_media(content) == media_type
            return _with_stream(operation, status, variant, example, alone=only_streams)
    binary = [r for r in operation.responses if r.status in success and r.kind is ResponseKind.BINARY]
    if binary:
        media_type = preferred_media(getattr(raw_responses[binary[0].status], "content", None) or {}) or ""
        variant = ir.StreamVariant(StreamFormat.BYTES, media_type, TypeRef(TypeKind.BYTES))
        return [operation, _derived(operation, variant, binary[0].status, None)]
    return [operation]


def _body_flag(operation: ir.Operation, converter: _Converter) -> str:
    """A boolean `stream` property of the JSON body: the API streams only when it is true."""
    body = operation.body
    if body is None or body.type.kind is not TypeKind.MODEL or body.type.name not in converter.models:
        return ""
    for field in converter.models[body.type.name].fields:
        field_type = field.type
        if field_type.kind is TypeKind.UNION:
            field_type = next((arg for arg in field_type.args if arg.kind is not TypeKind.NONE), field_type)
        if field.alias == "stream" and field_type.kind is TypeKind.BOOL:
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


def _streaming_version(operation: ir.Operation, variant: ir.StreamVariant, status: str, example: Any) -> ir.Operation:
    """The operation, answering items of the stream's type for `status`; its error responses kept."""
    responses = tuple(
        r for r in operation.responses if not r.status.startswith("2")
    ) + (ir.Response(status, variant.item_type, ResponseKind.JSON),)
    response_json = "" if example is None else literals.json_text(example)
    response_literal = "" if example is None else literals.python_literal(example)
    sample = replace(
        operation.example,
        response_status=int(status) if status.isdigit() else 200,
        response_json=response_json if variant.format is not StreamFormat.BYTES else "",
        response_literal=response_literal if variant.format is not StreamFormat.BYTES else "",
    )
    return replace(
        operation,
        responses=tuple(sorted(responses, key=lambda r: r.status)),
        return_type=variant.item_type,
        example=sample,
        accept=variant.media_type,
        stream=variant,
    )
