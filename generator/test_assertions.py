"""The checks a generated test makes on what went on the wire and on what came back."""

from __future__ import annotations

import json
from typing import Any

from generator import ir, literals, type_spelling
from generator.ir import DictOf, ListOf, ModelRef, Scalar, StreamFormat, Tagged, TypeRef, scalar
from generator.operation_views import OperationView

TEST_BASE_PATH = "/base"


def examples_entry(key: str, part: str) -> str:
    """`EXAMPLES["key"]["part"]`: a body kept in `tests/examples.json`."""
    return f"EXAMPLES[{literals.string_literal(key)}][{literals.string_literal(part)}]"


def wire_assertions(view: OperationView, key: str) -> list[str]:
    """What each request sent must be: method, path, query, headers and JSON body."""
    operation = view.operation
    example = operation.example
    lines = [
        f'assert request.method == "{operation.method}"',
        path_check(operation),
        f"assert [list(pair) for pair in request.url.params.multi_items()] == {query_pairs(operation)}",
    ]
    lines += [
        f"assert request.headers[{literals.string_literal(name)}] == {literals.string_literal(value)}"
        for name, value in example.headers
    ]
    if operation.accept:
        lines.append(f'assert request.headers["Accept"] == {literals.string_literal(operation.accept)}')
    if example.body_json:
        lines.append(f"assert json_of(request) == {_request_body(operation, key)}")
    return lines + [stream_result_check(view) if view.stream else result_check(operation)]


def path_check(operation: ir.Operation) -> str:
    """An assertion on the request's path as sent, percent-encoding included.

    httpx's `url.path` is decoded, so an encoded path is compared with the raw one.
    """
    expected = TEST_BASE_PATH + operation.example.path
    if "%" not in expected:
        return f"assert request.url.path == {literals.string_literal(expected)}"
    return f'assert request.url.raw_path.partition(b"?")[0] == b{literals.string_literal(expected)}'


def query_pairs(operation: ir.Operation) -> str:
    """The query pairs the example call sends, as a list literal."""
    return f"[{', '.join(literals.python_literal(list(pair)) for pair in operation.example.query)}]"


def _request_body(operation: ir.Operation, key: str) -> str:
    """The expected JSON body: the example's, with the streaming flag set where the method sets it."""
    expected = examples_entry(key, "request")
    flag = operation.stream.body_flag if operation.stream else ""
    return f"{{**{expected}, {literals.string_literal(flag)}: True}}" if flag else expected


def result_check(operation: ir.Operation) -> str:
    """An assertion on the parsed result's type, as precise as the declared type allows."""
    return_type = operation.return_type
    answered = next(
        (r.type for r in operation.responses if r.status == str(operation.example.response_status)),
        return_type,
    )
    if operation.example.response_json == "" and scalar(answered) in (Scalar.BYTES, Scalar.STR):
        return f"assert result == {type_spelling.spell(answered)}()"  # an empty body is an empty file or text
    if operation.example.response_json == "" or scalar(return_type) is Scalar.NONE:
        return "assert result is None"
    return type_check(return_type, json.loads(operation.example.response_json))


def checked_model(operation: ir.Operation) -> str:
    """The model `result_check` names, if any."""
    if operation.example.response_json == "" or scalar(operation.return_type) is Scalar.NONE:
        return ""
    return checked_type(operation.return_type, json.loads(operation.example.response_json))


def webhook_check(webhook: ir.Webhook) -> str:
    return type_check(webhook.body.type, json.loads(webhook.example_json))


def checked_type(declared: TypeRef, value: Any) -> str:
    """The model a value parsed as `declared` is an instance of; "" for other types."""
    if isinstance(declared, Tagged):
        tag = value.get(declared.discriminator) if isinstance(value, dict) else None
        declared = ir.member_for_tag(declared, tag) or declared
    return declared.name if isinstance(declared, ModelRef) else ""


def type_check(declared: TypeRef, value: Any) -> str:
    """`assert isinstance(result, ...)` for `value` parsed as `declared`, as precisely as the type allows."""
    model = checked_type(declared, value)
    if model:
        return f"assert isinstance(result, models.{model})"
    if isinstance(declared, ListOf):
        return "assert isinstance(result, list)"
    if isinstance(declared, DictOf):
        return "assert isinstance(result, dict)"
    if scalar(declared) in (Scalar.STR, Scalar.INT, Scalar.BOOL, Scalar.FLOAT):
        return f"assert isinstance(result, {type_spelling.spell(declared)})"
    return "assert result is not None"


# Streaming methods

_BODY_HELPERS = {
    StreamFormat.SSE: "sse_body",
    StreamFormat.JSON_LINES: "json_lines_body",
    StreamFormat.JSON_SEQ: "json_seq_body",
}


def stream_response(operation: ir.Operation, key: str) -> str:
    """The mock response a streaming method's test answers with."""
    variant = operation.stream
    assert variant is not None
    status = operation.example.response_status
    media = literals.string_literal(variant.media_type or "application/octet-stream")
    if variant.format is StreamFormat.BYTES:
        return f'httpx.Response({status}, headers={{"Content-Type": {media}}}, content=b"\\x00file\\xff")'
    item = examples_entry(key, "response") if operation.example.response_json else "{}"
    # Events told apart by name carry the name of the one the example is.
    event = f", event={literals.string_literal(variant.event_types[0][0])}" if variant.event_types else ""
    body = f"{_BODY_HELPERS[variant.format]}({item}{event})"
    return f'httpx.Response({status}, headers={{"Content-Type": {media}}}, content={body})'


def stream_result_check(view: OperationView) -> str:
    assert view.stream is not None and view.operation.stream is not None
    if view.stream.is_download:
        return 'assert result == b"\\x00file\\xff"'
    check = "assert isinstance(result, list) and len(result) == 1"
    if isinstance(view.operation.stream.item_type, ModelRef):
        return f"{check} and isinstance(result[0], {view.stream.item})"
    if view.stream.item == "ServerSentEvent":
        return f"{check} and isinstance(result[0], ServerSentEvent)"
    return check
